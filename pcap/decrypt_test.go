package pcap

import (
	"bytes"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/internal/capgen"
	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// keyedConv is a crypto/tls conversation with the key log its client wrote.
type keyedConv struct {
	conv *tlsgen.Conversation
	log  []byte
}

// runKeyed runs scenario s with a KeyLogWriter on its client.
func runKeyed(t testing.TB, s tlsgen.Scenario) keyedConv {
	t.Helper()
	c, log, err := tlsgen.RunWithKeyLog(s)
	if err != nil {
		t.Fatalf("%s: %v", s.Name, err)
	}
	return keyedConv{conv: c, log: log}
}

func storeOf(t testing.TB, logs ...[]byte) *keylog.Store {
	t.Helper()
	var s keylog.Store
	for _, l := range logs {
		if rep := s.Parse(l); len(rep.Errors) > 0 {
			t.Fatalf("key log: %v", rep.Errors[0])
		}
	}
	return &s
}

// decryptedTypes returns the types of the decrypted messages of direction d.
func decryptedTypes(f *Flow, d Direction) []wire.HandshakeType {
	var ts []wire.HandshakeType
	for _, m := range f.Messages {
		if m.Dir == d && m.Decrypted {
			ts = append(ts, m.Type)
		}
	}
	return ts
}

// TestDecryptScenarios decrypts every crypto/tls scenario through a
// capture with the key log crypto/tls wrote: the plaintext messages are
// those of a reader without keys, in place; the decrypted ones are what
// each version hides, and the server certificate is the one the client
// verified.
func TestDecryptScenarios(t *testing.T) {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	const (
		ee   = wire.TypeEncryptedExtensions
		cert = wire.TypeCertificate
		cv   = wire.TypeCertificateVerify
		fin  = wire.TypeFinished
		cr   = wire.TypeCertificateRequest
		nst  = wire.TypeNewSessionTicket
	)
	want := map[string][2][]wire.HandshakeType{
		"tls13-default":        {{fin}, {ee, cert, cv, fin}},
		"tls13-alpn-rsa":       {{fin}, {ee, cert, cv, fin}},
		"tls13-x25519":         {{fin}, {ee, cert, cv, fin}},
		"tls13-hrr":            {{fin}, {ee, cert, cv, fin}},
		"tls13-client-auth":    {{cert, cv, fin}, {ee, cr, cert, cv, fin}},
		"tls13-resume":         {{fin}, {ee, fin, nst}},
		"tls12-ecdhe-ecdsa":    {{fin}, {fin}},
		"tls12-rsa-kx":         {{fin}, {fin}},
		"tls12-client-auth":    {{fin}, {fin}},
		"tls11-ecdhe-rsa":      {{fin}, {fin}},
		"tls10-ecdhe-rsa":      {{fin}, {fin}},
		"tls12-ocsp-sct":       {{fin}, {fin}},
		"tls12-ecdhe-rsa-alpn": {{fin}, {fin}},
	}
	for _, s := range ss {
		w, ok := want[s.Name]
		if !ok {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			kc := runKeyed(t, s)
			capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, convFlow(t, ethernet, kc.conv).pkts)
			f := oneFlow(t, capture, Options{Keys: Keys{Log: storeOf(t, kc.log)}})
			if f.Decryption != DecryptionDone || len(f.Problems) != 0 {
				t.Fatalf("decryption %q, problems %v", f.Decryption, f.Problems)
			}
			for d := ClientToServer; d <= ServerToClient; d++ {
				got := decryptedTypes(f, d)
				// Tickets may come twice or not at all depending on
				// timing: compare up to the first one.
				if i := slices.Index(got, nst); i >= 0 {
					got = got[:i+1]
				}
				if !slices.Equal(got, w[d]) {
					t.Errorf("%v: decrypted %v, want %v", d, got, w[d])
				}
				if f.Decrypted[d].Records == 0 || f.Decrypted[d].Records > f.Encrypted[d].Records {
					t.Errorf("%v: decrypted %+v of %+v", d, f.Decrypted[d], f.Encrypted[d])
				}
			}
			// The plaintext messages are those a reader without keys sees.
			plain := oneFlow(t, capture, Options{})
			var kept [][]byte
			for _, m := range f.Messages {
				if !m.Decrypted {
					kept = append(kept, m.Raw)
				}
			}
			if len(kept) != len(plain.Messages) {
				t.Fatalf("%d plaintext messages, %d without keys", len(kept), len(plain.Messages))
			}
			for i := range kept {
				if !bytes.Equal(kept[i], plain.Messages[i].Raw) {
					t.Errorf("plaintext message %d differs", i)
				}
			}
			for _, m := range f.Messages {
				if m.Type == cert && m.Dir == ServerToClient {
					var c wire.Certificate
					if err := c.UnmarshalBody(m.Raw[4:], m.Context); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(c.Entries[0].CertData, kc.conv.State.PeerCertificates[0].Raw) {
						t.Error("server certificate is not the one the client verified")
					}
				}
			}
		})
	}
}

