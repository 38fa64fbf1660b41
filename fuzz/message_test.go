package fuzz

import (
	"bytes"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// checkMessage is the property every message target checks on input in:
//
//   - decoding never panics nor allocates in proportion to a length
//     field (checkAllocBound), and a failure is a *wire.Error whose offset
//     lies within the input;
//   - what decodes re-encodes to exactly the input, and Len agrees;
//   - decoding the re-encoded bytes into a fresh value gives an equal value;
//   - decoding into a reused (dirty) value gives the same encoding as a
//     fresh one (Unmarshal resets every field);
//   - the per-connection Decoder agrees and, on error, hands back only the
//     raw bytes, never a half-filled typed value.
func checkMessage(t *testing.T, newValue func() wire.Message, ctx wire.Context, in []byte, dirty wire.Message) {
	m := newValue()
	var err error
	checkAllocBound(t, "Unmarshal", in, func() { err = wire.UnmarshalMessage(m, in, ctx) })

	d := wire.Decoder{Context: ctx}
	dm, derr := d.Decode(in)
	if len(in) >= 4 && wire.HandshakeType(in[0]) == m.Type() && (err == nil) != (derr == nil) {
		t.Fatalf("Decoder disagrees: Unmarshal %v, Decoder %v", err, derr)
	}
	if derr != nil && dm != nil {
		if _, raw := dm.(*wire.UnknownMessage); !raw {
			t.Fatalf("Decoder returned a typed %T with error %v", dm, derr)
		}
	}

	if err != nil {
		checkWireError(t, err, len(in), false)
		return
	}
	if v, ok := m.(interface{ Validate() error }); ok {
		_ = v.Validate() // semantic checks: any verdict, but no panic
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

// fuzzMessage runs checkMessage for the target called name. A second value
// that keeps the state of earlier inputs exercises reuse.
func fuzzMessage(f *testing.F, name string) {
	var mt *seedroute.MessageTarget
	for i := range seedroute.MessageTargets {
		if seedroute.MessageTargets[i].Name == name {
			mt = &seedroute.MessageTargets[i]
		}
	}
	if mt == nil {
		f.Fatalf("no message target %s", name)
	}
	addSeeds(f, name)
	newValue := func() wire.Message { return wire.NewMessage(mt.Type) }
	dirty := newValue()
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := mt.Context
		if mt.Prefix {
			var ok bool
			if ctx, in, ok = seedroute.PrefixContext(in); !ok {
				return
			}
		}
		checkMessage(t, newValue, ctx, in, dirty)
	})
}

func FuzzHelloRequest(f *testing.F)          { fuzzMessage(f, "FuzzHelloRequest") }
func FuzzClientHello(f *testing.F)           { fuzzMessage(f, "FuzzClientHello") }
func FuzzClientHelloDTLS(f *testing.F)       { fuzzMessage(f, "FuzzClientHelloDTLS") }
func FuzzServerHello(f *testing.F)           { fuzzMessage(f, "FuzzServerHello") }
func FuzzHelloVerifyRequest(f *testing.F)    { fuzzMessage(f, "FuzzHelloVerifyRequest") }
func FuzzNewSessionTicket12(f *testing.F)    { fuzzMessage(f, "FuzzNewSessionTicket12") }
func FuzzNewSessionTicket13(f *testing.F)    { fuzzMessage(f, "FuzzNewSessionTicket13") }
func FuzzEndOfEarlyData(f *testing.F)        { fuzzMessage(f, "FuzzEndOfEarlyData") }
func FuzzEncryptedExtensions(f *testing.F)   { fuzzMessage(f, "FuzzEncryptedExtensions") }
func FuzzRequestConnectionID(f *testing.F)   { fuzzMessage(f, "FuzzRequestConnectionID") }
func FuzzNewConnectionID(f *testing.F)       { fuzzMessage(f, "FuzzNewConnectionID") }
func FuzzCertificate12(f *testing.F)         { fuzzMessage(f, "FuzzCertificate12") }
func FuzzCertificate13(f *testing.F)         { fuzzMessage(f, "FuzzCertificate13") }
func FuzzServerKeyExchange(f *testing.F)     { fuzzMessage(f, "FuzzServerKeyExchange") }
func FuzzCertificateRequest10(f *testing.F)  { fuzzMessage(f, "FuzzCertificateRequest10") }
func FuzzCertificateRequest12(f *testing.F)  { fuzzMessage(f, "FuzzCertificateRequest12") }
func FuzzCertificateRequest13(f *testing.F)  { fuzzMessage(f, "FuzzCertificateRequest13") }
func FuzzServerHelloDone(f *testing.F)       { fuzzMessage(f, "FuzzServerHelloDone") }
func FuzzCertificateVerify10(f *testing.F)   { fuzzMessage(f, "FuzzCertificateVerify10") }
func FuzzCertificateVerify12(f *testing.F)   { fuzzMessage(f, "FuzzCertificateVerify12") }
func FuzzClientKeyExchange(f *testing.F)     { fuzzMessage(f, "FuzzClientKeyExchange") }
func FuzzFinished(f *testing.F)              { fuzzMessage(f, "FuzzFinished") }
func FuzzCertificateURL(f *testing.F)        { fuzzMessage(f, "FuzzCertificateURL") }
func FuzzCertificateStatus(f *testing.F)     { fuzzMessage(f, "FuzzCertificateStatus") }
func FuzzSupplementalData(f *testing.F)      { fuzzMessage(f, "FuzzSupplementalData") }
func FuzzKeyUpdate(f *testing.F)             { fuzzMessage(f, "FuzzKeyUpdate") }
func FuzzCompressedCertificate(f *testing.F) { fuzzMessage(f, "FuzzCompressedCertificate") }
func FuzzEKTKey(f *testing.F)                { fuzzMessage(f, "FuzzEKTKey") }
func FuzzNextProtocol(f *testing.F)          { fuzzMessage(f, "FuzzNextProtocol") }
func FuzzMessageHash(f *testing.F)           { fuzzMessage(f, "FuzzMessageHash") }
