package wire

// ServerHelloDone ends the server's hello flight in TLS 1.2 and earlier
// (RFC 5246 §7.4.5). Its body is empty: struct { } ServerHelloDone.
type ServerHelloDone struct{}

// Type returns TypeServerHelloDone.
func (*ServerHelloDone) Type() HandshakeType { return TypeServerHelloDone }

// Unmarshal decodes a complete ServerHelloDone handshake message (with header).
func (m *ServerHelloDone) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *ServerHelloDone) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *ServerHelloDone) Len() int { return MessageLen(m) }

// UnmarshalBody checks that the body is empty (ErrTrailingData otherwise).
// ctx is not used.
func (m *ServerHelloDone) UnmarshalBody(body []byte, _ Context) error {
	return emptyBody("ServerHelloDone", body)
}

// BodyLen is 0.
func (*ServerHelloDone) BodyLen() int { return 0 }

// AppendBody appends nothing.
func (*ServerHelloDone) AppendBody(b []byte) ([]byte, error) { return b, nil }

// appendJSON appends nothing: the body is empty.
func (*ServerHelloDone) appendJSON(b []byte, _ *extScratch) []byte { return b }

// appendSummary appends the name: the body is empty.
func (*ServerHelloDone) appendSummary(b []byte, _ *extScratch) []byte {
	return append(b, "ServerHelloDone"...)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *ServerHelloDone) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