// TestDecryptProblems: a flow without keys, with a wrong key or with an
// altered record keeps what it shows without keys, plus a Problem, and
// the Reader counts it.
func TestDecryptProblems(t *testing.T) {
	kc := runKeyed(t, tlsgen.Scenario{Name: "tls13", Client: &tls.Config{}, AppData: []byte("hello")})
	pkts := convFlow(t, ethernet, kc.conv).pkts
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	plain := oneFlow(t, capture, Options{})

	wrong := bytes.Clone(kc.log)
	i := bytes.Index(wrong, []byte("SERVER_HANDSHAKE_TRAFFIC_SECRET "))
	j := i + len("SERVER_HANDSHAKE_TRAFFIC_SECRET ") + 2*32 + 1
	wrong[j] ^= 1 // '0'..'f' stays hex
	if wrong[j] == 'f'^1 || wrong[j] == '9'^1 {
		wrong[j] = '0'
	}

	other := runKeyed(t, tlsgen.Scenario{Name: "other", Client: &tls.Config{}})
	for _, tc := range []struct {
		name, log, problem string
		dec                Decryption
	}{
		{"no key", string(other.log), "no key for ClientHello random", DecryptionFailed},
		{"wrong key", string(wrong), "authentication failed", DecryptionDone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flows, r, err := readAll(t, capture, Options{Keys: Keys{Log: storeOf(t, []byte(tc.log))}})
			if err != nil || len(flows) != 1 {
				t.Fatal(err, len(flows))
			}
			f := flows[0]
			if f.Decryption != tc.dec {
				t.Errorf("decryption %q, want %q", f.Decryption, tc.dec)
			}
			found := false
			for _, p := range f.Problems {
				found = found || p.Kind == ProblemDecrypt && strings.Contains(p.Detail, tc.problem)
			}
			if !found {
				t.Errorf("problems %v, want %q", f.Problems, tc.problem)
			}
			n := 0
			for _, m := range f.Messages {
				if !m.Decrypted {
					n++
				}
			}
			if n != len(plain.Messages) || f.Encrypted != plain.Encrypted {
				t.Errorf("%d plaintext messages, %v encrypted; without keys %d, %v", n, f.Encrypted, len(plain.Messages), plain.Encrypted)
			}
			st := r.Stats()
			if st.FlowsDecrypted+st.FlowsUndecryptable != 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestDecryptAlteredRecord: a protected record with a flipped byte stops
// the decryption of its direction with a Problem; the other direction and
// the reading go on.
func TestDecryptAlteredRecord(t *testing.T) {
	kc := runKeyed(t, tlsgen.Scenario{Name: "tls13", Client: &tls.Config{}})
	conv := *kc.conv
	conv.Writes = slices.Clone(conv.Writes)
	// The server's flight after its ServerHello: flip the last byte of
	// the write holding the Finished (its tag).
	for i, w := range conv.Writes {
		if !w.ClientToServer && i > 0 {
			d := bytes.Clone(w.Data)
			d[len(d)-1] ^= 0x80
			conv.Writes[i].Data = d
			break
		}
	}
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, convFlow(t, ethernet, &conv).pkts)
	f := oneFlow(t, capture, Options{Keys: Keys{Log: storeOf(t, kc.log)}})
	var ps []string
	for _, p := range f.Problems {
		ps = append(ps, p.String())
	}
	if len(ps) != 1 || !strings.Contains(ps[0], "decrypt (s2c)") || !strings.Contains(ps[0], "authentication failed") {
		t.Errorf("problems %v", ps)
	}
	if n := len(decryptedTypes(f, ClientToServer)); n != 1 {
		t.Errorf("client: %d decrypted messages, want its Finished", n)
	}
}

// dsbBlock is a pcapng Decryption Secrets Block (pcapng §4.7) of type TLS
// holding log, little endian as pcapgo writes sections.
func dsbBlock(log []byte) []byte {
	pad := (4 - len(log)%4) % 4
	n := 20 + len(log) + pad
	b := binary.LittleEndian.AppendUint32(nil, ngDSB)
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint32(b, secretsTLS)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(log)))
	b = append(b, log...)
	b = append(b, make([]byte, pad)...)
	return binary.LittleEndian.AppendUint32(b, uint32(n))
}

