package corpusimport

import (
	"bytes"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// helloRecord is a TLS record holding a small ClientHello with two extensions.
func helloRecord(t *testing.T) (record, msg []byte) {
	t.Helper()
	ch := wire.ClientHello{LegacyVersion: wire.VersionTLS12, Random: bytes.Repeat([]byte{'r'}, 32),
		CipherSuites: []uint16{0xc02f, 0x002f}, CompressionMethods: []byte{0},
		Extensions: wire.Extensions{{Type: 10, Data: []byte{0, 2, 0, 29}}, {Type: 23, Data: []byte{}}}}
	msg, err := ch.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	r := wire.Record{ContentType: wire.ContentHandshake, LegacyVersion: wire.VersionTLS10, Payload: msg}
	record, err = r.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	return record, msg
}

// manifestFiles checks that every seed file under dir is listed in the
// MANIFEST and returns the number of listed seeds per target.
func manifestFiles(t *testing.T, dir string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	count := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			t.Fatalf("bad MANIFEST line %q", line)
		}
		listed[f[0]+"/"+f[1]] = true
		count[f[0]]++
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != len(listed) {
		t.Fatalf("%d files, %d MANIFEST lines", len(files), len(listed))
	}
	for _, f := range files {
		if !listed[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] {
			t.Fatalf("%s not in MANIFEST", f)
		}
	}
	return count
}

