package decrypt

import (
	"bytes"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// TestRSAKeyExchange recovers the master secret of crypto/tls RSA key
// exchange connections (TLS 1.0 and 1.2, extended master secret, as
// crypto/tls negotiates it) from the server's private key in PKCS #1 and
// PKCS #8 PEM, and checks it against the key log.
func TestRSAKeyExchange(t *testing.T) {
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	priv := pki.RSA.PrivateKey.(*rsa.PrivateKey)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pems := map[string][]byte{
		"PKCS1": pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)}),
		"PKCS8": append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: pki.RSA.Certificate[0]}),
			pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})...),
	}
	for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS12} {
		suite := tls.TLS_RSA_WITH_AES_128_CBC_SHA
		f := record(t, tlsgen.Scenario{
			Client: &tls.Config{MinVersion: v, MaxVersion: v, CipherSuites: []uint16{suite}},
			Server: &tls.Config{Certificates: []tls.Certificate{pki.RSA}, MinVersion: v, CipherSuites: []uint16{suite}},
		})
		// The plaintext handshake messages in the order they were sent, up
		// to the ClientKeyExchange: the session hash of RFC 7627.
		var transcript, cke, certDER []byte
		var dec wire.Decoder
		for _, w := range f.conv.Writes {
			rs := wire.Records{Data: w.Data}
			for rs.Next() && cke == nil {
				r := rs.Record()
				if r.ContentType != wire.ContentHandshake {
					continue
				}
				for msg := r.Payload; len(msg) >= 4; {
					n := 4 + (int(msg[1])<<16 | int(msg[2])<<8 | int(msg[3]))
					transcript = append(transcript, msg[:n]...)
					m, err := dec.Decode(msg[:n])
					if err != nil {
						t.Fatal(err)
					}
					switch m := m.(type) {
					case *wire.Certificate:
						certDER = m.Entries[0].CertData
					case *wire.ClientKeyExchange:
						cke = m.EncryptedPreMasterSecret
					}
					msg = msg[n:]
				}
			}
		}
		if cke == nil || certDER == nil {
			t.Fatal("no ClientKeyExchange or Certificate")
		}
		var store keylog.Store
		store.Parse(f.log)
		want := store.Lookup(f.random).MasterSecret()
		hash, err := SessionHash(v, suite, transcript)
		if err != nil {
			t.Fatal(err)
		}
		th, _ := TranscriptHash(v, suite)
		for msg := transcript; len(msg) > 0; { // one message at a time
			n := 4 + (int(msg[1])<<16 | int(msg[2])<<8 | int(msg[3]))
			th.Write(msg[:n])
			msg = msg[n:]
		}
		if !bytes.Equal(th.Sum(nil), hash) || !f.params().ExtendedMasterSecret {
			t.Fatalf("%x: TranscriptHash %x, SessionHash %x; EMS %v", v, th.Sum(nil), hash, f.params().ExtendedMasterSecret)
		}
		for name, p := range pems {
			var keys RSAKeys
			if n, err := keys.AddPEM(p); n != 1 || err != nil {
				t.Fatalf("%s: %d keys, %v", name, n, err)
			}
			ms, err := keys.RSAMasterSecret(f.params(), certDER, cke, hash)
			if err != nil || !bytes.Equal(ms, want) {
				t.Errorf("%x %s: master secret %x, %v; key log %x", v, name, ms, err, want)
			}
		}
		// Another key, a damaged ciphertext.
		var keys RSAKeys
		keys.AddPEM(pems["PKCS1"])
		if _, err := keys.RSAMasterSecret(f.params(), pki.ECDSA.Certificate[0], cke, hash); !errors.Is(err, ErrNoKey) {
			t.Errorf("ECDSA certificate: %v", err)
		}
		noHash := f.params()
		if _, err := keys.RSAMasterSecret(noHash, certDER, cke, nil); !errors.Is(err, wire.ErrContext) {
			t.Errorf("EMS without a session hash: %v", err)
		}
		bad := bytes.Clone(cke)
		bad[10] ^= 1
		if _, err := keys.RSAMasterSecret(f.params(), certDER, bad, hash); !errors.Is(err, ErrPreMaster) {
			t.Errorf("damaged: %v", err)
		}
	}
	var keys RSAKeys
	if _, err := keys.AddPEM([]byte("no PEM here")); !errors.Is(err, ErrNoKey) {
		t.Errorf("empty file: %v", err)
	}
	if _, err := keys.AddPEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}})); !errors.Is(err, wire.ErrValue) {
		t.Errorf("bad key: %v", err)
	}
}
