package wire

// PaddingExtension is the padding extension (RFC 7685 §3). The body is
// kept as received so that padding with non-zero bytes (which the RFC
// forbids, see Validate) still round-trips.
type PaddingExtension struct {
	// Padding is the extension_data; its length is the padding length.
	Padding []byte
}

// ExtensionType returns padding (21).
func (*PaddingExtension) ExtensionType() ExtensionType { return ExtensionPadding }

// Unmarshal keeps extension_data (aliasing it); in is not used.
func (e *PaddingExtension) Unmarshal(data []byte, _ ExtMessage) error {
	e.Padding = data
	return nil
}

// Append appends extension_data.
func (e *PaddingExtension) Append(b []byte) ([]byte, error) { return append(b, e.Padding...), nil }

// Len is the length Append appends.
func (e *PaddingExtension) Len() int { return len(e.Padding) }

// Validate checks that the padding is all zero bytes (RFC 7685 §3).
func (e *PaddingExtension) Validate() error {
	for i, c := range e.Padding {
		if c != 0 {
			return &Error{Message: "padding", Field: "extension_data", Offset: i, Err: ErrValue}
		}
	}
	return nil
}

// appendJSON appends the padding length, and the padding itself when it is
// not all zero as RFC 7685 §3 requires.
func (e *PaddingExtension) appendJSON(b []byte) []byte {
	b = jUint(b, "padding_length", uint64(len(e.Padding)))
	for _, c := range e.Padding {
		if c != 0 {
			return jHex(b, "padding", e.Padding)
		}
	}
	return b
}
