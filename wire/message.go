package wire

import "golang.org/x/crypto/cryptobyte"

// Message is implemented by every handshake message type. A value is
// reusable: UnmarshalBody overwrites every field (slices are truncated and
// refilled in place), so decoding into the same value again allocates nothing
// once its slices have grown to size. Byte fields alias the input.
//
// The TLS handshake header (RFC 8446 §4: msg_type, uint24 length) is added
// by Append and checked by the per-type Unmarshal; the DTLS header (RFC 9147
// §5.2) is handled by DTLSHandshakeHeader and the Reassembler, which hand the
// body to UnmarshalBody.
type Message interface {
	// Type is the HandshakeType this value encodes.
	Type() HandshakeType
	// UnmarshalBody decodes a message body (without handshake header). ctx
	// gives the negotiated version and key exchange for the messages whose
	// form depends on them; other messages ignore it. Error offsets are
	// relative to body.
	UnmarshalBody(body []byte, ctx Context) error
	// AppendBody appends the message body to b.
	AppendBody(b []byte) ([]byte, error)
	// BodyLen is the length AppendBody appends.
	BodyLen() int
}

// handshakeHeaderLen is the size of the TLS handshake header.
const handshakeHeaderLen = 4

// MaxHandshakeLen is the largest body a handshake header can describe (2^24-1).
const MaxHandshakeLen = 1<<24 - 1

// ParseHandshakeHeader splits a TLS handshake message (RFC 8446 §4) into its
// type and body. The body must be exactly as long as the header says.
func ParseHandshakeHeader(msg []byte) (HandshakeType, []byte, error) {
	if len(msg) >= handshakeHeaderLen && int(msg[1])<<16|int(msg[2])<<8|int(msg[3]) == len(msg)-handshakeHeaderLen {
		return HandshakeType(msg[0]), msg[handshakeHeaderLen:len(msg):len(msg)], nil // well formed: no parser needed
	}
	s := cryptobyte.String(msg)
	p := newParser("Handshake", msg)
	var t uint8
	var body cryptobyte.String
	if !p.u8(&s, "msg_type", &t) || !p.vec24(&s, "length", 0, &body) || !p.end(s, "length") {
		return HandshakeType(t), nil, p.err
	}
	return HandshakeType(t), body[:len(body):len(body)], nil // capped: see parser.bytes8
}

// unmarshalMessage checks the header of msg against m's type and decodes the body.
func unmarshalMessage(m Message, msg []byte, ctx Context) error {
	t, body, err := ParseHandshakeHeader(msg)
	if err != nil {
		return err
	}
	if t != m.Type() {
		return &Error{Message: m.Type().String(), Field: "msg_type", Offset: 0, Err: ErrValue}
	}
	return shiftOffset(m.UnmarshalBody(body, ctx), handshakeHeaderLen)
}

// appendMessage appends m with its TLS handshake header.
// The length is back-patched once the body is written, so the body's
// length is never computed separately (BodyLen walks every list).
func appendMessage(b []byte, m Message) ([]byte, error) {
	out, err := m.AppendBody(append(b, byte(m.Type()), 0, 0, 0))
	if err != nil {
		return b, err // not extended by the header either
	}
	return patchMessageLength(b, out, m.Type())
}

// patchMessageLength writes into the handshake header that out holds at
// len(b) the length of the body appended after it, and returns out; or b
// and an error when the body is over MaxHandshakeLen.
func patchMessageLength(b, out []byte, t HandshakeType) ([]byte, error) {
	start := len(b)
	n := len(out) - start - handshakeHeaderLen
	if n > MaxHandshakeLen {
		return b, &Error{Message: t.String(), Field: "length", Offset: -1, Err: ErrTooLarge}
	}
	out[start+1], out[start+2], out[start+3] = byte(n>>16), byte(n>>8), byte(n)
	return out, nil
}

// AppendMessage appends m with its TLS handshake header (RFC 8446 §4).
func AppendMessage(b []byte, m Message) ([]byte, error) { return appendMessage(b, m) }

// UnmarshalMessage decodes a full TLS handshake message (header included) into m.
func UnmarshalMessage(m Message, msg []byte, ctx Context) error {
	return unmarshalMessage(m, msg, ctx)
}

// MessageLen is the length of m with its TLS handshake header.
func MessageLen(m Message) int { return handshakeHeaderLen + m.BodyLen() }

// UnknownMessage carries a handshake message of a type this package does
// not decode (or one the caller chose not to decode) as raw bytes, so that
// it round-trips unchanged.
type UnknownMessage struct {
	HandshakeType HandshakeType
	Body          []byte
}

// Type returns the message's handshake type.
func (m *UnknownMessage) Type() HandshakeType { return m.HandshakeType }

// UnmarshalBody keeps body as it is (aliasing it).
func (m *UnknownMessage) UnmarshalBody(body []byte, _ Context) error {
	m.Body = body
	return nil
}

// Unmarshal decodes a full handshake message of any type, keeping its body raw.
func (m *UnknownMessage) Unmarshal(msg []byte) error {
	t, body, err := ParseHandshakeHeader(msg)
	if err != nil {
		return err
	}
	m.HandshakeType, m.Body = t, body
	return nil
}

// AppendBody appends the raw body.
func (m *UnknownMessage) AppendBody(b []byte) ([]byte, error) { return append(b, m.Body...), nil }

// BodyLen is len(Body).
func (m *UnknownMessage) BodyLen() int { return len(m.Body) }

// Append appends the message with its handshake header.
func (m *UnknownMessage) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *UnknownMessage) Len() int { return MessageLen(m) }

// appendJSON appends the body in hex.
func (m *UnknownMessage) appendJSON(b []byte, _ *extScratch) []byte { return jHex(b, "body", m.Body) }

// appendSummary appends Handshake(N), the type's name if it has one, and
// the body size.
func (m *UnknownMessage) appendSummary(b []byte, _ *extScratch) []byte { return appendRawSummary(b, m) }

// MarshalJSON renders m with AppendMessageJSON.
func (m *UnknownMessage) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
