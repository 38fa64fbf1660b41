package wire

import (
	"bytes"
	"errors"
	"math/rand"
	"strings"
	"testing"
)

// handshakePayloads returns the payloads of the plaintext handshake records
// of a stream, with the same cut-off as plaintextMessages (smoke_test.go):
// up to the first ChangeCipherSpec or application_data record.
func handshakePayloads(t testing.TB, name string, stream []byte) [][]byte {
	var out [][]byte
	for _, r := range splitRecords(t, name, stream) {
		if r.ContentType == ContentChangeCipherSpec || r.ContentType == ContentApplicationData {
			break
		}
		if r.ContentType == ContentHandshake {
			out = append(out, r.Payload)
		}
	}
	return out
}

// rechunk cuts b into pieces of the sizes next returns.
func rechunk(b []byte, next func() int) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n := min(next(), len(b))
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

// feedTLS pushes chunks through r, each copied into one scratch buffer that
// is overwritten as soon as the contract allows (after Next returned false
// or after the following Push), and returns copies of the messages. With
// drainEvery > 1 it pushes that many chunks before draining.
func feedTLS(t testing.TB, r *Reassembler, chunks [][]byte, drainEvery int) [][]byte {
	t.Helper()
	var out [][]byte
	scratch := make([][]byte, 2)
	for i, c := range chunks {
		s := &scratch[i%2]
		*s = append((*s)[:0], c...)
		if err := r.Push(*s); err != nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
		// The previous chunk's memory may be reused once this Push returned.
		prev := scratch[(i+1)%2]
		for j := range prev {
			prev[j] = 0xee
		}
		if (i+1)%drainEvery != 0 && i != len(chunks)-1 {
			continue
		}
		// Slices stay valid until the next Push: collect them all, copy after.
		var msgs [][]byte
		for m, ok := r.Next(); ok; m, ok = r.Next() {
			msgs = append(msgs, m)
		}
		for _, m := range msgs {
			out = append(out, append([]byte(nil), m...))
		}
		for j := range *s {
			(*s)[j] = 0xdd
		}
	}
	return out
}

