package wire

// IANA "TLS Cipher Suites" registry (tls-parameters-4), RFC 8446 §B.4,
// RFC 5246 §A.5 and the RFCs each entry cites. The table itself is in
// registry_ciphersuite_table.go; see docs/registries.md for its source,
// date and how to update it.

// CipherSuite is a TLS cipher suite code point (RFC 8446 §4.1.2,
// RFC 5246 §7.4.1.2 CipherSuite).
type CipherSuite uint16

// Cipher suites that are commonly referred to by name. Every registered
// suite is in the table and has a String; these are the ones crypto/tls
// and the major implementations negotiate, plus the signalling values.
const (
	TLS_NULL_WITH_NULL_NULL                       CipherSuite = 0x0000
	TLS_RSA_WITH_RC4_128_SHA                      CipherSuite = 0x0005
	TLS_RSA_WITH_3DES_EDE_CBC_SHA                 CipherSuite = 0x000a
	TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA             CipherSuite = 0x0016
	TLS_RSA_WITH_AES_128_CBC_SHA                  CipherSuite = 0x002f
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA              CipherSuite = 0x0033
	TLS_RSA_WITH_AES_256_CBC_SHA                  CipherSuite = 0x0035
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA              CipherSuite = 0x0039
	TLS_RSA_WITH_AES_128_CBC_SHA256               CipherSuite = 0x003c
	TLS_RSA_WITH_AES_256_CBC_SHA256               CipherSuite = 0x003d
	TLS_DHE_RSA_WITH_AES_128_CBC_SHA256           CipherSuite = 0x0067
	TLS_DHE_RSA_WITH_AES_256_CBC_SHA256           CipherSuite = 0x006b
	TLS_PSK_WITH_AES_128_CBC_SHA                  CipherSuite = 0x008c
	TLS_PSK_WITH_AES_256_CBC_SHA                  CipherSuite = 0x008d
	TLS_RSA_WITH_AES_128_GCM_SHA256               CipherSuite = 0x009c
	TLS_RSA_WITH_AES_256_GCM_SHA384               CipherSuite = 0x009d
	TLS_DHE_RSA_WITH_AES_128_GCM_SHA256           CipherSuite = 0x009e
	TLS_DHE_RSA_WITH_AES_256_GCM_SHA384           CipherSuite = 0x009f
	TLS_PSK_WITH_AES_128_GCM_SHA256               CipherSuite = 0x00a8
	TLS_PSK_WITH_AES_256_GCM_SHA384               CipherSuite = 0x00a9
	TLS_EMPTY_RENEGOTIATION_INFO_SCSV             CipherSuite = 0x00ff
	TLS_AES_128_GCM_SHA256                        CipherSuite = 0x1301
	TLS_AES_256_GCM_SHA384                        CipherSuite = 0x1302
	TLS_CHACHA20_POLY1305_SHA256                  CipherSuite = 0x1303
	TLS_AES_128_CCM_SHA256                        CipherSuite = 0x1304
	TLS_AES_128_CCM_8_SHA256                      CipherSuite = 0x1305
	TLS_FALLBACK_SCSV                             CipherSuite = 0x5600
	TLS_ECDHE_ECDSA_WITH_RC4_128_SHA              CipherSuite = 0xc007
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA          CipherSuite = 0xc009
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA          CipherSuite = 0xc00a
	TLS_ECDHE_RSA_WITH_RC4_128_SHA                CipherSuite = 0xc011
	TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA           CipherSuite = 0xc012
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA            CipherSuite = 0xc013
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA            CipherSuite = 0xc014
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256       CipherSuite = 0xc023
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384       CipherSuite = 0xc024
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256         CipherSuite = 0xc027
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384         CipherSuite = 0xc028
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256       CipherSuite = 0xc02b
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384       CipherSuite = 0xc02c
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         CipherSuite = 0xc02f
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384         CipherSuite = 0xc030
	TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256         CipherSuite = 0xc037
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM              CipherSuite = 0xc0ac
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM              CipherSuite = 0xc0ad
	TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8            CipherSuite = 0xc0ae
	TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8            CipherSuite = 0xc0af
	TLS_ECCPWD_WITH_AES_128_GCM_SHA256            CipherSuite = 0xc0b0
	TLS_ECCPWD_WITH_AES_256_GCM_SHA384            CipherSuite = 0xc0b1
	TLS_SHA256_SHA256                             CipherSuite = 0xc0b4
	TLS_SHA384_SHA384                             CipherSuite = 0xc0b5
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   CipherSuite = 0xcca8
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 CipherSuite = 0xcca9
	TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256     CipherSuite = 0xccaa
	TLS_PSK_WITH_CHACHA20_POLY1305_SHA256         CipherSuite = 0xccab
	TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256   CipherSuite = 0xccac
	TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256         CipherSuite = 0xd001
	TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384         CipherSuite = 0xd002
)

