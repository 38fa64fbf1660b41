package wire

import "golang.org/x/crypto/cryptobyte"

// HelloVerifyRequest is the DTLS 1.0/1.2 server's stateless cookie
// challenge (RFC 6347 §4.2.1, RFC 4347 §4.2.1). DTLS 1.3 uses a
// HelloRetryRequest with a cookie extension instead (RFC 9147 §5.1).
type HelloVerifyRequest struct {
	// ServerVersion is server_version. RFC 6347 §4.2.1 says it is DTLS 1.0
	// (0xfeff) whatever version is to be negotiated; it is kept as sent.
	ServerVersion uint16
	// Cookie is cookie<0..2^8-1> (RFC 6347; DTLS 1.0, RFC 4347, had <0..32>).
	Cookie []byte
}

// Type returns TypeHelloVerifyRequest.
func (*HelloVerifyRequest) Type() HandshakeType { return TypeHelloVerifyRequest }

// Unmarshal decodes a complete HelloVerifyRequest handshake message (with
// header). A DTLS message's body is usually decoded with UnmarshalBody after
// reassembly instead.
func (m *HelloVerifyRequest) Unmarshal(msg []byte) error {
	return unmarshalMessage(m, msg, Context{})
}

// Append appends the message with its TLS handshake header.
func (m *HelloVerifyRequest) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its TLS handshake header.
func (m *HelloVerifyRequest) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a HelloVerifyRequest body. ctx is not used.
func (m *HelloVerifyRequest) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("HelloVerifyRequest", body)
	s := cryptobyte.String(body)
	if !p.u16(&s, "server_version", &m.ServerVersion) ||
		!p.bytes8(&s, "cookie", 0, &m.Cookie) ||
		!p.end(s, "cookie") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *HelloVerifyRequest) BodyLen() int { return 2 + 1 + len(m.Cookie) }

// AppendBody appends the HelloVerifyRequest body.
func (m *HelloVerifyRequest) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "HelloVerifyRequest"}
	a.u16(m.ServerVersion)
	a.vec8("cookie", m.Cookie)
	return a.result(b)
}

// appendJSON appends server_version and the cookie.
func (m *HelloVerifyRequest) appendJSON(b []byte, _ *extScratch) []byte {
	b = jReg(b, "server_version", ProtocolVersion(m.ServerVersion), grease16)
	return jHex(b, "cookie", m.Cookie)
}

// appendSummary appends the version and the cookie size.
func (m *HelloVerifyRequest) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "HelloVerifyRequest"...)
	b = sName(append(b, ' '), ProtocolVersion(m.ServerVersion), grease16)
	return sSize(b, "cookie", len(m.Cookie))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *HelloVerifyRequest) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