func TestAddTLSStreamRoutes(t *testing.T) {
	_, msg := helloRecord(t)
	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The hello split over two records, then a ChangeCipherSpec and an
	// encrypted-looking handshake record that must not be read.
	var stream []byte
	for _, part := range [][]byte{msg[:10], msg[10:]} {
		r := wire.Record{ContentType: wire.ContentHandshake, LegacyVersion: wire.VersionTLS12, Payload: part}
		stream, _ = r.Append(stream)
	}
	stream = append(stream, 20, 3, 3, 0, 1, 1, 22, 3, 3, 0, 4, 0xff, 0xff, 0xff, 0xff)
	if err := c.AddTLSStream(stream, "test"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddTLSStream(append([]byte(nil), stream...), "test again"); err != nil { // duplicates
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{seedroute.TargetRecords: 1, "FuzzClientHello": 1, seedroute.TargetExtension: 2}
	if got := manifestFiles(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("seeds per target %v, want %v", got, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "FuzzClientHello", sha(msg)))
	if err != nil || !bytes.Equal(b, msg) {
		t.Fatalf("ClientHello seed: %v", err)
	}
}

func sha(b []byte) string { return hexSum(b) }

func TestBoringSSLData(t *testing.T) {
	in := []byte{0, 1, 0, 0, 2, 'S', 'S', 0, 2, 0, 5, 0, 0, 1, 'H', 0, 0, 'd', 'a', 't', 'a'}
	data, ok := BoringSSLData(in)
	if !ok || string(data) != "data" {
		t.Fatalf("got %q, %v", data, ok)
	}
	for _, bad := range [][]byte{{}, {0}, {0, 9}, {0, 1, 0, 0, 5, 'x'}} {
		if _, ok := BoringSSLData(bad); ok {
			t.Errorf("%x: accepted", bad)
		}
	}
}

func TestBoringSSLAndOpenSSLLayouts(t *testing.T) {
	rec, msg := helloRecord(t)
	root := t.TempDir()
	write := func(path string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// BoringSSL: a server input (prefix: request a client certificate) and
	// a DTLS server input whose one datagram holds the hello as a DTLS
	// handshake fragment.
	write(filepath.Join(root, "boring/fuzz/server_corpus/aa"), append([]byte{0, 2, 0, 0}, rec...))
	h := wire.DTLSHandshakeHeader{MsgType: wire.TypeClientHello, Length: uint32(len(msg) - 4), FragmentLength: uint32(len(msg) - 4)}
	frag, _ := wire.AppendDTLSHandshake(nil, h, msg[4:])
	dr := wire.DTLSRecord{ContentType: wire.ContentHandshake, Version: wire.VersionDTLS12, Payload: frag}
	dg, _ := dr.Append(nil)
	write(filepath.Join(root, "boring/fuzz/dtls_server_corpus/bb"), append([]byte{0, 0, byte(len(dg) >> 16), byte(len(dg) >> 8), byte(len(dg))}, dg...))
	write(filepath.Join(root, "boring/fuzz/cert_corpus/cc"), []byte("not TLS"))
	// OpenSSL: a server input is the raw stream; the same layout at the
	// root of an openssl/fuzz-corpora checkout.
	write(filepath.Join(root, "openssl/fuzz/corpora/server/dd"), append(rec, 21, 3, 3, 0, 2, 2, 40))
	write(filepath.Join(root, "fuzz-corpora/server/ee"), append(rec, 21, 3, 3, 0, 2, 2, 70))

	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	names, err := c.BoringSSL(filepath.Join(root, "boring"))
	if err != nil || !reflect.DeepEqual(names, []string{"server", "dtls_server"}) {
		t.Fatalf("BoringSSL: %v, %v", names, err)
	}
	if names, err = c.OpenSSL(filepath.Join(root, "openssl")); err != nil || !reflect.DeepEqual(names, []string{"server"}) {
		t.Fatalf("OpenSSL: %v, %v", names, err)
	}
	if names, err = c.OpenSSL(filepath.Join(root, "fuzz-corpora")); err != nil || !reflect.DeepEqual(names, []string{"server"}) {
		t.Fatalf("OpenSSL fuzz-corpora: %v, %v", names, err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// The BoringSSL and OpenSSL streams differ (alert), the hello is the
	// same in the three TLS inputs, and the DTLS datagram is a DTLS seed
	// whose hello goes to the DTLS ClientHello target (the same
	// extensions: only the CH copy of each is new).
	want := map[string]int{seedroute.TargetRecords: 3, seedroute.TargetDTLS: 1, "FuzzClientHello": 1, "FuzzClientHelloDTLS": 1, seedroute.TargetExtension: 2}
	if got := manifestFiles(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("seeds per target %v, want %v", got, want)
	}
}

func TestGoTestFuzzRoundTrip(t *testing.T) {
	src := t.TempDir()
	c, _ := Open(src)
	seeds := [][]byte{{}, []byte("plain"), {0, 0xff, '"', '\\', '\n', 0x80}}
	for _, s := range seeds {
		if err := c.Add("FuzzClientHello", s, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	exp := t.TempDir()
	if n, err := ExportGoTestFuzz(src, "FuzzClientHello", exp); err != nil || n != len(seeds) {
		t.Fatalf("export: %d, %v", n, err)
	}
	dst := t.TempDir()
	c2, _ := Open(dst)
	if n, err := c2.GoTestFuzz(filepath.Join(exp, "FuzzClientHello"), "regression:", seedroute.Targets()); err != nil || n != len(seeds) {
		t.Fatalf("import: %d, %v", n, err)
	}
	if err := c2.Close(); err != nil {
		t.Fatal(err)
	}
	for _, s := range seeds {
		b, err := os.ReadFile(filepath.Join(dst, "FuzzClientHello", hexSum(s)))
		if err != nil || !bytes.Equal(b, s) {
			t.Fatalf("seed %q did not survive export and import: %v", s, err)
		}
	}
}

func TestGoTestFuzzLegacyTargets(t *testing.T) {
	cases := []struct {
		name, file, target string
		want               []byte
	}{
		{"FuzzExtensionBody", "go test fuzz v1\nuint16(0)\nbyte('\\x01')\n[]byte(\"\\x00\\x010\")\n", seedroute.TargetExtension, []byte{1, 0, 0, 0, 1, '0'}},
		{"FuzzDTLSRecords", "go test fuzz v1\nuint8(33)\n[]byte(\"\\x16\")\n", seedroute.TargetDTLS, []byte{1, 0x16}},
		{"FuzzQUICDecoder", "go test fuzz v1\n[]byte(\"ab\")\nbyte('\\x02')\n", seedroute.TargetQUICInitial, []byte{seedroute.QUICFromClient | seedroute.QUICSeal, 0, 2, 'a', 'b'}},
		{"FuzzUnmarshalSSLv2", "go test fuzz v1\n[]byte(\"\\x80\")\n", seedroute.TargetSSLv2, []byte{0x80}},
		{"FuzzRecords", "go test fuzz v1\n[]byte(\"\\x16\\x03\")\n", seedroute.TargetRecords, []byte{0x16, 3}},
	}
	for _, tc := range cases {
		vals, err := ParseGoTestFuzz([]byte(tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		target, data, err := convertLegacy(tc.name, vals, seedroute.Targets())
		if err != nil || target != tc.target || !bytes.Equal(data, tc.want) {
			t.Errorf("%s: %s %x, %v; want %s %x", tc.name, target, data, err, tc.target, tc.want)
		}
	}
	if _, err := ParseGoTestFuzz([]byte("go test fuzz v1\nint8(-3)\nfloat64(1.5)\nbool(true)\nstring(\"s\")\nrune('x')\n")); err != nil {
		t.Errorf("other types: %v", err)
	}
	if _, _, err := convertLegacy("FuzzNope", []any{[]byte{}}, seedroute.Targets()); err == nil {
		t.Error("unknown target accepted")
	}
}

// TestGoFuzzCorpusImport imports /work/shared/go-fuzz-corpus when it is
// there (it is not part of the repository) and reports the seeds per
// target, as recorded in docs/fuzzing.md.
func TestGoFuzzCorpusImport(t *testing.T) {
	const root = "/work/shared/go-fuzz-corpus"
	if _, err := os.Stat(filepath.Join(root, "tls")); err != nil {
		t.Skipf("no go-fuzz-corpus checkout at %s", root)
	}
	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.GoFuzzCorpus(root); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("go-fuzz-corpus import:\n%s", c.Summary())
	got := manifestFiles(t, dir)
	for _, target := range []string{seedroute.TargetRecords, "FuzzClientHello", "FuzzServerHello", seedroute.TargetExtension} {
		if got[target] == 0 {
			t.Errorf("no %s seeds", target)
		}
	}
}

// TestShapes checks that with Shapes set, inputs of the transport targets
// that wire reads alike are added once, while message seeds all are.
func TestShapes(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c.Shapes = true
	dg := func(payload ...byte) []byte {
		r := wire.DTLSRecord{ContentType: wire.ContentApplicationData, Version: wire.VersionDTLS12, Epoch: 1, Payload: payload}
		b, _ := r.Append(nil)
		return b
	}
	// Two encrypted records alike but for their bytes, and one whose
	// record is cut short: two shapes.
	short := dg(9, 9, 9)
	if err := c.AddDTLSDatagrams([][]byte{dg(1, 2, 3), dg(4, 5, 6, 7), short[:len(short)-1]}, "test"); err != nil {
		t.Fatal(err)
	}
	if c.Added[seedroute.TargetDTLS] != 2 || c.SameShape != 1 {
		t.Fatalf("DTLS seeds added %d, skipped %d; want 2 and 1", c.Added[seedroute.TargetDTLS], c.SameShape)
	}
	_, msg := helloRecord(t)
	other := append([]byte(nil), msg...)
	other[10] ^= 1 // another random
	for _, m := range [][]byte{msg, other} {
		if err := c.Add("FuzzClientHello", m, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if c.Added["FuzzClientHello"] != 2 {
		t.Fatalf("ClientHello seeds added %d, want 2", c.Added["FuzzClientHello"])
	}
}
