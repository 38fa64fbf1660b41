package fuzz

import (
	"bytes"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// FuzzExtension decodes one extension body in one message context. The
// input is byte 0: the wire.ExtMessage (modulo 8, so 0 names no message),
// bytes 1-2: the extension type, the rest: extension_data (seedroute.ExtensionSeed).
// Properties:
//
//   - decoding never panics nor allocates in proportion to a length field;
//     a failure is a *wire.Error placed within the body;
//   - what decodes appends back to exactly the body, and Len agrees;
//   - decoding the encoding into a fresh value gives an equal value, and
//     decoding into a reused value gives the same encoding;
//   - Extensions.Decode on a list holding the extension agrees with
//     decoding the body directly (same error, equal value).
func FuzzExtension(f *testing.F) {
	addSeeds(f, seedroute.TargetExtension)
	dirty := map[wire.ExtensionType]wire.ExtensionBody{}
	f.Fuzz(func(t *testing.T, in []byte) {
		msg, typ, body, ok := seedroute.ParseExtensionSeed(in)
		if !ok {
			return
		}
		v := wire.NewExtensionBody(typ)
		if v.ExtensionType() != typ {
			t.Fatalf("NewExtensionBody(%d) encodes %d", typ, v.ExtensionType())
		}
		var err error
		checkAllocBound(t, "extension Unmarshal", body, func() { err = v.Unmarshal(body, msg) })

		list := wire.Extensions{{Type: typ ^ 1, Data: []byte{1}}, {Type: typ, Data: body}}
		viaList := wire.NewExtensionBody(typ)
		found, lerr := list.Decode(typ, msg, viaList)
		if !found || (err == nil) != (lerr == nil) || err != nil && err.Error() != lerr.Error() {
			t.Fatalf("Extensions.Decode: found %v, %v; Unmarshal: %v", found, lerr, err)
		}
		if err != nil {
			checkWireError(t, err, len(body), false)
			return
		}
		if !reflect.DeepEqual(v, viaList) {
			t.Fatalf("Extensions.Decode gives another value:\n%#v\n%#v", v, viaList)
		}
		switch v := v.(type) { // semantic checks: any verdict, but no panic
		case interface{ Validate() error }:
			_ = v.Validate()
		case interface{ Validate(wire.ExtMessage) error }:
			_ = v.Validate(msg)
		}
		// A non-nil buffer, so that an empty body re-decodes to an empty
		// (not nil) slice, as the input did.
		out, err := v.Append(make([]byte, 0, v.Len()))
		if err != nil {
			t.Fatalf("%T in %s: Append after successful Unmarshal: %v", v, msg, err)
		}
		if !bytes.Equal(out, body) || v.Len() != len(body) {
			t.Fatalf("%T in %s: round trip differs (Len %d):\n in %x\nout %x", v, msg, v.Len(), body, out)
		}
		v2 := wire.NewExtensionBody(typ)
		if err := v2.Unmarshal(out, msg); err != nil {
			t.Fatalf("re-decoding the encoding: %v", err)
		}
		if !reflect.DeepEqual(v, v2) {
			t.Fatalf("value changed across Append/Unmarshal:\n%#v\n%#v", v, v2)
		}
		d := dirty[typ]
		if d == nil {
			d = wire.NewExtensionBody(typ)
			dirty[typ] = d
		}
		if err := d.Unmarshal(body, msg); err != nil {
			t.Fatalf("reused value: %v", err)
		}
		if out2, _ := d.Append(nil); !bytes.Equal(out2, body) {
			t.Fatalf("reused value encodes differently:\n in %x\nout %x", body, out2)
		}
	})
}
