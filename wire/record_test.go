package wire

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// recordings returns the crypto/tls testdata recordings, skipping the test
// when the toolchain has no sources.
func recordings(t testing.TB) []tlstestdata.Recording {
	t.Helper()
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	return recs
}

// splitRecords splits a stream into records, failing on an error or a
// partial record at the end.
func splitRecords(t testing.TB, name string, stream []byte) []Record {
	t.Helper()
	var out []Record
	rs := Records{Data: stream}
	for rs.Next() {
		out = append(out, rs.Record())
	}
	if rs.Err() != nil || len(rs.Rest()) != 0 {
		t.Fatalf("%s: %v, %d bytes left", name, rs.Err(), len(rs.Rest()))
	}
	return out
}

func TestRecordsRealStreams(t *testing.T) {
	var nrec, nccs, nalert int
	for _, r := range recordings(t) {
		c2s, s2c := r.Streams()
		for _, stream := range [][]byte{c2s, s2c} {
			var out []byte
			for _, rec := range splitRecords(t, r.Name, stream) {
				nrec++
				var err error
				if out, err = rec.Append(out); err != nil {
					t.Fatal(err)
				}
				switch rec.ContentType {
				case ContentChangeCipherSpec:
					// Protected (renegotiation) ChangeCipherSpecs are longer.
					if len(rec.Payload) != 1 {
						continue
					}
					var c ChangeCipherSpec
					if err := c.Unmarshal(rec.Payload); err != nil || c.Validate() != nil {
						t.Fatalf("%s: ChangeCipherSpec %x: %v", r.Name, rec.Payload, err)
					}
					if b, _ := c.Append(nil); !bytes.Equal(b, rec.Payload) || c.Len() != 1 {
						t.Fatalf("%s: ChangeCipherSpec round trip %x", r.Name, b)
					}
					nccs++
				case ContentAlert:
					// Plaintext alerts are two bytes; protected ones are longer.
					if len(rec.Payload) != AlertLen {
						continue
					}
					var a Alert
					if err := a.Unmarshal(rec.Payload); err != nil || a.Validate() != nil {
						t.Fatalf("%s: alert %x: %v", r.Name, rec.Payload, err)
					}
					if b, _ := a.Append(nil); !bytes.Equal(b, rec.Payload) {
						t.Fatalf("%s: alert round trip %x", r.Name, b)
					}
					nalert++
				}
			}
			if !bytes.Equal(out, stream) {
				t.Fatalf("%s: re-encoded records differ from the stream", r.Name)
			}
		}
	}
	if nrec < 1000 || nccs < 100 {
		t.Fatalf("only %d records, %d ChangeCipherSpec", nrec, nccs)
	}
	t.Logf("%d records, %d ChangeCipherSpec, %d plaintext alerts", nrec, nccs, nalert)
}

func TestRecordsTruncationAndErrors(t *testing.T) {
	stream := []byte{22, 3, 1, 0, 2, 0xaa, 0xbb, 23, 3, 3, 0, 1, 0xcc}
	for i := 0; i < len(stream); i++ {
		rs := Records{Data: stream[:i]}
		n := 0
		for rs.Next() {
			n++
		}
		want := 0
		if i >= 7 {
			want = 1
		}
		if rs.Err() != nil || n != want || len(rs.Rest())+rs.Offset() != i {
			t.Fatalf("prefix %d: %d records, rest %d, %v", i, n, len(rs.Rest()), rs.Err())
		}
		if _, _, err := ParseRecord(stream[:i]); i < 7 && !errors.Is(err, ErrTruncated) {
			t.Fatalf("ParseRecord prefix %d: %v", i, err)
		}
	}
	// A length above MaxRecordLen in the second record: offset in the stream.
	bad := append(stream[:7:7], 22, 3, 3, 0x48, 0x01)
	rs := Records{Data: bad}
	for rs.Next() {
	}
	var e *Error
	if !errors.As(rs.Err(), &e) || e.Field != "length" || e.Offset != 10 || !errors.Is(e, ErrTooLarge) {
		t.Fatalf("err = %v", rs.Err())
	}
	big := Record{Payload: make([]byte, 0x10000)}
	if _, err := big.Append(nil); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Append of 64 KiB payload: %v", err)
	}
}

