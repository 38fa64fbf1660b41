package wire

import (
	"bytes"

	"golang.org/x/crypto/cryptobyte"
)

// HelloRetryRequestRandom is the Random value that marks a ServerHello as a
// HelloRetryRequest (RFC 8446 §4.1.3): SHA-256("HelloRetryRequest").
var HelloRetryRequestRandom = []byte{
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
}

// Downgrade sentinels: the last 8 bytes of a TLS 1.3 server's Random when it
// negotiates TLS 1.2 or below (RFC 8446 §4.1.3).
var (
	DowngradeSentinelTLS12 = []byte{0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01}
	DowngradeSentinelTLS11 = []byte{0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00}
)

// ServerHello is the server's reply to a ClientHello (RFC 8446 §4.1.3,
// RFC 5246 §7.4.1.3), including its HelloRetryRequest form, which is a
// ServerHello whose Random is HelloRetryRequestRandom, and the shorter
// layout of TLS 1.3 drafts up to 21 (see IsDraftForm).
type ServerHello struct {
	// LegacyVersion is server_version (TLS <= 1.2) or legacy_version
	// (TLS 1.3: 0x0303, the real version is in supported_versions).
	LegacyVersion uint16
	// Random is the 32-byte server random.
	Random []byte
	// SessionID is legacy_session_id_echo<0..32>.
	SessionID []byte
	// CipherSuite is the selected cipher suite.
	CipherSuite uint16
	// CompressionMethod is legacy_compression_method.
	CompressionMethod uint8
	// ExtensionsPresent records whether the extensions block was present.
	ExtensionsPresent bool
	// Extensions in wire order.
	Extensions Extensions
}

// Type returns TypeServerHello.
func (*ServerHello) Type() HandshakeType { return TypeServerHello }

// IsDraftForm reports whether the hello uses the layout of TLS 1.3 drafts
// up to 21 (draft-ietf-tls-tls13-21 §4.1.3), which has no session ID and
// no compression method: { version, random, cipher_suite, extensions }.
// The form follows LegacyVersion (see UsesDraftServerHello), so decoding
// and encoding always agree.
func (m *ServerHello) IsDraftForm() bool { return UsesDraftServerHello(m.LegacyVersion) }

// UsesDraftServerHello reports whether a ServerHello with version v has
// the draft layout: TLS 1.3 drafts 0x7f00 to 0x7f15 (draft 21) and the
// 0x7eXX experiment variants of draft 18. From draft 22 on, ServerHello
// has the TLS 1.2 shape and carries the version in supported_versions.
func UsesDraftServerHello(v uint16) bool {
	return v>>8 == 0x7e || (v>>8 == 0x7f && v&0xff <= 21)
}

// Unmarshal decodes a complete ServerHello handshake message (with header).
func (m *ServerHello) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *ServerHello) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *ServerHello) Len() int { return MessageLen(m) }

// IsHelloRetryRequest reports whether the message is a HelloRetryRequest
// (RFC 8446 §4.1.3).
func (m *ServerHello) IsHelloRetryRequest() bool {
	return bytes.Equal(m.Random, HelloRetryRequestRandom)
}

// DowngradeSentinel returns VersionTLS12 or VersionTLS11 when the Random ends
// with the corresponding RFC 8446 §4.1.3 downgrade sentinel, else 0.
func (m *ServerHello) DowngradeSentinel() uint16 {
	if len(m.Random) != 32 {
		return 0
	}
	switch tail := m.Random[24:]; {
	case bytes.Equal(tail, DowngradeSentinelTLS12):
		return VersionTLS12
	case bytes.Equal(tail, DowngradeSentinelTLS11):
		return VersionTLS11
	}
	return 0
}

// SelectedVersion returns the negotiated version: the supported_versions
// extension's selected_version when present and well-formed (RFC 8446
// §4.2.1), else LegacyVersion.
func (m *ServerHello) SelectedVersion() uint16 {
	if d, ok := m.Extensions.Find(ExtensionSupportedVersions); ok && len(d) == 2 {
		return uint16(d[0])<<8 | uint16(d[1])
	}
	return m.LegacyVersion
}

