package wire

import (
	"encoding/binary"

	"golang.org/x/crypto/cryptobyte"
)

// parser wraps cryptobyte reads with error reporting. Offsets are derived
// from slice capacities: every cryptobyte.String read from the input keeps
// the capacity up to the end of the original array, so cap(in)-cap(s) is
// the position of s within in. Nothing is allocated unless a read fails.
type parser struct {
	msg   string // structure name for errors
	start int    // cap of the outermost input
	err   error  // first failure
}

func newParser(msg string, in []byte) parser {
	return parser{msg: msg, start: cap(in)}
}

// offset returns the position of s within the input the parser was built for.
func (p *parser) offset(s cryptobyte.String) int { return p.start - cap(s) }

// fail records the first failure and returns false so that parse code can
// write `if !ok { return p.fail(...) }` style chains. It always returns false.
func (p *parser) fail(s cryptobyte.String, field string, cause error) bool {
	if p.err == nil {
		p.err = &Error{Message: p.msg, Field: field, Offset: p.offset(s), Err: cause}
	}
	return false
}

// u8, u16, u24, u32 read big-endian integers. u8 and u16 read by index
// (small enough to be inlined); the failure path is fail.
func (p *parser) u8(s *cryptobyte.String, field string, v *uint8) bool {
	if b := *s; len(b) >= 1 {
		*v, *s = b[0], b[1:]
		return true
	}
	return p.fail(*s, field, ErrTruncated)
}

func (p *parser) u16(s *cryptobyte.String, field string, v *uint16) bool {
	if b := *s; len(b) >= 2 {
		*v, *s = uint16(b[0])<<8|uint16(b[1]), b[2:]
		return true
	}
	return p.fail(*s, field, ErrTruncated)
}

func (p *parser) u24(s *cryptobyte.String, field string, v *uint32) bool {
	return s.ReadUint24(v) || p.fail(*s, field, ErrTruncated)
}

func (p *parser) u32(s *cryptobyte.String, field string, v *uint32) bool {
	return s.ReadUint32(v) || p.fail(*s, field, ErrTruncated)
}

// bytes reads n bytes, aliasing the input (capacity limited to n, as for bytes8).
func (p *parser) bytes(s *cryptobyte.String, field string, n int, v *[]byte) bool {
	if b := *s; n >= 0 && len(b) >= n {
		*v, *s = b[:n:n], b[n:]
		return true
	}
	return p.fail(*s, field, ErrTruncated)
}

// vec8, vec16, vec24 read a vector with a 1, 2 or 3 byte length prefix and
// check that its length is at least min. The result aliases the input and
// keeps the capacity of s, so that offsets inside it stay right (see
// offset); the bytesN readers cap what they hand out. vec8 and vec16 read
// a well-formed prefix by index; anything else goes to vecSlow, which
// reports the error.
func (p *parser) vec8(s *cryptobyte.String, field string, min int, v *cryptobyte.String) bool {
	if b := *s; len(b) >= 1 {
		if n := int(b[0]); n < len(b) && n >= min {
			*v, *s = b[1:1+n], b[1+n:]
			return true
		}
	}
	return p.vecSlow(s, field, 1, min, v)
}

func (p *parser) vec16(s *cryptobyte.String, field string, min int, v *cryptobyte.String) bool {
	if b := *s; len(b) >= 2 {
		if n := int(b[0])<<8 | int(b[1]); n <= len(b)-2 && n >= min {
			*v, *s = b[2:2+n], b[2+n:]
			return true
		}
	}
	return p.vecSlow(s, field, 2, min, v)
}

func (p *parser) vec24(s *cryptobyte.String, field string, min int, v *cryptobyte.String) bool {
	return p.vecSlow(s, field, 3, min, v)
}

// vec reads a vector with a prefix of size bytes (1, 2 or 3).
func (p *parser) vec(s *cryptobyte.String, field string, size, min int, v *cryptobyte.String) bool {
	switch size {
	case 1:
		return p.vec8(s, field, min, v)
	case 2:
		return p.vec16(s, field, min, v)
	}
	return p.vecSlow(s, field, size, min, v)
}

// vecSlow is vec for every prefix size and every input, errors included.
func (p *parser) vecSlow(s *cryptobyte.String, field string, size, min int, v *cryptobyte.String) bool {
	at := *s
	var n uint32
	var ok bool
	switch size {
	case 1:
		var b uint8
		ok = s.ReadUint8(&b)
		n = uint32(b)
	case 2:
		var b uint16
		ok = s.ReadUint16(&b)
		n = uint32(b)
	default:
		ok = s.ReadUint24(&n)
	}
	if !ok {
		return p.fail(at, field, ErrTruncated)
	}
	if int(n) > len(*s) {
		return p.fail(at, field, ErrLength)
	}
	if int(n) < min {
		return p.fail(at, field, ErrVectorTooShort)
	}
	*v = (*s)[:n]
	*s = (*s)[n:]
	return true
}

// bytes8, bytes16, bytes24 read a length-prefixed opaque vector as []byte,
// with its capacity limited to its length so that appending to a decoded
// field can never overwrite the input that follows it.
func (p *parser) bytes8(s *cryptobyte.String, field string, min int, v *[]byte) bool {
	var c cryptobyte.String
	ok := p.vec8(s, field, min, &c)
	*v = c[:len(c):len(c)]
	return ok
}

func (p *parser) bytes16(s *cryptobyte.String, field string, min int, v *[]byte) bool {
	var c cryptobyte.String
	ok := p.vec16(s, field, min, &c)
	*v = c[:len(c):len(c)]
	return ok
}

func (p *parser) bytes24(s *cryptobyte.String, field string, min int, v *[]byte) bool {
	var c cryptobyte.String
	ok := p.vec24(s, field, min, &c)
	*v = c[:len(c):len(c)]
	return ok
}

// u16list decodes a vector body of 16-bit values into dst[:0], reusing its
// capacity. The count is bounded by the bytes present, never by a length field alone.
func (p *parser) u16list(body cryptobyte.String, field string, dst []uint16) ([]uint16, bool) {
	if len(body)%2 != 0 {
		return dst[:0], p.fail(body, field, ErrOddLength)
	}
	return u16s(body, dst), true
}

// u16s decodes body, of even length, as big-endian 16-bit values into
// dst[:0], reusing its capacity; four values per 8-byte load.
func u16s(body []byte, dst []uint16) []uint16 {
	n := len(body) / 2
	if cap(dst) < n {
		dst = make([]uint16, n)
	}
	dst = dst[:n]
	i := 0
	for ; i+4 <= n; i += 4 {
		x := binary.BigEndian.Uint64(body[2*i:])
		d := dst[i : i+4 : i+4]
		d[0], d[1], d[2], d[3] = uint16(x>>48), uint16(x>>32), uint16(x>>16), uint16(x)
	}
	for ; i < n; i++ {
		dst[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
	}
	return dst
}

// end checks that s was consumed entirely.
func (p *parser) end(s cryptobyte.String, field string) bool {
	return len(s) == 0 || p.fail(s, field, ErrTrailingData)
}