func TestAlert(t *testing.T) {
	skipAllocsUnderRace(t)
	for _, b := range [][]byte{{1, 0}, {2, 40}, {2, 255}, {7, 99}} {
		var a Alert
		if err := a.Unmarshal(b); err != nil {
			t.Fatal(err)
		}
		out, err := a.Append(nil)
		if err != nil || !bytes.Equal(out, b) || a.Len() != len(b) {
			t.Fatalf("%x: round trip %x, %v", b, out, err)
		}
		if valid := a.Validate() == nil; valid != (b[0] == 1 || b[0] == 2) {
			t.Fatalf("%x: Validate valid=%v", b, valid)
		}
	}
	if s := (Alert{Level: AlertLevelFatal, Description: 40}).String(); s != "fatal "+AlertDescription(40).String() {
		t.Fatalf("String = %q", s)
	}
	var a Alert
	for _, tc := range []struct {
		b      []byte
		field  string
		offset int
		cause  error
	}{
		{nil, "level", 0, ErrTruncated},
		{[]byte{2}, "description", 1, ErrTruncated},
		{[]byte{2, 40, 2, 40}, "description", 2, ErrTrailingData},
	} {
		err := a.Unmarshal(tc.b)
		var e *Error
		if !errors.As(err, &e) || e.Field != tc.field || e.Offset != tc.offset || !errors.Is(err, tc.cause) {
			t.Errorf("%x: %v", tc.b, err)
		}
	}
	in, buf := []byte{2, 10}, make([]byte, 0, 8)
	if n := testing.AllocsPerRun(100, func() {
		_ = a.Unmarshal(in)
		buf, _ = a.Append(buf[:0])
	}); n != 0 {
		t.Errorf("%v allocs", n)
	}
}

func TestChangeCipherSpec(t *testing.T) {
	skipAllocsUnderRace(t)
	var c ChangeCipherSpec
	for _, v := range []byte{1, 0, 2, 255} {
		if err := c.Unmarshal([]byte{v}); err != nil {
			t.Fatal(err)
		}
		out, _ := c.Append(nil)
		if !bytes.Equal(out, []byte{v}) || c.Value != v {
			t.Fatalf("%d: round trip %x", v, out)
		}
		if err := c.Validate(); (err == nil) != (v == 1) || (err != nil && !errors.Is(err, ErrValue)) {
			t.Fatalf("%d: Validate %v", v, err)
		}
	}
	if err := c.Unmarshal(nil); !errors.Is(err, ErrTruncated) {
		t.Error(err)
	}
	if err := c.Unmarshal([]byte{1, 1}); !errors.Is(err, ErrTrailingData) {
		t.Error(err)
	}
	in, buf := []byte{1}, make([]byte, 0, 8)
	if n := testing.AllocsPerRun(100, func() {
		_ = c.Unmarshal(in)
		buf, _ = c.Append(buf[:0])
	}); n != 0 {
		t.Errorf("%v allocs", n)
	}
}