// Authentication is how the server (and client) is authenticated under a
// cipher suite: the signature or credential named after the key exchange
// in the suite name (RFC 5246 §A.5).
type Authentication uint8

// Authentication methods of the cipher suites table.
const (
	AuthUnknown Authentication = iota // signalling values (SCSV)
	AuthNULL                          // TLS_NULL_WITH_NULL_NULL
	AuthRSA                           // RSA certificate (RSA, DH_RSA, DHE_RSA, ECDH(E)_RSA, RSA_PSK, SRP_SHA_RSA)
	AuthDSS                           // DSA certificate
	AuthECDSA                         // ECDSA certificate
	AuthAnon                          // anonymous (DH_anon, ECDH_anon)
	AuthPSK                           // pre-shared key (RFC 4279, RFC 5489)
	AuthKRB5                          // Kerberos ticket (RFC 2712)
	AuthSRP                           // SRP password verifier (RFC 5054)
	AuthECCPWD                        // password (RFC 8492)
	AuthGOST                          // GOST R 34.10-2012 certificate (RFC 9189)
	AuthTLS13                         // TLS 1.3: negotiated by signature_algorithms or PSK, not by the suite
)

var authenticationNames = [...]string{
	AuthUnknown: "unknown",
	AuthNULL:    "NULL",
	AuthRSA:     "RSA",
	AuthDSS:     "DSS",
	AuthECDSA:   "ECDSA",
	AuthAnon:    "anon",
	AuthPSK:     "PSK",
	AuthKRB5:    "KRB5",
	AuthSRP:     "SRP",
	AuthECCPWD:  "ECCPWD",
	AuthGOST:    "GOSTR341012",
	AuthTLS13:   "TLS13",
}

// String returns the registry-style name of the authentication method.
func (a Authentication) String() string {
	if int(a) < len(authenticationNames) {
		return authenticationNames[a]
	}
	return unknownName("Authentication", uint64(a))
}

// BulkCipher is the record protection algorithm of a cipher suite (the
// part after _WITH_ in the suite name).
type BulkCipher uint8

// Bulk ciphers of the cipher suites table. Names follow the registry's
// spelling, hence the underscores.
const (
	CipherUnknown BulkCipher = iota // signalling values (SCSV)
	CipherNULL                      // no encryption (NULL suites, RFC 9150 integrity-only suites)
	CipherRC4_40
	CipherRC4_56
	CipherRC4_128
	CipherRC2_CBC_40
	CipherRC2_CBC_56
	CipherIDEA_CBC
	CipherDES40_CBC // also KRB5 DES_CBC_40
	CipherDES_CBC
	Cipher3DES_EDE_CBC
	CipherAES_128_CBC
	CipherAES_256_CBC
	CipherAES_128_GCM
	CipherAES_256_GCM
	CipherAES_128_CCM
	CipherAES_256_CCM
	CipherAES_128_CCM_8
	CipherAES_256_CCM_8
	CipherCamellia_128_CBC
	CipherCamellia_256_CBC
	CipherCamellia_128_GCM
	CipherCamellia_256_GCM
	CipherSEED_CBC
	CipherARIA_128_CBC
	CipherARIA_256_CBC
	CipherARIA_128_GCM
	CipherARIA_256_GCM
	CipherChaCha20_Poly1305
	CipherSM4_GCM
	CipherSM4_CCM
	CipherKuznyechik_CTR_OMAC
	CipherMagma_CTR_OMAC
	CipherGOST28147_CNT_IMIT
	CipherKuznyechik_MGM_L
	CipherMagma_MGM_L
	CipherKuznyechik_MGM_S
	CipherMagma_MGM_S
	CipherAEGIS_256
	CipherAEGIS_128L
)

