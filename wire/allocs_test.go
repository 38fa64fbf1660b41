package wire

import (
	"bytes"
	"testing"
)

// TestAllocsRealMessages checks, for samples of every real message type,
// that decoding into a reused value and appending into a buffer with
// enough capacity allocate nothing, through the generic functions and
// through the type's own Unmarshal/Append methods.
func TestAllocsRealMessages(t *testing.T) {
	skipAllocsUnderRace(t)
	samples := samplesByType(t, 16)
	for _, ht := range sortedTypes(samples) {
		for _, rm := range samples[ht] {
			m := NewMessage(ht)
			if err := UnmarshalMessage(m, rm.Data, rm.Ctx); err != nil {
				t.Errorf("%s %v: %v", rm.Source, ht, err)
				continue
			}
			if a := testing.AllocsPerRun(20, func() { _ = UnmarshalMessage(m, rm.Data, rm.Ctx) }); a != 0 {
				t.Errorf("%s %v: UnmarshalMessage into a reused value: %v allocs", rm.Source, ht, a)
			}
			buf := make([]byte, 0, len(rm.Data))
			var out []byte
			if a := testing.AllocsPerRun(20, func() { out, _ = AppendMessage(buf[:0], m) }); a != 0 {
				t.Errorf("%s %v: AppendMessage with capacity: %v allocs", rm.Source, ht, a)
			}
			if !bytes.Equal(out, rm.Data) {
				t.Errorf("%s %v: AppendMessage differs from the input", rm.Source, ht)
			}
			// The per-type methods: Unmarshal(msg) for context-free
			// messages, Unmarshal(msg, ctx) for the others.
			switch v := m.(type) {
			case interface{ Unmarshal([]byte) error }:
				if a := testing.AllocsPerRun(20, func() { _ = v.Unmarshal(rm.Data) }); a != 0 {
					t.Errorf("%s %v: Unmarshal: %v allocs", rm.Source, ht, a)
				}
			case interface{ Unmarshal([]byte, Context) error }:
				if a := testing.AllocsPerRun(20, func() { _ = v.Unmarshal(rm.Data, rm.Ctx) }); a != 0 {
					t.Errorf("%s %v: Unmarshal: %v allocs", rm.Source, ht, a)
				}
			default:
				t.Errorf("%T has no Unmarshal method", m)
			}
			if v, ok := m.(interface{ Append([]byte) ([]byte, error) }); ok {
				if a := testing.AllocsPerRun(20, func() { out, _ = v.Append(buf[:0]) }); a != 0 {
					t.Errorf("%s %v: Append with capacity: %v allocs", rm.Source, ht, a)
				}
			} else {
				t.Errorf("%T has no Append method", m)
			}
		}
	}
}

// TestAllocsTypedHello checks the typed paths of the benchmark hellos
// (BenchmarkClientHelloTyped): decoding the hello and every extension into
// reused typed values, and encoding the hello from those values, allocate
// nothing; and the encoding is the input.
func TestAllocsTypedHello(t *testing.T) {
	skipAllocsUnderRace(t)
	for _, s := range helloSamples {
		msg := benchMessage(t, TypeClientHello, s.source).Data
		h := newTypedHello(t, msg)
		buf := make([]byte, 0, len(msg))
		var out []byte
		var err error
		if a := testing.AllocsPerRun(20, func() { err = h.decode(msg) }); a != 0 || err != nil {
			t.Errorf("%s: typed decode: %v allocs, %v", s.name, a, err)
		}
		if a := testing.AllocsPerRun(20, func() { out, err = h.encode(buf[:0]) }); a != 0 || err != nil {
			t.Errorf("%s: typed encode: %v allocs, %v", s.name, a, err)
		}
		if !bytes.Equal(out, msg) {
			t.Errorf("%s: typed encode differs from the input", s.name)
		}
	}
}
