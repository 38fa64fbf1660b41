package corpusexport

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/wire"
)

// corpusDir is the repository's seed corpus, relative to this package.
const corpusDir = "../../corpus"

// seeds returns the seed files under dir, as "target/sha256" names.
func seeds(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		out = append(out, filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f))
	}
	sort.Strings(out)
	return out
}

// importExport reads an export back with the BoringSSL and OpenSSL importers.
func importExport(t *testing.T, exported string) string {
	t.Helper()
	dir := t.TempDir()
	c, err := corpusimport.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.BoringSSL(filepath.Join(exported, "boringssl")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.OpenSSL(filepath.Join(exported, "openssl")); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCorpusRoundTrip exports the repository's corpus, imports the export,
// and requires the seeds the importers make from the original inputs
// directly: the same streams, datagrams, messages and extensions.
func TestCorpusRoundTrip(t *testing.T) {
	exported := t.TempDir()
	e := New(exported)
	if err := e.Corpus(corpusDir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"boringssl/server", "boringssl/client", "boringssl/dtls_server", "boringssl/dtls_client",
		"boringssl/decode_client_hello_inner", "openssl/server", "openssl/client", "openssl/quic-client"} {
		if e.Written[f] == 0 {
			t.Errorf("nothing exported for %s", f)
		}
	}
	t.Logf("exported:\n%s", e.Summary())
	got := seeds(t, importExport(t, exported))

	want := t.TempDir()
	c, err := corpusimport.Open(want)
	if err != nil {
		t.Fatal(err)
	}
	each := func(target string, fn func([]byte) error) {
		if err := eachSeed(corpusDir, target, fn); err != nil {
			t.Fatal(err)
		}
	}
	each(seedroute.TargetRecords, func(s []byte) error {
		if _, ok := streamFromClient(s); !ok {
			return nil
		}
		return c.AddTLSStream(s, "direct")
	})
	each(seedroute.TargetDTLS, func(in []byte) error {
		if len(in) < 2 || in[0]%32 != 0 {
			return nil
		}
		rs := wire.DTLSRecords{Data: in[1:]}
		if !rs.Next() || rs.Record().Unified || rs.Record().ContentType != wire.ContentHandshake || len(rs.Record().Payload) == 0 {
			return nil
		}
		return c.AddDTLSDatagrams([][]byte{in[1:]}, "direct")
	})
	each("FuzzClientHello", func(m []byte) error {
		if _, ok := BoringSSLDecodeClientHelloInner(m); !ok {
			return nil
		}
		d := wire.Decoder{Context: wire.Context{Version: wire.VersionTLS12}}
		return c.AddMessage(&d, m, "direct")
	})
	each(seedroute.TargetQUICInitial, func(in []byte) error {
		var seed []byte
		for _, dg := range QUICServerDatagrams(in) {
			seed = seedroute.AppendQUICDatagram(seed, 0, dg)
		}
		if seed == nil {
			return nil
		}
		return c.Add(seedroute.TargetQUICInitial, seed, "direct")
	})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if want := seeds(t, want); !reflect.DeepEqual(got, want) {
		t.Fatalf("import of the export: %d seeds, direct import: %d\nonly in export: %v\nonly direct: %v",
			len(got), len(want), minus(got, want), minus(want, got))
	}
}

func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// conversations returns the plaintext messages of the corpus's recorded
// conversations: client streams and server streams, each with a
// Certificate among them for the server side.
func conversations(t *testing.T) (clients, servers [][][]byte) {
	t.Helper()
	err := eachSeed(corpusDir, seedroute.TargetRecords, func(s []byte) error {
		fromClient, ok := streamFromClient(s)
		msgs := corpusimport.PlaintextMessages(s)
		if !ok || len(msgs) == 0 {
			return nil
		}
		if fromClient {
			clients = append(clients, msgs)
		} else {
			servers = append(servers, msgs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return clients, servers
}

// TestHandshakeRoundTrip re-frames the handshake messages of recorded
// conversations (what tlsdump has of a flow) for each fuzzer and reads
// them back out of the files written: the same messages, in order, for
// TLS records and for fragmented DTLS datagrams.
func TestHandshakeRoundTrip(t *testing.T) {
	clients, servers := conversations(t)
	if len(clients) == 0 || len(servers) == 0 {
		t.Fatal("no conversations in the corpus")
	}
	fragmented := false
	for _, tr := range []Transport{TCP, DTLS} {
		e := New(t.TempDir())
		var hs []Handshake
		for i := range max(len(clients), len(servers)) {
			h := Handshake{Transport: tr}
			if i < len(clients) {
				h.FromClient = clients[i]
			}
			if i < len(servers) {
				h.FromServer = servers[i]
			}
			if err := e.AddHandshake(h); err != nil {
				t.Fatal(err)
			}
			hs = append(hs, h)
		}
		files := map[string]bool{}
		// check reads back the file AddHandshake wrote for want: the one
		// named by the SHA-1 of the framing of want.
		check := func(fuzzer string, framed []byte, want [][]byte) {
			t.Helper()
			if len(want) == 0 {
				return
			}
			sum := sha1.Sum(framed)
			path := filepath.Join(e.Folder(fuzzer), hex.EncodeToString(sum[:]))
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v %s: %v", tr, fuzzer, err)
			}
			files[path] = true
			var got [][]byte
			if tr == TCP {
				if strings.HasPrefix(fuzzer, "boringssl/") {
					var ok bool
					if b, ok = corpusimport.BoringSSLData(b); !ok {
						t.Fatalf("%s: bad settings prefix", fuzzer)
					}
				}
				got = corpusimport.PlaintextMessages(b)
			} else {
				var frags int
				got, frags = dtlsMessages(t, b)
				fragmented = fragmented || frags > len(got)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%v %s: %d messages back, %d sent", tr, fuzzer, len(got), len(want))
			}
		}
		for _, h := range hs {
			cert := sends(h.FromClient, wire.TypeCertificate)
			if tr == TCP {
				c, s := TLSRecords(wire.VersionTLS12, h.FromClient), TLSRecords(wire.VersionTLS12, h.FromServer)
				check("boringssl/server", BoringSSLServer(c, cert), h.FromClient)
				check("boringssl/client", BoringSSLClient(s), h.FromServer)
				check("openssl/server", c, h.FromClient)
				check("openssl/client", s, h.FromServer)
			} else {
				check("boringssl/dtls_server", BoringSSLDTLS(DTLSDatagrams(wire.VersionDTLS12, 0, h.FromClient), cert), h.FromClient)
				check("boringssl/dtls_client", BoringSSLDTLS(DTLSDatagrams(wire.VersionDTLS12, 0, h.FromServer), false), h.FromServer)
			}
		}
		written := 0
		for f, n := range e.Written {
			if f != "boringssl/decode_client_hello_inner" {
				written += n
			}
		}
		if written != len(files) {
			t.Fatalf("%v: %d files written, %d expected", tr, written, len(files))
		}
	}
	if !fragmented {
		t.Error("no message was split into DTLS fragments")
	}
}

// dtlsMessages reads a BoringSSL DTLS fuzzer input back into messages in
// the TLS framing, and counts the fragments.
func dtlsMessages(t *testing.T, in []byte) ([][]byte, int) {
	t.Helper()
	data, ok := corpusimport.BoringSSLData(in)
	if !ok {
		t.Fatal("bad settings prefix")
	}
	var out [][]byte
	var r wire.Reassembler
	frags := 0
	for len(data) >= 3 {
		n := int(data[0])<<16 | int(data[1])<<8 | int(data[2])
		dg := data[3 : 3+n]
		data = data[3+n:]
		rs := wire.DTLSRecords{Data: dg}
		for rs.Next() {
			p := rs.Record().Payload
			for len(p) > 0 {
				h, frag, n, err := wire.ParseDTLSHandshake(p)
				if err != nil {
					t.Fatal(err)
				}
				p = p[n:]
				frags++
				if err := r.PushFragment(h, frag); err != nil {
					t.Fatal(err)
				}
				for mh, body, ok := r.NextDTLS(); ok; mh, body, ok = r.NextDTLS() {
					out = append(out, append([]byte{byte(mh.MsgType), byte(mh.Length >> 16), byte(mh.Length >> 8), byte(mh.Length)}, body...))
				}
			}
		}
	}
	return out, frags
}

// TestDecodeClientHelloInner checks the encoded inner hello: the outer
// hello's body follows it unchanged, the session ID is empty, and the
// extensions taken from the outer hello are named, in order, by one
// ech_outer_extensions extension where the first of them was.
func TestDecodeClientHelloInner(t *testing.T) {
	ch := wire.ClientHello{LegacyVersion: wire.VersionTLS12, Random: bytes.Repeat([]byte{1}, 32), SessionID: []byte{9, 9},
		CipherSuites: []uint16{0x1301}, CompressionMethods: []byte{0},
		Extensions: wire.Extensions{{Type: 0, Data: []byte{0, 0}}, {Type: 10, Data: []byte{0, 2, 0, 29}},
			{Type: 43, Data: []byte{2, 3, 4}}, {Type: 51, Data: []byte{0, 0}}}}
	msg, err := ch.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	in, ok := BoringSSLDecodeClientHelloInner(msg)
	if !ok {
		t.Fatal("not encoded")
	}
	n := int(in[0])<<16 | int(in[1])<<8 | int(in[2])
	if !bytes.Equal(in[3+n:], msg[4:]) {
		t.Fatal("the outer hello body does not follow the inner one")
	}
	inner := append([]byte{1, in[0], in[1], in[2]}, in[3:3+n]...)
	var got wire.ClientHello
	if err := got.Unmarshal(inner); err != nil {
		t.Fatal(err)
	}
	wantExts := wire.Extensions{{Type: 0, Data: []byte{0, 0}}, {Type: wire.ExtensionECHOuterExtensions, Data: []byte{4, 0, 10, 0, 51}},
		{Type: 43, Data: []byte{2, 3, 4}}}
	if len(got.SessionID) != 0 || !reflect.DeepEqual(got.Extensions, wantExts) {
		t.Fatalf("inner hello: session ID %x, extensions %v", got.SessionID, got.Extensions)
	}
	if _, ok := BoringSSLDecodeClientHelloInner([]byte{1, 0, 0, 1, 0}); ok {
		t.Fatal("malformed hello encoded")
	}
}

func TestOpenSSLQUICClientLayout(t *testing.T) {
	dgs := [][]byte{bytes.Repeat([]byte{0xc0}, 1200), {1, 2, 3, 4, 5}}
	in := OpenSSLQUICClient(dgs)
	if len(in) != 4+1200+4+5 || in[0] != 0 || in[1] != 0 || in[2] != 1200&0xff || in[3] != 1200>>8 {
		t.Fatalf("layout % x", in[:8])
	}
}

func TestPlain(t *testing.T) {
	dir := t.TempDir()
	n, err := Plain(corpusDir, "FuzzClientHello", dir)
	if err != nil {
		t.Fatal(err)
	}
	src, _ := filepath.Glob(filepath.Join(corpusDir, "FuzzClientHello", "*"))
	got, _ := filepath.Glob(filepath.Join(dir, "FuzzClientHello", "*"))
	if n == 0 || n != len(src) || len(got) != n {
		t.Fatalf("%d written, %d files, %d seeds", n, len(got), len(src))
	}
	exported := make(map[string]bool, len(got))
	for _, g := range got {
		c, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		exported[string(c)] = true
	}
	for _, f := range src {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !exported[string(b)] {
			t.Fatalf("%s not exported", f)
		}
	}
}