var bulkCipherNames = [...]string{
	CipherUnknown:             "unknown",
	CipherNULL:                "NULL",
	CipherRC4_40:              "RC4_40",
	CipherRC4_56:              "RC4_56",
	CipherRC4_128:             "RC4_128",
	CipherRC2_CBC_40:          "RC2_CBC_40",
	CipherRC2_CBC_56:          "RC2_CBC_56",
	CipherIDEA_CBC:            "IDEA_CBC",
	CipherDES40_CBC:           "DES40_CBC",
	CipherDES_CBC:             "DES_CBC",
	Cipher3DES_EDE_CBC:        "3DES_EDE_CBC",
	CipherAES_128_CBC:         "AES_128_CBC",
	CipherAES_256_CBC:         "AES_256_CBC",
	CipherAES_128_GCM:         "AES_128_GCM",
	CipherAES_256_GCM:         "AES_256_GCM",
	CipherAES_128_CCM:         "AES_128_CCM",
	CipherAES_256_CCM:         "AES_256_CCM",
	CipherAES_128_CCM_8:       "AES_128_CCM_8",
	CipherAES_256_CCM_8:       "AES_256_CCM_8",
	CipherCamellia_128_CBC:    "CAMELLIA_128_CBC",
	CipherCamellia_256_CBC:    "CAMELLIA_256_CBC",
	CipherCamellia_128_GCM:    "CAMELLIA_128_GCM",
	CipherCamellia_256_GCM:    "CAMELLIA_256_GCM",
	CipherSEED_CBC:            "SEED_CBC",
	CipherARIA_128_CBC:        "ARIA_128_CBC",
	CipherARIA_256_CBC:        "ARIA_256_CBC",
	CipherARIA_128_GCM:        "ARIA_128_GCM",
	CipherARIA_256_GCM:        "ARIA_256_GCM",
	CipherChaCha20_Poly1305:   "CHACHA20_POLY1305",
	CipherSM4_GCM:             "SM4_GCM",
	CipherSM4_CCM:             "SM4_CCM",
	CipherKuznyechik_CTR_OMAC: "KUZNYECHIK_CTR_OMAC",
	CipherMagma_CTR_OMAC:      "MAGMA_CTR_OMAC",
	CipherGOST28147_CNT_IMIT:  "28147_CNT_IMIT",
	CipherKuznyechik_MGM_L:    "KUZNYECHIK_MGM_L",
	CipherMagma_MGM_L:         "MAGMA_MGM_L",
	CipherKuznyechik_MGM_S:    "KUZNYECHIK_MGM_S",
	CipherMagma_MGM_S:         "MAGMA_MGM_S",
	CipherAEGIS_256:           "AEGIS_256",
	CipherAEGIS_128L:          "AEGIS_128L",
}

// String returns the registry spelling of the cipher (e.g. "AES_128_GCM").
func (c BulkCipher) String() string {
	if int(c) < len(bulkCipherNames) {
		return bulkCipherNames[c]
	}
	return unknownName("BulkCipher", uint64(c))
}

// aeadCiphers marks the AEAD ciphers (no separate MAC).
var aeadCiphers = [len(bulkCipherNames)]bool{
	CipherAES_128_GCM: true, CipherAES_256_GCM: true,
	CipherAES_128_CCM: true, CipherAES_256_CCM: true,
	CipherAES_128_CCM_8: true, CipherAES_256_CCM_8: true,
	CipherCamellia_128_GCM: true, CipherCamellia_256_GCM: true,
	CipherARIA_128_GCM: true, CipherARIA_256_GCM: true,
	CipherChaCha20_Poly1305: true,
	CipherSM4_GCM:           true, CipherSM4_CCM: true,
	CipherKuznyechik_MGM_L: true, CipherMagma_MGM_L: true,
	CipherKuznyechik_MGM_S: true, CipherMagma_MGM_S: true,
	CipherAEGIS_256: true, CipherAEGIS_128L: true,
}

// AEAD reports whether c is an AEAD cipher (no separate MAC).
func (c BulkCipher) AEAD() bool { return int(c) < len(aeadCiphers) && aeadCiphers[c] }

// MACHash is the hash of a cipher suite: the HMAC hash for MAC-then-encrypt
// suites, and the PRF / HKDF hash for AEAD suites and TLS 1.3 (the last
// component of the suite name; SHA256 for the RFC 6655/7251 CCM suites,
// whose names omit it).
type MACHash uint8