func TestHeartbeat(t *testing.T) {
	skipAllocsUnderRace(t)
	pad := bytes.Repeat([]byte{0x5a}, 16)
	for _, h := range []Heartbeat{
		{Type: HeartbeatRequest, Payload: []byte("ping"), Padding: pad},
		{Type: HeartbeatResponse, Payload: []byte{}, Padding: pad[:3]},
		{Type: 9, Payload: bytes.Repeat([]byte{1}, 300), Padding: []byte{}},
	} {
		b, err := h.Append(nil)
		if err != nil || len(b) != h.Len() {
			t.Fatal(err)
		}
		var got Heartbeat
		if err := got.Unmarshal(b); err != nil {
			t.Fatal(err)
		}
		if got.Type != h.Type || !bytes.Equal(got.Payload, h.Payload) || !bytes.Equal(got.Padding, h.Padding) {
			t.Fatalf("round trip %+v", got)
		}
		// Every truncation: an error, or (inside the padding) a shorter padding.
		for i := range b {
			err := got.Unmarshal(b[:i])
			if i < 3+len(h.Payload) && err == nil {
				t.Fatalf("prefix %d parsed", i)
			}
			if i >= 3+len(h.Payload) && (err != nil || len(got.Padding) != i-3-len(h.Payload)) {
				t.Fatalf("prefix %d: %v", i, err)
			}
		}
	}
	// Validate.
	for _, tc := range []struct {
		h     Heartbeat
		field string
	}{
		{Heartbeat{Type: HeartbeatRequest, Payload: []byte("x"), Padding: pad}, ""},
		{Heartbeat{Type: 3, Padding: pad}, "type"},
		{Heartbeat{Type: HeartbeatResponse, Padding: pad[:15]}, "padding"},
		{Heartbeat{Type: HeartbeatRequest, Payload: make([]byte, MaxHeartbeatLen-3-16+1), Padding: pad}, "payload_length"},
	} {
		err := tc.h.Validate()
		var e *Error
		if (tc.field == "") != (err == nil) || (err != nil && (!errors.As(err, &e) || e.Field != tc.field)) {
			t.Errorf("Validate %q: %v", tc.field, err)
		}
	}
	// Heartbleed: a request claiming 0x4000 bytes of payload with one present.
	var h Heartbeat
	err := h.Unmarshal(append([]byte{1, 0x40, 0x00, 'A'}, pad...))
	var e *Error
	if !errors.Is(err, ErrHeartbleed) || !errors.Is(err, ErrLength) || !errors.As(err, &e) ||
		e.Field != "payload_length" || e.Offset != 1 {
		t.Fatalf("Heartbleed request: %v", err)
	}
	if msg := err.Error(); !bytes.Contains([]byte(msg), []byte("Heartbleed")) {
		t.Fatalf("error text %q does not name Heartbleed", msg)
	}
	if _, err := (&Heartbeat{Payload: make([]byte, 0x10000)}).Append(nil); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Append 64 KiB payload: %v", err)
	}
	if HeartbeatRequest.String() != "heartbeat_request" || HeartbeatMessageType(7).String() != "HeartbeatMessageType(7)" {
		t.Error("String")
	}
	in := append([]byte{1, 0, 4, 'p', 'i', 'n', 'g'}, pad...)
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() {
		_ = h.Unmarshal(in)
		buf, _ = h.Append(buf[:0])
	}); n != 0 {
		t.Errorf("%v allocs", n)
	}
}

func TestRecordsTruncatedAndCorruptStreams(t *testing.T) {
	var r Reassembler
	for _, rec := range recordings(t) {
		c2s, s2c := rec.Streams()
		for _, stream := range [][]byte{c2s, s2c} {
			var ends []int // record boundaries
			rs := Records{Data: stream}
			for rs.Next() {
				ends = append(ends, rs.Offset())
			}
			want := plaintextMessages(t, stream)
			for i := 0; i <= len(stream); i++ {
				rs := Records{Data: stream[:i]}
				n := 0
				r.Reset()
				got := 0
				for rs.Next() {
					n++
					if rr := rs.Record(); rr.ContentType == ContentHandshake && got < len(want) {
						if err := r.Push(rr.Payload); err != nil {
							t.Fatal(err)
						}
						for m, ok := r.Next(); ok; m, ok = r.Next() {
							if got < len(want) && !bytes.Equal(m, want[got]) {
								t.Fatalf("%s cut %d: message %d differs", rec.Name, i, got)
							}
							got++
						}
					}
				}
				if rs.Err() != nil || (n > 0 && ends[n-1] != rs.Offset()) || (n < len(ends) && ends[n] <= i) {
					t.Fatalf("%s cut %d: %d records, offset %d, %v", rec.Name, i, n, rs.Offset(), rs.Err())
				}
			}
			// Corrupt each header byte of each record.
			for k, end := range ends {
				start := 0
				if k > 0 {
					start = ends[k-1]
				}
				for j := start; j < start+RecordHeaderLen && j < end; j++ {
					b := append([]byte(nil), stream...)
					b[j] ^= 0x41
					rs := Records{Data: b}
					var out []byte
					for rs.Next() {
						r := rs.Record()
						out, _ = r.Append(out)
					}
					if !bytes.Equal(out, b[:rs.Offset()]) || rs.Offset()+len(rs.Rest()) != len(b) {
						t.Fatalf("%s: corrupt byte %d: records re-encode differently", rec.Name, j)
					}
				}
			}
		}
	}
}
