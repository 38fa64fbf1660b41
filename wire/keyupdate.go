package wire

import "golang.org/x/crypto/cryptobyte"

// KeyUpdate signals that the sender is updating its traffic keys
// (RFC 8446 §4.6.3): struct { KeyUpdateRequest request_update; } KeyUpdate.
type KeyUpdate struct {
	// RequestUpdate is request_update: whether the peer should update its
	// keys too. Values other than 0 and 1 are kept (see Validate).
	RequestUpdate KeyUpdateRequest
}

// Type returns TypeKeyUpdate.
func (*KeyUpdate) Type() HandshakeType { return TypeKeyUpdate }

// Unmarshal decodes a complete KeyUpdate handshake message (with header).
func (m *KeyUpdate) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *KeyUpdate) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *KeyUpdate) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a KeyUpdate body. ctx is not used.
func (m *KeyUpdate) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("KeyUpdate", body)
	s := cryptobyte.String(body)
	var v uint8
	if !p.u8(&s, "request_update", &v) || !p.end(s, "request_update") {
		return p.err
	}
	m.RequestUpdate = KeyUpdateRequest(v)
	return nil
}

// BodyLen is 1.
func (*KeyUpdate) BodyLen() int { return 1 }

// AppendBody appends the KeyUpdate body.
func (m *KeyUpdate) AppendBody(b []byte) ([]byte, error) {
	return append(b, byte(m.RequestUpdate)), nil
}

// Validate checks that request_update is update_not_requested or
// update_requested; RFC 8446 §4.6.3 makes any other value an
// illegal_parameter alert.
func (m *KeyUpdate) Validate() error {
	if m.RequestUpdate > KeyUpdateRequested {
		return &Error{Message: "KeyUpdate", Field: "request_update", Offset: -1, Err: ErrValue}
	}
	return nil
}

// appendJSON appends request_update with its name.
func (m *KeyUpdate) appendJSON(b []byte, _ *extScratch) []byte {
	return jReg(b, "request_update", m.RequestUpdate, greaseNone)
}

// appendSummary appends the name of request_update.
func (m *KeyUpdate) appendSummary(b []byte, _ *extScratch) []byte {
	return sName(append(b, "KeyUpdate "...), m.RequestUpdate, greaseNone)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *KeyUpdate) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
