package wire

import (
	"encoding/binary"
	"slices"
)

// appender builds wire bytes by appending to a caller's buffer. Length
// prefixes are reserved with open and patched by close, so no nested
// builders (and no allocations) are needed; the buffer only grows when its
// capacity is exceeded. The first error sticks and later calls are no-ops
// for correctness checks (bytes are still appended, the result is discarded).
type appender struct {
	b   []byte
	msg string
	err error
}

func (a *appender) u8(v uint8) { a.b = append(a.b, v) }

func (a *appender) u16(v uint16) { a.b = append(a.b, byte(v>>8), byte(v)) }

func (a *appender) u24(v uint32) { a.b = append(a.b, byte(v>>16), byte(v>>8), byte(v)) }

func (a *appender) u32(v uint32) {
	a.b = append(a.b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func (a *appender) u48(v uint64) {
	a.b = append(a.b, byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func (a *appender) raw(v []byte) { a.b = append(a.b, v...) }

// open reserves a length prefix of size bytes (1, 2 or 3) and returns its position.
func (a *appender) open(size int) int {
	at := len(a.b)
	switch size {
	case 1:
		a.b = append(a.b, 0)
	case 2:
		a.b = append(a.b, 0, 0)
	default:
		a.b = append(a.b, 0, 0, 0)
	}
	return at
}

// close patches the prefix reserved at position at with the number of
// bytes appended since; field names the vector in the error when it does
// not fit.
func (a *appender) close(at, size int, field string) {
	n := len(a.b) - at - size
	if n < 0 || n >= 1<<(8*size) {
		a.fail(field, ErrTooLarge)
		return
	}
	switch size {
	case 1:
		a.b[at] = byte(n)
	case 2:
		a.b[at], a.b[at+1] = byte(n>>8), byte(n)
	default:
		a.b[at], a.b[at+1], a.b[at+2] = byte(n>>16), byte(n>>8), byte(n)
	}
}

// vec appends v with a length prefix of size bytes (1, 2 or 3).
func (a *appender) vec(size int, field string, v []byte) {
	switch size {
	case 1:
		a.vec8(field, v)
	case 2:
		a.vec16(field, v)
	default:
		a.vec24(field, v)
	}
}

// vec8, vec16 and vec24 append v with a 1, 2 or 3 byte length prefix. The
// length is known up front, so it is written directly (no back-patching).
func (a *appender) vec8(field string, v []byte) {
	if len(v) > 0xff {
		a.fail(field, ErrTooLarge)
	}
	a.b = append(append(a.b, byte(len(v))), v...)
}

func (a *appender) vec16(field string, v []byte) {
	if len(v) > 0xffff {
		a.fail(field, ErrTooLarge)
	}
	a.b = append(append(a.b, byte(len(v)>>8), byte(len(v))), v...)
}

func (a *appender) vec24(field string, v []byte) {
	if len(v) > 0xffffff {
		a.fail(field, ErrTooLarge)
	}
	a.b = append(append(a.b, byte(len(v)>>16), byte(len(v)>>8), byte(len(v))), v...)
}

// u16list appends a vector of 16-bit values with a length prefix of size bytes.
func (a *appender) u16list(size int, field string, v []uint16) {
	if 2*len(v) >= 1<<(8*size) {
		a.fail(field, ErrTooLarge)
	}
	a.b = appendU16s(appendPrefix(a.b, size, 2*len(v)), v)
}

// appendPrefix appends the length n as a big-endian prefix of size bytes
// (1, 2 or 3); n must fit.
func appendPrefix(b []byte, size, n int) []byte {
	switch size {
	case 1:
		return append(b, byte(n))
	case 2:
		return append(b, byte(n>>8), byte(n))
	}
	return append(b, byte(n>>16), byte(n>>8), byte(n))
}

// appendU16s appends v as big-endian 16-bit values, growing b once and
// writing four values per 8-byte store.
func appendU16s(b []byte, v []uint16) []byte {
	start := len(b)
	b = slices.Grow(b, 2*len(v))[:start+2*len(v)]
	dst := b[start:]
	for len(v) >= 4 && len(dst) >= 8 {
		// The four values in little-endian lane order, then each lane's
		// two bytes swapped: one 8-byte store.
		y := uint64(v[0]) | uint64(v[1])<<16 | uint64(v[2])<<32 | uint64(v[3])<<48
		y = (y&0x00ff00ff00ff00ff)<<8 | (y>>8)&0x00ff00ff00ff00ff
		binary.LittleEndian.PutUint64(dst, y)
		v, dst = v[4:], dst[8:]
	}
	for i := 0; i < len(v) && 2*i+1 < len(dst); i++ {
		dst[2*i], dst[2*i+1] = byte(v[i]>>8), byte(v[i])
	}
	return b
}

// grow extends the buffer by n bytes and returns them for the caller to
// fill in place: one capacity check instead of one per appended value.
func (a *appender) grow(n int) []byte {
	start := len(a.b)
	a.b = slices.Grow(a.b, n)[:start+n]
	return a.b[start:]
}

func (a *appender) fail(field string, cause error) {
	if a.err == nil {
		a.err = &Error{Message: a.msg, Field: field, Offset: -1, Err: cause}
	}
}

// result returns the buffer, or the original buffer (not extended) and the
// error when something did not fit.
func (a *appender) result(orig []byte) ([]byte, error) {
	if a.err != nil {
		return orig, a.err
	}
	return a.b, nil
}