func equalMessages(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestReassemblerRecordings(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var r Reassembler
	// The recordings send each message in a record of its own; the
	// re-chunked streams split messages across records in every possible
	// way, and "one payload" puts all of a direction's messages in one.
	total := 0
	for _, rec := range recordings(t) {
		c2s, s2c := rec.Streams()
		for _, stream := range [][]byte{c2s, s2c} {
			want := plaintextMessages(t, stream)
			payloads := handshakePayloads(t, rec.Name, stream)
			hs := bytes.Join(payloads, nil)
			cases := map[string]struct {
				chunks [][]byte
				drain  int
			}{
				"records":       {payloads, 1},
				"one payload":   {[][]byte{hs}, 1},
				"1-byte":        {rechunk(hs, func() int { return 1 }), 1},
				"3-byte":        {rechunk(hs, func() int { return 3 }), 1},
				"random":        {rechunk(hs, func() int { return 1 + rng.Intn(700) }), 1},
				"random bursts": {rechunk(hs, func() int { return 1 + rng.Intn(300) }), 3},
			}
			for name, c := range cases {
				r.Reset()
				got := feedTLS(t, &r, c.chunks, c.drain)
				if !equalMessages(got, want) {
					t.Fatalf("%s %s: %d messages, want %d", rec.Name, name, len(got), len(want))
				}
				if r.Buffered() != len(hs)-len(bytes.Join(want, nil)) || r.Err() != nil {
					t.Fatalf("%s %s: %d bytes buffered, %v", rec.Name, name, r.Buffered(), r.Err())
				}
			}
			total += len(want)
		}
	}
	if total < 500 {
		t.Fatalf("only %d messages", total)
	}
	t.Logf("%d messages", total)
}

// tlsMsg builds a handshake message of type t with an n-byte body.
func tlsMsg(t HandshakeType, n int, fill byte) []byte {
	b := []byte{byte(t), byte(n >> 16), byte(n >> 8), byte(n)}
	return append(b, bytes.Repeat([]byte{fill}, n)...)
}

func TestReassemblerAliasing(t *testing.T) {
	m1, m2, m3 := tlsMsg(TypeServerHello, 40, 1), tlsMsg(TypeServerHelloDone, 0, 0), tlsMsg(TypeCertificate, 100, 3)
	p1 := append(append(append([]byte(nil), m1...), m2...), m3[:30]...)
	p2 := append([]byte(nil), m3[30:]...)
	var r Reassembler
	if err := r.Push(p1); err != nil {
		t.Fatal(err)
	}
	a, _ := r.Next()
	b, _ := r.Next()
	if &a[0] != &p1[0] || &b[0] != &p1[len(m1)] || cap(a) != len(m1) || !bytes.Equal(b, m2) {
		t.Fatal("messages within one payload do not alias it")
	}
	if _, ok := r.Next(); ok || r.Buffered() != 30 {
		t.Fatalf("partial message delivered (buffered %d)", r.Buffered())
	}
	if err := r.Push(p2); err != nil {
		t.Fatal(err)
	}
	c, ok := r.Next()
	if !ok || !bytes.Equal(c, m3) || &c[len(c)-1] == &p2[len(p2)-1] {
		t.Fatal("spanning message wrong or aliasing the last payload")
	}
	if _, ok := r.Next(); ok || r.Buffered() != 0 {
		t.Fatal("extra message")
	}
}

func TestReassemblerLimits(t *testing.T) {
	ok1 := tlsMsg(TypeServerHello, 50, 1)
	big := tlsMsg(TypeCertificate, 1000, 2)
	var r Reassembler
	r.MaxMessageSize = 100
	err := r.Push(append(append([]byte(nil), ok1...), big[:20]...))
	var e *Error
	var se *SizeLimitError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &e) || !errors.As(err, &se) ||
		e.Offset != len(ok1)+1 || e.Field != "length" ||
		*se != (SizeLimitError{Type: TypeCertificate, Length: 1000, Limit: 100}) {
		t.Fatalf("err = %v", err)
	}
	if s := err.Error(); !strings.Contains(s, TypeCertificate.String()) || !strings.Contains(s, "1000") {
		t.Fatalf("error text %q lacks the type or the length", s)
	}
	if m, ok := r.Next(); !ok || !bytes.Equal(m, ok1) {
		t.Fatal("message before the oversized one not delivered")
	}
	if _, ok := r.Next(); ok {
		t.Fatal("delivered past the error")
	}
	if err2 := r.Push(ok1); err2 != err || r.Err() != err {
		t.Fatalf("error not sticky: %v", err2)
	}
	r.Reset()
	if err := r.Push(ok1); err != nil {
		t.Fatalf("after Reset: %v", err)
	}

	// A header split across payloads is checked once complete, and the
	// offset counts from Reset.
	r.Reset()
	_ = r.Push(ok1)
	for _, ok := r.Next(); ok; _, ok = r.Next() {
	}
	if err := r.Push(big[:2]); err != nil {
		t.Fatal(err)
	}
	r.Next()
	if err := r.Push(big[2:6]); !errors.As(err, &e) || e.Offset != len(ok1)+1 {
		t.Fatalf("split header: %v", err)
	}

	// Lowering the limit between Push and Next still stops the stream.
	r = Reassembler{}
	_ = r.Push(big)
	r.MaxMessageSize = 10
	if _, ok := r.Next(); ok || !errors.Is(r.Err(), ErrTooLarge) {
		t.Fatalf("lowered limit: %v", r.Err())
	}

	// Default and clamp.
	for _, tc := range []struct {
		max, length int
		ok          bool
	}{
		{0, DefaultMaxMessageSize, true},
		{0, DefaultMaxMessageSize + 1, false},
		{1 << 30, MaxHandshakeLen, true},
		{MaxHandshakeLen + 1, MaxHandshakeLen, true},
		{5, 6, false},
	} {
		r := Reassembler{MaxMessageSize: tc.max}
		hdr := []byte{byte(TypeCertificate), byte(tc.length >> 16), byte(tc.length >> 8), byte(tc.length), 1, 2, 3}
		if err := r.Push(hdr); (err == nil) != tc.ok {
			t.Errorf("max %d, length %d: %v", tc.max, tc.length, err)
		}
		// Nothing is allocated from the declared length.
		r.Next()
		if cap(r.buf) > 64 {
			t.Errorf("max %d, length %d: buffer of %d bytes for 7 received", tc.max, tc.length, cap(r.buf))
		}
	}
}

func TestReassemblerGarbage(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	var r Reassembler
	for iter := 0; iter < 2000; iter++ {
		r.Reset()
		r.MaxMessageSize = rng.Intn(300)
		data := make([]byte, rng.Intn(600))
		rng.Read(data)
		for _, c := range rechunk(data, func() int { return 1 + rng.Intn(50) }) {
			if r.Push(c) != nil {
				break
			}
			for m, ok := r.Next(); ok; m, ok = r.Next() {
				if n := int(m[1])<<16 | int(m[2])<<8 | int(m[3]); n+4 != len(m) || n > r.limit() {
					t.Fatalf("bad message %x", m)
				}
			}
		}
	}
}

