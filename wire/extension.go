package wire

import "golang.org/x/crypto/cryptobyte"

// ExtensionType is a TLS extension code point (IANA "TLS ExtensionType
// Values", RFC 8446 §4.2).
type ExtensionType uint16

// Extension is one extension of a hello or other message, kept as its
// type and raw body (aliasing the input) in wire order. Typed forms of the
// bodies are decoded on demand from Data.
type Extension struct {
	Type ExtensionType
	Data []byte
}

// appendJSON appends "data", the body in hex: it has no typed form here.
func (e *Extension) appendJSON(b []byte) []byte { return jHex(b, "data", e.Data) }

// Extensions is an ordered list of extensions (RFC 8446 §4.2: extensions<0..2^16-1>).
// Order, duplicates, unknown and GREASE types are kept exactly as received.
type Extensions []Extension

// Find returns the body of the first extension of type t. It does not allocate.
func (e Extensions) Find(t ExtensionType) (data []byte, ok bool) {
	for i := range e {
		if e[i].Type == t {
			return e[i].Data, true
		}
	}
	return nil, false
}

// Has reports whether an extension of type t is present.
func (e Extensions) Has(t ExtensionType) bool {
	_, ok := e.Find(t)
	return ok
}

// Index returns the position of the first extension of type t, or -1.
func (e Extensions) Index(t ExtensionType) int {
	for i := range e {
		if e[i].Type == t {
			return i
		}
	}
	return -1
}

// bodyLen is the encoded length of the list without its 2-byte prefix.
func (e Extensions) bodyLen() int {
	n := 0
	for i := range e {
		n += 4 + len(e[i].Data)
	}
	return n
}

// parseExtensions decodes the body of an extensions vector into dst[:0].
func (p *parser) extensions(body cryptobyte.String, field string, dst Extensions) (Extensions, bool) {
	dst = dst[:0]
	// Fast path for well-formed entries: the 4-byte header is read by
	// index, without a call per field. Anything unusual (a short header or
	// a length past the end) leaves the loop for the general code below,
	// which names the field and the offset of the error.
	for len(body) >= 4 {
		n := int(body[2])<<8 | int(body[3])
		if n > len(body)-4 {
			break
		}
		dst = append(dst, Extension{
			Type: ExtensionType(body[0])<<8 | ExtensionType(body[1]),
			// Capacity limited to the length, as bytes16 gives.
			Data: []byte(body[4 : 4+n : 4+n]),
		})
		body = body[4+n:]
	}
	for len(body) > 0 {
		var t uint16
		var data []byte
		if !p.u16(&body, "extension_type", &t) || !p.bytes16(&body, "extension_data", 0, &data) {
			return dst, false
		}
		dst = append(dst, Extension{Type: ExtensionType(t), Data: data})
	}
	return dst, true
}

// extensionsBlock parses an extensions<0..2^16-1> vector (with its prefix).
func (p *parser) extensionsBlock(s *cryptobyte.String, field string, dst Extensions) (Extensions, bool) {
	var body cryptobyte.String
	if !p.vec16(s, field, 0, &body) {
		return dst[:0], false
	}
	return p.extensions(body, field, dst)
}

// extensions appends an extensions vector with its 2-byte prefix.
func (a *appender) extensions(field string, e Extensions) {
	at := a.open(2)
	dst := a.grow(e.bodyLen())
	for i := range e {
		t, n := e[i].Type, len(e[i].Data)
		if n > 0xffff {
			a.fail("extension_data", ErrTooLarge)
		}
		dst[0], dst[1], dst[2], dst[3] = byte(t>>8), byte(t), byte(n>>8), byte(n)
		dst = dst[4+copy(dst[4:], e[i].Data):]
	}
	a.close(at, 2, field)
}
