package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/tlswire/tlswire/fuzz/corpusexport"
	"github.com/tlswire/tlswire/fuzz/seedroute"
)

// runExport is `corpus export`.
func runExport(args []string) error {
	fs := newFlags("export", "[-from corpus] -out DIR")
	from := fs.String("from", "", "seed corpus folder to export (default: corpus/ of the module)")
	out := fs.String("out", "", "folder to write DIR/boringssl/fuzz/<name>_corpus, DIR/openssl/fuzz/corpora/<name> and DIR/libfuzzer/<Target> into")
	fs.Parse(args)
	if *out == "" {
		return errors.New("export: -out is required")
	}
	if *from == "" {
		mod, err := goEnv("GOMOD")
		if err != nil {
			return err
		}
		*from = filepath.Join(filepath.Dir(mod), "corpus")
	}
	e := corpusexport.New(*out)
	if err := e.Corpus(*from); err != nil {
		return err
	}
	fmt.Print(e.Summary())
	for _, t := range seedroute.Targets() {
		n, err := corpusexport.Plain(*from, t, filepath.Join(*out, "libfuzzer"))
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Printf("%-40s %6d\n", "libfuzzer/"+t, n)
		}
	}
	return nil
}