// dtlsFragment is a fragment as sent: header and bytes.
type dtlsFragment struct {
	h    DTLSHandshakeHeader
	frag []byte
}

// fragmentSet cuts a message (TLS form, with 4-byte header) sent as DTLS
// message_seq seq into pieces at random points, adds overlapping random
// ranges and duplicates, and returns them in order (to be shuffled).
func fragmentSet(rng *rand.Rand, msg []byte, seq uint16) []dtlsFragment {
	body := msg[4:]
	h := DTLSHandshakeHeader{MsgType: HandshakeType(msg[0]), Length: uint32(len(body)), MessageSeq: seq}
	piece := func(a, b int) dtlsFragment {
		f := h
		f.FragmentOffset, f.FragmentLength = uint32(a), uint32(b-a)
		return dtlsFragment{f, body[a:b]}
	}
	var out []dtlsFragment
	for a := 0; ; {
		b := min(len(body), a+1+rng.Intn(1+len(body)/3))
		out = append(out, piece(a, b))
		if b == len(body) {
			break
		}
		a = b
	}
	for i := rng.Intn(4); i > 0 && len(body) > 0; i-- {
		a := rng.Intn(len(body))
		out = append(out, piece(a, a+rng.Intn(len(body)-a+1)))
	}
	for i := rng.Intn(3); i > 0; i-- {
		out = append(out, out[rng.Intn(len(out))])
	}
	return out
}

// dtlsFlights returns runs of real handshake messages: each plaintext
// direction of the recordings (cut to DTLSReassemblyWindow messages) and
// the real DTLS 1.0 server flight.
func dtlsFlights(t *testing.T) [][][]byte {
	var flights [][][]byte
	for _, rec := range recordings(t) {
		c2s, s2c := rec.Streams()
		for _, s := range [][]byte{c2s, s2c} {
			msgs := plaintextMessages(t, s)
			if len(msgs) > DTLSReassemblyWindow {
				msgs = msgs[:DTLSReassemblyWindow]
			}
			flights = append(flights, msgs)
		}
	}
	var real [][]byte
	rs := DTLSRecords{Data: mustHex(t, dtls10ServerFlightDatagram)}
	for rs.Next() {
		h, frag, _, err := ParseDTLSHandshake(rs.Record().Payload)
		if err != nil {
			t.Fatal(err)
		}
		real = append(real, append([]byte{byte(h.MsgType), byte(h.Length >> 16), byte(h.Length >> 8), byte(h.Length)}, frag...))
	}
	return append(flights, real)
}

func TestReassemblerDTLS(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var r Reassembler
	var wire []byte
	messages, fragments := 0, 0
	for round := 0; round < 3; round++ {
		for fi, flight := range dtlsFlights(t) {
			r.Reset()
			var frags []dtlsFragment
			for i, m := range flight {
				frags = append(frags, fragmentSet(rng, m, uint16(i))...)
			}
			rng.Shuffle(len(frags), func(i, j int) { frags[i], frags[j] = frags[j], frags[i] })
			// Retransmissions of the whole flight after it was delivered.
			frags = append(frags, frags[:len(frags)/2]...)
			next := 0
			for _, f := range frags {
				// Through the wire format and back.
				var err error
				if wire, err = AppendDTLSHandshake(wire[:0], f.h, f.frag); err != nil {
					t.Fatal(err)
				}
				h, frag, _, err := ParseDTLSHandshake(wire)
				if err != nil {
					t.Fatal(err)
				}
				if err := r.PushFragment(h, frag); err != nil {
					t.Fatalf("flight %d: %v", fi, err)
				}
				for i := range wire {
					wire[i] = 0xee // PushFragment copied what it needs
				}
				fragments++
				for h, body, ok := r.NextDTLS(); ok; h, body, ok = r.NextDTLS() {
					m := flight[next]
					want := DTLSHandshakeHeader{MsgType: HandshakeType(m[0]), Length: uint32(len(m) - 4),
						MessageSeq: uint16(next), FragmentLength: uint32(len(m) - 4)}
					if h != want || !bytes.Equal(body, m[4:]) {
						t.Fatalf("flight %d message %d: %+v", fi, next, h)
					}
					next++
				}
			}
			if next != len(flight) || r.NextMessageSeq() != uint16(len(flight)) {
				t.Fatalf("flight %d: %d of %d messages", fi, next, len(flight))
			}
			messages += next
		}
	}
	t.Logf("%d messages from %d fragments", messages, fragments)
}

