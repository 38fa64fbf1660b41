package wire

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// roundTripAll decodes every message with NewMessage and UnmarshalMessage
// under its conversation's context and checks that AppendMessage
// reproduces it byte for byte and that MessageLen agrees. Each message is
// decoded twice: into a fresh value, and into one value per type reused
// across all messages of that type (which catches fields UnmarshalBody
// fails to reset). It returns the number of messages per type and whether
// the type was decoded (rather than kept raw as an *UnknownMessage).
func roundTripAll(t *testing.T, msgs []realMessage) (counts map[HandshakeType]int, decoded map[HandshakeType]bool) {
	t.Helper()
	counts = map[HandshakeType]int{}
	decoded = map[HandshakeType]bool{}
	reused := map[HandshakeType]Message{}
	failures := 0
	fail := func(format string, args ...any) {
		t.Helper()
		if failures++; failures <= 20 {
			t.Errorf(format, args...)
		}
	}
	for _, rm := range msgs {
		ht := rm.Type()
		counts[ht]++
		if reused[ht] == nil {
			reused[ht] = NewMessage(ht)
		}
		for _, m := range []Message{NewMessage(ht), reused[ht]} {
			if m.Type() != ht {
				fail("%s: NewMessage(%v) returned a %v", rm.Source, ht, m.Type())
				continue
			}
			_, raw := m.(*UnknownMessage)
			decoded[ht] = !raw
			if err := UnmarshalMessage(m, rm.Data, rm.Ctx); err != nil {
				fail("%s: %v (ctx %+v): %v", rm.Source, ht, rm.Ctx, err)
				continue
			}
			if n := MessageLen(m); n != len(rm.Data) {
				fail("%s: %v: MessageLen %d, message is %d bytes", rm.Source, ht, n, len(rm.Data))
			}
			out, err := AppendMessage(nil, m)
			if err != nil {
				fail("%s: %v: Append: %v", rm.Source, ht, err)
				continue
			}
			if !bytes.Equal(out, rm.Data) {
				fail("%s: %v: round trip differs\n got %x\nwant %x", rm.Source, ht, out, rm.Data)
			}
		}
	}
	if failures > 20 {
		t.Errorf("... %d failures in all", failures)
	}
	for _, ht := range sortedTypes(counts) {
		form := "decoded"
		if !decoded[ht] {
			form = "raw (no decoder registered)"
		}
		t.Logf("%-22v %5d  %s", ht, counts[ht], form)
	}
	return counts, decoded
}

// TestRoundTripRealTCP round-trips every plaintext handshake message of the
// crypto/tls testdata recordings (crypto/tls <-> OpenSSL, TLS 1.0 to 1.3)
// and of the tlsgen scenarios.
func TestRoundTripRealTCP(t *testing.T) {
	counts, decoded := roundTripAll(t, tcpMessages(t))
	// The corpus itself: ~120 recordings and 13 scenarios, each with at
	// least one ClientHello and ServerHello, and every TLS 1.2 flight.
	for ht, min := range map[HandshakeType]int{
		TypeClientHello:        130,
		TypeServerHello:        130,
		TypeCertificate:        40,
		TypeServerKeyExchange:  20,
		TypeServerHelloDone:    40,
		TypeClientKeyExchange:  40,
		TypeCertificateRequest: 5,
		TypeCertificateVerify:  5,
		TypeNewSessionTicket:   1,
	} {
		if counts[ht] < min {
			t.Errorf("%v: %d messages, want at least %d", ht, counts[ht], min)
		}
	}
	for _, ht := range []HandshakeType{TypeClientHello, TypeServerHello} {
		if !decoded[ht] {
			t.Errorf("%v is not decoded by a typed value", ht)
		}
	}
}

// TestRoundTripRealQUIC round-trips the TLS 1.3 messages of QUIC
// handshakes, which crypto/tls's QUIC API exposes in plaintext: the ones
// TCP TLS 1.3 encrypts (EncryptedExtensions to NewSessionTicket) included.
func TestRoundTripRealQUIC(t *testing.T) {
	counts, _ := roundTripAll(t, quicCorpus(t))
	for _, ht := range []HandshakeType{
		TypeClientHello, TypeServerHello, TypeEncryptedExtensions, TypeCertificate,
		TypeCertificateRequest, TypeCertificateVerify, TypeFinished, TypeNewSessionTicket,
	} {
		if counts[ht] == 0 {
			t.Errorf("no %v in the QUIC handshakes", ht)
		}
	}
}

