package wire

// IANA "TLS SignatureScheme" registry (tls-signaturescheme, RFC 8446
// §4.2.3), and the TLS 1.2 "TLS HashAlgorithm" (tls-parameters-18) and
// "TLS SignatureAlgorithm" (tls-parameters-16) registries (RFC 5246
// §7.4.1.4.1, RFC 8422, RFC 9189). Data: tls-signaturescheme.csv with
// the draft-ietf-tls-mldsa-00 and draft-davidben-tls13-pkcs1-00 entries
// (2025). See docs/registries.md.

// SignatureScheme is a signature algorithm code point (RFC 8446 §4.2.3).
// In TLS 1.2 the same two bytes are a SignatureAndHashAlgorithm: a
// HashAlgorithm followed by a SignatureAlgorithm (RFC 5246 §7.4.1.4.1).
type SignatureScheme uint16

// Signature schemes (names as in crypto/tls where it has them).
const (
	PKCS1WithSHA1                       SignatureScheme = 0x0201
	ECDSAWithSHA1                       SignatureScheme = 0x0203
	PKCS1WithSHA256                     SignatureScheme = 0x0401
	ECDSAWithP256AndSHA256              SignatureScheme = 0x0403
	PKCS1WithSHA256Legacy               SignatureScheme = 0x0420
	PKCS1WithSHA384                     SignatureScheme = 0x0501
	ECDSAWithP384AndSHA384              SignatureScheme = 0x0503
	PKCS1WithSHA384Legacy               SignatureScheme = 0x0520
	PKCS1WithSHA512                     SignatureScheme = 0x0601
	ECDSAWithP521AndSHA512              SignatureScheme = 0x0603
	PKCS1WithSHA512Legacy               SignatureScheme = 0x0620
	ECCSIWithSHA256                     SignatureScheme = 0x0704
	ISOIBS1                             SignatureScheme = 0x0705
	ISOIBS2                             SignatureScheme = 0x0706
	ISOChineseIBS                       SignatureScheme = 0x0707
	SM2WithSM3                          SignatureScheme = 0x0708
	GOSTR34102012_256A                  SignatureScheme = 0x0709
	GOSTR34102012_256B                  SignatureScheme = 0x070a
	GOSTR34102012_256C                  SignatureScheme = 0x070b
	GOSTR34102012_256D                  SignatureScheme = 0x070c
	GOSTR34102012_512A                  SignatureScheme = 0x070d
	GOSTR34102012_512B                  SignatureScheme = 0x070e
	GOSTR34102012_512C                  SignatureScheme = 0x070f
	PSSWithSHA256                       SignatureScheme = 0x0804 // rsa_pss_rsae_sha256
	PSSWithSHA384                       SignatureScheme = 0x0805 // rsa_pss_rsae_sha384
	PSSWithSHA512                       SignatureScheme = 0x0806 // rsa_pss_rsae_sha512
	Ed25519                             SignatureScheme = 0x0807
	Ed448                               SignatureScheme = 0x0808
	PSSPSSWithSHA256                    SignatureScheme = 0x0809 // rsa_pss_pss_sha256
	PSSPSSWithSHA384                    SignatureScheme = 0x080a // rsa_pss_pss_sha384
	PSSPSSWithSHA512                    SignatureScheme = 0x080b // rsa_pss_pss_sha512
	ECDSABrainpoolP256r1TLS13WithSHA256 SignatureScheme = 0x081a
	ECDSABrainpoolP384r1TLS13WithSHA384 SignatureScheme = 0x081b
	ECDSABrainpoolP512r1TLS13WithSHA512 SignatureScheme = 0x081c
	MLDSA44                             SignatureScheme = 0x0904
	MLDSA65                             SignatureScheme = 0x0905
	MLDSA87                             SignatureScheme = 0x0906
)

// SignatureSchemeInfo is one row of the signature scheme table.
type SignatureSchemeInfo struct {
	ID          SignatureScheme
	Name        string // IANA description
	Recommended Recommendation
}

