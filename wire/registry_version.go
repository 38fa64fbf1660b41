package wire

// Protocol version names: SSL 2.0/3.0 (RFC 6101), TLS 1.0-1.3 (RFC 2246,
// RFC 4346, RFC 5246, RFC 8446), DTLS 1.0/1.2/1.3 (RFC 4347, RFC 6347,
// RFC 9147), the TLS 1.3 drafts (0x7f00+N, draft-ietf-tls-tls13-N §4.1.2)
// and GREASE (RFC 8701). There is no IANA registry of versions; the
// values are those the RFCs define. The constants are in version.go.

import "strconv"

// ProtocolVersion is a TLS or DTLS protocol version as it appears on the
// wire (legacy_version, supported_versions, record version).
type ProtocolVersion uint16

var protocolVersionTable = []codeName[uint16]{
	{VersionSSL20, "SSL 2.0"},
	{VersionDTLS10OpenSSLPre, "DTLS 1.0 (OpenSSL pre-RFC)"},
	{VersionSSL30, "SSL 3.0"},
	{VersionTLS10, "TLS 1.0"},
	{VersionTLS11, "TLS 1.1"},
	{VersionTLS12, "TLS 1.2"},
	{VersionTLS13, "TLS 1.3"},
	{VersionDTLS13, "DTLS 1.3"},
	{VersionDTLS12, "DTLS 1.2"},
	{VersionDTLS10, "DTLS 1.0"},
}

// tls13DraftNames holds "TLS 1.3 draft N" for every 0x7fNN, so that naming
// a draft version does not allocate.
var tls13DraftNames = func() (n [256]string) {
	for i := range n {
		n[i] = "TLS 1.3 draft " + strconv.Itoa(i)
	}
	return n
}()

// String returns "TLS 1.2", "DTLS 1.3", "TLS 1.3 draft 23", a GREASE mark,
// or "ProtocolVersion(0xNNNN)".
func (v ProtocolVersion) String() string {
	if n, ok := lookupName(protocolVersionTable, uint16(v)); ok {
		return n
	}
	if v>>8 == 0x7f {
		return tls13DraftNames[v&0xff]
	}
	if IsGREASE(uint16(v)) {
		return greaseName(uint16(v))
	}
	return unknownHex("ProtocolVersion", uint16(v))
}

// Known reports whether v is a defined version or a TLS 1.3 draft version.
func (v ProtocolVersion) Known() bool {
	_, ok := lookupName(protocolVersionTable, uint16(v))
	return ok || v>>8 == 0x7f
}

// IsGREASE reports whether v is one of the RFC 8701 reserved values.
func (v ProtocolVersion) IsGREASE() bool { return IsGREASE(uint16(v)) }

// VersionName returns the name of protocol version v, as
// ProtocolVersion(v).String.
func VersionName(v uint16) string { return ProtocolVersion(v).String() }
