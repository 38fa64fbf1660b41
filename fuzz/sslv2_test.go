package fuzz

import (
	"bytes"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// FuzzSSLv2ClientHello decodes an SSL 2.0 compatible ClientHello record
// (RFC 5246 §E.2), 2-byte header included. Properties:
//
//   - decoding never panics nor allocates in proportion to a length field;
//     a failure is a *wire.Error placed within the record;
//   - what decodes is recognised by IsSSLv2ClientHello (when its version's
//     major byte is 0 or 3) and appends back (AppendSSLv2Record) to exactly
//     the record;
//   - decoding the encoding gives an equal value, and decoding into a
//     reused value gives the same encoding.
func FuzzSSLv2ClientHello(f *testing.F) {
	addSeeds(f, seedroute.TargetSSLv2)
	var dirty wire.ClientHello
	f.Fuzz(func(t *testing.T, in []byte) {
		var m wire.ClientHello
		var err error
		checkAllocBound(t, "UnmarshalSSLv2", in, func() { err = m.UnmarshalSSLv2(in) })
		if err != nil {
			checkWireError(t, err, len(in), false)
			return
		}
		if !m.SSLv2 {
			t.Fatal("SSLv2 not set")
		}
		if (in[3] == 0 || in[3] == 3) && !wire.IsSSLv2ClientHello(in) {
			t.Fatalf("IsSSLv2ClientHello(%x) = false for a hello that decodes", in[:5])
		}
		out, err := wire.AppendSSLv2Record(nil, &m)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("round trip differs (%v):\n in %x\nout %x", err, in, out)
		}
		var m2 wire.ClientHello
		if err := m2.UnmarshalSSLv2(out); err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("value changed across Append/Unmarshal (%v):\n%#v\n%#v", err, m, m2)
		}
		if err := dirty.UnmarshalSSLv2(in); err != nil {
			t.Fatalf("reused value: %v", err)
		}
		if out2, _ := wire.AppendSSLv2Record(nil, &dirty); !bytes.Equal(out2, in) {
			t.Fatalf("reused value encodes differently:\n in %x\nout %x", in, out2)
		}
	})
}
