package fuzz

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is where the committed seeds live, relative to this package.
const corpusDir = "../corpus"

// addSeeds adds every file of corpus/<target>/ to f. A target with no seed
// folder still fuzzes from its f.Add seeds, but the replay test in
// corpus_test.go requires each target to have seeds.
func addSeeds(f *testing.F, target string) int {
	f.Helper()
	dir := filepath.Join(corpusDir, target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return 0
		}
		f.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		n++
	}
	return n
}