// Hashes of the cipher suites table.
const (
	HashUnknown         MACHash = iota // signalling values (SCSV)
	HashNULL                           // TLS_NULL_WITH_NULL_NULL
	HashMD5                            // "MD5"
	HashSHA1                           // "SHA"
	HashSHA256                         // "SHA256"
	HashSHA384                         // "SHA384"
	HashSM3                            // "SM3" (RFC 8998)
	HashGOSTR341112_256                // Streebog-256 (RFC 9189, RFC 9367)
)

var macHashNames = [...]string{
	HashUnknown:         "unknown",
	HashNULL:            "NULL",
	HashMD5:             "MD5",
	HashSHA1:            "SHA",
	HashSHA256:          "SHA256",
	HashSHA384:          "SHA384",
	HashSM3:             "SM3",
	HashGOSTR341112_256: "GOSTR341112_256",
}

// String returns the registry spelling of the hash (e.g. "SHA" for SHA-1).
func (h MACHash) String() string {
	if int(h) < len(macHashNames) {
		return macHashNames[h]
	}
	return unknownName("MACHash", uint64(h))
}

// suiteFlags are the yes/no properties of a cipher suite entry.
type suiteFlags uint8

const (
	suiteExport        suiteFlags = 1 << iota // export-grade (name contains EXPORT)
	suiteSCSV                                 // signalling cipher suite value, not a real suite
	suiteNotDTLS                              // DTLS-OK column is "N"
	suiteIntegrityOnly                        // RFC 9150: authentication without encryption
	suiteUnregistered                         // deployed but never registered with IANA
)

// CipherSuiteInfo is one row of the cipher suites table.
type CipherSuiteInfo struct {
	ID          CipherSuite
	Name        string // IANA description, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
	KeyExchange KeyExchange
	Auth        Authentication
	Cipher      BulkCipher
	Hash        MACHash
	Recommended Recommendation
	flags       suiteFlags
}

// Export reports whether the suite is export-grade (RFC 2246 §A.5, RFC 2712).
func (s *CipherSuiteInfo) Export() bool { return s.flags&suiteExport != 0 }

// SCSV reports whether the value is a signalling cipher suite value
// (TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV), not a suite.
func (s *CipherSuiteInfo) SCSV() bool { return s.flags&suiteSCSV != 0 }

// DTLSOK reports the registry's DTLS-OK column (false for stream ciphers
// and a few others, RFC 6347 §4.1.2.2).
func (s *CipherSuiteInfo) DTLSOK() bool { return s.flags&suiteNotDTLS == 0 }

// IntegrityOnly reports whether the suite authenticates records without
// encrypting them (RFC 9150).
func (s *CipherSuiteInfo) IntegrityOnly() bool { return s.flags&suiteIntegrityOnly != 0 }

// Registered reports whether the IANA registry assigns the value; false
// for suites that were deployed without registration (the pre-RFC
// ChaCha20 suites 0xcc13-0xcc15, EXPORT1024 suites in the reserved range
// 0x0060-0x0066, Netscape's SSL_RSA_FIPS suites).
func (s *CipherSuiteInfo) Registered() bool { return s.flags&suiteUnregistered == 0 }

// TLS13 reports whether the suite is a TLS 1.3 suite (RFC 8446 §B.4 and
// later TLS 1.3 registrations).
func (s *CipherSuiteInfo) TLS13() bool { return s.KeyExchange == KeyExchangeTLS13 }

var cipherSuiteIndex = indexBy(cipherSuiteTable, func(e *CipherSuiteInfo) CipherSuite { return e.ID })

// LookupCipherSuite returns the table entry of id. It does not allocate.
// The entry is shared: the caller must not modify it.
func LookupCipherSuite(id CipherSuite) (*CipherSuiteInfo, bool) {
	e, ok := cipherSuiteIndex[id]
	return e, ok
}

// CipherSuites returns the whole table, ordered by value. The caller must
// not modify it.
func CipherSuites() []CipherSuiteInfo { return cipherSuiteTable }

// String returns the IANA name, a GREASE mark for the RFC 8701 values, or
// "CipherSuite(0xNNNN)".
func (c CipherSuite) String() string {
	if e, ok := cipherSuiteIndex[c]; ok {
		return e.Name
	}
	if IsGREASE(uint16(c)) {
		return greaseName(uint16(c))
	}
	return unknownHex("CipherSuite", uint16(c))
}

