package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
	"github.com/tlswire/tlswire/fuzz/corpusmin"
	"github.com/tlswire/tlswire/fuzz/seedroute"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// runMerge is `corpus merge`.
func runMerge(args []string) error {
	fs := newFlags("merge", "[-pkg ./fuzz] [-into DIR] [-from DIR ...] [-cache=false] [-n] [FuzzXxx ...]")
	pattern := fs.String("pkg", "./fuzz", "package of the fuzz targets")
	into := fs.String("into", "", "seed corpus folder to add to (default: corpus/ of the module)")
	useCache := fs.Bool("cache", true, "merge the fuzz cache")
	dry := fs.Bool("n", false, "report only, add nothing")
	var from stringList
	fs.Var(&from, "from", "also merge DIR/<Target>/ (repeatable)")
	fs.Parse(args)
	p, err := loadPackage(*pattern, fs.Args())
	if err != nil {
		return err
	}
	defer p.close()
	if *into == "" {
		*into = filepath.Join(p.root, "corpus")
	}
	c, err := corpusimport.Open(*into)
	if err != nil {
		return err
	}
	for _, name := range p.targets {
		existing, err := p.corpusInputs(*into, name)
		if err != nil {
			return err
		}
		var added []corpusmin.Input
		if *useCache {
			if added, err = p.cacheInputs(name); err != nil {
				return err
			}
		}
		for _, d := range from {
			ins, err := corpusmin.ReadDir(filepath.Join(d, name))
			if err != nil {
				return err
			}
			added = append(added, ins...)
		}
		if len(added) == 0 {
			fmt.Printf("%-28s no inputs\n", name)
			continue
		}
		rep, err := corpusmin.Merge(p.target(name), existing, added)
		if err != nil {
			return err
		}
		printReport(rep)
		if *dry {
			continue
		}
		if err := p.add(c, *into, name, rep.Kept); err != nil {
			return err
		}
	}
	return c.Close()
}

// add stores merged inputs: a []byte input of a target that has a corpus
// folder goes to that folder (with a MANIFEST line), any other to the
// package's testdata/fuzz/<target>/, where go test replays it.
func (p *pkg) add(c *corpusimport.Corpus, into, target string, ins []corpusmin.Input) error {
	_, err := os.Stat(filepath.Join(into, seedroute.SeedFolders(target)[0]))
	hasFolder := err == nil
	var other []corpusmin.Input
	for _, in := range ins {
		if data, ok := in.Raw(); ok && hasFolder {
			if err := c.Add(target, data, "merge: "+p.shortName(in.Name)); err != nil {
				return err
			}
			continue
		}
		other = append(other, in)
	}
	if len(other) == 0 {
		return nil
	}
	return writeInputs(filepath.Join(p.dir, "testdata", "fuzz", target), other, false)
}

// shortName writes a path in the fuzz cache as $GOCACHE/..., for MANIFEST
// origins that do not depend on the machine.
func (p *pkg) shortName(path string) string {
	cache, err := goEnv("GOCACHE")
	if err != nil || cache == "" {
		return path
	}
	if rest, ok := strings.CutPrefix(path, cache+string(filepath.Separator)); ok {
		return "$GOCACHE/" + filepath.ToSlash(rest)
	}
	return path
}
