package wire

import "golang.org/x/crypto/cryptobyte"

// This file holds the helpers shared by the typed extension bodies
// (ext_*.go) and the raw form of an extension.

// ExtensionType returns e.Type: *Extension is the ExtensionBody for
// extensions kept raw (unknown, GREASE, or not decoded by this package).
func (e *Extension) ExtensionType() ExtensionType { return e.Type }

// Unmarshal keeps data as it is (aliasing it); in is not used. Type is left
// unchanged: set it before, as NewExtensionBody and Extensions.Decode do.
func (e *Extension) Unmarshal(data []byte, _ ExtMessage) error {
	e.Data = data
	return nil
}

// Append appends Data.
func (e *Extension) Append(b []byte) ([]byte, error) { return append(b, e.Data...), nil }

// Len is len(Data).
func (e *Extension) Len() int { return len(e.Data) }

// extGrow returns s with one more element and a pointer to it. When s has
// spare capacity the element's previous contents are kept, so that the
// caller can reuse the slices it holds (truncating them with [:0]) and
// decoding into a reused value allocates nothing.
func extGrow[T any](s []T) ([]T, *T) {
	if len(s) < cap(s) {
		s = s[:len(s)+1]
	} else {
		var zero T
		s = append(s, zero)
	}
	return s, &s[len(s)-1]
}

// extEmpty checks that an extension body that must be empty is.
func extEmpty(msg string, data []byte) error {
	if len(data) != 0 {
		p := extParser(msg, &data)
		p.fail(cryptobyte.String(data), "extension_data", ErrTrailingData)
		return p.err
	}
	return nil
}

// extU8 decodes a body made of a single uint8.
func extU8(msg, field string, data []byte, v *uint8) error {
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	if !p.u8(&s, field, v) || !p.end(s, field) {
		return p.err
	}
	return nil
}

// extU16 decodes a body made of a single uint16.
func extU16(msg, field string, data []byte, v *uint16) error {
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	if !p.u16(&s, field, v) || !p.end(s, field) {
		return p.err
	}
	return nil
}

// extU32 decodes a body made of a single uint32.
func extU32(msg, field string, data []byte, v *uint32) error {
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	if !p.u32(&s, field, v) || !p.end(s, field) {
		return p.err
	}
	return nil
}

// extOpaque8 decodes a body made of one opaque<min..2^8-1> vector.
func extOpaque8(msg, field string, data []byte, min int, v *[]byte) error {
	if n := len(data) - 1; n >= min && n >= 0 && int(data[0]) == n {
		*v = data[1 : 1+n : 1+n] // well formed: no parser needed
		return nil
	}
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	if !p.bytes8(&s, field, min, v) || !p.end(s, field) {
		return p.err
	}
	return nil
}

// extOpaque16 decodes a body made of one opaque<min..2^16-1> vector.
func extOpaque16(msg, field string, data []byte, min int, v *[]byte) error {
	if n := len(data) - 2; n >= min && n >= 0 && int(data[0])<<8|int(data[1]) == n {
		*v = data[2 : 2+n : 2+n] // well formed: no parser needed
		return nil
	}
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	if !p.bytes16(&s, field, min, v) || !p.end(s, field) {
		return p.err
	}
	return nil
}

// extU16List decodes a body made of one vector of uint16 values with a
// prefix of size bytes (1 or 2) into dst[:0]. A well-formed body is read
// without setting up a parser, which only reports errors.
func extU16List(msg, field string, data []byte, size, min int, dst []uint16) ([]uint16, error) {
	if n := len(data) - size; n >= min && n >= 0 && n%2 == 0 && prefixLen(data, size) == n {
		return u16s(data[size:], dst), nil
	}
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	var body cryptobyte.String
	if !p.vec(&s, field, size, min, &body) {
		return dst[:0], p.err
	}
	dst, ok := p.u16list(body, field, dst)
	if !ok || !p.end(s, field) {
		return dst, p.err
	}
	return dst, nil
}

