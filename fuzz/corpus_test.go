package fuzz

import (
	"bufio"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"flag"
	"fmt"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"testing/cryptotest"
	"time"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/internal/tlstestdata"
	"github.com/tlswire/tlswire/wire"
)

var regen = flag.Bool("regen", false, "rewrite the generated seeds in corpus/ (see docs/fuzzing.md)")

// manifestPath lists every seed: target, SHA-256, origin.
const manifestPath = corpusDir + "/MANIFEST"

// generatedPrefix marks manifest origins written by the generator; other
// origins (imports) are kept when the corpus is regenerated.
const generatedPrefix = "gen:"

// seed is one corpus input and where it came from.
type seed struct {
	Target string
	Data   []byte
	Origin string
}

func (s seed) sum() string {
	h := sha256.Sum256(s.Data)
	return hex.EncodeToString(h[:])
}

// seedSet collects seeds, dropping exact duplicates per target.
type seedSet struct {
	seen  map[string]bool
	seeds []seed
}

func (ss *seedSet) add(target string, data []byte, origin string) {
	s := seed{Target: target, Data: append([]byte(nil), data...), Origin: generatedPrefix + origin}
	key := target + "/" + s.sum()
	if ss.seen == nil {
		ss.seen = map[string]bool{}
	}
	if ss.seen[key] {
		return
	}
	ss.seen[key] = true
	ss.seeds = append(ss.seeds, s)
}

// addConversation adds a recorded conversation: each direction's stream
// as a FuzzRecords seed, every plaintext handshake message to its target
// (decoded with the context the ServerHello gives), and every extension
// body of those messages to FuzzExtension in its message's context.
func (ss *seedSet) addConversation(origin string, c2s, s2c []byte) {
	ss.add(seedroute.TargetRecords, c2s, origin+" c2s stream")
	ss.add(seedroute.TargetRecords, s2c, origin+" s2c stream")
	client, server := plaintextMessages(c2s), plaintextMessages(s2c)
	var d wire.Decoder
	for _, m := range server {
		if wire.HandshakeType(m[0]) == wire.TypeServerHello {
			d.Decode(m)
		}
	}
	for dir, msgs := range [][][]byte{client, server} {
		for _, m := range msgs {
			name := fmt.Sprintf("%s %s %s", origin, [...]string{"c2s", "s2c"}[dir], wire.HandshakeType(m[0]))
			ss.addMessage(name, d.Context, m)
		}
	}
}

// addMessage routes one handshake message, and its extensions, to their targets.
func (ss *seedSet) addMessage(origin string, ctx wire.Context, m []byte) {
	if target, data, ok := seedroute.TargetFor(wire.HandshakeType(m[0]), ctx, m); ok {
		ss.add(target, data, origin)
	}
	d := wire.Decoder{Context: ctx}
	v, err := d.Decode(m)
	if err != nil {
		return
	}
	in, lists := seedroute.ExtensionsOf(v)
	for _, exts := range lists {
		for _, e := range exts {
			ss.add(seedroute.TargetExtension, seedroute.ExtensionSeed(in, e.Type, e.Data), fmt.Sprintf("%s ext %d in %s", origin, e.Type, in))
		}
	}
}

