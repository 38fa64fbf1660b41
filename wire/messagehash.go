package wire

// MessageHash is the synthetic message that replaces ClientHello1 in the
// TLS 1.3 transcript after a HelloRetryRequest (RFC 8446 §4.4.1): a
// handshake header of type message_hash (254) followed by Hash(ClientHello1).
// It is never sent; it appears when transcripts are reconstructed.
type MessageHash struct {
	// Hash is the hash of ClientHello1: the whole body (aliases the input).
	Hash []byte
}

// Type returns TypeMessageHash.
func (*MessageHash) Type() HandshakeType { return TypeMessageHash }

// Unmarshal decodes a complete message_hash message (with header).
func (m *MessageHash) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *MessageHash) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *MessageHash) Len() int { return MessageLen(m) }

// UnmarshalBody keeps the whole body as Hash. It never fails. ctx is not used.
func (m *MessageHash) UnmarshalBody(body []byte, _ Context) error {
	m.Hash = body[:len(body):len(body)]
	return nil
}

// BodyLen is len(Hash).
func (m *MessageHash) BodyLen() int { return len(m.Hash) }

// AppendBody appends Hash.
func (m *MessageHash) AppendBody(b []byte) ([]byte, error) { return append(b, m.Hash...), nil }

// appendJSON appends the hash.
func (m *MessageHash) appendJSON(b []byte, _ *extScratch) []byte { return jHex(b, "hash", m.Hash) }

// appendSummary appends the hash size.
func (m *MessageHash) appendSummary(b []byte, _ *extScratch) []byte {
	return sSize(append(b, "MessageHash"...), "hash", len(m.Hash))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *MessageHash) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
