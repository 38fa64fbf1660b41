package wire

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"testing"
)

// decodeResult is the outcome of one decode of a hostile input.
type decodeResult struct {
	err      error
	panicked any
}

// safeUnmarshal decodes a full message into m, turning a panic into a result.
func safeUnmarshal(m Message, msg []byte, ctx Context) (r decodeResult) {
	defer func() { r.panicked = recover() }()
	r.err = UnmarshalMessage(m, msg, ctx)
	return r
}

// safeUnmarshalBody decodes a body into m, turning a panic into a result.
func safeUnmarshalBody(m Message, body []byte, ctx Context) (r decodeResult) {
	defer func() { r.panicked = recover() }()
	r.err = m.UnmarshalBody(body, ctx)
	return r
}

// checkError reports why err is not a well-formed parse error for an input
// of n bytes: a *Error naming the message and field, with an offset in
// [0, n] and a sentinel cause. It returns "" when err is well-formed.
func checkError(err error, n int) string {
	var e *Error
	switch {
	case !errors.As(err, &e):
		return fmt.Sprintf("error %v (%T) is not a *Error", err, err)
	case e.Message == "" || e.Field == "":
		return fmt.Sprintf("error %q lacks Message or Field", err)
	case e.Offset < 0 || e.Offset > n:
		return fmt.Sprintf("error %q: offset %d outside [0, %d]", err, e.Offset, n)
	case e.Err == nil:
		return fmt.Sprintf("error %q has no cause", err)
	}
	return ""
}

// hostileChecker runs hostile inputs derived from one real message
// against a reused value of its type and reports the first few failures.
type hostileChecker struct {
	t        *testing.T
	rm       realMessage
	m        Message
	failures int
	decoded  int // inputs that decoded (and so were round-tripped)
	inputs   int
}

func (c *hostileChecker) fail(what string, input []byte, format string, args ...any) {
	c.t.Helper()
	if c.failures++; c.failures <= 5 {
		c.t.Errorf("%s %v, %s: %s\ninput %x", c.rm.Source, c.rm.Type(), what, fmt.Sprintf(format, args...), input)
	}
}

// full checks a hostile full message (header included). mustFail is set
// for truncations of the whole message, whose header then claims more bytes
// than present: they must fail with ErrTruncated (the header itself is cut)
// or ErrLength (its length exceeds the bytes present).
func (c *hostileChecker) full(what string, input []byte, mustFail bool) {
	c.t.Helper()
	c.inputs++
	r := safeUnmarshal(c.m, input, c.rm.Ctx)
	switch {
	case r.panicked != nil:
		c.fail(what, input, "panic: %v", r.panicked)
	case r.err != nil:
		if msg := checkError(r.err, len(input)); msg != "" {
			c.fail(what, input, "%s", msg)
		} else if mustFail && !errors.Is(r.err, ErrTruncated) && !errors.Is(r.err, ErrLength) {
			c.fail(what, input, "error %q, want ErrTruncated or ErrLength", r.err)
		}
	case mustFail:
		c.fail(what, input, "decoded without error")
	default:
		c.decoded++
		c.roundTrip(what, input, func(b []byte) ([]byte, error) { return AppendMessage(b, c.m) })
	}
}

// body checks a hostile message body: it either fails with a well-formed
// error or decodes into a value that re-encodes to exactly that body
// (truncating at a boundary between optional trailing fields, such as
// before a ClientHello's extensions, leaves a valid message).
func (c *hostileChecker) body(what string, input []byte) {
	c.t.Helper()
	c.inputs++
	r := safeUnmarshalBody(c.m, input, c.rm.Ctx)
	switch {
	case r.panicked != nil:
		c.fail(what, input, "panic: %v", r.panicked)
	case r.err != nil:
		if msg := checkError(r.err, len(input)); msg != "" {
			c.fail(what, input, "%s", msg)
		}
	default:
		c.decoded++
		c.roundTrip(what, input, c.m.AppendBody)
	}
}

func (c *hostileChecker) roundTrip(what string, input []byte, appendFn func([]byte) ([]byte, error)) {
	c.t.Helper()
	var out []byte
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic in Append: %v", p)
			}
		}()
		out, err = appendFn(nil)
	}()
	if err != nil {
		c.fail(what, input, "decoded, but Append: %v", err)
	} else if !bytes.Equal(out, input) {
		c.fail(what, input, "decoded, but re-encodes as\n      %x", out)
	}
}

// maxCorruptPositions bounds the positions corrupted per message: beyond
// it a deterministic spread of positions is
// used: the first 256 bytes, where the header and most length fields are,
// and an even sample of the rest.
const maxCorruptPositions = 4096

// corruptPositions returns the byte positions of an n-byte message to corrupt.
func corruptPositions(n int) []int {
	pos := make([]int, 0, min(n, maxCorruptPositions))
	if n <= maxCorruptPositions {
		for i := range n {
			pos = append(pos, i)
		}
		return pos
	}
	for i := range 256 {
		pos = append(pos, i)
	}
	rest := maxCorruptPositions - 256
	for k := range rest {
		pos = append(pos, 256+k*(n-256)/rest)
	}
	return pos
}

// messagesByType groups the deduplicated real messages by type.
func messagesByType(t *testing.T) map[HandshakeType][]realMessage {
	byType := map[HandshakeType][]realMessage{}
	for _, m := range uniqueMessages(t) {
		byType[m.Type()] = append(byType[m.Type()], m)
	}
	return byType
}

