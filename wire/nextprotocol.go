package wire

import "golang.org/x/crypto/cryptobyte"

// NextProtocol is the client's protocol selection in Next Protocol
// Negotiation (draft-agl-tls-nextprotoneg-04 §3, the precursor of ALPN),
// sent encrypted after ChangeCipherSpec:
// struct { opaque selected_protocol<0..255>; opaque padding<0..255>; } NextProtocol.
// The padding hides the protocol's length: senders make the body a
// multiple of 32 bytes (NextProtocolPaddingLen).
type NextProtocol struct {
	// SelectedProtocol is selected_protocol (aliases the input).
	SelectedProtocol []byte
	// Padding is padding (aliases the input); kept so that any padding
	// round-trips. See Validate.
	Padding []byte
}

// NextProtocolPaddingLen is the padding length the draft specifies for a
// selected_protocol of n bytes: 32 - ((n + 2) % 32), so the body
// 2+n+padding is a multiple of 32.
func NextProtocolPaddingLen(n int) int { return 32 - (n+2)%32 }

// Type returns TypeNextProtocol.
func (*NextProtocol) Type() HandshakeType { return TypeNextProtocol }

// Unmarshal decodes a complete NextProtocol handshake message (with header).
func (m *NextProtocol) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *NextProtocol) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *NextProtocol) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a NextProtocol body. ctx is not used.
func (m *NextProtocol) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("NextProtocol", body)
	s := cryptobyte.String(body)
	if !p.bytes8(&s, "selected_protocol", 0, &m.SelectedProtocol) ||
		!p.bytes8(&s, "padding", 0, &m.Padding) ||
		!p.end(s, "padding") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *NextProtocol) BodyLen() int { return 1 + len(m.SelectedProtocol) + 1 + len(m.Padding) }

// AppendBody appends the NextProtocol body.
func (m *NextProtocol) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "NextProtocol"}
	a.vec8("selected_protocol", m.SelectedProtocol)
	a.vec8("padding", m.Padding)
	return a.result(b)
}

// Validate checks the padding the draft describes: zero bytes, of length
// NextProtocolPaddingLen(len(SelectedProtocol)) (a SHOULD in the draft;
// OpenSSL and Go sent exactly this).
func (m *NextProtocol) Validate() error {
	if len(m.Padding) != NextProtocolPaddingLen(len(m.SelectedProtocol)) {
		return &Error{Message: "NextProtocol", Field: "padding", Offset: -1, Err: ErrLength}
	}
	for _, c := range m.Padding {
		if c != 0 {
			return &Error{Message: "NextProtocol", Field: "padding", Offset: -1, Err: ErrValue}
		}
	}
	return nil
}

// appendJSON appends the selected protocol and the padding length.
func (m *NextProtocol) appendJSON(b []byte, _ *extScratch) []byte {
	b = jText(b, "selected_protocol", m.SelectedProtocol)
	return jUint(b, "padding_length", uint64(len(m.Padding)))
}

// appendSummary appends the selected protocol.
func (m *NextProtocol) appendSummary(b []byte, _ *extScratch) []byte {
	return sText(append(b, "NextProtocol protocol="...), m.SelectedProtocol)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *NextProtocol) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
