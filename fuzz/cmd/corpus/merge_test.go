package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
	"github.com/tlswire/tlswire/fuzz/corpusmin"
)

// TestAddRoutes: merged []byte inputs of a target with a corpus folder go
// there with a MANIFEST line; others go to the package's testdata/fuzz as
// go test fuzz v1 files that read back as the same values.
func TestAddRoutes(t *testing.T) {
	p := &pkg{dir: t.TempDir()}
	into := t.TempDir()
	if err := os.Mkdir(filepath.Join(into, "FuzzClientHello"), 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := corpusimport.Open(into)
	if err != nil {
		t.Fatal(err)
	}
	multi, err := corpusmin.ParseInput("multi", []byte("go test fuzz v1\nuint16(7)\n[]byte(\"x\")\n"))
	if err != nil {
		t.Fatal(err)
	}
	raw := corpusmin.NewInput("raw", []byte("\x01\x00\x00\x00"))
	if err := p.add(c, into, "FuzzClientHello", []corpusmin.Input{raw, multi}); err != nil {
		t.Fatal(err)
	}
	if err := p.add(c, into, "FuzzOther", []corpusmin.Input{raw}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	inCorpus, _ := filepath.Glob(filepath.Join(into, "*", "*"))
	manifest, _ := os.ReadFile(filepath.Join(into, corpusimport.ManifestName))
	if len(inCorpus) != 1 || !strings.Contains(string(manifest), "FuzzClientHello\t"+filepath.Base(inCorpus[0])+"\tmerge: raw") {
		t.Fatalf("corpus files %v, MANIFEST %q", inCorpus, manifest)
	}
	for target, want := range map[string]corpusmin.Input{"FuzzClientHello": multi, "FuzzOther": raw} {
		back, err := corpusmin.ReadDir(filepath.Join(p.dir, "testdata", "fuzz", target))
		if err != nil || len(back) != 1 {
			t.Fatalf("%s testdata: %d inputs, %v", target, len(back), err)
		}
		if !reflect.DeepEqual(back[0].Values, want.Values) || len(filepath.Base(back[0].Name)) != 16 {
			t.Fatalf("%s: %s holds %v, want %v", target, back[0].Name, back[0].Values, want.Values)
		}
	}
}
