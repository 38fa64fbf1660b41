package decrypt

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"slices"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// clientHellos returns the ClientHello messages the client sent (two
// after a HelloRetryRequest), headers included.
func clientHellos(t *testing.T, f *flow) [][]byte {
	t.Helper()
	var out [][]byte
	for _, rec := range f.records[0] {
		if rec[0] == byte(wire.ContentHandshake) && rec[5] == byte(wire.TypeClientHello) {
			out = append(out, rec[5:])
		}
	}
	return out
}

// serverName returns the host_name of a ClientHello message.
func serverName(t *testing.T, msg []byte) string {
	t.Helper()
	var ch wire.ClientHello
	if err := ch.Unmarshal(msg); err != nil {
		t.Fatal(err)
	}
	data, _ := ch.Extensions.Find(wire.ExtensionServerName)
	if len(data) < 5 {
		return ""
	}
	return string(data[5:])
}

// x25519SharedSecret is DHKEM(X25519, HKDF-SHA256) Decap (RFC 9180
// §4.1): what a client logs as ECH_SECRET.
func x25519SharedSecret(t *testing.T, priv, enc []byte) []byte {
	k, err := ecdh.X25519().NewPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pkE, err := ecdh.X25519().NewPublicKey(enc)
	if err != nil {
		t.Fatal(err)
	}
	dh, err := k.ECDH(pkE)
	if err != nil {
		t.Fatal(err)
	}
	l := labeledKDF{h: crypto.SHA256, suiteID: []byte{'K', 'E', 'M', 0x00, 0x20}}
	prk := l.extract(nil, "eae_prk", dh)
	return l.expand(prk, "shared_secret", append(bytes.Clone(enc), k.PublicKey().Bytes()...), 32)
}

// TestECH opens the ClientHelloInner of crypto/tls ECH connections, with
// and without HelloRetryRequest, from the server's key (raw and PEM) and
// from ECH_SECRET/ECH_CONFIG, then decrypts the connection with the
// secrets the key log files under the inner random.
func TestECH(t *testing.T) {
	ech, err := tlsgen.NewECHKeys(7, "public.example.test")
	if err != nil {
		t.Fatal(err)
	}
	pki, _ := tlsgen.TestPKI()
	priv, _ := ecdh.X25519().NewPrivateKey(ech.ServerKeys[0].PrivateKey)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pemFile := append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		pem.EncodeToMemory(&pem.Block{Type: "ECHCONFIG", Bytes: ech.ConfigList})...)
	for _, hrr := range []bool{false, true} {
		server := &tls.Config{Certificates: []tls.Certificate{pki.ECDSA}, EncryptedClientHelloKeys: ech.ServerKeys}
		if hrr {
			server.CurvePreferences = []tls.CurveID{tls.CurveP384}
		}
		f := record(t, tlsgen.Scenario{
			Client:  &tls.Config{ServerName: "example.test", RootCAs: pki.Pool, EncryptedClientHelloConfigList: ech.ConfigList},
			Server:  server,
			AppData: app,
		})
		if !f.conv.State.ECHAccepted {
			t.Fatal("ECH not accepted")
		}
		hellos := clientHellos(t, f)
		if want := map[bool]int{false: 1, true: 2}[hrr]; len(hellos) != want {
			t.Fatalf("%d ClientHellos", len(hellos))
		}
		var raw ECHKeys
		if err := raw.Add(ech.ServerKeys[0].Config, ech.ServerKeys[0].PrivateKey); err != nil {
			t.Fatal(err)
		}
		var fromPEM ECHKeys
		if n, err := fromPEM.AddPEM(pemFile); n != 1 || err != nil {
			t.Fatalf("PEM: %d %v", n, err)
		}
		var outer echOuter
		o, err := parseOuter(hellos[0])
		if err != nil {
			t.Fatal(err)
		}
		outer = *o
		secret := x25519SharedSecret(t, ech.ServerKeys[0].PrivateKey, outer.ext.Enc)
		contexts := map[string]func() (*ECHContext, error){
			"raw key": func() (*ECHContext, error) { return raw.NewContext(hellos[0]) },
			"PEM":     func() (*ECHContext, error) { return fromPEM.NewContext(hellos[0]) },
			"ECH_SECRET": func() (*ECHContext, error) {
				return NewECHContextFromSecret(hellos[0], secret, ech.ServerKeys[0].Config)
			},
		}
		var inner []byte
		for name, newContext := range contexts {
			ctx, err := newContext()
			if err != nil {
				t.Fatalf("hrr=%v %s: %v", hrr, name, err)
			}
			for i, h := range hellos {
				in, err := ctx.Open(h)
				if err != nil {
					t.Fatalf("hrr=%v %s: ClientHello %d: %v", hrr, name, i, err)
				}
				if got := serverName(t, in); got != "example.test" || serverName(t, h) != "public.example.test" {
					t.Errorf("hrr=%v %s: inner SNI %q", hrr, name, got)
				}
				if i == 0 {
					if inner != nil && !bytes.Equal(in, inner) {
						t.Errorf("%s: another inner ClientHello", name)
					}
					inner = in
				}
			}
		}
		// The key log files the connection under the inner random.
		f.random = inner[6:38]
		d := decryptFlow(t, f)
		want := []wire.HandshakeType{wire.TypeEncryptedExtensions, wire.TypeCertificate, wire.TypeCertificateVerify, wire.TypeFinished}
		if !slices.Equal(d[1].hidden, want) || !bytes.Equal(d[0].app, app) {
			t.Errorf("hrr=%v: decrypted %v, %q", hrr, d[1].hidden, d[0].app)
		}
		var store keylog.Store
		store.Parse(f.log)
		if store.Lookup(outer.hello.Random) != nil {
			t.Error("secrets under the outer random")
		}

		// Hostile: another key, an altered payload, no ECH.
		other, _ := tlsgen.NewECHKeys(7, "public.example.test")
		var wrong ECHKeys
		wrong.Add(other.ServerKeys[0].Config, other.ServerKeys[0].PrivateKey)
		if _, err := wrong.NewContext(hellos[0]); !errors.Is(err, ErrNoKey) {
			t.Errorf("wrong key: %v", err)
		}
		ctx, _ := raw.NewContext(hellos[0])
		bad := bytes.Clone(hellos[0])
		off := bytes.Index(hellos[0], outer.ext.Payload)
		bad[off+3] ^= 1
		if _, err := ctx.Open(bad); !errors.Is(err, ErrECH) {
			t.Errorf("altered payload: %v", err)
		}
		if _, err := raw.NewContext(inner); err == nil {
			t.Error("an inner ClientHello opened as an outer one")
		}
	}
}

