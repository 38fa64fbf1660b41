package wire

// Decoder decodes the handshake messages of one connection. It learns the
// Context (negotiated version and key exchange) from the ServerHello, so
// later messages whose form depends on it decode correctly, and it decodes
// each message type into a value it reuses: after warm-up, decoding
// allocates nothing. A Decoder is not safe for concurrent use.
type Decoder struct {
	// Context is what the decoder knows of the connection. It is updated
	// from each ServerHello (and HelloRetryRequest); a caller that knows it
	// from elsewhere may set it.
	Context Context

	values  [256]Message
	unknown UnknownMessage
}

// Reset forgets the connection's context, keeping the reusable values.
func (d *Decoder) Reset() { d.Context = Context{} }

// value returns the reusable value for type t.
func (d *Decoder) value(t HandshakeType) Message {
	if d.values[t] == nil {
		d.values[t] = NewMessage(t)
	}
	return d.values[t]
}

// Decode decodes a complete TLS handshake message (with its 4-byte header).
// The returned value belongs to the decoder and is overwritten by the next
// Decode of the same type; it aliases msg. On a structural error in the
// body it returns the message as an *UnknownMessage with the error, so a
// caller can still show the raw bytes.
func (d *Decoder) Decode(msg []byte) (Message, error) {
	t, body, err := ParseHandshakeHeader(msg)
	if err != nil {
		return nil, err
	}
	m, err := d.DecodeBody(t, body)
	return m, shiftOffset(err, handshakeHeaderLen)
}

// DecodeBody decodes a message body of type t, as handed out by the DTLS
// reassembler. Ownership and errors are as for Decode.
func (d *Decoder) DecodeBody(t HandshakeType, body []byte) (Message, error) {
	m := d.value(t)
	if err := m.UnmarshalBody(body, d.Context); err != nil {
		d.unknown.HandshakeType, d.unknown.Body = t, body
		return &d.unknown, err
	}
	if sh, ok := m.(*ServerHello); ok {
		d.Context.Learn(sh)
	}
	return m, nil
}
