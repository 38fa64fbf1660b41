package corpusmin

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
)

// Input is one fuzz input: the values passed to the fuzz target after its
// *testing.T.
type Input struct {
	// Name says where the input came from (a file path); among inputs of
	// equal size the lexically smaller name is preferred.
	Name string
	// Values are the target's arguments.
	Values []any
	// Size is the input's size for the tie rule: the bytes of []byte and
	// string values plus the width of the others.
	Size int
	// encoded is the `go test fuzz v1` form the worker reads.
	encoded []byte
}

// NewInput returns the input of a fuzz target taking one []byte, as this
// repository's seed files (corpus/<Target>/<sha256>) hold it.
func NewInput(name string, data []byte) Input {
	return Input{Name: name, Values: []any{data}, Size: len(data), encoded: encodeValues([]any{data})}
}

// ParseInput reads a seed file: a `go test fuzz v1` file (testdata/fuzz,
// the fuzz cache) or, otherwise, the raw bytes of a one-[]byte target's
// input.
func ParseInput(name string, b []byte) (Input, error) {
	if !bytes.HasPrefix(b, []byte("go test fuzz v1\n")) {
		return NewInput(name, b), nil
	}
	vals, err := corpusimport.ParseGoTestFuzz(b)
	if err != nil {
		return Input{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(vals) == 0 {
		return Input{}, fmt.Errorf("%s: no values", name)
	}
	size := 0
	for _, v := range vals {
		switch v := v.(type) {
		case []byte:
			size += len(v)
		case string:
			size += len(v)
		case bool, int8, uint8:
			size++
		case int16, uint16:
			size += 2
		case int32, uint32, float32:
			size += 4
		default:
			size += 8
		}
	}
	return Input{Name: name, Values: vals, Size: size, encoded: b}, nil
}

// Signature is the list of the input's value types, e.g. "[]uint8" or
// "uint16,uint8,[]uint8": a target accepts only inputs of its signature.
func (in Input) Signature() string {
	var parts []string
	for _, v := range in.Values {
		parts = append(parts, fmt.Sprintf("%T", v))
	}
	return strings.Join(parts, ",")
}

// Sum is the SHA-256 of the input's values in a canonical encoding: equal
// values, equal sums, whichever file format held them.
func (in Input) Sum() [32]byte { return sha256.Sum256(encodeValues(in.Values)) }

// Raw returns the input's bytes when it is a single []byte.
func (in Input) Raw() ([]byte, bool) {
	if len(in.Values) != 1 {
		return nil, false
	}
	b, ok := in.Values[0].([]byte)
	return b, ok
}

// Encoded returns the input as a `go test fuzz v1` file (a file read in
// that format, as it was read).
func (in Input) Encoded() []byte { return in.encoded }

// encodeValues writes values as a `go test fuzz v1` file, the format of
// testdata/fuzz and of the fuzz cache.
func encodeValues(vals []any) []byte {
	b := []byte("go test fuzz v1\n")
	for _, v := range vals {
		switch v := v.(type) {
		case []byte:
			b = append(b, "[]byte("...)
			b = strconv.AppendQuote(b, string(v))
		case string:
			b = append(b, "string("...)
			b = strconv.AppendQuote(b, v)
		case uint8:
			b = fmt.Appendf(b, "byte(%q", v)
		default:
			b = fmt.Appendf(b, "%T(%v", v, v)
		}
		b = append(b, ")\n"...)
	}
	return b
}

// ReadDir reads every regular file of dir as an input (ParseInput), sorted
// by name; a missing dir has none.
func ReadDir(dir string) ([]Input, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Input
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		in, err := ParseInput(path, b)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// sortInputs orders inputs by preference: smaller first, then by name.
func sortInputs(ins []Input) {
	sort.SliceStable(ins, func(i, j int) bool {
		if ins[i].Size != ins[j].Size {
			return ins[i].Size < ins[j].Size
		}
		return ins[i].Name < ins[j].Name
	})
}

// dedupe drops inputs whose values equal an earlier one's.
func dedupe(ins []Input) []Input {
	seen := map[[32]byte]bool{}
	out := ins[:0:0]
	for _, in := range ins {
		s := in.Sum()
		if !seen[s] {
			seen[s] = true
			out = append(out, in)
		}
	}
	return out
}