func TestReassemblerDTLSErrors(t *testing.T) {
	body := make([]byte, 1000)
	for i := range body {
		body[i] = byte(i * 7)
	}
	h := func(seq uint16, off, n int) DTLSHandshakeHeader {
		return DTLSHandshakeHeader{MsgType: TypeCertificate, Length: uint32(len(body)), MessageSeq: seq,
			FragmentOffset: uint32(off), FragmentLength: uint32(n)}
	}
	check := func(name string, err error, field string, cause error) {
		t.Helper()
		var e *Error
		if !errors.As(err, &e) || e.Field != field || !errors.Is(err, cause) {
			t.Errorf("%s: %v", name, err)
		}
	}
	var r Reassembler
	check("window", r.PushFragment(h(DTLSReassemblyWindow, 0, 1), body[:1]), "message_seq", ErrTooLarge)
	if err := r.PushFragment(h(DTLSReassemblyWindow-1, 0, 1), body[:1]); err != nil {
		t.Errorf("last seq of the window: %v", err)
	}
	check("frag len", r.PushFragment(h(0, 0, 5), body[:4]), "fragment_length", ErrLength)
	check("beyond", r.PushFragment(h(0, 999, 2), body[:2]), "fragment_length", ErrLength)
	check("24 bits", r.PushFragment(DTLSHandshakeHeader{Length: 1 << 24}, nil), "length", ErrTooLarge)
	if err := r.PushFragment(h(0, 0, 10), body[:10]); err != nil {
		t.Fatal(err)
	}
	bad := h(0, 10, 10)
	bad.Length++
	check("length changed", r.PushFragment(bad, body[10:20]), "length", ErrValue)
	bad = h(0, 10, 10)
	bad.MsgType = TypeServerHello
	check("type changed", r.PushFragment(bad, body[10:20]), "msg_type", ErrValue)

	r = Reassembler{MaxMessageSize: 999}
	err := r.PushFragment(h(0, 0, 1), body[:1])
	var se *SizeLimitError
	if !errors.As(err, &se) || *se != (SizeLimitError{Type: TypeCertificate, Length: 1000, Limit: 999}) || !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit: %v", err)
	}

	// Too many disjoint pieces: refused beyond the cap, the rest still works.
	r = Reassembler{}
	var spanErr error
	for off := 2; off < len(body) && spanErr == nil; off += 2 {
		spanErr = r.PushFragment(h(0, off, 1), body[off:off+1])
	}
	check("spans", spanErr, "fragment_offset", ErrTooLarge)
	if len(r.slots[0].spans) != maxDTLSSpans {
		t.Errorf("%d spans kept", len(r.slots[0].spans))
	}
	if err := r.PushFragment(h(0, 0, len(body)), body); err != nil {
		t.Fatal(err)
	}
	if got, b, ok := r.NextDTLS(); !ok || !bytes.Equal(b, body) || got.FragmentLength != 1000 {
		t.Fatal("message not completed after the span error")
	}
	// A retransmission of a delivered message is ignored.
	if err := r.PushFragment(h(0, 0, 3), body[:3]); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := r.NextDTLS(); ok {
		t.Fatal("delivered twice")
	}

	// A zero-length message, and starting at another message_seq.
	r.SetNextMessageSeq(5)
	done := DTLSHandshakeHeader{MsgType: TypeServerHelloDone, MessageSeq: 5}
	if err := r.PushFragment(done, nil); err != nil {
		t.Fatal(err)
	}
	if got, b, ok := r.NextDTLS(); !ok || got != done || len(b) != 0 || r.NextMessageSeq() != 6 {
		t.Fatalf("ServerHelloDone: %+v %v", got, ok)
	}

	// Memory follows the bytes received, not the offsets or lengths declared.
	r = Reassembler{MaxMessageSize: MaxHandshakeLen}
	far := DTLSHandshakeHeader{MsgType: TypeCertificate, Length: MaxHandshakeLen, FragmentOffset: MaxHandshakeLen - 16, FragmentLength: 16}
	if err := r.PushFragment(far, body[:16]); err != nil {
		t.Fatal(err)
	}
	if s := r.slots[0]; cap(s.body) > 64 || cap(s.side) > 64 {
		t.Fatalf("buffers of %d and %d bytes for 16 received", cap(s.body), cap(s.side))
	}
}

