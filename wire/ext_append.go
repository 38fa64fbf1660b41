package wire

// This file encodes extensions straight from their typed values, so that a
// message built from typed extensions is written in one pass: no buffer per
// extension body that the message then copies.

// AppendExtension appends one extension (RFC 8446 §4.2: extension_type,
// then extension_data with its 2-byte length) whose body v encodes.
func AppendExtension(b []byte, v ExtensionBody) ([]byte, error) {
	a := appender{b: b, msg: "Extensions"}
	a.extension(v)
	return a.result(b)
}

// extension appends the type, length and body of v: the per-extension
// cost of every message built from typed values.
func (a *appender) extension(v ExtensionBody) {
	t := v.ExtensionType()
	at := len(a.b)
	a.b = append(a.b, byte(t>>8), byte(t), 0, 0)
	var err error
	if a.b, err = v.Append(a.b); err != nil && a.err == nil {
		a.err = err
	}
	// The 2-byte length is patched here: close would not be inlined.
	if n := len(a.b) - at - 4; n > 0xffff {
		a.fail("extension_data", ErrTooLarge)
	} else {
		a.b[at+2], a.b[at+3] = byte(n>>8), byte(n)
	}
}

// extensionsFrom appends an extensions vector, with its 2-byte prefix,
// whose entries the typed values encode, in order.
func (a *appender) extensionsFrom(field string, bodies []ExtensionBody) {
	at := a.open(2)
	for _, v := range bodies {
		a.extension(v)
	}
	a.close(at, 2, field)
}

// AppendWithExtensions appends the ClientHello with its handshake header,
// taking its extensions block from bodies, in order, instead of from
// Extensions and ExtensionsPresent (each body gives its type,
// ExtensionType, and its extension_data): a hello built from typed
// extension values, encoded in one pass. An SSLv2 hello has no extensions
// and is refused.
func (m *ClientHello) AppendWithExtensions(b []byte, bodies []ExtensionBody) ([]byte, error) {
	if m.SSLv2 {
		return b, &Error{Message: "ClientHello", Field: "extensions", Offset: -1, Err: ErrValue}
	}
	a := appender{b: append(b, byte(TypeClientHello), 0, 0, 0), msg: "ClientHello"}
	m.appendBeforeExtensions(&a)
	a.extensionsFrom("extensions", bodies)
	out, err := a.result(b)
	if err != nil {
		return b, err
	}
	return patchMessageLength(b, out, TypeClientHello)
}
