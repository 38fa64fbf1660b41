package wire

// Protocol versions (RFC 8446 §4.1.2, RFC 9147 §5.3, RFC 6101).
const (
	VersionSSL30  uint16 = 0x0300
	VersionTLS10  uint16 = 0x0301
	VersionTLS11  uint16 = 0x0302
	VersionTLS12  uint16 = 0x0303
	VersionTLS13  uint16 = 0x0304
	VersionDTLS10 uint16 = 0xfeff
	VersionDTLS12 uint16 = 0xfefd
	VersionDTLS13 uint16 = 0xfefc
	// VersionDTLS10OpenSSLPre is the pre-RFC DTLS version OpenSSL 0.9.8 sent (0x0100).
	VersionDTLS10OpenSSLPre uint16 = 0x0100
	// VersionSSL20 is the version SSL 2.0 CLIENT-HELLO messages carry.
	VersionSSL20 uint16 = 0x0002
)

// IsDTLSVersion reports whether v is a DTLS protocol version: 0xfeXX
// (RFC 6347 §4.1, RFC 9147 §5.3) or the pre-RFC OpenSSL value 0x0100. The
// DTLS forms of ClientHello (with cookie) are chosen by this test on
// legacy_version, so decoding and encoding always agree.
func IsDTLSVersion(v uint16) bool { return v>>8 == 0xfe || v == VersionDTLS10OpenSSLPre }

// IsTLS13Draft reports whether v is a TLS 1.3 draft version (0x7fXX) or one
// of the experimental variants (0x7eXX, Facebook's 0xfb1X).
func IsTLS13Draft(v uint16) bool { return v>>8 == 0x7f || v>>8 == 0x7e || v&0xfff0 == 0xfb10 }

// UsesTLS13Forms reports whether messages negotiated at version v use the
// TLS 1.3 encodings (RFC 8446 §4): TLS 1.3, its drafts, and DTLS 1.3.
func UsesTLS13Forms(v uint16) bool {
	return v == VersionTLS13 || v == VersionDTLS13 || IsTLS13Draft(v)
}

// IsGREASE reports whether v is a GREASE value (RFC 8701 §2): 0x?a?a with
// both bytes equal.
func IsGREASE(v uint16) bool { return v&0x0f0f == 0x0a0a && v>>8 == v&0xff }
