// Package corpusexport writes TLS handshakes as seeds for the fuzzers of
// other TLS stacks, in their input layouts:
//
//	DIR/boringssl/fuzz/<name>_corpus/<sha1>   BoringSSL: server, client, dtls_server, dtls_client, decode_client_hello_inner
//	DIR/openssl/fuzz/corpora/<name>/<sha1>    OpenSSL: server, client, quic-client
//
// so that handshakes seen in a capture (tlsdump -corpus) or kept in this
// repository's corpus become seeds for those projects' OSS-Fuzz targets:
// copy a folder into the project's tree. Files are named by the SHA-1 of
// their content, as libFuzzer names the inputs it saves. The importers of
// package corpusimport read the same layouts back (its BoringSSL and
// OpenSSL methods), which is how the tests check an export.
package corpusexport

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Exporter writes seeds under Dir. Written counts the new files per
// fuzzer (e.g. "boringssl/server").
type Exporter struct {
	Dir     string
	Written map[string]int
}

// New returns an exporter writing under dir.
func New(dir string) *Exporter {
	return &Exporter{Dir: dir, Written: map[string]int{}}
}

// Folder returns the folder of a fuzzer's corpus under the export
// directory: "boringssl/server" is boringssl/fuzz/server_corpus,
// "openssl/server" is openssl/fuzz/corpora/server.
func (e *Exporter) Folder(fuzzer string) string {
	stack, name, _ := strings.Cut(fuzzer, "/")
	if stack == "boringssl" {
		return filepath.Join(e.Dir, "boringssl", "fuzz", name+"_corpus")
	}
	return filepath.Join(e.Dir, "openssl", "fuzz", "corpora", name)
}

// write stores one input of a fuzzer, named by its SHA-1, unless present.
func (e *Exporter) write(fuzzer string, data []byte) error {
	dir := e.Folder(fuzzer)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sum := sha1.Sum(data)
	path := filepath.Join(dir, hex.EncodeToString(sum[:]))
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	e.Written[fuzzer]++
	return nil
}

// Summary lists the files written per fuzzer, one "fuzzer count" per line.
func (e *Exporter) Summary() string {
	var names []string
	for n := range e.Written {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%-40s %6d\n", n, e.Written[n])
	}
	return b.String()
}