// TestRealHellosContext checks that the corpus contexts are what the
// decoders need: TLS 1.3 conversations carry KeyExchangeTLS13, and the
// TLS 1.3 ServerHellos carry supported_versions.
func TestRealHellosContext(t *testing.T) {
	var sh ServerHello
	n13 := 0
	for _, rm := range uniqueMessages(t) {
		if rm.Type() != TypeServerHello {
			continue
		}
		if err := sh.Unmarshal(rm.Data); err != nil {
			t.Fatalf("%s: %v", rm.Source, err)
		}
		if sh.SelectedVersion() == VersionTLS13 {
			n13++
			if rm.Ctx.KeyExchange != KeyExchangeTLS13 || rm.Ctx.Version != VersionTLS13 {
				t.Errorf("%s: TLS 1.3 ServerHello in context %+v", rm.Source, rm.Ctx)
			}
		}
	}
	if n13 < 20 {
		t.Errorf("only %d TLS 1.3 ServerHellos", n13)
	}
	if err := UnmarshalMessage(NewMessage(TypeServerHello), []byte{2, 0, 0, 1, 3}, Context{}); !errors.Is(err, ErrTruncated) {
		t.Errorf("short ServerHello: %v, want ErrTruncated", err)
	}
}

// TestRealKeyExchangeContexts checks that every TLS 1.0-1.2 conversation of
// the corpus yields a known key exchange (CipherSuiteKeyExchange knows its
// suite), so that its ServerKeyExchange and ClientKeyExchange are decoded in
// their real layout by the round-trip and hostile-input tests, not kept raw.
func TestRealKeyExchangeContexts(t *testing.T) {
	byKX := map[KeyExchange]int{}
	for _, rm := range tcpMessages(t) {
		if rm.Ctx.Version == 0 || UsesTLS13Forms(rm.Ctx.Version) {
			continue
		}
		if rm.Type() == TypeServerKeyExchange || rm.Type() == TypeClientKeyExchange {
			byKX[rm.Ctx.KeyExchange]++
		}
		if rm.Ctx.KeyExchange == KeyExchangeUnknown && rm.Type() == TypeServerHello {
			var sh ServerHello
			_ = sh.Unmarshal(rm.Data)
			t.Errorf("%s: cipher suite %#04x has no known key exchange (CipherSuiteKeyExchange lacks it)", rm.Source, sh.CipherSuite)
		}
	}
	t.Logf("key exchange messages by key exchange: %v", byKX)
	for _, kx := range []KeyExchange{KeyExchangeRSA, KeyExchangeECDHE} {
		if byKX[kx] == 0 {
			t.Errorf("no %v key exchange messages", kx)
		}
	}
}

// checkCappedBytes walks v and reports every []byte whose capacity exceeds
// its length: decoded byte fields alias the input, and must be capped so
// that appending to one can never overwrite the input that follows it.
func checkCappedBytes(v reflect.Value, path string, report func(path string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkCappedBytes(v.Elem(), path, report)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			checkCappedBytes(v.Field(i), path+"."+v.Type().Field(i).Name, report)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Cap() > v.Len() {
				report(path)
			}
			return
		}
		for i := range v.Len() {
			checkCappedBytes(v.Index(i), fmt.Sprintf("%s[%d]", path, i), report)
		}
	case reflect.Array:
		for i := range v.Len() {
			checkCappedBytes(v.Index(i), fmt.Sprintf("%s[%d]", path, i), report)
		}
	}
}

// TestRealMessagesCappedBytes decodes every real message and checks that
// no decoded byte field can be appended to in place.
func TestRealMessagesCappedBytes(t *testing.T) {
	for _, rm := range uniqueMessages(t) {
		m := NewMessage(rm.Type())
		// Decode from a copy with spare capacity, so that an uncapped
		// field at the end of the message would show too.
		in := append(make([]byte, 0, len(rm.Data)+16), rm.Data...)
		if err := UnmarshalMessage(m, in, rm.Ctx); err != nil {
			t.Errorf("%s %v: %v", rm.Source, rm.Type(), err)
			continue
		}
		checkCappedBytes(reflect.ValueOf(m), fmt.Sprintf("%T", m), func(path string) {
			t.Errorf("%s %v: %s has capacity beyond its length", rm.Source, rm.Type(), path)
		})
	}
}
