package wire

// HelloRequest asks the client to begin a new handshake (RFC 5246 §7.4.1.1,
// RFC 4346 §7.4.1.1). Its body is empty: struct { } HelloRequest. TLS 1.3
// has no such message.
type HelloRequest struct{}

// Type returns TypeHelloRequest.
func (*HelloRequest) Type() HandshakeType { return TypeHelloRequest }

// Unmarshal decodes a complete HelloRequest handshake message (with header).
func (m *HelloRequest) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *HelloRequest) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *HelloRequest) Len() int { return MessageLen(m) }

// UnmarshalBody checks that the body is empty (ErrTrailingData otherwise).
// ctx is not used.
func (m *HelloRequest) UnmarshalBody(body []byte, _ Context) error {
	return emptyBody("HelloRequest", body)
}

// BodyLen is 0.
func (*HelloRequest) BodyLen() int { return 0 }

// AppendBody appends nothing.
func (*HelloRequest) AppendBody(b []byte) ([]byte, error) { return b, nil }

// appendJSON appends nothing: the body is empty.
func (*HelloRequest) appendJSON(b []byte, _ *extScratch) []byte { return b }

// appendSummary appends the name: the body is empty.
func (*HelloRequest) appendSummary(b []byte, _ *extScratch) []byte {
	return append(b, "HelloRequest"...)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *HelloRequest) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// emptyBody is the UnmarshalBody of the messages whose body is an empty
// struct: any byte is trailing data. msg must be a constant.
func emptyBody(msg string, body []byte) error {
	if len(body) != 0 {
		return &Error{Message: msg, Field: "body", Offset: 0, Err: ErrTrailingData}
	}
	return nil
}