// TestDecodeInnerHostile: encoded inner hellos that are cut, padded with
// non-zero bytes, or reference outer extensions that are not there.
func TestDecodeInnerHostile(t *testing.T) {
	outer := &wire.ClientHello{SessionID: []byte{1, 2}, Extensions: wire.Extensions{{Type: wire.ExtensionServerName, Data: []byte{0, 1}}, {Type: wire.ExtensionALPN, Data: []byte{0, 2}}}}
	base := append([]byte{3, 3}, make([]byte, 32)...)
	base = append(base, 0, 0, 2, 0x13, 0x01, 1, 0)
	ext := func(exts ...byte) []byte {
		return append(append(bytes.Clone(base), byte(len(exts)>>8), byte(len(exts))), exts...)
	}
	good := ext(0xfd, 0x00, 0, 5, 4, 0, 0, 0, 16) // ech_outer_extensions: server_name, alpn
	if msg, err := decodeInner(append(good, 0, 0, 0), outer); err != nil {
		t.Fatal(err)
	} else {
		var ch wire.ClientHello
		if err := ch.Unmarshal(msg); err != nil || !bytes.Equal(ch.SessionID, outer.SessionID) || len(ch.Extensions) != 2 {
			t.Errorf("%v %+v", err, ch)
		}
	}
	for name, enc := range map[string][]byte{
		"cut":             good[:len(good)-2],
		"padding":         append(bytes.Clone(good), 0, 1),
		"order":           ext(0xfd, 0x00, 0, 5, 4, 0, 16, 0, 0),
		"missing":         ext(0xfd, 0x00, 0, 3, 2, 0, 42),
		"ech":             ext(0xfd, 0x00, 0, 3, 2, 0xfe, 0x0d),
		"odd list":        ext(0xfd, 0x00, 0, 2, 1, 0),
		"session id":      append(append([]byte{3, 3}, make([]byte, 32)...), 1, 9, 0, 2, 0x13, 0x01, 1, 0, 0, 0),
		"extension cut":   ext(0, 1, 0, 9, 1),
		"empty":           nil,
		"only a version":  {3, 3},
		"trailing inside": ext(0xfd, 0x00, 0, 6, 4, 0, 0, 0, 16, 7),
	} {
		if _, err := decodeInner(enc, outer); !errors.Is(err, wire.ErrValue) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