func TestReassemblerDTLSGarbage(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	var r Reassembler
	buf := make([]byte, 64)
	for iter := 0; iter < 20000; iter++ {
		if iter%500 == 0 {
			r.Reset()
		}
		length := rng.Intn(48)
		off := rng.Intn(length + 1)
		n := rng.Intn(length - off + 1)
		h := DTLSHandshakeHeader{MsgType: HandshakeType(rng.Intn(3)), Length: uint32(length),
			MessageSeq: uint16(rng.Intn(12)), FragmentOffset: uint32(off), FragmentLength: uint32(n)}
		if rng.Intn(10) == 0 {
			h.FragmentLength++ // sometimes inconsistent
		}
		rng.Read(buf[:n])
		_ = r.PushFragment(h, buf[:n])
		for h, b, ok := r.NextDTLS(); ok; h, b, ok = r.NextDTLS() {
			if len(b) != int(h.Length) || h.FragmentLength != h.Length || h.FragmentOffset != 0 {
				t.Fatalf("bad message %+v (%d bytes)", h, len(b))
			}
		}
	}
}

func TestReassemblerAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	var r Reassembler
	one := bytes.Join([][]byte{tlsMsg(TypeServerHello, 70, 1), tlsMsg(TypeCertificate, 900, 2), tlsMsg(TypeServerHelloDone, 0, 0)}, nil)
	drain := func() {
		for _, ok := r.Next(); ok; _, ok = r.Next() {
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		if err := r.Push(one); err != nil {
			t.Fatal(err)
		}
		drain()
	}); n != 0 {
		t.Errorf("messages within one record: %v allocs", n)
	}
	span := tlsMsg(TypeCertificate, 5000, 3)
	pieces := rechunk(span, func() int { return 1100 })
	run := func() {
		for _, p := range pieces {
			if err := r.Push(p); err != nil {
				t.Fatal(err)
			}
			drain()
		}
		if r.Buffered() != 0 {
			t.Fatal("message not completed")
		}
	}
	run() // grow the buffer
	if n := testing.AllocsPerRun(100, run); n != 0 {
		t.Errorf("spanning message: %v allocs", n)
	}

	rng := rand.New(rand.NewSource(5))
	var frags []dtlsFragment
	for i, m := range [][]byte{tlsMsg(TypeServerHello, 70, 1), tlsMsg(TypeCertificate, 3000, 2), tlsMsg(TypeServerHelloDone, 0, 0)} {
		frags = append(frags, fragmentSet(rng, m, uint16(i))...)
	}
	rng.Shuffle(len(frags), func(i, j int) { frags[i], frags[j] = frags[j], frags[i] })
	runDTLS := func() {
		r.Reset()
		got := 0
		for _, f := range frags {
			if err := r.PushFragment(f.h, f.frag); err != nil {
				t.Fatal(err)
			}
			for _, _, ok := r.NextDTLS(); ok; _, _, ok = r.NextDTLS() {
				got++
			}
		}
		if got != 3 {
			t.Fatalf("%d DTLS messages", got)
		}
	}
	runDTLS()
	if n := testing.AllocsPerRun(100, runDTLS); n != 0 {
		t.Errorf("DTLS: %v allocs", n)
	}
}

// TestReassemblerDTLSFirstCopyWins: when a fragment that extends the
// contiguous prefix overlaps pieces that arrived earlier out of order, the
// bytes of the earlier pieces are kept (found by FuzzDTLS).
func TestReassemblerDTLSFirstCopyWins(t *testing.T) {
	first := bytes.Repeat([]byte{'a'}, 100)
	second := bytes.Repeat([]byte{'b'}, 100)
	hdr := func(off, n int) DTLSHandshakeHeader {
		return DTLSHandshakeHeader{MsgType: TypeCertificate, Length: 100, FragmentOffset: uint32(off), FragmentLength: uint32(n)}
	}
	var r Reassembler
	// Out of order: [40, 60) and [80, 90) first, then everything.
	if err := r.PushFragment(hdr(40, 20), first[40:60]); err != nil {
		t.Fatal(err)
	}
	if err := r.PushFragment(hdr(80, 10), first[80:90]); err != nil {
		t.Fatal(err)
	}
	if err := r.PushFragment(hdr(0, 100), second); err != nil {
		t.Fatal(err)
	}
	_, body, ok := r.NextDTLS()
	if !ok {
		t.Fatal("message not complete")
	}
	want := append([]byte(nil), second...)
	copy(want[40:60], first[40:60])
	copy(want[80:90], first[80:90])
	if !bytes.Equal(body, want) {
		t.Fatalf("got %q\nwant %q", body, want)
	}
}
