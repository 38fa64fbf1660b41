package corpusimport

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
)

// goTestFuzzHeader is the first line of a `go test fuzz v1` file.
const goTestFuzzHeader = "go test fuzz v1"

// ParseGoTestFuzz decodes a `go test fuzz v1` file (the format of
// testdata/fuzz/FuzzXxx/ and of the fuzz cache): the header line, then one
// Go expression per argument, T(literal), for the types go test fuzz
// supports. It returns []byte, string, bool, the sized integer types,
// float32/float64 and rune/byte values as their Go types.
func ParseGoTestFuzz(b []byte) ([]any, error) {
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) == 0 || string(bytes.TrimSpace(lines[0])) != goTestFuzzHeader {
		return nil, errors.New("not a go test fuzz v1 file")
	}
	var vals []any
	for _, line := range lines[1:] {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		v, err := parseFuzzValue(string(line))
		if err != nil {
			return nil, fmt.Errorf("%q: %w", line, err)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

func parseFuzzValue(s string) (any, error) {
	e, err := parser.ParseExpr(s)
	if err != nil {
		return nil, err
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, errors.New("want T(value)")
	}
	typ := types(call.Fun)
	arg := call.Args[0]
	neg := false
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, arg = true, u.X
	}
	lit, ok := arg.(*ast.BasicLit)
	if !ok {
		if id, ok := arg.(*ast.Ident); ok && typ == "bool" && (id.Name == "true" || id.Name == "false") {
			return id.Name == "true", nil
		}
		return nil, errors.New("want a literal")
	}
	switch typ {
	case "[]byte", "string":
		if lit.Kind != token.STRING {
			return nil, errors.New("want a string literal")
		}
		str, err := strconv.Unquote(lit.Value)
		if err != nil {
			return nil, err
		}
		if typ == "string" {
			return str, nil
		}
		return []byte(str), nil
	case "float32", "float64":
		f, err := strconv.ParseFloat(lit.Value, 64)
		if neg {
			f = -f
		}
		if typ == "float32" {
			return float32(f), err
		}
		return f, err
	}
	var n int64
	var u uint64
	switch lit.Kind {
	case token.CHAR:
		r, _, _, err := strconv.UnquoteChar(lit.Value[1:len(lit.Value)-1], '\'')
		if err != nil {
			return nil, err
		}
		n, u = int64(r), uint64(r)
	case token.INT:
		if neg {
			n, err = strconv.ParseInt("-"+lit.Value, 0, 64)
		} else {
			u, err = strconv.ParseUint(lit.Value, 0, 64)
			n = int64(u)
		}
		if err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("want an integer literal")
	}
	switch typ {
	case "byte", "uint8":
		return uint8(u), nil
	case "uint16":
		return uint16(u), nil
	case "uint32":
		return uint32(u), nil
	case "uint64":
		return u, nil
	case "uint":
		return uint(u), nil
	case "int8":
		return int8(n), nil
	case "int16":
		return int16(n), nil
	case "int32", "rune":
		return int32(n), nil
	case "int64":
		return n, nil
	case "int":
		return int(n), nil
	}
	return nil, fmt.Errorf("unsupported type %s", typ)
}

// types renders the type expression of a T(value) call.
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.ArrayType:
		if e.Len == nil {
			return "[]" + types(e.Elt)
		}
	}
	return "?"
}

// ExportGoTestFuzz writes every seed of corpus/<target>/ as a `go test fuzz
// v1` file in dir/<target>/ (the layout of testdata/fuzz and of the fuzz
// cache, e.g. $(go env GOCACHE)/fuzz/<module>/fuzz/<target>), named by the
// first 16 hex digits of its SHA-256 as go test does. It returns the number
// of files written.
func ExportGoTestFuzz(corpusDir, target, dir string) (int, error) {
	files, err := readDir(filepath.Join(corpusDir, target))
	if err != nil {
		return 0, err
	}
	out := filepath.Join(dir, target)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		enc := []byte(goTestFuzzHeader + "\n[]byte(" + strconv.Quote(string(b)) + ")\n")
		sum := sha256.Sum256(enc)
		if err := os.WriteFile(filepath.Join(out, hex.EncodeToString(sum[:])[:16]), enc, 0o644); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}