// UnmarshalBody decodes a ServerHello body. ctx is not used.
func (m *ServerHello) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("ServerHello", body)
	s := cryptobyte.String(body)
	m.ExtensionsPresent = false
	m.Extensions = m.Extensions[:0]
	m.SessionID, m.CompressionMethod = nil, 0
	if !p.u16(&s, "legacy_version", &m.LegacyVersion) ||
		!p.bytes(&s, "random", 32, &m.Random) {
		return p.err
	}
	if m.IsDraftForm() {
		if !p.u16(&s, "cipher_suite", &m.CipherSuite) {
			return p.err
		}
	} else if !p.bytes8(&s, "legacy_session_id_echo", 0, &m.SessionID) ||
		!p.u16(&s, "cipher_suite", &m.CipherSuite) ||
		!p.u8(&s, "legacy_compression_method", &m.CompressionMethod) {
		return p.err
	}
	if len(s) == 0 {
		return nil
	}
	m.ExtensionsPresent = true
	var ok bool
	if m.Extensions, ok = p.extensionsBlock(&s, "extensions", m.Extensions); !ok || !p.end(s, "extensions") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *ServerHello) BodyLen() int {
	n := 2 + len(m.Random) + 1 + len(m.SessionID) + 2 + 1
	if m.IsDraftForm() {
		n = 2 + len(m.Random) + 2
	}
	if m.ExtensionsPresent || len(m.Extensions) > 0 {
		n += 2 + m.Extensions.bodyLen()
	}
	return n
}

// AppendBody appends the ServerHello body.
func (m *ServerHello) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "ServerHello"}
	if len(m.Random) != 32 {
		a.fail("random", ErrLength)
	}
	a.u16(m.LegacyVersion)
	a.raw(m.Random)
	if m.IsDraftForm() {
		if len(m.SessionID) != 0 || m.CompressionMethod != 0 {
			a.fail("legacy_session_id_echo", ErrValue) // the draft layout has neither field
		}
		a.u16(m.CipherSuite)
	} else {
		a.vec8("legacy_session_id_echo", m.SessionID)
		a.u16(m.CipherSuite)
		a.u8(m.CompressionMethod)
	}
	if m.ExtensionsPresent || len(m.Extensions) > 0 {
		a.extensions("extensions", m.Extensions)
	}
	return a.result(b)
}

// extMessage is the message the extensions of m appear in: InServerHello
// or InHelloRetryRequest.
func (m *ServerHello) extMessage() ExtMessage {
	if m.IsHelloRetryRequest() {
		return InHelloRetryRequest
	}
	return InServerHello
}

// appendJSON appends the ServerHello members (RFC 8446 §4.1.3), with
// "hello_retry_request" telling the two forms apart.
func (m *ServerHello) appendJSON(b []byte, sc *extScratch) []byte {
	b = jReg(b, "legacy_version", ProtocolVersion(m.LegacyVersion), grease16)
	b = jHex(b, "random", m.Random)
	in := m.extMessage()
	b = jBool(b, "hello_retry_request", in == InHelloRetryRequest)
	b = jHex(b, "legacy_session_id_echo", m.SessionID)
	b = jReg(b, "cipher_suite", CipherSuite(m.CipherSuite), grease16)
	b = jReg(b, "legacy_compression_method", CompressionMethod(m.CompressionMethod), greaseNone)
	return appendExtensionsJSON(b, "extensions", m.Extensions, in, sc)
}

// appendSummary appends HelloRetryRequest or ServerHello, the negotiated
// version (supported_versions, else legacy_version), the cipher suite, the
// key share group and ALPN; without a key share (TLS 1.2 and earlier), the
// number of extensions.
func (m *ServerHello) appendSummary(b []byte, sc *extScratch) []byte {
	in := m.extMessage()
	if in == InHelloRetryRequest {
		b = append(b, "HelloRetryRequest "...)
	} else {
		b = append(b, "ServerHello "...)
	}
	version := ProtocolVersion(m.LegacyVersion)
	if e, ok := findExt(sc, m.Extensions, ExtensionSupportedVersions, in).(*SupportedVersionsExtension); ok {
		version = ProtocolVersion(e.Selected)
	}
	b = sName(b, version, grease16)
	b = sName(append(b, ' '), CipherSuite(m.CipherSuite), grease16)
	e, keyShare := findExt(sc, m.Extensions, ExtensionKeyShare, in).(*KeyShareExtension)
	if keyShare {
		g := e.ServerShare.Group
		if in == InHelloRetryRequest {
			g = e.SelectedGroup
		}
		b = sName(append(b, " group="...), NamedGroup(g), grease16)
	}
	b = sALPN(b, sc, m.Extensions, in)
	if !keyShare { // TLS 1.2 and earlier: the extensions say more than a group
		b = sCount(b, "exts", len(m.Extensions))
	}
	return b
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *ServerHello) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
