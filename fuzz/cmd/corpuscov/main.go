// Command corpuscov reports what the committed fuzz corpus exercises. Run
// it from anywhere in the module:
//
//	go run ./fuzz/cmd/corpuscov
//
// It replays every seed (go test ./fuzz -run 'Fuzz|TestCorpus' with
// -coverpkg=./wire/...,./pcap), prints the statement coverage of each
// package that replay reaches, then lists which handshake message types
// and extension types of wire's registries the corpus holds in a form
// that decodes (message seeds that Unmarshal in their target's context,
// extension seeds that decode in their message context), and which it
// lacks.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/tlswire/tlswire/wire"
)

func main() {
	keep := flag.String("coverprofile", "", "also keep the cover profile in this file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("corpuscov: ")

	root, err := moduleRoot()
	if err != nil {
		log.Fatal(err)
	}
	profile := *keep
	if profile == "" {
		f, err := os.CreateTemp("", "corpuscov-*.out")
		if err != nil {
			log.Fatal(err)
		}
		f.Close()
		profile = f.Name()
		defer os.Remove(profile)
	} else if profile, err = filepath.Abs(profile); err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command("go", "test", "./fuzz", "-count=1", "-run", "Fuzz|TestCorpus",
		"-coverpkg=./wire/...,./pcap", "-coverprofile="+profile)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("seed replay failed: %v", err)
	}
	cov, err := coverage(profile)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Statement coverage of the seed replay (go test ./fuzz):")
	var pkgs []string
	for p := range cov {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		c := cov[p]
		fmt.Printf("  %-45s %5.1f%% of %d statements\n", p, 100*float64(c[0])/float64(c[1]), c[1])
	}
	corpus := filepath.Join(root, "corpus")
	msgs, exts, err := reached(corpus)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println()
	reportMessages(msgs)
	reportExtensions(exts)
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside a module")
	}
	return filepath.Dir(mod), nil
}

// coverage parses a cover profile into covered and total statements per
// package. A block listed more than once counts once, covered if any run
// covered it.
func coverage(profile string) (map[string][2]int, error) {
	f, err := os.Open(profile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type block struct {
		stmts   int
		covered bool
	}
	blocks := map[string]*block{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") {
			continue
		}
		// file:start.col,end.col numStmts count
		fields := strings.Fields(line)
		if len(fields) != 3 {
			return nil, fmt.Errorf("bad profile line %q", line)
		}
		n, err1 := strconv.Atoi(fields[1])
		c, err2 := strconv.Atoi(fields[2])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad profile line %q", line)
		}
		b := blocks[fields[0]]
		if b == nil {
			b = &block{stmts: n}
			blocks[fields[0]] = b
		}
		b.covered = b.covered || c > 0
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	out := map[string][2]int{}
	for key, b := range blocks {
		file := key[:strings.LastIndex(key, ":")]
		pkg := path.Dir(file)
		c := out[pkg]
		c[1] += b.stmts
		if b.covered {
			c[0] += b.stmts
		}
		out[pkg] = c
	}
	return out, nil
}

// reached returns the handshake types with a message seed that decodes
// in its target's context, and the extension types with a FuzzExtension
// seed that decodes, with the message contexts they decode in.
func reached(corpus string) (map[wire.HandshakeType]bool, map[wire.ExtensionType]map[wire.ExtMessage]bool, error) {
	msgs := map[wire.HandshakeType]bool{}
	for _, mt := range seedroute.MessageTargets {
		files, err := filepath.Glob(filepath.Join(corpus, mt.Name, "*"))
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			in, err := os.ReadFile(f)
			if err != nil {
				return nil, nil, err
			}
			ctx := mt.Context
			if mt.Prefix {
				var ok bool
				if ctx, in, ok = seedroute.PrefixContext(in); !ok {
					continue
				}
			}
			if wire.UnmarshalMessage(wire.NewMessage(mt.Type), in, ctx) == nil {
				msgs[mt.Type] = true
			}
		}
	}
	exts := map[wire.ExtensionType]map[wire.ExtMessage]bool{}
	files, err := filepath.Glob(filepath.Join(corpus, seedroute.TargetExtension, "*"))
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		in, typ, body, ok := seedroute.ParseExtensionSeed(b)
		if !ok || wire.NewExtensionBody(typ).Unmarshal(body, in) != nil {
			continue
		}
		if exts[typ] == nil {
			exts[typ] = map[wire.ExtMessage]bool{}
		}
		exts[typ][in] = true
	}
	return msgs, exts, nil
}

func reportMessages(msgs map[wire.HandshakeType]bool) {
	var known, missing []string
	for t := 0; t < 256; t++ {
		ht := wire.HandshakeType(t)
		if !ht.Known() {
			continue
		}
		known = append(known, ht.String())
		if !msgs[ht] {
			missing = append(missing, fmt.Sprintf("%s(%d)", ht, t))
		}
	}
	fmt.Printf("Handshake message types (wire registry): %d of %d reached by decodable seeds\n",
		len(known)-len(missing), len(known))
	if len(missing) > 0 {
		fmt.Printf("  not reached: %s\n", strings.Join(missing, ", "))
	}
}

func reportExtensions(exts map[wire.ExtensionType]map[wire.ExtMessage]bool) {
	var missing, typedMissing []string
	total, typed, typedReached := 0, 0, 0
	for _, e := range wire.ExtensionTypes() {
		total++
		isTyped := wire.IsTypedExtension(e.Type)
		if isTyped {
			typed++
		}
		if len(exts[e.Type]) == 0 {
			missing = append(missing, fmt.Sprintf("%s(%d)", e.Name, e.Type))
			if isTyped {
				typedMissing = append(typedMissing, fmt.Sprintf("%s(%d)", e.Name, e.Type))
			}
		} else if isTyped {
			typedReached++
		}
	}
	fmt.Printf("Extension types (wire registry): %d of %d reached by decodable FuzzExtension seeds; %d of the %d with a typed decoder\n",
		total-len(missing), total, typedReached, typed)
	if len(typedMissing) > 0 {
		fmt.Printf("  typed, not reached: %s\n", strings.Join(typedMissing, ", "))
	}
	if len(missing) > len(typedMissing) {
		fmt.Printf("  not reached (raw body only): %d types\n", len(missing)-len(typedMissing))
	}
}