// addQUICHandshakes adds the handshake messages of in-process QUIC
// handshakes (tlsgen.QUICHandshake), where the TLS 1.3 messages that TCP
// recordings only show encrypted (EncryptedExtensions, Certificate,
// CertificateVerify, Finished, NewSessionTicket) are in the clear, and
// their Initial-level hellos as sealed FuzzQUICInitial datagrams.
func (ss *seedSet) addQUICHandshakes(t *testing.T) {
	withALPN := func(c *tls.Config, protos ...string) *tls.Config { c.NextProtos = protos; return c }
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name           string
		client, server *tls.Config
	}{
		{"h3", withALPN(&tls.Config{}, "h3"), withALPN(&tls.Config{}, "h3")},
		{"client-auth", &tls.Config{Certificates: []tls.Certificate{pki.ECDSA}}, &tls.Config{ClientAuth: tls.RequireAnyClientCert}},
	}
	clock := func() time.Time { return tlsgen.Clock } // QUICHandshake keeps the configs' clocks
	for _, v := range variants {
		v.client.Time, v.server.Time = clock, clock
		qm, err := tlsgen.QUICHandshake(v.client, v.server)
		if err != nil {
			t.Fatalf("tlsgen.QUICHandshake %s: %v", v.name, err)
		}
		var initial []byte
		ctx := wire.Context{Version: wire.VersionTLS13}
		for _, w := range qm {
			dir := "s2c"
			if w.ClientToServer {
				dir = "c2s"
			}
			for rest := w.Data; len(rest) >= 4; {
				n := 4 + (int(rest[1])<<16 | int(rest[2])<<8 | int(rest[3]))
				if n > len(rest) {
					t.Fatalf("QUIC %s: truncated message", v.name)
				}
				m := rest[:n:n]
				rest = rest[n:]
				ss.addMessage(fmt.Sprintf("tlsgen:quic-%s %s %s", v.name, dir, wire.HandshakeType(m[0])), ctx, m)
			}
			if w.Level == tls.QUICEncryptionLevelInitial {
				flags := byte(seedroute.QUICSeal)
				if w.ClientToServer {
					flags |= seedroute.QUICFromClient
				}
				// One CRYPTO frame per datagram, as small as QUIC allows.
				for off := 0; off < len(w.Data); off += 1000 {
					end := min(off+1000, len(w.Data))
					initial = seedroute.AppendQUICDatagram(initial, flags, quicCrypto(off, w.Data[off:end]))
				}
			}
		}
		ss.add(seedroute.TargetQUICInitial, initial, "tlsgen:quic-"+v.name+" Initial-level hellos, sealed")
	}
}

// addCrossContext adds, for every extension type the seeds hold, its
// first body in each of the other message contexts too, so that fuzzing
// starts from every form of every typed extension.
func (ss *seedSet) addCrossContext() {
	first := map[wire.ExtensionType][]byte{}
	var order []wire.ExtensionType
	for _, s := range ss.seeds {
		if s.Target != seedroute.TargetExtension {
			continue
		}
		_, typ, body, _ := seedroute.ParseExtensionSeed(s.Data)
		if _, ok := first[typ]; !ok {
			first[typ] = body
			order = append(order, typ)
		}
	}
	for _, typ := range order {
		for in := wire.InClientHello; in <= wire.InNewSessionTicket; in++ {
			ss.add(seedroute.TargetExtension, seedroute.ExtensionSeed(in, typ, first[typ]), fmt.Sprintf("cross-context: first body of ext %d, in %s", typ, in))
		}
	}
}

// plaintextMessages returns the handshake messages sent in the clear on one
// direction of a stream: records up to that side's ChangeCipherSpec (or
// first application data record), reassembled across records.
func plaintextMessages(stream []byte) [][]byte {
	var msgs [][]byte
	var buf []byte
	rs := wire.Records{Data: stream}
	for rs.Next() {
		r := rs.Record()
		if r.ContentType == wire.ContentChangeCipherSpec || r.ContentType == wire.ContentApplicationData {
			break
		}
		if r.ContentType != wire.ContentHandshake {
			continue
		}
		buf = append(buf, r.Payload...)
		for len(buf) >= 4 {
			n := 4 + (int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3]))
			if len(buf) < n {
				break
			}
			msgs = append(msgs, buf[:n:n])
			buf = buf[n:]
		}
	}
	return msgs
}

// generateSeeds builds the generated part of the corpus. It is
// deterministic: recordings are read from GOROOT, and in-process handshakes
// run with a fixed random seed and a fixed clock.
func generateSeeds(t *testing.T) []seed {
	var ss seedSet
	recs, err := tlstestdata.All()
	if err != nil {
		t.Fatalf("GOROOT testdata: %v", err)
	}
	for _, r := range recs {
		c2s, s2c := r.Streams()
		ss.addConversation("goroot:"+r.Name, c2s, s2c)
	}

	var flights []flight
	pcapConvs := map[string][]tlsgenWrite{}
	cryptotest.SetGlobalRandom(t, 1)
	tlsgen.ResetPKI()
	defer tlsgen.ResetPKI()
	scenarios, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scenarios {
		c, err := tlsgen.Run(s)
		if err != nil {
			t.Fatalf("tlsgen %s: %v", s.Name, err)
		}
		c2s, s2c := c.Streams()
		ss.addConversation("tlsgen:"+s.Name, c2s, s2c)
		for _, w := range c.Writes {
			pcapConvs[s.Name] = append(pcapConvs[s.Name], tlsgenWrite{w.ClientToServer, w.Data})
		}
		if strings.HasPrefix(s.Name, "tls12-") {
			flights = append(flights, flight{"tlsgen:" + s.Name + " c2s", plaintextMessages(c2s)},
				flight{"tlsgen:" + s.Name + " s2c", plaintextMessages(s2c)})
		}
	}
	ss.addQUICHandshakes(t)
	for _, c := range constructedSeeds() {
		ss.add(c.Target, c.Data, c.Origin)
	}
	for _, c := range pcapSeeds(t, pcapConvs) {
		ss.add(c.Target, c.Data, c.Origin)
	}
	for _, c := range transportSeeds(t, flights) {
		ss.add(c.Target, c.Data, c.Origin)
	}
	ss.addCrossContext()
	generic, unreached := genericExtensionSeeds()
	for _, c := range generic {
		ss.add(c.Target, c.Data, c.Origin)
	}
	if len(unreached) > 0 {
		t.Logf("typed extensions without a generic seed: %v", unreached)
	}
	sort.SliceStable(ss.seeds, func(i, j int) bool { return ss.seeds[i].Target < ss.seeds[j].Target })
	return ss.seeds
}

