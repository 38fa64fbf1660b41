package decrypt

import (
	"bytes"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// flow is a recorded connection with its key log, cut into records.
type flow struct {
	conv    *tlsgen.Conversation
	log     []byte
	records [2][][]byte // 0: client to server, 1: server to client
	random  []byte      // ClientHello.random
	sh      wire.ServerHello
}

// record runs s with a key log and cuts both directions into records.
func record(t testing.TB, s tlsgen.Scenario) *flow {
	t.Helper()
	conv, log, err := tlsgen.RunWithKeyLog(s)
	if err != nil {
		t.Fatalf("%s: %v", s.Name, err)
	}
	f := &flow{conv: conv}
	c2s, s2c := conv.Streams()
	for i, stream := range [][]byte{c2s, s2c} {
		rs := wire.Records{Data: stream}
		for rs.Next() {
			r := rs.Record()
			f.records[i] = append(f.records[i], stream[rs.Offset()-r.Len():rs.Offset()])
		}
		if rs.Err() != nil || len(rs.Rest()) != 0 {
			t.Fatalf("%s: records: %v, %d bytes left", s.Name, rs.Err(), len(rs.Rest()))
		}
	}
	f.random = f.records[0][0][11 : 11+32]
	// The ServerHello that is not a HelloRetryRequest.
	for _, rec := range f.records[1] {
		if rec[0] != byte(wire.ContentHandshake) || rec[5] != byte(wire.TypeServerHello) {
			continue
		}
		if err := f.sh.Unmarshal(rec[5:]); err != nil {
			t.Fatal(err)
		}
		if !f.sh.IsHelloRetryRequest() {
			break
		}
	}
	f.log = log
	return f
}

// params returns the Params of the recorded connection.
func (f *flow) params() Params {
	ch := wire.ClientHello{Random: f.random}
	return ParamsFromHellos(&ch, &f.sh)
}

// decrypted is what a direction of a flow decrypts to.
type decrypted struct {
	types   []wire.HandshakeType // every handshake message, plaintext and decrypted
	hidden  []wire.HandshakeType // the decrypted ones
	app     []byte
	alerts  int
	records int // records decrypted
	// compressed is the first CompressedCertificate (a copy).
	compressed *wire.CompressedCertificate
}

// decryptFlow opens every record of f with a Conn made from its key log
// and decodes every handshake message with wire.
func decryptFlow(t testing.TB, f *flow) [2]decrypted {
	t.Helper()
	var store keylog.Store
	if rep := store.Parse(f.log); len(rep.Errors) != 0 {
		t.Fatalf("key log: %v", rep.Errors[0])
	}
	conn, err := NewConn(f.params(), SecretsFromLog(store.Lookup(f.random)))
	if err != nil {
		t.Fatal(err)
	}
	var out [2]decrypted
	buf := make([]byte, 0, 1<<15)
	var dec wire.Decoder
	for _, dir := range []int{1, 0} { // the server's first: the decoder learns the version from the ServerHello
		var ra wire.Reassembler
		for i, rec := range f.records[dir] {
			typ, pt, enc, err := conn.Open(dir == 0, buf[:0], rec)
			if err != nil {
				t.Fatalf("direction %d record %d (%d bytes): %v", dir, i, len(rec), err)
			}
			if enc {
				out[dir].records++
			}
			switch typ {
			case wire.ContentHandshake:
				if err := ra.Push(pt); err != nil {
					t.Fatal(err)
				}
				for msg, ok := ra.Next(); ok; msg, ok = ra.Next() {
					m, err := dec.Decode(msg)
					if err != nil {
						t.Fatalf("direction %d: %v: %v", dir, wire.HandshakeType(msg[0]), err)
					}
					out[dir].types = append(out[dir].types, m.Type())
					if cc, ok := m.(*wire.CompressedCertificate); ok && out[dir].compressed == nil {
						c := *cc
						c.CompressedCertificateMessage = bytes.Clone(cc.CompressedCertificateMessage)
						out[dir].compressed = &c
					}
					if enc {
						out[dir].hidden = append(out[dir].hidden, m.Type())
					}
				}
			case wire.ContentApplicationData:
				out[dir].app = append(out[dir].app, pt...)
			case wire.ContentAlert:
				out[dir].alerts++
			}
		}
	}
	return out
}

var app = []byte("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n")

// TestCryptoTLSEverySuite decrypts a handshake and application data of
// every TLS 1.0-1.2 cipher suite crypto/tls implements, at every version
// the suite allows, with the key log crypto/tls writes.
func TestCryptoTLSEverySuite(t *testing.T) {
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	suites := append(tls.CipherSuites(), tls.InsecureCipherSuites()...)
	n := 0
	for _, s := range suites {
		for _, v := range s.SupportedVersions {
			if v == tls.VersionTLS13 || v == wire.VersionSSL30 {
				continue
			}
			info, _ := wire.LookupCipherSuite(wire.CipherSuite(s.ID))
			cert := pki.RSA
			if info.Auth == wire.AuthECDSA {
				cert = pki.ECDSA
			}
			name := fmt.Sprintf("%s/%s", wire.VersionName(v), s.Name)
			t.Run(name, func(t *testing.T) {
				f := record(t, tlsgen.Scenario{
					Name:    name,
					Client:  &tls.Config{MinVersion: v, MaxVersion: v, CipherSuites: []uint16{s.ID}},
					Server:  &tls.Config{MinVersion: v, MaxVersion: v, CipherSuites: []uint16{s.ID}, Certificates: []tls.Certificate{cert}},
					AppData: app,
				})
				if f.sh.CipherSuite != s.ID {
					t.Fatalf("negotiated %04x", f.sh.CipherSuite)
				}
				if !Supported(s.ID, v) {
					t.Fatal("not Supported")
				}
				d := decryptFlow(t, f)
				for dir := range 2 {
					if !slices.Equal(d[dir].hidden, []wire.HandshakeType{wire.TypeFinished}) {
						t.Errorf("direction %d: decrypted %v", dir, d[dir].hidden)
					}
					if !bytes.Equal(d[dir].app, app) {
						t.Errorf("direction %d: application data %q", dir, d[dir].app)
					}
				}
				if d[0].alerts != 1 {
					t.Errorf("client alerts: %d (close_notify)", d[0].alerts)
				}
			})
			n++
		}
	}
	t.Logf("%d suite and version pairs", n)
}

// TestCryptoTLSScenarios decrypts the standard scenarios: TLS 1.0-1.3,
// client authentication, HelloRetryRequest, resumption, ECH (the outer
// connection's keys).
func TestCryptoTLSScenarios(t *testing.T) {
	scenarios, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	T := func(ts ...wire.HandshakeType) []wire.HandshakeType { return ts }
	ee, cert, cv, fin, nst := wire.TypeEncryptedExtensions, wire.TypeCertificate, wire.TypeCertificateVerify, wire.TypeFinished, wire.TypeNewSessionTicket
	want := map[string][2][]wire.HandshakeType{
		// crypto/tls sends no NewSessionTicket to a client without a session cache.
		"tls13-default":        {T(fin), T(ee, cert, cv, fin)},
		"tls13-alpn-rsa":       {T(fin), T(ee, cert, cv, fin)},
		"tls13-x25519":         {T(fin), T(ee, cert, cv, fin)},
		"tls13-hrr":            {T(fin), T(ee, cert, cv, fin)},
		"tls13-client-auth":    {T(cert, cv, fin), T(ee, wire.TypeCertificateRequest, cert, cv, fin)},
		"tls13-resume":         {T(fin), T(ee, fin, nst)},
		"tls13-ech":            {T(fin), T(ee, cert, cv, fin)},
		"tls13-ech-hrr":        {T(fin), T(ee, cert, cv, fin)},
		"tls12-resume":         {T(fin), T(fin)},
		"tls12-client-auth":    {T(fin), T(fin)},
		"tls12-rsa-kx":         {T(fin), T(fin)},
		"tls12-ecdhe-ecdsa":    {T(fin), T(fin)},
		"tls11-ecdhe-rsa":      {T(fin), T(fin)},
		"tls10-ecdhe-rsa":      {T(fin), T(fin)},
		"tls12-ocsp-sct":       {T(fin), T(fin)},
		"tls12-ecdhe-rsa-alpn": {T(fin), T(fin)},
	}
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			f := record(t, s)
			switch s.Name {
			case "tls12-resume":
				// crypto/tls logs CLIENT_RANDOM for full handshakes only: a
				// resumed TLS 1.2 connection is decrypted with the master
				// secret of the connection that made the session (a reader
				// finds it by session ID or ticket).
				f.log = bytes.Replace(f.log, f.log[14:14+64], []byte(hex.EncodeToString(f.random)), 1)
			case "tls13-ech", "tls13-ech-hrr":
				// The key log files the secrets under the inner ClientHello's
				// random: see TestECH.
				t.Skip("keys are filed under the inner ClientHello random")
			}
			d := decryptFlow(t, f)
			w, ok := want[s.Name]
			if !ok {
				t.Fatalf("no expectation; decrypted %v / %v", d[0].hidden, d[1].hidden)
			}
			for dir := range 2 {
				if !slices.Equal(d[dir].hidden, w[dir]) {
					t.Errorf("direction %d: decrypted %v, want %v", dir, d[dir].hidden, w[dir])
				}
				if len(s.AppData) > 0 && !bytes.Equal(d[dir].app, s.AppData) {
					t.Errorf("direction %d: application data %q", dir, d[dir].app)
				}
			}
		})
	}
}