// Known reports whether c is in the table (registered or deployed).
func (c CipherSuite) Known() bool {
	_, ok := cipherSuiteIndex[c]
	return ok
}

// IsGREASE reports whether c is one of the RFC 8701 reserved values.
func (c CipherSuite) IsGREASE() bool { return IsGREASE(uint16(c)) }

// KeyExchange returns the key exchange of c, or KeyExchangeUnknown.
func (c CipherSuite) KeyExchange() KeyExchange { return CipherSuiteKeyExchange(uint16(c)) }

// CipherSuiteKeyExchange returns the key exchange of cipher suite id
// (IANA "TLS Cipher Suites"), or KeyExchangeUnknown for unknown values,
// GREASE and the signalling values. It does not allocate.
func CipherSuiteKeyExchange(id uint16) KeyExchange {
	if e, ok := cipherSuiteIndex[CipherSuite(id)]; ok {
		return e.KeyExchange
	}
	return KeyExchangeUnknown
}

// SSLv2CipherKind is a 24-bit CIPHER-KIND of an SSL 2.0 CLIENT-HELLO
// (SSL 2.0 draft, Appendix C). A v2-compatible ClientHello lists TLS
// suites as 0x00XXXX kinds (RFC 5246 §E.2).
type SSLv2CipherKind uint32

// SSL 2.0 cipher kinds.
const (
	SSL_CK_RC4_128_WITH_MD5              SSLv2CipherKind = 0x010080
	SSL_CK_RC4_128_EXPORT40_WITH_MD5     SSLv2CipherKind = 0x020080
	SSL_CK_RC2_128_CBC_WITH_MD5          SSLv2CipherKind = 0x030080
	SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5 SSLv2CipherKind = 0x040080
	SSL_CK_IDEA_128_CBC_WITH_MD5         SSLv2CipherKind = 0x050080
	SSL_CK_DES_64_CBC_WITH_MD5           SSLv2CipherKind = 0x060040
	SSL_CK_DES_192_EDE3_CBC_WITH_MD5     SSLv2CipherKind = 0x0700c0
	// SSL_CK_RC4_64_WITH_MD5 is not in the SSL 2.0 draft; OpenSSL and
	// Netscape products sent it.
	SSL_CK_RC4_64_WITH_MD5 SSLv2CipherKind = 0x080080
)

var sslv2CipherKindTable = []codeName[SSLv2CipherKind]{
	{SSL_CK_RC4_128_WITH_MD5, "SSL_CK_RC4_128_WITH_MD5"},
	{SSL_CK_RC4_128_EXPORT40_WITH_MD5, "SSL_CK_RC4_128_EXPORT40_WITH_MD5"},
	{SSL_CK_RC2_128_CBC_WITH_MD5, "SSL_CK_RC2_128_CBC_WITH_MD5"},
	{SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5"},
	{SSL_CK_IDEA_128_CBC_WITH_MD5, "SSL_CK_IDEA_128_CBC_WITH_MD5"},
	{SSL_CK_DES_64_CBC_WITH_MD5, "SSL_CK_DES_64_CBC_WITH_MD5"},
	{SSL_CK_DES_192_EDE3_CBC_WITH_MD5, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"},
	{SSL_CK_RC4_64_WITH_MD5, "SSL_CK_RC4_64_WITH_MD5"},
}

// String returns the SSL 2.0 name; for a 0x00XXXX kind, the TLS cipher
// suite name of 0xXXXX; otherwise "SSLv2CipherKind(0xNNNNNN)".
func (k SSLv2CipherKind) String() string {
	if n, ok := lookupName(sslv2CipherKindTable, k); ok {
		return n
	}
	if k>>16 == 0 {
		return CipherSuite(k).String()
	}
	return "SSLv2CipherKind(0x" + hex4(uint16(k >> 16))[2:] + hex4(uint16(k)) + ")"
}

// Known reports whether k is an SSL 2.0 kind or a known TLS suite.
func (k SSLv2CipherKind) Known() bool {
	if _, ok := lookupName(sslv2CipherKindTable, k); ok {
		return true
	}
	return k>>16 == 0 && CipherSuite(k).Known()
}