// insertBlock inserts block into a pcapng capture written by pcapgo
// before its packet block number at (0: before the first).
func insertBlock(t testing.TB, capture, block []byte, at int) []byte {
	t.Helper()
	off, k := 0, 0
	for off+8 <= len(capture) {
		typ := binary.LittleEndian.Uint32(capture[off:])
		if typ == ngEPB {
			if k == at {
				break
			}
			k++
		}
		off += int(binary.LittleEndian.Uint32(capture[off+4:]))
	}
	return slices.Concat(capture[:off], block, capture[off:])
}

// TestDecryptionSecretsBlock: keys in a pcapng Decryption Secrets Block
// decrypt with no option the flows whose records come after it, also when
// the block comes after other packets; a flow entirely before it is not
// decrypted. Garbage lines in a block are counted, not fatal.
func TestDecryptionSecretsBlock(t *testing.T) {
	a := runKeyed(t, tlsgen.Scenario{Name: "a", Client: &tls.Config{}})
	b := runKeyed(t, tlsgen.Scenario{Name: "b", Client: &tls.Config{MaxVersion: tls.VersionTLS12}})
	fa := convFlow(t, ethernet, a.conv)
	fb := newTCPFlow(t, ethernet, netip.MustParseAddrPort("192.0.2.2:40001"), srvAddr, 7, t0.Add(time.Hour))
	fb.handshake()
	fb.conv(b.conv)
	fb.close()
	capture := writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, append(slices.Clone(fa.pkts), fb.pkts...))
	logs := slices.Concat([]byte("garbage line\n"), a.log, b.log)
	for _, tc := range []struct {
		name string
		at   int
		want [2]Decryption
	}{
		{"first", 0, [2]Decryption{DecryptionDone, DecryptionDone}},
		{"between", len(fa.pkts), [2]Decryption{DecryptionNone, DecryptionDone}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := insertBlock(t, capture, dsbBlock(logs), tc.at)
			flows, r, err := readAll(t, c, Options{})
			if err != nil || len(flows) != 2 {
				t.Fatal(err, len(flows))
			}
			for i, f := range flows {
				if f.Decryption != tc.want[i] {
					t.Errorf("flow %d: decryption %q, want %q (%v)", i, f.Decryption, tc.want[i], f.Problems)
				}
			}
			if st := r.Stats(); st.SecretsBlocks != 1 || st.SecretsErrors != 1 || st.Packets != uint64(len(fa.pkts)+len(fb.pkts)) {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestDecryptAllocs: once a flow's keys are set up, decrypting a record
// through the capture path (packet, TCP, record framing, Conn) allocates
// nothing.
func TestDecryptAllocs(t *testing.T) {
	kc := runKeyed(t, tlsgen.Scenario{Name: "big", Client: &tls.Config{}, AppData: bytes.Repeat([]byte("x"), 200000)})
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	// crypto/tls writes each record of the application data on its
	// own: the large ones are segments of their own.
	var big []int
	for _, w := range kc.conv.Writes {
		if w.ClientToServer && len(w.Data) > 1000 && w.Data[0] == byte(wire.ContentApplicationData) {
			big = append(big, len(tf.pkts))
		}
		tf.data(w.ClientToServer, w.Data)
	}
	const runs = 10
	if len(big) < runs+2 {
		t.Fatalf("%d application data records", len(big))
	}
	split := big[1] // the keys are set up by the first
	r, err := NewReader(bytes.NewReader(writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, nil)),
		Options{Keys: Keys{Log: storeOf(t, kc.log), All: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tf.pkts[:split] {
		r.packet(p.data, p.ts, len(p.data), layers.LinkTypeEthernet)
	}
	// Each run: a client record and what the server sent before the
	// next one (its echo of the data, application records too).
	k := 1
	allocs := testing.AllocsPerRun(runs, func() {
		for _, p := range tf.pkts[big[k]:big[k+1]] {
			r.packet(p.data, p.ts, len(p.data), layers.LinkTypeEthernet)
		}
		k++
	})
	r.table.endAll(EndEOF)
	if len(r.env.ended) != 1 {
		t.Fatalf("%d flows", len(r.env.ended))
	}
	f := r.env.ended[0]
	if allocs != 0 || f.Decrypted[ClientToServer].Records < uint64(runs+2) || len(f.Problems) != 0 {
		t.Errorf("%v allocations per record; decrypted %+v, problems %v", allocs, f.Decrypted, f.Problems)
	}
}

// TestSharedCapturesDecrypt reads the public captures that carry their
// key log in a Decryption Secrets Block (../shared/captures, skipped when
// absent) with no option: the TLS flow over TCP shows every hidden
// handshake message, as tshark does with the same key log, and the QUIC
// flow those of its Handshake packets.
func TestSharedCapturesDecrypt(t *testing.T) {
	const (
		ee  = "s:encrypted_extensions"
		cc  = "s:compressed_certificate"
		c   = "s:certificate"
		cv  = "s:certificate_verify"
		sf  = "s:finished"
		cf  = "c:finished"
		nst = "s:new_session_ticket"
	)
	for name, want := range map[string]map[Protocol][]string{
		// Chrome to Cloudflare over TCP and QUIC: a brotli
		// CompressedCertificate. tshark shows two NewSessionTickets in
		// the QUIC flow too, from 1-RTT packets, not decrypted yet.
		"foxio-ja4/pcap/chrome-cloudflare-quic-with-secrets.pcapng": {
			ProtocolTLS:  {ee, cc, cv, sf, cf, nst, nst},
			ProtocolQUIC: {ee, cc, cv, sf, cf},
		},
		// The client sends EncryptedExtensions too (ALPS).
		"foxio-ja4/pcap/http2-with-cookies.pcapng": {ProtocolTLS: {ee, c, cv, sf, "c:encrypted_extensions", cf, nst, nst}},
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(capturesDir(t), name))
			if err != nil {
				t.Skip(err)
			}
			flows, r, err := readAll(t, b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if st := r.Stats(); st.SecretsBlocks != 1 || st.FlowsDecrypted != uint64(len(want)) || st.FlowsUndecryptable != 0 {
				t.Errorf("stats %+v", st)
			}
			for _, f := range flows {
				want := want[f.Protocol]
				var got []string
				for _, m := range f.Messages {
					if m.Decrypted {
						got = append(got, map[Direction]string{ClientToServer: "c:", ServerToClient: "s:"}[m.Dir]+m.Type.String())
					}
				}
				if !slices.Equal(got, want) || f.Decryption != DecryptionDone || len(f.Problems) != 0 {
					t.Errorf("decrypted %v, want %v (%q, %v)", got, want, f.Decryption, f.Problems)
				}
			}
		})
	}
}

// FuzzDecryptCapture reads captures that carry their key log in a
// Decryption Secrets Block (seeds: TLS 1.3 and 1.2 handshakes from
// crypto/tls with application data), so that mutations reach the key log
// parser, key setup and record decryption through the Reader. Properties:
// no panic; reading is deterministic; decrypted records never outnumber
// protected ones; every decrypted message is framed as its header says.
func FuzzDecryptCapture(f *testing.F) {
	for _, s := range []tlsgen.Scenario{
		{Name: "tls13", Client: &tls.Config{}, AppData: []byte("hello")},
		{Name: "tls12", Client: &tls.Config{MaxVersion: tls.VersionTLS12}, AppData: []byte("hello")},
	} {
		kc := runKeyed(f, s)
		c := writeCapture(f, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, convFlow(f, ethernet, kc.conv).pkts)
		f.Add(insertBlock(f, c, dsbBlock(kc.log), 0))
	}
	read := func(t *testing.T, in []byte) []*Flow {
		r, err := NewReader(bytes.NewReader(in), Options{Limits: Limits{MaxMemory: 32 << 20}, Keys: Keys{All: true}})
		if err != nil {
			return nil
		}
		var flows []*Flow
		for fl, err := range r.Flows() {
			if err != nil {
				break
			}
			flows = append(flows, fl)
		}
		return flows
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		flows := read(t, in)
		for _, fl := range flows {
			for d := range fl.Decrypted {
				if fl.Decrypted[d].Records > fl.Encrypted[d].Records {
					t.Fatalf("%v: %+v decrypted of %+v", fl, fl.Decrypted, fl.Encrypted)
				}
			}
			for _, m := range fl.Messages {
				if m.Decrypted && (len(m.Raw) < 4 || len(m.Raw) != 4+(int(m.Raw[1])<<16|int(m.Raw[2])<<8|int(m.Raw[3]))) {
					t.Fatalf("%v: decrypted message framed wrongly", fl)
				}
			}
		}
		if again := read(t, in); !reflect.DeepEqual(flows, again) {
			t.Fatal("two reads of the same capture differ")
		}
	})
}

// TestGeneratedCaptureKeyLog: a capgen capture with the key log of every
// flow (Config.KeyLog, as the 1 GiB benchmark uses it) decrypts every
// flow, without a problem.
func TestGeneratedCaptureKeyLog(t *testing.T) {
	var capture, log bytes.Buffer
	const flows = 60
	if _, err := capgen.Write(&capture, capgen.Config{Size: 2 << 20, Flows: flows, KeyLog: &log}); err != nil {
		t.Fatal(err)
	}
	got, r, err := readAll(t, capture.Bytes(), Options{Keys: Keys{Log: storeOf(t, log.Bytes())}})
	if err != nil || len(got) != flows {
		t.Fatal(err, len(got))
	}
	for _, f := range got {
		if f.Decryption != DecryptionDone || len(f.Problems) != 0 || len(decryptedTypes(f, ClientToServer)) == 0 {
			t.Fatalf("%v: %q %v", f, f.Decryption, f.Problems)
		}
	}
	if st := r.Stats(); st.FlowsDecrypted != flows {
		t.Errorf("stats %+v", st)
	}
}

// TestDecryptECH: with the server's ECH key, the ClientHelloInner of an
// accepted ECH is opened (also after a HelloRetryRequest) and kept beside
// the outer one; its random finds the key log's secrets, under which
// crypto/tls logs them, and the handshake decrypts.
func TestDecryptECH(t *testing.T) {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Name != "tls13-ech" && s.Name != "tls13-ech-hrr" {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			var keys decrypt.ECHKeys
			for _, k := range s.Server.EncryptedClientHelloKeys {
				if err := keys.Add(k.Config, k.PrivateKey); err != nil {
					t.Fatal(err)
				}
			}
			kc := runKeyed(t, s)
			capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, convFlow(t, ethernet, kc.conv).pkts)
			f := oneFlow(t, capture, Options{Keys: Keys{Log: storeOf(t, kc.log), ECH: &keys}})
			if len(f.InnerHellos) != f.ClientHellos() || f.Decryption != DecryptionDone || len(f.Problems) != 0 {
				t.Fatalf("%d inner hellos of %d, decryption %q, problems %v", len(f.InnerHellos), f.ClientHellos(), f.Decryption, f.Problems)
			}
			var inner, outer wire.ClientHello
			if err := inner.UnmarshalBody(f.InnerHellos[0].Raw[4:], f.InnerHellos[0].Context); err != nil {
				t.Fatal(err)
			}
			outer.UnmarshalBody(f.Messages[0].Raw[4:], f.Messages[0].Context)
			if bytes.Equal(inner.Random, outer.Random) || !f.InnerHellos[0].Decrypted {
				t.Error("inner hello has the outer random or is not marked")
			}
			if e, ok := inner.Extensions.Find(wire.ExtensionEncryptedClientHello); !ok || len(e) != 1 || e[0] != 1 {
				t.Errorf("inner hello without an inner encrypted_client_hello: %x", e)
			}
			// Without the ECH key: no inner hello, and no key for the outer random.
			f = oneFlow(t, capture, Options{Keys: Keys{Log: storeOf(t, kc.log)}})
			if len(f.InnerHellos) != 0 || f.Decryption != DecryptionFailed {
				t.Errorf("without the ECH key: %d inner hellos, %q", len(f.InnerHellos), f.Decryption)
			}
		})
	}
}

