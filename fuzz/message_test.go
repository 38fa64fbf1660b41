package fuzz

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// checkMessage is the property every message target checks on input in:
//
//   - decoding never panics, and a failure is a *wire.Error whose offset
//     lies within the input;
//   - what decodes re-encodes to exactly the input, and Len agrees;
//   - decoding the re-encoded bytes into a fresh value gives an equal value;
//   - decoding into a reused (dirty) value gives the same value as into a
//     fresh one (Unmarshal resets every field);
//   - the per-connection Decoder reports the same outcome and, on error,
//     hands back only the raw bytes.
func checkMessage(t *testing.T, newValue func() wire.Message, ctx wire.Context, in []byte, dirty wire.Message) {
	m := newValue()
	err := wire.UnmarshalMessage(m, in, ctx)

	d := wire.Decoder{Context: ctx}
	dm, derr := d.Decode(in)
	if (err == nil) != (derr == nil) && len(in) >= 4 && wire.HandshakeType(in[0]) == m.Type() {
		t.Fatalf("Decoder disagrees: Unmarshal %v, Decoder %v", err, derr)
	}
	if derr != nil && dm != nil {
		if _, raw := dm.(*wire.UnknownMessage); !raw {
			t.Fatalf("Decoder returned a typed %T with error %v", dm, derr)
		}
	}

	if err != nil {
		var e *wire.Error
		if !errors.As(err, &e) {
			t.Fatalf("error is not a *wire.Error: %#v", err)
		}
		if e.Offset < 0 || e.Offset > len(in) || e.Message == "" {
			t.Fatalf("error with bad position or name: %v (input %d bytes)", err, len(in))
		}
		return
	}
	out, err := wire.AppendMessage(nil, m)
	if err != nil {
		t.Fatalf("Append after successful Unmarshal: %v", err)
	}
	if !bytes.Equal(out, in) {
		t.Fatalf("round trip differs:\n in %x\nout %x", in, out)
	}
	if n := wire.MessageLen(m); n != len(in) {
		t.Fatalf("Len = %d, encoded %d", n, len(in))
	}
	m2 := newValue()
	if err := wire.UnmarshalMessage(m2, out, ctx); err != nil {
		t.Fatalf("re-decoding the encoding: %v", err)
	}
	if !reflect.DeepEqual(m, m2) {
		t.Fatalf("value changed across Append/Unmarshal:\n%#v\n%#v", m, m2)
	}
	if dirty != nil {
		if err := wire.UnmarshalMessage(dirty, in, ctx); err != nil {
			t.Fatalf("reused value: %v", err)
		}
		if out2, _ := wire.AppendMessage(nil, dirty); !bytes.Equal(out2, in) {
			t.Fatalf("reused value encodes differently:\n in %x\nout %x", in, out2)
		}
	}
}

// fuzzMessage runs checkMessage for one message type and context. A second
// value that keeps the state of earlier inputs exercises reuse.
func fuzzMessage(f *testing.F, target string, newValue func() wire.Message, ctx wire.Context) {
	addSeeds(f, target)
	dirty := newValue()
	f.Fuzz(func(t *testing.T, in []byte) {
		checkMessage(t, newValue, ctx, in, dirty)
	})
}

func FuzzClientHello(f *testing.F) {
	fuzzMessage(f, "FuzzClientHello", func() wire.Message { return new(wire.ClientHello) }, wire.Context{})
}

func FuzzServerHello(f *testing.F) {
	fuzzMessage(f, "FuzzServerHello", func() wire.Message { return new(wire.ServerHello) }, wire.Context{})
}
