package wire

// IANA "Hybrid Public Key Encryption (HPKE)" registries (hpke, RFC 9180
// §7.1-§7.3): KEM, KDF and AEAD identifiers, used by ECHConfig
// (RFC 9849 §4) and the ECH extension. Data: RFC 9180 values plus the
// later registrations X25519Kyber768Draft00 (0x0030), the ML-KEM, hybrid
// and SHAKE code points of draft-ietf-hpke-pq and X-Wing
// (draft-connolly-cfrg-xwing-kem), as of 2025. See docs/registries.md.

// HPKEKEM is an HPKE KEM identifier (RFC 9180 §7.1).
type HPKEKEM uint16

// HPKE KEMs.
const (
	HPKEDHKEMP256             HPKEKEM = 0x0010 // DHKEM(P-256, HKDF-SHA256)
	HPKEDHKEMP384             HPKEKEM = 0x0011 // DHKEM(P-384, HKDF-SHA384)
	HPKEDHKEMP521             HPKEKEM = 0x0012 // DHKEM(P-521, HKDF-SHA512)
	HPKEDHKEMX25519           HPKEKEM = 0x0020 // DHKEM(X25519, HKDF-SHA256)
	HPKEDHKEMX448             HPKEKEM = 0x0021 // DHKEM(X448, HKDF-SHA512)
	HPKEX25519Kyber768Draft00 HPKEKEM = 0x0030
	HPKEMLKEM512              HPKEKEM = 0x0040
	HPKEMLKEM768              HPKEKEM = 0x0041
	HPKEMLKEM1024             HPKEKEM = 0x0042
	HPKEMLKEM768P256          HPKEKEM = 0x0050 // ML-KEM-768 + P-256
	HPKEMLKEM1024P384         HPKEKEM = 0x0051 // ML-KEM-1024 + P-384
	HPKEXWing                 HPKEKEM = 0x647a // X25519 + ML-KEM-768 (X-Wing)
)

var hpkeKEMTable = []codeName[HPKEKEM]{
	{HPKEDHKEMP256, "DHKEM(P-256, HKDF-SHA256)"},
	{HPKEDHKEMP384, "DHKEM(P-384, HKDF-SHA384)"},
	{HPKEDHKEMP521, "DHKEM(P-521, HKDF-SHA512)"},
	{HPKEDHKEMX25519, "DHKEM(X25519, HKDF-SHA256)"},
	{HPKEDHKEMX448, "DHKEM(X448, HKDF-SHA512)"},
	{HPKEX25519Kyber768Draft00, "X25519Kyber768Draft00"},
	{HPKEMLKEM512, "ML-KEM-512"},
	{HPKEMLKEM768, "ML-KEM-768"},
	{HPKEMLKEM1024, "ML-KEM-1024"},
	{HPKEMLKEM768P256, "MLKEM768-P256"},
	{HPKEMLKEM1024P384, "MLKEM1024-P384"},
	{HPKEXWing, "X-Wing"},
}

// String returns the IANA name or "HPKEKEM(0xNNNN)".
func (k HPKEKEM) String() string {
	if n, ok := lookupName(hpkeKEMTable, k); ok {
		return n
	}
	return unknownHex("HPKEKEM", uint16(k))
}

// Known reports whether k is assigned in the registry.
func (k HPKEKEM) Known() bool {
	_, ok := lookupName(hpkeKEMTable, k)
	return ok
}

// HPKEKDF is an HPKE KDF identifier (RFC 9180 §7.2).
type HPKEKDF uint16

// HPKE KDFs.
const (
	HPKEHKDFSHA256 HPKEKDF = 0x0001
	HPKEHKDFSHA384 HPKEKDF = 0x0002
	HPKEHKDFSHA512 HPKEKDF = 0x0003
	// Single-stage KDFs of draft-ietf-hpke-pq.
	HPKESHAKE128      HPKEKDF = 0x0010
	HPKESHAKE256      HPKEKDF = 0x0011
	HPKETurboSHAKE128 HPKEKDF = 0x0012
	HPKETurboSHAKE256 HPKEKDF = 0x0013
)

var hpkeKDFNames = [...]string{
	HPKEHKDFSHA256:    "HKDF-SHA256",
	HPKEHKDFSHA384:    "HKDF-SHA384",
	HPKEHKDFSHA512:    "HKDF-SHA512",
	HPKESHAKE128:      "SHAKE128",
	HPKESHAKE256:      "SHAKE256",
	HPKETurboSHAKE128: "TurboSHAKE128",
	HPKETurboSHAKE256: "TurboSHAKE256",
}

// String returns the IANA name or "HPKEKDF(0xNNNN)".
func (k HPKEKDF) String() string {
	if k.Known() {
		return hpkeKDFNames[k]
	}
	return unknownHex("HPKEKDF", uint16(k))
}

// Known reports whether k is assigned in the registry.
func (k HPKEKDF) Known() bool { return int(k) < len(hpkeKDFNames) && hpkeKDFNames[k] != "" }

// HPKEAEAD is an HPKE AEAD identifier (RFC 9180 §7.3).
type HPKEAEAD uint16

// HPKE AEADs.
const (
	HPKEAES128GCM        HPKEAEAD = 0x0001
	HPKEAES256GCM        HPKEAEAD = 0x0002
	HPKEChaCha20Poly1305 HPKEAEAD = 0x0003
	HPKEExportOnly       HPKEAEAD = 0xffff
)

var hpkeAEADTable = []codeName[HPKEAEAD]{
	{HPKEAES128GCM, "AES-128-GCM"},
	{HPKEAES256GCM, "AES-256-GCM"},
	{HPKEChaCha20Poly1305, "ChaCha20Poly1305"},
	{HPKEExportOnly, "Export-only"},
}

// String returns the IANA name or "HPKEAEAD(0xNNNN)".
func (a HPKEAEAD) String() string {
	if n, ok := lookupName(hpkeAEADTable, a); ok {
		return n
	}
	return unknownHex("HPKEAEAD", uint16(a))
}

// Known reports whether a is assigned in the registry.
func (a HPKEAEAD) Known() bool {
	_, ok := lookupName(hpkeAEADTable, a)
	return ok
}