// signatureSchemeTable is the registry, sorted by value.
var signatureSchemeTable = []SignatureSchemeInfo{
	{PKCS1WithSHA1, "rsa_pkcs1_sha1", RecommendedN},
	{ECDSAWithSHA1, "ecdsa_sha1", RecommendedN},
	{PKCS1WithSHA256, "rsa_pkcs1_sha256", RecommendedY},
	{ECDSAWithP256AndSHA256, "ecdsa_secp256r1_sha256", RecommendedY},
	{PKCS1WithSHA256Legacy, "rsa_pkcs1_sha256_legacy", RecommendedN},
	{PKCS1WithSHA384, "rsa_pkcs1_sha384", RecommendedY},
	{ECDSAWithP384AndSHA384, "ecdsa_secp384r1_sha384", RecommendedY},
	{PKCS1WithSHA384Legacy, "rsa_pkcs1_sha384_legacy", RecommendedN},
	{PKCS1WithSHA512, "rsa_pkcs1_sha512", RecommendedY},
	{ECDSAWithP521AndSHA512, "ecdsa_secp521r1_sha512", RecommendedY},
	{PKCS1WithSHA512Legacy, "rsa_pkcs1_sha512_legacy", RecommendedN},
	{ECCSIWithSHA256, "eccsi_sha256", RecommendedN},
	{ISOIBS1, "iso_ibs1", RecommendedN},
	{ISOIBS2, "iso_ibs2", RecommendedN},
	{ISOChineseIBS, "iso_chinese_ibs", RecommendedN},
	{SM2WithSM3, "sm2sig_sm3", RecommendedN},
	{GOSTR34102012_256A, "gostr34102012_256a", RecommendedN},
	{GOSTR34102012_256B, "gostr34102012_256b", RecommendedN},
	{GOSTR34102012_256C, "gostr34102012_256c", RecommendedN},
	{GOSTR34102012_256D, "gostr34102012_256d", RecommendedN},
	{GOSTR34102012_512A, "gostr34102012_512a", RecommendedN},
	{GOSTR34102012_512B, "gostr34102012_512b", RecommendedN},
	{GOSTR34102012_512C, "gostr34102012_512c", RecommendedN},
	{PSSWithSHA256, "rsa_pss_rsae_sha256", RecommendedY},
	{PSSWithSHA384, "rsa_pss_rsae_sha384", RecommendedY},
	{PSSWithSHA512, "rsa_pss_rsae_sha512", RecommendedY},
	{Ed25519, "ed25519", RecommendedY},
	{Ed448, "ed448", RecommendedY},
	{PSSPSSWithSHA256, "rsa_pss_pss_sha256", RecommendedY},
	{PSSPSSWithSHA384, "rsa_pss_pss_sha384", RecommendedY},
	{PSSPSSWithSHA512, "rsa_pss_pss_sha512", RecommendedY},
	{ECDSABrainpoolP256r1TLS13WithSHA256, "ecdsa_brainpoolP256r1tls13_sha256", RecommendedN},
	{ECDSABrainpoolP384r1TLS13WithSHA384, "ecdsa_brainpoolP384r1tls13_sha384", RecommendedN},
	{ECDSABrainpoolP512r1TLS13WithSHA512, "ecdsa_brainpoolP512r1tls13_sha512", RecommendedN},
	{MLDSA44, "mldsa44", RecommendedN},
	{MLDSA65, "mldsa65", RecommendedN},
	{MLDSA87, "mldsa87", RecommendedN},
}

var signatureSchemeIndex = indexBy(signatureSchemeTable, func(e *SignatureSchemeInfo) SignatureScheme { return e.ID })

// LookupSignatureScheme returns the table entry of s. It does not allocate.
// The entry is shared: the caller must not modify it.
func LookupSignatureScheme(s SignatureScheme) (*SignatureSchemeInfo, bool) {
	e, ok := signatureSchemeIndex[s]
	return e, ok
}

// SignatureSchemes returns the whole table, ordered by value. The caller
// must not modify it.
func SignatureSchemes() []SignatureSchemeInfo { return signatureSchemeTable }

// Hash returns the TLS 1.2 HashAlgorithm byte of s (RFC 5246 §7.4.1.4.1).
func (s SignatureScheme) Hash() HashAlgorithm { return HashAlgorithm(s >> 8) }

// Signature returns the TLS 1.2 SignatureAlgorithm byte of s.
func (s SignatureScheme) Signature() SignatureAlgorithm { return SignatureAlgorithm(s) }

