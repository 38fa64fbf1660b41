package fuzz

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// messageTarget is one fuzz target for a handshake message type in one
// form. Targets whose form depends on the key exchange (ServerKeyExchange,
// ClientKeyExchange) take their context from a 2-byte input prefix instead
// (see prefixContext).
type messageTarget struct {
	Name    string
	Type    wire.HandshakeType
	Context wire.Context
	Prefix  bool // the first two input bytes select the context
}

var (
	tls10 = wire.Context{Version: wire.VersionTLS10}
	tls12 = wire.Context{Version: wire.VersionTLS12}
	tls13 = wire.Context{Version: wire.VersionTLS13}
)

// messageTargets lists every message fuzz target. The corpus generator
// routes each seed with TargetFor, which reads this table.
var messageTargets = []messageTarget{
	{Name: "FuzzHelloRequest", Type: wire.TypeHelloRequest},
	{Name: "FuzzClientHello", Type: wire.TypeClientHello},
	{Name: "FuzzServerHello", Type: wire.TypeServerHello},
	{Name: "FuzzHelloVerifyRequest", Type: wire.TypeHelloVerifyRequest},
	{Name: "FuzzNewSessionTicket12", Type: wire.TypeNewSessionTicket, Context: tls12},
	{Name: "FuzzNewSessionTicket13", Type: wire.TypeNewSessionTicket, Context: tls13},
	{Name: "FuzzEndOfEarlyData", Type: wire.TypeEndOfEarlyData},
	{Name: "FuzzEncryptedExtensions", Type: wire.TypeEncryptedExtensions},
	{Name: "FuzzRequestConnectionID", Type: wire.TypeRequestConnectionID},
	{Name: "FuzzNewConnectionID", Type: wire.TypeNewConnectionID},
	{Name: "FuzzCertificate12", Type: wire.TypeCertificate, Context: tls12},
	{Name: "FuzzCertificate13", Type: wire.TypeCertificate, Context: tls13},
	{Name: "FuzzServerKeyExchange", Type: wire.TypeServerKeyExchange, Prefix: true},
	{Name: "FuzzCertificateRequest10", Type: wire.TypeCertificateRequest, Context: tls10},
	{Name: "FuzzCertificateRequest12", Type: wire.TypeCertificateRequest, Context: tls12},
	{Name: "FuzzCertificateRequest13", Type: wire.TypeCertificateRequest, Context: tls13},
	{Name: "FuzzServerHelloDone", Type: wire.TypeServerHelloDone},
	{Name: "FuzzCertificateVerify10", Type: wire.TypeCertificateVerify, Context: tls10},
	{Name: "FuzzCertificateVerify12", Type: wire.TypeCertificateVerify, Context: tls12},
	{Name: "FuzzClientKeyExchange", Type: wire.TypeClientKeyExchange, Prefix: true},
	{Name: "FuzzFinished", Type: wire.TypeFinished},
	{Name: "FuzzCertificateURL", Type: wire.TypeCertificateURL},
	{Name: "FuzzCertificateStatus", Type: wire.TypeCertificateStatus},
	{Name: "FuzzSupplementalData", Type: wire.TypeSupplementalData},
	{Name: "FuzzKeyUpdate", Type: wire.TypeKeyUpdate},
	{Name: "FuzzCompressedCertificate", Type: wire.TypeCompressedCertificate},
	{Name: "FuzzEKTKey", Type: wire.TypeEKTKey},
	{Name: "FuzzNextProtocol", Type: wire.TypeNextProtocol},
	{Name: "FuzzMessageHash", Type: wire.TypeMessageHash},
}

// prefixVersions are the versions a context prefix byte selects from.
var prefixVersions = []uint16{
	wire.VersionSSL30, wire.VersionTLS10, wire.VersionTLS11, wire.VersionTLS12,
	wire.VersionTLS13, wire.VersionDTLS10, wire.VersionDTLS12,
}

// prefixContext decodes a 2-byte context prefix: byte 0 is the key
// exchange, byte 1 the index into prefixVersions in its low 7 bits and
// ImplicitDH in its high bit.
func prefixContext(in []byte) (wire.Context, []byte, bool) {
	if len(in) < 2 {
		return wire.Context{}, nil, false
	}
	return wire.Context{
		KeyExchange: wire.KeyExchange(in[0] % uint8(wire.KeyExchangeTLS13+1)),
		Version:     prefixVersions[int(in[1]&0x7f)%len(prefixVersions)],
		ImplicitDH:  in[1]&0x80 != 0,
	}, in[2:], true
}

// ContextPrefix encodes ctx as the 2-byte prefix prefixContext reads.
func ContextPrefix(ctx wire.Context) []byte {
	v := 0
	for i, pv := range prefixVersions {
		if pv == ctx.Version {
			v = i
		}
	}
	b := byte(v)
	if ctx.ImplicitDH {
		b |= 0x80
	}
	return []byte{byte(ctx.KeyExchange), b}
}

// TargetFor returns the message target for a handshake message of type t
// seen in context ctx, and the seed bytes to store (prefixed where the
// target takes its context from the input).
func TargetFor(t wire.HandshakeType, ctx wire.Context, msg []byte) (string, []byte, bool) {
	var best *messageTarget
	for i := range messageTargets {
		mt := &messageTargets[i]
		if mt.Type != t {
			continue
		}
		if mt.Prefix {
			return mt.Name, append(ContextPrefix(ctx), msg...), true
		}
		if best == nil || formOf(mt.Context) == formOf(ctx) {
			best = mt
		}
	}
	if best == nil {
		return "", nil, false
	}
	return best.Name, msg, true
}

// formOf groups versions by the message forms they select.
func formOf(ctx wire.Context) int {
	switch {
	case wire.UsesTLS13Forms(ctx.Version):
		return 13
	case ctx.Version == wire.VersionTLS12 || ctx.Version == wire.VersionDTLS12:
		return 12
	case ctx.Version == 0:
		return 0
	}
	return 10
}

// checkMessage is the property every message target checks on input in:
//
//   - decoding never panics, and a failure is a *wire.Error whose offset
//     lies within the input;
//   - what decodes re-encodes to exactly the input, and Len agrees;
//   - decoding the re-encoded bytes into a fresh value gives an equal value;
//   - decoding into a reused (dirty) value gives the same encoding as a
//     fresh one (Unmarshal resets every field);
//   - the per-connection Decoder agrees and, on error, hands back only the
//     raw bytes, never a half-filled typed value.
func checkMessage(t *testing.T, newValue func() wire.Message, ctx wire.Context, in []byte, dirty wire.Message) {
	m := newValue()
	err := wire.UnmarshalMessage(m, in, ctx)

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

// fuzzMessage runs checkMessage for the target called name. A second value
// that keeps the state of earlier inputs exercises reuse.
func fuzzMessage(f *testing.F, name string) {
	var mt *messageTarget
	for i := range messageTargets {
		if messageTargets[i].Name == name {
			mt = &messageTargets[i]
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
			if ctx, in, ok = prefixContext(in); !ok {
				return
			}
		}
		checkMessage(t, newValue, ctx, in, dirty)
	})
}

func FuzzHelloRequest(f *testing.F)          { fuzzMessage(f, "FuzzHelloRequest") }
func FuzzClientHello(f *testing.F)           { fuzzMessage(f, "FuzzClientHello") }
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