// TestWrongKey: a key log for another connection, or a damaged secret,
// fails authentication on the first protected record.
func TestWrongKey(t *testing.T) {
	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		f := record(t, tlsgen.Scenario{Client: &tls.Config{MinVersion: v, MaxVersion: v}})
		other := record(t, tlsgen.Scenario{Client: &tls.Config{MinVersion: v, MaxVersion: v}})
		var store keylog.Store
		store.Parse(other.log)
		s := SecretsFromLog(store.Lookup(other.random))
		conn, err := NewConn(f.params(), s)
		if err != nil {
			t.Fatal(err)
		}
		var failed bool
		for _, rec := range f.records[1] {
			if _, _, _, err := conn.Open(false, nil, rec); err != nil {
				if !errors.Is(err, ErrAuthentication) {
					t.Errorf("%x: %v", v, err)
				}
				failed = true
				break
			}
		}
		if !failed {
			t.Errorf("%x: no record failed", v)
		}
		// No secrets at all.
		conn, err = NewConn(f.params(), Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		var noKey bool
		for _, rec := range f.records[1] {
			_, _, enc, err := conn.Open(false, nil, rec)
			if err != nil {
				noKey = errors.Is(err, ErrNoKey)
				break
			}
			if enc {
				t.Fatalf("%x: decrypted without keys", v)
			}
		}
		if !noKey {
			t.Errorf("%x: without keys: no ErrNoKey", v)
		}
	}
}
