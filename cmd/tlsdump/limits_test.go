package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/internal/capgen"
)

// TestLimitFlags: -max-flows reaches the reader (20 connections open at
// once, 4 tracked: the least recently active are reported early as
// evicted, none without the flag), and limits below their minimum are bad
// usage.
func TestLimitFlags(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // run sets it from -max-memory
	path := filepath.Join(t.TempDir(), "open.pcap")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := capgen.Write(f, capgen.Config{Size: 1 << 20, Flows: 20, Open: 20}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	evicted := func(args ...string) int {
		var out bytes.Buffer
		if code := run(append(args, "-json", path), nil, &out, io.Discard); code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		return strings.Count(out.String(), `"end":"evicted"`)
	}
	if n := evicted(); n != 0 {
		t.Errorf("default limits: %d flows evicted", n)
	}
	if n := evicted("-max-flows", "4", "-max-memory", "64", "-max-buffer", "64"); n < 16 {
		t.Errorf("-max-flows 4: %d flows evicted, want at least 16", n)
	}
	for _, args := range [][]string{{"-max-flows", "0"}, {"-max-memory", "7"}, {"-max-buffer", "0"}} {
		if code := run(append(args, path), nil, io.Discard, io.Discard); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
