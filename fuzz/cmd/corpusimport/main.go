// Command corpusimport adds seeds from other fuzzing corpora to a corpus
// directory laid out like the repository's corpus/ (see package
// github.com/tlswire/tlswire/fuzz/corpusimport and docs/fuzzing.md), or
// exports a target's seeds in the `go test fuzz v1` format.
//
// Usage:
//
//	corpusimport -out DIR [-gofuzz DIR] [-boringssl DIR] [-openssl DIR] [-all] [-origin PREFIX] [testdata/fuzz/FuzzXxx ...]
//	corpusimport -export DIR -from corpus [-target FuzzXxx]
//
// -gofuzz reads a dvyukov/go-fuzz-corpus checkout, -boringssl and
// -openssl a BoringSSL or OpenSSL source tree (or, for -openssl, an
// openssl/fuzz-corpora checkout); the remaining arguments are
// testdata/fuzz/<Target> folders (`go test fuzz v1` files), imported with
// the origin prefix -origin (default "regression:"). It prints the number
// of new seeds per target. Inputs of the record, DTLS and certificate
// targets are kept one per shape (what wire makes of them, see
// corpusimport.Corpus.Shapes) unless -all is given.
package main

import (
	"flag"
	"fmt"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"log"
	"os"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
)

func main() {
	out := flag.String("out", "", "corpus directory to add seeds to")
	gofuzz := flag.String("gofuzz", "", "go-fuzz-corpus checkout to import (tls/, tlsclient/)")
	boring := flag.String("boringssl", "", "BoringSSL source tree whose fuzz/*_corpus to import")
	openssl := flag.String("openssl", "", "OpenSSL source tree whose fuzz/corpora to import, or an openssl/fuzz-corpora checkout")
	origin := flag.String("origin", "regression:", "origin prefix for testdata/fuzz imports")
	export := flag.String("export", "", "write seeds as go test fuzz v1 files under this directory")
	from := flag.String("from", "corpus", "with -export: the corpus directory to read")
	target := flag.String("target", "", "with -export: only this target (default: all)")
	all := flag.Bool("all", false, "keep every distinct transport and certificate input, not one per shape")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("corpusimport: ")

	if *export != "" {
		targets := seedroute.Targets()
		if *target != "" {
			targets = []string{*target}
		}
		for _, t := range targets {
			n, err := corpusimport.ExportGoTestFuzz(*from, t, *export)
			if err != nil {
				log.Fatal(err)
			}
			if n > 0 {
				fmt.Printf("%-32s %6d\n", t, n)
			}
		}
		return
	}
	if *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	c, err := corpusimport.Open(*out)
	if err != nil {
		log.Fatal(err)
	}
	c.Shapes = !*all
	if *gofuzz != "" {
		if err := c.GoFuzzCorpus(*gofuzz); err != nil {
			log.Fatal(err)
		}
	}
	if *boring != "" {
		names, err := c.BoringSSL(*boring)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("BoringSSL corpora read: %v\n", names)
	}
	if *openssl != "" {
		names, err := c.OpenSSL(*openssl)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("OpenSSL corpora read: %v\n", names)
	}
	for _, dir := range flag.Args() {
		if _, err := c.GoTestFuzz(dir, *origin, seedroute.Targets()); err != nil {
			log.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Print(c.Summary())
}