// String returns the IANA name; a GREASE mark; for an unregistered TLS 1.2
// pair of registered hash and signature algorithms, "hash+signature"
// (e.g. "sha224+rsa"); otherwise "SignatureScheme(0xNNNN)".
func (s SignatureScheme) String() string {
	if e, ok := signatureSchemeIndex[s]; ok {
		return e.Name
	}
	if IsGREASE(uint16(s)) {
		return greaseName(uint16(s))
	}
	if h, a := s.Hash(), s.Signature(); h.Known() && a.Known() {
		return h.String() + "+" + a.String()
	}
	return unknownHex("SignatureScheme", uint16(s))
}

// Known reports whether s is assigned in the SignatureScheme registry.
func (s SignatureScheme) Known() bool {
	_, ok := signatureSchemeIndex[s]
	return ok
}

// IsGREASE reports whether s is one of the RFC 8701 reserved values.
func (s SignatureScheme) IsGREASE() bool { return IsGREASE(uint16(s)) }

// HashAlgorithm is the TLS 1.2 hash of a SignatureAndHashAlgorithm (IANA
// "TLS HashAlgorithm", RFC 5246 §7.4.1.4.1, RFC 8422 §5.1.3).
type HashAlgorithm uint8

// Hash algorithms.
const (
	HashAlgNone      HashAlgorithm = 0
	HashAlgMD5       HashAlgorithm = 1
	HashAlgSHA1      HashAlgorithm = 2
	HashAlgSHA224    HashAlgorithm = 3
	HashAlgSHA256    HashAlgorithm = 4
	HashAlgSHA384    HashAlgorithm = 5
	HashAlgSHA512    HashAlgorithm = 6
	HashAlgIntrinsic HashAlgorithm = 8 // RFC 8422: the signature hashes internally (EdDSA)
)

var hashAlgorithmNames = [256]string{
	HashAlgNone:      "none",
	HashAlgMD5:       "md5",
	HashAlgSHA1:      "sha1",
	HashAlgSHA224:    "sha224",
	HashAlgSHA256:    "sha256",
	HashAlgSHA384:    "sha384",
	HashAlgSHA512:    "sha512",
	HashAlgIntrinsic: "Intrinsic",
}

// String returns the IANA name or "HashAlgorithm(N)".
func (h HashAlgorithm) String() string {
	if n := hashAlgorithmNames[h]; n != "" {
		return n
	}
	return unknownName("HashAlgorithm", uint64(h))
}

// Known reports whether h is assigned in the registry.
func (h HashAlgorithm) Known() bool { return hashAlgorithmNames[h] != "" }

// SignatureAlgorithm is the TLS 1.2 signature of a
// SignatureAndHashAlgorithm (IANA "TLS SignatureAlgorithm", RFC 5246
// §7.4.1.4.1, RFC 8422, RFC 9189).
type SignatureAlgorithm uint8

// Signature algorithms.
const (
	SigAlgAnonymous         SignatureAlgorithm = 0
	SigAlgRSA               SignatureAlgorithm = 1
	SigAlgDSA               SignatureAlgorithm = 2
	SigAlgECDSA             SignatureAlgorithm = 3
	SigAlgEd25519           SignatureAlgorithm = 7
	SigAlgEd448             SignatureAlgorithm = 8
	SigAlgGOSTR34102012_256 SignatureAlgorithm = 64
	SigAlgGOSTR34102012_512 SignatureAlgorithm = 65
)

var signatureAlgorithmNames = [256]string{
	SigAlgAnonymous:         "anonymous",
	SigAlgRSA:               "rsa",
	SigAlgDSA:               "dsa",
	SigAlgECDSA:             "ecdsa",
	SigAlgEd25519:           "ed25519",
	SigAlgEd448:             "ed448",
	SigAlgGOSTR34102012_256: "gostr34102012_256",
	SigAlgGOSTR34102012_512: "gostr34102012_512",
}

// String returns the IANA name or "SignatureAlgorithm(N)".
func (a SignatureAlgorithm) String() string {
	if n := signatureAlgorithmNames[a]; n != "" {
		return n
	}
	return unknownName("SignatureAlgorithm", uint64(a))
}

// Known reports whether a is assigned in the registry.
func (a SignatureAlgorithm) Known() bool { return signatureAlgorithmNames[a] != "" }
