package fuzz

import (
	"crypto/sha256"
	"errors"
	"flag"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// corpusDir is where the committed seeds live, relative to this package.
const corpusDir = "../corpus"

// addSeeds adds every file of the target's seed folders (seedroute.SeedFolders:
// corpus/<target>/, plus the folders of targets whose inputs it shares) to
// f and returns how many it added. TestCorpus requires each target to have
// seeds.
//
// While fuzzing (-test.fuzz), seeds imported from third-party corpora are
// left out unless TLSWIRE_FUZZ_IMPORTS is set (a folder holding nothing
// else contributes its first importedWhileFuzzing): the engine first runs
// every seed to measure coverage, which for thousands of imports takes
// longer than a short CI run. `go test ./fuzz` replays them all.
func addSeeds(f *testing.F, target string) int {
	f.Helper()
	n := 0
	imported := importedSeeds(f)
	for _, folder := range seedroute.SeedFolders(target) {
		entries, err := os.ReadDir(filepath.Join(corpusDir, folder))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			f.Fatal(err)
		}
		own, skipped := 0, []string(nil)
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			if imported[folder+"/"+e.Name()] {
				skipped = append(skipped, e.Name())
				continue
			}
			addSeedFile(f, folder, e.Name())
			own++
		}
		if own == 0 {
			for _, name := range skipped[:min(len(skipped), importedWhileFuzzing)] {
				addSeedFile(f, folder, name)
				own++
			}
		}
		n += own
	}
	return n
}

// importedWhileFuzzing is how many imported seeds a folder with no others
// contributes while fuzzing (see addSeeds).
const importedWhileFuzzing = 16

// addSeedFile adds the seed corpus/<folder>/<name> to f.
func addSeedFile(f *testing.F, folder, name string) {
	f.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, folder, name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
}

// importedSeeds returns the seeds ("folder/sha256") to leave out of a
// fuzzing run: while fuzzing without TLSWIRE_FUZZ_IMPORTS, those whose
// MANIFEST origin is neither generated ("gen:") nor a regression
// ("regression:"); otherwise none.
func importedSeeds(t testing.TB) map[string]bool {
	out := map[string]bool{}
	if !fuzzing() || os.Getenv("TLSWIRE_FUZZ_IMPORTS") != "" {
		return out
	}
	m := readManifest(t)
	for i, e := range m.entries {
		if !strings.HasPrefix(e.Origin, generatedPrefix) && !strings.HasPrefix(e.Origin, "regression:") {
			out[e.Target+"/"+m.sums[i]] = true
		}
	}
	return out
}

// fuzzing reports whether the test binary runs with -test.fuzz (mutating
// inputs) rather than replaying seeds.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// sampled reports whether the costly checks (allocation accounting, which
// stops the world) run for in: always when replaying seeds, for one input
// in 16 while fuzzing.
func sampled(in []byte) bool {
	if !fuzzing() {
		return true
	}
	h := sha256.Sum256(in)
	return h[0]&15 == 0
}

// allocSlack is the allocation allowed on top of allocPerByte bytes per
// input byte: the fixed cost of a fresh value.
const (
	allocPerByte = 64
	allocSlack   = 64 << 10
)

// checkAllocBound runs run and, for sampled inputs, checks that run, decoding the n-byte input in, allocates
// at most allocPerByte*n+allocSlack bytes: decoding must never allocate in
// proportion to a length field, only to the bytes present (a list of
// 1-byte entries decoded into 24-byte slice headers, with append's
// doubling, stays well within 64 bytes per input byte).
func checkAllocBound(t *testing.T, what string, in []byte, run func()) {
	t.Helper()
	checkAllocPerByte(t, what, in, len(in), allocPerByte, allocSlack, run)
}

// checkAllocPerByte runs run and, for sampled inputs, checks that it
// allocates at most perByte*n+slack bytes, n being the size of the input
// in (after decompression, for a reader that decompresses).
func checkAllocPerByte(t *testing.T, what string, in []byte, n, perByte, slack int, run func()) {
	t.Helper()
	if !sampled(in) {
		run()
		return
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(perByte*n+slack); got > limit {
		t.Fatalf("%s allocated %d bytes for a %d-byte input (limit %d)", what, got, n, limit)
	}
}

// checkWireError checks that err is a *wire.Error naming its message with
// an offset within an input of n bytes (or -1, "no position", when
// allowUnplaced).
func checkWireError(t *testing.T, err error, n int, allowUnplaced bool) {
	t.Helper()
	var e *wire.Error
	if !errors.As(err, &e) {
		t.Fatalf("error is not a *wire.Error: %#v", err)
	}
	if e.Message == "" || e.Offset > n || e.Offset < 0 && !(allowUnplaced && e.Offset == -1) {
		t.Fatalf("error with bad position or name: %v (offset %d, input %d bytes)", err, e.Offset, n)
	}
}

// readSeedFolder returns the seeds stored in corpus/<folder>/.
func readSeedFolder(t testing.TB, folder string) [][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(corpusDir, folder))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(corpusDir, folder, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// readSeed returns the seed corpus/<folder>/<name> (name: its SHA-256).
func readSeed(t testing.TB, folder, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, folder, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
