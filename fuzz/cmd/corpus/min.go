package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tlswire/tlswire/fuzz/corpusmin"
)

// runMin is `corpus min`.
func runMin(args []string) error {
	fs := newFlags("min", "[-pkg ./fuzz] [-corpus DIR] [-cache=false] [-out DIR] [FuzzXxx ...]")
	pattern := fs.String("pkg", "./fuzz", "package of the fuzz targets")
	corpusDir := fs.String("corpus", "", "seed corpus folder (default: corpus/ of the module)")
	useCache := fs.Bool("cache", true, "also read the fuzz cache")
	out := fs.String("out", "", "write the minimized sets here (DIR/<Target>/)")
	fs.Parse(args)
	p, err := loadPackage(*pattern, fs.Args())
	if err != nil {
		return err
	}
	defer p.close()
	if *corpusDir == "" {
		*corpusDir = filepath.Join(p.root, "corpus")
	}
	for _, name := range p.targets {
		ins, err := p.corpusInputs(*corpusDir, name)
		if err != nil {
			return err
		}
		if *useCache {
			cached, err := p.cacheInputs(name)
			if err != nil {
				return err
			}
			ins = append(ins, cached...)
		}
		if len(ins) == 0 {
			fmt.Printf("%-28s no inputs\n", name)
			continue
		}
		rep, err := corpusmin.Minimize(p.target(name), ins)
		if err != nil {
			return err
		}
		printReport(rep)
		if *out != "" {
			if err := writeInputs(filepath.Join(*out, name), rep.Kept, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeInputs writes inputs into dir: with raw, a single []byte as its raw
// bytes named by SHA-256 (this repository's seed files); others as `go
// test fuzz v1` files named by the first 16 hex digits of their SHA-256
// (as go test names them).
func writeInputs(dir string, ins []corpusmin.Input, raw bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, in := range ins {
		data, isRaw := in.Raw()
		name := ""
		if raw && isRaw {
			sum := sha256.Sum256(data)
			name = hex.EncodeToString(sum[:])
		} else {
			data = in.Encoded()
			sum := sha256.Sum256(data)
			name = hex.EncodeToString(sum[:])[:16]
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