// TestDecryptRSAKey: a TLS 1.2 connection with the RSA key exchange
// decrypts with the server's private key and no key log (the premaster
// secret from the ClientKeyExchange, the extended master secret from the
// session hash crypto/tls uses).
func TestDecryptRSAKey(t *testing.T) {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Name != "tls12-rsa-kx" {
			continue
		}
		kc := runKeyed(t, s)
		var keys decrypt.RSAKeys
		key := s.Server.Certificates[0].PrivateKey.(*rsa.PrivateKey)
		if n, err := keys.AddPEM(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})); n != 1 || err != nil {
			t.Fatal(n, err)
		}
		capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, convFlow(t, ethernet, kc.conv).pkts)
		f := oneFlow(t, capture, Options{Keys: Keys{RSA: &keys}})
		got := [2][]wire.HandshakeType{decryptedTypes(f, ClientToServer), decryptedTypes(f, ServerToClient)}
		fin := []wire.HandshakeType{wire.TypeFinished}
		if f.Decryption != DecryptionDone || len(f.Problems) != 0 || !slices.Equal(got[0], fin) || !slices.Equal(got[1], fin) {
			t.Errorf("decryption %q, decrypted %v, problems %v", f.Decryption, got, f.Problems)
		}
		return
	}
	t.Fatal("no tls12-rsa-kx scenario")
}
