package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/tlswire/tlswire/fuzz/corpusmin"
	"github.com/tlswire/tlswire/fuzz/seedroute"
)

// pkg is a package with fuzz targets and its instrumented test binary.
type pkg struct {
	dir, importPath string
	root            string // the module's folder
	bin             string
	targets         []string
	tmp             string
}

// loadPackage builds the test binary of the package named by pattern
// (e.g. ./fuzz) and lists its fuzz targets; names, when given, select
// among them.
func loadPackage(pattern string, names []string) (*pkg, error) {
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}\t{{.ImportPath}}\t{{.Module.Dir}}", pattern).Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %w", pattern, err)
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\t")
	if len(f) != 3 {
		return nil, fmt.Errorf("go list %s: one package expected, got %q", pattern, out)
	}
	p := &pkg{dir: f[0], importPath: f[1], root: f[2]}
	if p.tmp, err = os.MkdirTemp("", "corpus-"); err != nil {
		return nil, err
	}
	p.bin = filepath.Join(p.tmp, "fuzz.test")
	if err := corpusmin.BuildTestBinary(p.dir, p.bin); err != nil {
		p.close()
		return nil, err
	}
	all, err := corpusmin.ListTargets(p.bin, p.dir)
	if err != nil {
		p.close()
		return nil, err
	}
	if len(names) == 0 {
		p.targets = all
		return p, nil
	}
	for _, n := range names {
		found := false
		for _, a := range all {
			found = found || a == n
		}
		if !found {
			p.close()
			return nil, fmt.Errorf("%s has no fuzz target %s (it has %s)", p.importPath, n, strings.Join(all, " "))
		}
	}
	p.targets = names
	return p, nil
}

func (p *pkg) close() { os.RemoveAll(p.tmp) }

// target returns the corpusmin target of one name.
func (p *pkg) target(name string) corpusmin.Target {
	return corpusmin.Target{Bin: p.bin, Dir: p.dir, Name: name}
}

// corpusInputs reads the target's committed seeds: corpus/<folder>/ for
// its seed folders, then the package's testdata/fuzz/<target>/.
func (p *pkg) corpusInputs(corpusDir, target string) ([]corpusmin.Input, error) {
	var out []corpusmin.Input
	for _, folder := range seedroute.SeedFolders(target) {
		ins, err := corpusmin.ReadDir(filepath.Join(corpusDir, folder))
		if err != nil {
			return nil, err
		}
		out = append(out, ins...)
	}
	ins, err := corpusmin.ReadDir(filepath.Join(p.dir, "testdata", "fuzz", target))
	return append(out, ins...), err
}

// cacheInputs reads the fuzz cache folder of the target, where go test
// -fuzz keeps the inputs it found interesting.
func (p *pkg) cacheInputs(target string) ([]corpusmin.Input, error) {
	cache, err := goEnv("GOCACHE")
	if err != nil {
		return nil, err
	}
	return corpusmin.ReadDir(filepath.Join(cache, "fuzz", filepath.FromSlash(p.importPath), target))
}

// printReport prints one target's line of the min or merge table.
func printReport(r corpusmin.Report) {
	fmt.Printf("%-28s %6d -> %-6d coverage %6d -> %-6d flaky %3d  failed %d  rejected %d  %6.1fs\n",
		r.Target, r.Before, r.After, r.CoverageBefore, r.CoverageAfter, r.Flaky, len(r.Failed), len(r.Rejected), r.Elapsed.Seconds())
	for _, o := range r.Failed {
		fmt.Printf("  failed: %s: %s\n", o.Input.Name, firstLineOf(o.Failure))
	}
	for _, o := range r.Rejected {
		fmt.Printf("  rejected: %s: %s\n", o.Input.Name, o.Rejected)
	}
}

func firstLineOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}