// TestHostileTruncations decodes every truncation of every real message,
// both of the whole message (which must fail: the header then claims more
// than is present) and of its body alone (which must fail with a
// well-formed error or decode into something that re-encodes exactly).
func TestHostileTruncations(t *testing.T) {
	byType := messagesByType(t)
	for _, ht := range sortedTypes(byType) {
		t.Run(ht.String(), func(t *testing.T) {
			t.Parallel()
			inputs, decoded := 0, 0
			for _, rm := range byType[ht] {
				c := &hostileChecker{t: t, rm: rm, m: NewMessage(ht)}
				for i := range len(rm.Data) {
					c.full("truncated to "+fmt.Sprint(i), rm.Data[:i], true)
				}
				body := rm.Data[handshakeHeaderLen:]
				for i := range len(body) {
					c.body("body truncated to "+fmt.Sprint(i), body[:i])
				}
				inputs += c.inputs
				decoded += c.decoded
			}
			t.Logf("%d messages, %d truncations, %d body truncations decoded", len(byType[ht]), inputs, decoded)
		})
	}
}

// TestHostileCorruptions sets each byte of every real message (a
// deterministic sample of positions in large messages) to 0x00, 0xff and
// its value plus one. No decode may panic; a failure must be a well-formed
// error; a corrupted message that decodes must re-encode exactly.
func TestHostileCorruptions(t *testing.T) {
	byType := messagesByType(t)
	for _, ht := range sortedTypes(byType) {
		t.Run(ht.String(), func(t *testing.T) {
			t.Parallel()
			inputs, decoded := 0, 0
			for _, rm := range byType[ht] {
				c := &hostileChecker{t: t, rm: rm, m: NewMessage(ht)}
				buf := make([]byte, len(rm.Data))
				for _, i := range corruptPositions(len(rm.Data)) {
					for _, v := range [...]byte{0x00, 0xff, rm.Data[i] + 1} {
						if v == rm.Data[i] {
							continue
						}
						copy(buf, rm.Data)
						buf[i] = v
						c.full(fmt.Sprintf("byte %d set to %#02x", i, v), buf, false)
					}
				}
				inputs += c.inputs
				decoded += c.decoded
			}
			t.Logf("%d messages, %d corruptions, %d decoded and round-tripped", len(byType[ht]), inputs, decoded)
		})
	}
}

// errAllocs is the number of allocations a decode that returned err may
// make into a warmed value: none on success, and the *Error on failure.
func errAllocs(err error) float64 {
	if err != nil {
		return 1
	}
	return 0
}

// lengthBombs returns hostile variants of a message whose bytes at each
// position claim a 2^16-1 or 2^24-1 length: with the rest of the message
// kept, and truncated to 8 bytes past the claim, with the handshake header
// length fixed to match. Header positions are included (the header length
// itself is a uint24 length field).
func lengthBombs(msg []byte) [][]byte {
	var out [][]byte
	for _, width := range []int{2, 3} {
		for i := 0; i+width <= len(msg); i++ {
			for _, keep := range []int{len(msg), min(len(msg), i+width+8)} {
				b := append([]byte(nil), msg[:keep]...)
				for k := range width {
					b[i+k] = 0xff
				}
				if i >= handshakeHeaderLen {
					n := len(b) - handshakeHeaderLen
					b[1], b[2], b[3] = byte(n>>16), byte(n>>8), byte(n)
				}
				out = append(out, b)
			}
		}
	}
	return out
}

// TestHostileLengthFieldsNoAlloc feeds, for samples of every message type,
// inputs whose length fields claim 2^16-1 or 2^24-1 bytes with few bytes
// present. Decoding into a warmed reused value must not allocate at all
// (but for the *Error it returns, see errAllocs),
// and decoding into a fresh value must allocate in proportion to the bytes
// present, never to the length claimed.
func TestHostileLengthFieldsNoAlloc(t *testing.T) {
	skipAllocsUnderRace(t)
	samples := samplesByType(t, 4)
	var ms runtime.MemStats
	for _, ht := range sortedTypes(samples) {
		for _, rm := range samples[ht] {
			c := &hostileChecker{t: t, rm: rm, m: NewMessage(ht)}
			for _, in := range lengthBombs(rm.Data) {
				c.full("length bomb", in, false)
				// The only allocation allowed is the returned *Error.
				var err error
				a := testing.AllocsPerRun(3, func() { err = UnmarshalMessage(c.m, in, rm.Ctx) })
				if want := errAllocs(err); a != want {
					c.fail("length bomb", in, "%v allocations decoding into a reused value, want %v (error: %v)", a, want, err)
				}
				// A fresh value grows its slices from nothing: allow a
				// generous constant factor of the input (an Extension
				// entry is 32 bytes for 4 input bytes, doubled by append
				// growth) plus the value itself, nothing near 64 KiB.
				runtime.ReadMemStats(&ms)
				before := ms.TotalAlloc
				fresh := NewMessage(ht)
				_ = UnmarshalMessage(fresh, in, rm.Ctx)
				runtime.ReadMemStats(&ms)
				if got, limit := ms.TotalAlloc-before, uint64(32*len(in)+2048); got > limit {
					c.fail("length bomb", in, "fresh decode allocated %d bytes for a %d-byte input (limit %d)", got, len(in), limit)
				}
			}
			t.Logf("%v from %s: %d inputs", ht, rm.Source, c.inputs)
		}
	}
}
