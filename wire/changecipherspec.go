package wire

// ChangeCipherSpec is the payload of a change_cipher_spec record (RFC 5246
// §7.1): a single byte that must be 1,
//
//	struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec;
//
// also sent (unprotected) for middlebox compatibility in TLS 1.3 (RFC 8446
// §5, D.4). Value keeps the byte as received so other values round-trip;
// Validate checks it.
type ChangeCipherSpec struct {
	// Value is type; 1 in every valid message.
	Value uint8
}

// ChangeCipherSpecValue is the only value RFC 5246 §7.1 defines.
const ChangeCipherSpecValue = 1

// Unmarshal decodes the record payload, which must be exactly one byte.
func (c *ChangeCipherSpec) Unmarshal(b []byte) error {
	switch {
	case len(b) == 0:
		return &Error{Message: "ChangeCipherSpec", Field: "type", Offset: 0, Err: ErrTruncated}
	case len(b) > 1:
		return &Error{Message: "ChangeCipherSpec", Field: "type", Offset: 1, Err: ErrTrailingData}
	}
	c.Value = b[0]
	return nil
}

// Append appends the byte.
func (c *ChangeCipherSpec) Append(b []byte) ([]byte, error) { return append(b, c.Value), nil }

// Len is 1.
func (c *ChangeCipherSpec) Len() int { return 1 }

// Validate checks that the value is 1 (RFC 5246 §7.1; RFC 8446 §5 requires
// a TLS 1.3 peer to abort on any other value).
func (c *ChangeCipherSpec) Validate() error {
	if c.Value != ChangeCipherSpecValue {
		return &Error{Message: "ChangeCipherSpec", Field: "type", Offset: 0, Err: ErrValue}
	}
	return nil
}
