package fuzz

import (
	"bytes"
	"errors"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// recordsLimits are the Reassembler limits FuzzRecords runs with: the
// default and a small one, so that the size limit is hit often.
var recordsLimits = []int{0, 512}

// FuzzRecords reads one direction of a TLS connection: the input is the
// raw byte stream (record headers included). Properties:
//
//   - the records wire.Records yields re-frame (Record.Append) to exactly
//     the bytes it consumed, and a stop short of the end is either a
//     partial record (Rest) or a located *wire.Error;
//   - the Reassembler, fed the handshake payloads of the records up to the
//     first ChangeCipherSpec or application_data record (after which
//     handshake records are encrypted), produces messages that are,
//     concatenated, exactly a prefix of those payloads, each within the
//     size limit, and every message the Decoder decodes appends back to
//     the same bytes;
//   - with no error, Buffered is exactly the handshake bytes not yet
//     returned and stays below one message header plus the limit; after
//     an error the stream is dead and Buffered is 0;
//   - feeding all handshake bytes in a single Push gives the same
//     messages and the same error as feeding them record by record;
//   - a fresh Reassembler allocates in proportion to the bytes pushed
//     (checkAllocBound), never to a declared message length.
func FuzzRecords(f *testing.F) {
	addSeeds(f, seedroute.TargetRecords)
	var r wire.Reassembler
	var d wire.Decoder
	f.Fuzz(func(t *testing.T, in []byte) {
		var reframed, handshake []byte
		var payloads [][]byte
		plaintext := true
		rs := wire.Records{Data: in}
		for rs.Next() {
			rec := rs.Record()
			var err error
			if reframed, err = rec.Append(reframed); err != nil {
				t.Fatalf("Append of a parsed record: %v", err)
			}
			switch rec.ContentType {
			case wire.ContentChangeCipherSpec, wire.ContentApplicationData:
				plaintext = false
			case wire.ContentHandshake:
				if plaintext {
					payloads = append(payloads, rec.Payload)
					handshake = append(handshake, rec.Payload...)
				}
			}
		}
		if !bytes.Equal(reframed, in[:rs.Offset()]) || len(rs.Rest()) != len(in)-rs.Offset() {
			t.Fatalf("records re-frame to %d bytes, consumed %d of %d", len(reframed), rs.Offset(), len(in))
		}
		if err := rs.Err(); err != nil {
			checkWireError(t, err, len(in), false)
		} else if rest := rs.Rest(); len(rest) > 0 {
			if _, _, err := wire.ParseRecord(rest); !errors.Is(err, wire.ErrTruncated) {
				t.Fatalf("iteration stopped before %d bytes that parse: %v", len(rest), err)
			}
		}

		// A fresh Reassembler allocates in proportion to the bytes pushed,
		// never to a declared message length.
		checkAllocBound(t, "Reassembler", in, func() {
			var fresh wire.Reassembler
			for _, p := range payloads {
				err := fresh.Push(p)
				for _, ok := fresh.Next(); ok; _, ok = fresh.Next() {
				}
				if err != nil {
					break
				}
			}
		})

		for _, limit := range recordsLimits {
			r.MaxMessageSize = limit
			r.Reset()
			d.Reset()
			var got []byte // concatenated messages
			var msgs [][]byte
			var err error
			for _, p := range payloads {
				err = r.Push(p)
				for m, ok := r.Next(); ok; m, ok = r.Next() {
					checkReassembled(t, &d, m, limit)
					got = append(got, m...)
					msgs = append(msgs, append([]byte(nil), m...))
				}
				if err != nil {
					break
				}
			}
			if !bytes.HasPrefix(handshake, got) {
				t.Fatalf("limit %d: messages are not the handshake stream", limit)
			}
			if err != nil {
				checkWireError(t, err, len(handshake), false)
				if r.Buffered() != 0 {
					t.Fatalf("limit %d: %d bytes buffered after error %v", limit, r.Buffered(), err)
				}
			} else {
				if r.Buffered() != len(handshake)-len(got) {
					t.Fatalf("limit %d: Buffered %d, %d bytes not returned", limit, r.Buffered(), len(handshake)-len(got))
				}
				if bound := 4 + effectiveLimit(limit); r.Buffered() >= bound {
					t.Fatalf("limit %d: Buffered %d, above one message", limit, r.Buffered())
				}
			}

			// The same bytes in one Push.
			r.Reset()
			werr := r.Push(handshake)
			n := 0
			for m, ok := r.Next(); ok; m, ok = r.Next() {
				if n >= len(msgs) || !bytes.Equal(m, msgs[n]) {
					t.Fatalf("limit %d: one Push gives another message %d", limit, n)
				}
				n++
			}
			if n != len(msgs) || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
				t.Fatalf("limit %d: per record %d messages, %v; one Push %d, %v", limit, len(msgs), err, n, werr)
			}
		}
	})
}

// effectiveLimit is the Reassembler's limit for a MaxMessageSize.
func effectiveLimit(limit int) int {
	if limit <= 0 {
		return wire.DefaultMaxMessageSize
	}
	return min(limit, wire.MaxHandshakeLen)
}

// checkReassembled checks one message from the Reassembler: framed as its
// header says, within the limit, and, if it decodes, encoding back to the
// same bytes.
func checkReassembled(t *testing.T, d *wire.Decoder, m []byte, limit int) {
	t.Helper()
	if len(m) < 4 || len(m) != 4+(int(m[1])<<16|int(m[2])<<8|int(m[3])) {
		t.Fatalf("message %x framed wrongly", m)
	}
	if len(m)-4 > effectiveLimit(limit) {
		t.Fatalf("message of %d bytes above the limit %d", len(m)-4, limit)
	}
	v, err := d.Decode(m)
	if err != nil {
		checkWireError(t, err, len(m), false)
		return
	}
	out, err := wire.AppendMessage(nil, v)
	if err != nil || !bytes.Equal(out, m) {
		t.Fatalf("%v decoded from the stream re-encodes differently (%v):\n in %x\nout %x", v.Type(), err, m, out)
	}
}