// manifest is the parsed corpus/MANIFEST.
type manifest struct {
	goVersion string
	entries   []seed // Data unset; Origin and Target set; sum in Data's place
	sums      []string
}

func readManifest(t testing.TB) manifest {
	var m manifest
	f, err := os.Open(manifestPath)
	if os.IsNotExist(err) {
		return m
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "# go "); ok {
			m.goVersion = v
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			t.Fatalf("MANIFEST: bad line %q", line)
		}
		m.entries = append(m.entries, seed{Target: f[0], Origin: f[2]})
		m.sums = append(m.sums, f[1])
	}
	return m
}

func writeCorpus(t *testing.T, generated []seed, old manifest) {
	var lines []string
	for i, e := range old.entries {
		if !strings.HasPrefix(e.Origin, generatedPrefix) {
			lines = append(lines, e.Target+"\t"+old.sums[i]+"\t"+e.Origin)
			continue
		}
		os.Remove(filepath.Join(corpusDir, e.Target, old.sums[i]))
	}
	for _, s := range generated {
		dir := filepath.Join(corpusDir, s.Target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.sum()), s.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s.Target+"\t"+s.sum()+"\t"+s.Origin)
	}
	sort.Strings(lines)
	header := "# tlswire fuzz corpus: target<TAB>sha256<TAB>origin. Origins starting with \"gen:\" are\n" +
		"# rebuilt by: go test ./fuzz -run '^TestCorpus$' -regen\n# go " + runtime.Version() + "\n"
	if err := os.WriteFile(manifestPath, []byte(header+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCorpus checks corpus/: every seed file is listed in MANIFEST under
// its SHA-256, every target has seeds, and (with the Go version that made
// it) the generated seeds are exactly what the generator makes now. With
// -regen it rewrites the generated seeds instead.
func TestCorpus(t *testing.T) {
	generated := generateSeeds(t)
	old := readManifest(t)
	if *regen {
		writeCorpus(t, generated, old)
		old = readManifest(t)
	}
	listed := map[string]bool{}
	for i, e := range old.entries {
		path := filepath.Join(corpusDir, e.Target, old.sums[i])
		b, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("MANIFEST lists %s: %v", path, err)
			continue
		}
		if s := (seed{Data: b}).sum(); s != old.sums[i] {
			t.Errorf("%s: content hashes to %s", path, s)
		}
		listed[e.Target+"/"+old.sums[i]] = true
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*"))
	for _, f := range files {
		rel := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		if !listed[rel] {
			t.Errorf("%s is not in MANIFEST", f)
		}
	}
	for _, name := range seedroute.Targets() {
		n := 0
		for _, folder := range seedroute.SeedFolders(name) {
			files, _ := filepath.Glob(filepath.Join(corpusDir, folder, "*"))
			n += len(files)
		}
		if n == 0 {
			t.Errorf("target %s has no seeds", name)
		}
	}
	if old.goVersion != runtime.Version() {
		t.Logf("corpus made with %s, running %s: not comparing generated seeds", old.goVersion, runtime.Version())
		return
	}
	for _, s := range generated {
		if !listed[s.Target+"/"+s.sum()] {
			t.Errorf("generated seed %s/%s (%s) is missing: run go test ./fuzz -run '^TestCorpus$' -regen", s.Target, s.sum(), s.Origin)
		}
	}
}