// prefixLen reads a big-endian length prefix of size bytes (1 or 2) at
// the start of data, which holds at least size bytes.
func prefixLen(data []byte, size int) int {
	if size == 1 {
		return int(data[0])
	}
	return int(data[0])<<8 | int(data[1])
}

// extAppendU8 appends a single uint8 body.
func extAppendU8(b []byte, v uint8) ([]byte, error) { return append(b, v), nil }

// extAppendU16 appends a single uint16 body.
func extAppendU16(b []byte, v uint16) ([]byte, error) { return append(b, byte(v>>8), byte(v)), nil }

// extAppendU32 appends a single uint32 body.
func extAppendU32(b []byte, v uint32) ([]byte, error) {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v)), nil
}

// extAppendVec appends one opaque vector with a prefix of size bytes.
func extAppendVec(b []byte, msg, field string, size int, v []byte) ([]byte, error) {
	if len(v) >= 1<<(8*size) {
		return b, &Error{Message: msg, Field: field, Offset: -1, Err: ErrTooLarge}
	}
	return append(appendPrefix(b, size, len(v)), v...), nil
}

// extAppendU16List appends one vector of uint16 values with a prefix of size bytes.
func extAppendU16List(b []byte, msg, field string, size int, v []uint16) ([]byte, error) {
	if 2*len(v) >= 1<<(8*size) {
		return b, &Error{Message: msg, Field: field, Offset: -1, Err: ErrTooLarge}
	}
	return appendU16s(appendPrefix(b, size, 2*len(v)), v), nil
}

// opaqueList decodes a vector body made of opaque<min..> items with a
// prefix of size bytes each into dst[:0] (items alias the input).
func (p *parser) opaqueList(body cryptobyte.String, field string, size, min int, dst [][]byte) ([][]byte, bool) {
	dst = dst[:0]
	for len(body) > 0 {
		var c cryptobyte.String
		if !p.vec(&body, field, size, min, &c) {
			return dst, false
		}
		dst = append(dst, c)
	}
	return dst, true
}

// opaqueList appends items each with a prefix of size bytes.
func (a *appender) opaqueList(field string, size int, v [][]byte) {
	for _, x := range v {
		a.vec(size, field, x)
	}
}

// opaqueListLen is the encoded length of items each with a prefix of size bytes.
func opaqueListLen(size int, v [][]byte) int {
	n := 0
	for _, x := range v {
		n += size + len(x)
	}
	return n
}

// extOpaqueList decodes a body made of one vector (prefix outer bytes, at
// least min bytes) of opaque items (prefix inner bytes, at least itemMin).
func extOpaqueList(msg, field, item string, data []byte, outer, min, inner, itemMin int, dst [][]byte) ([][]byte, error) {
	p := extParser(msg, &data)
	s := cryptobyte.String(data)
	var body cryptobyte.String
	if !p.vec(&s, field, outer, min, &body) {
		return dst[:0], p.err
	}
	dst, ok := p.opaqueList(body, item, inner, itemMin, dst)
	if !ok || !p.end(s, field) {
		return dst, p.err
	}
	return dst, nil
}

// extAppendOpaqueList appends a vector (prefix outer bytes) of opaque items (prefix inner bytes).
func extAppendOpaqueList(b []byte, msg, field, item string, outer, inner int, v [][]byte) ([]byte, error) {
	a := appender{b: b, msg: msg}
	at := a.open(outer)
	a.opaqueList(item, inner, v)
	a.close(at, outer, field)
	return a.result(b)
}

// extParser returns a parser for an extension body, first limiting the
// capacity of *data to its length: error offsets are computed from
// capacities (see parser), and vectors read from the body have their
// capacity cut at the body's end, so the input must end there too.
func extParser(msg string, data *[]byte) parser {
	*data = (*data)[:len(*data):len(*data)]
	return newParser(msg, *data)
}
