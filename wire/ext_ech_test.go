package wire

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// echHandshake runs a crypto/tls handshake with Encrypted Client Hello
// (and, with hrr, a HelloRetryRequest) and returns the outer ClientHellos
// and the ServerHellos it sent in the clear, plus the ECHConfigList used.
func echHandshake(t *testing.T, hrr bool) (hellos [][]byte, list []byte) {
	t.Helper()
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ECHConfigList{{Version: ECHConfigVersion, ConfigID: 42, KEMID: 0x0020,
		PublicKey:    key.PublicKey().Bytes(),
		CipherSuites: []HPKESymmetricCipherSuite{{KDFID: 1, AEADID: 1}, {KDFID: 1, AEADID: 3}},
		PublicName:   []byte("public.example.test")}}
	if list, err = cfg.Append(nil); err != nil {
		t.Fatal(err)
	}
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	server := &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{pki.ECDSA},
		EncryptedClientHelloKeys: []tls.EncryptedClientHelloKey{{Config: list[2:], PrivateKey: key.Bytes(), SendAsRetry: true}}}
	if hrr {
		server.CurvePreferences = []tls.CurveID{tls.CurveP384}
	}
	client := &tls.Config{MinVersion: tls.VersionTLS13, ServerName: "example.test", RootCAs: pki.Pool,
		EncryptedClientHelloConfigList: list}
	conv, err := tlsgen.Run(tlsgen.Scenario{Name: "ech", Client: client, Server: server})
	if err != nil {
		t.Fatal(err)
	}
	if !conv.State.ECHAccepted {
		t.Fatal("ECH not accepted")
	}
	c2s, s2c := conv.Streams()
	return append(helloMessages(c2s), helloMessages(s2c)...), list
}

func TestExtECHRealHandshake(t *testing.T) {
	skipAllocsUnderRace(t)
	for _, hrr := range []bool{false, true} {
		hellos, list := echHandshake(t, hrr)
		var forms []ExtMessage
		for _, m := range hellos {
			var exts Extensions
			in := InClientHello
			if HandshakeType(m[0]) == TypeClientHello {
				var ch ClientHello
				if err := ch.Unmarshal(m); err != nil {
					t.Fatal(err)
				}
				exts = ch.Extensions
			} else {
				var sh ServerHello
				if err := sh.Unmarshal(m); err != nil {
					t.Fatal(err)
				}
				exts, in = sh.Extensions, InServerHello
				if sh.IsHelloRetryRequest() {
					in = InHelloRetryRequest
				}
			}
			var e EncryptedClientHelloExtension
			found, err := exts.Decode(ExtensionEncryptedClientHello, in, &e)
			if err != nil {
				t.Fatal(err)
			}
			if !found {
				continue
			}
			data, _ := exts.Find(ExtensionEncryptedClientHello)
			out, err := e.Append(nil)
			if err != nil || !bytes.Equal(out, data) {
				t.Fatalf("%s: round trip differs", in)
			}
			switch in {
			case InClientHello:
				if e.Type != ECHClientHelloOuter || e.ConfigID != 42 || e.CipherSuite.KDFID != 1 || len(e.Payload) == 0 {
					t.Fatalf("outer ECH: %+v", e)
				}
			case InHelloRetryRequest:
				if len(e.Confirmation) != 8 {
					t.Fatalf("HRR confirmation: %x", e.Confirmation)
				}
			}
			forms = append(forms, in)
		}
		want := 1
		if hrr {
			want = 3 // two outer ClientHellos and the HRR confirmation
		}
		if len(forms) != want {
			t.Fatalf("hrr=%v: ECH extension in %v", hrr, forms)
		}
		var l ECHConfigList
		if err := l.Unmarshal(list); err != nil {
			t.Fatal(err)
		}
		if len(l) != 1 || l[0].ConfigID != 42 || string(l[0].PublicName) != "public.example.test" || len(l[0].CipherSuites) != 2 {
			t.Fatalf("ECHConfigList: %+v", l)
		}
		if out, err := l.Append(nil); err != nil || !bytes.Equal(out, list) || l.Len() != len(list) {
			t.Fatalf("ECHConfigList round trip")
		}
		if n := testing.AllocsPerRun(10, func() { _ = l.Unmarshal(list) }); n != 0 {
			t.Fatalf("ECHConfigList.Unmarshal allocates %v", n)
		}
	}
}

func TestExtECHConfigListErrors(t *testing.T) {
	good := ECHConfigList{{Version: ECHConfigVersion, ConfigID: 1, KEMID: 0x20, PublicKey: []byte{1},
		CipherSuites: []HPKESymmetricCipherSuite{{1, 1}}, PublicName: []byte("a")}}
	b, err := good.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	var l ECHConfigList
	for i := range b {
		if l.Unmarshal(b[:i]) == nil {
			t.Fatalf("truncation to %d accepted", i)
		}
	}
	// cipher_suites below its minimum, then of a length that is not a multiple of 4.
	bad := append([]byte(nil), b...)
	// Layout: list len(2) version(2) length(2) config_id kem_id(2) pk_len(2) pk(1) cs_len(2)...
	bad[13] = 2
	if err := l.Unmarshal(bad); !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("cipher_suites of 2 bytes: %v", err)
	}
	contents := []byte{1, 0, 0x20, 0, 1, 1, 0, 6, 0, 1, 0, 1, 0, 1, 0, 1, 'a', 0, 0}
	odd := append([]byte{0, byte(4 + len(contents)), 0xfe, 0x0d, 0, byte(len(contents))}, contents...)
	if err := l.Unmarshal(odd); !errors.Is(err, ErrLength) {
		t.Fatalf("cipher_suites of 6 bytes: %v", err)
	}
}
