package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
	"github.com/tlswire/tlswire/pcap"
)

// TestCorpusStacks exports the shipped capture's handshakes for other
// stacks' fuzzers and reads them back with corpusimport: OpenSSL's server
// inputs hold each flow's client messages and BoringSSL's client inputs
// each flow's server messages, as the capture shows them in the clear.
func TestCorpusStacks(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, "-corpus-stacks", dir, shippedCapture)

	var fromClients, fromServers [][][]byte
	for _, fl := range readFlows(t, shippedCapture) {
		var c, s [][]byte
		for _, m := range fl.Messages {
			if m.Dir == pcap.ClientToServer {
				c = append(c, m.Raw)
			} else {
				s = append(s, m.Raw)
			}
		}
		fromClients, fromServers = append(fromClients, c), append(fromServers, s)
	}

	read := func(folder string, strip bool) [][][]byte {
		t.Helper()
		files, _ := filepath.Glob(filepath.Join(dir, folder, "*"))
		if len(files) == 0 {
			t.Fatalf("nothing exported in %s", folder)
		}
		var out [][][]byte
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if strip {
				var ok bool
				if b, ok = corpusimport.BoringSSLData(b); !ok {
					t.Fatalf("%s: malformed BoringSSL settings prefix", name)
				}
			}
			out = append(out, corpusimport.PlaintextMessages(b))
		}
		return out
	}
	same := func(what string, exported, flows [][][]byte) {
		t.Helper()
		for _, want := range flows {
			if len(want) == 0 {
				continue
			}
			if !slices.ContainsFunc(exported, func(got [][]byte) bool { return slices.EqualFunc(got, want, bytes.Equal) }) {
				t.Errorf("%s: no exported input holds a flow's %d messages", what, len(want))
			}
		}
		for _, got := range exported {
			if !slices.ContainsFunc(flows, func(want [][]byte) bool { return slices.EqualFunc(got, want, bytes.Equal) }) {
				t.Errorf("%s: an exported input's %d messages are no flow's", what, len(got))
			}
		}
	}
	same("openssl/server", read("openssl/fuzz/corpora/server", false), fromClients)
	same("boringssl/client", read("boringssl/fuzz/client_corpus", true), fromServers)
}
