package wire

// Finished carries verify_data, the MAC over the handshake transcript
// (RFC 8446 §4.4.4, RFC 5246 §7.4.9): struct { opaque verify_data[N]; }.
// N is 36 in SSL 3.0 (RFC 6101 §5.6.9: md5_hash and sha_hash), 12 in
// TLS 1.0-1.2 for every standard suite, and the hash length of the suite in
// TLS 1.3. The length is not checked: the whole body is verify_data.
type Finished struct {
	// VerifyData is verify_data (aliases the input).
	VerifyData []byte
}

// Type returns TypeFinished.
func (*Finished) Type() HandshakeType { return TypeFinished }

// Unmarshal decodes a complete Finished handshake message (with header).
func (m *Finished) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *Finished) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *Finished) Len() int { return MessageLen(m) }

// UnmarshalBody keeps the whole body as VerifyData. It never fails. ctx is not used.
func (m *Finished) UnmarshalBody(body []byte, _ Context) error {
	m.VerifyData = body[:len(body):len(body)]
	return nil
}

// BodyLen is len(VerifyData).
func (m *Finished) BodyLen() int { return len(m.VerifyData) }

// AppendBody appends VerifyData.
func (m *Finished) AppendBody(b []byte) ([]byte, error) { return append(b, m.VerifyData...), nil }

// appendJSON appends verify_data.
func (m *Finished) appendJSON(b []byte, _ *extScratch) []byte {
	return jHex(b, "verify_data", m.VerifyData)
}

// appendSummary appends the size of verify_data.
func (m *Finished) appendSummary(b []byte, _ *extScratch) []byte {
	return sSize(append(b, "Finished"...), "verify_data", len(m.VerifyData))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *Finished) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
