package wire

// EndOfEarlyData is sent by a TLS 1.3 client after its 0-RTT data, under the
// early traffic keys (RFC 8446 §4.5). Its body is empty:
// struct {} EndOfEarlyData.
type EndOfEarlyData struct{}

// Type returns TypeEndOfEarlyData.
func (*EndOfEarlyData) Type() HandshakeType { return TypeEndOfEarlyData }

// Unmarshal decodes a complete EndOfEarlyData handshake message (with header).
func (m *EndOfEarlyData) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *EndOfEarlyData) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *EndOfEarlyData) Len() int { return MessageLen(m) }

// UnmarshalBody checks that the body is empty (ErrTrailingData otherwise).
// ctx is not used.
func (m *EndOfEarlyData) UnmarshalBody(body []byte, _ Context) error {
	return emptyBody("EndOfEarlyData", body)
}

// BodyLen is 0.
func (*EndOfEarlyData) BodyLen() int { return 0 }

// AppendBody appends nothing.
func (*EndOfEarlyData) AppendBody(b []byte) ([]byte, error) { return b, nil }

// appendJSON appends nothing: the body is empty.
func (*EndOfEarlyData) appendJSON(b []byte, _ *extScratch) []byte { return b }

// appendSummary appends the name: the body is empty.
func (*EndOfEarlyData) appendSummary(b []byte, _ *extScratch) []byte {
	return append(b, "EndOfEarlyData"...)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *EndOfEarlyData) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
