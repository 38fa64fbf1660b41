// Package corpusimport fills a corpus directory in the layout of the
// repository's corpus/ (one folder per fuzz target holding inputs named by
// their SHA-256, and a MANIFEST listing target, SHA-256 and origin) from
// other fuzzing corpora: go-fuzz-corpus's TLS inputs, BoringSSL's and
// OpenSSL's fuzz corpora, and Go's testdata/fuzz (`go test fuzz v1`)
// folders. Streams are split into records and handshake messages with
// wire.Records and wire.Reassembler and each piece is routed to the target
// that decodes it (seedroute.TargetFor), so one imported handshake seeds the
// record, message and extension targets alike.
package corpusimport

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestName is the file, in the corpus directory, listing every seed.
const ManifestName = "MANIFEST"

// MaxSeedSize bounds the inputs written: larger ones are skipped (and
// counted in Skipped), since a fuzzing engine truncates or slows on them.
const MaxSeedSize = 64 << 10

// Corpus is a corpus directory being added to. Create it with Open, add
// seeds, then call Close to append the new MANIFEST lines.
type Corpus struct {
	dir     string
	seen    map[string]bool // target + "/" + sha256
	lines   []string        // new MANIFEST lines
	Added   map[string]int  // new seeds per target
	Skipped int             // inputs over MaxSeedSize

	// Shapes makes Add skip an input of the transport and certificate
	// targets whose shape (see shapeOf) an input it added already has.
	Shapes bool
	shapes map[string]bool // target + "/" + shape
	// SameShape counts the inputs skipped for their shape.
	SameShape int
}

// Open reads the MANIFEST of dir (which need not exist yet) so that seeds
// already present are not added again.
func Open(dir string) (*Corpus, error) {
	c := &Corpus{dir: dir, seen: map[string]bool{}, Added: map[string]int{}, shapes: map[string]bool{}}
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s: bad line %q", ManifestName, line)
		}
		c.seen[fields[0]+"/"+fields[1]] = true
	}
	return c, sc.Err()
}

// Add writes data as a seed of target, unless the target already has it,
// and records origin for the MANIFEST. Origins must not contain newlines
// or tabs (they are replaced by spaces).
func (c *Corpus) Add(target string, data []byte, origin string) error {
	if len(data) > MaxSeedSize {
		c.Skipped++
		return nil
	}
	name := hexSum(data)
	if c.seen[target+"/"+name] {
		return nil
	}
	if c.Shapes {
		if sh := shapeOf(target, data); sh != "" {
			if c.shapes[target+"/"+sh] {
				c.SameShape++
				return nil
			}
			c.shapes[target+"/"+sh] = true
		}
	}
	dir := filepath.Join(c.dir, target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		return err
	}
	c.seen[target+"/"+name] = true
	origin = strings.NewReplacer("\n", " ", "\t", " ").Replace(origin)
	c.lines = append(c.lines, target+"\t"+name+"\t"+origin)
	c.Added[target]++
	return nil
}

// Close appends the new seeds' lines to the MANIFEST, sorted.
func (c *Corpus) Close() error {
	if len(c.lines) == 0 {
		return nil
	}
	sort.Strings(c.lines)
	f, err := os.OpenFile(filepath.Join(c.dir, ManifestName), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(strings.Join(c.lines, "\n") + "\n")
	c.lines = nil
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Summary lists the seeds added per target, one "target count" per line.
func (c *Corpus) Summary() string {
	var names []string
	total := 0
	for t, n := range c.Added {
		names = append(names, t)
		total += n
	}
	sort.Strings(names)
	var b strings.Builder
	for _, t := range names {
		fmt.Fprintf(&b, "%-32s %6d\n", t, c.Added[t])
	}
	fmt.Fprintf(&b, "%-32s %6d\n", "total", total)
	if c.SameShape > 0 {
		fmt.Fprintf(&b, "%-32s %6d\n", "skipped (shape already added)", c.SameShape)
	}
	if c.Skipped > 0 {
		fmt.Fprintf(&b, "skipped (over %d bytes)        %6d\n", MaxSeedSize, c.Skipped)
	}
	return b.String()
}

// hexSum is the seed file name of data: its SHA-256 in hex.
func hexSum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
