package corpusmin

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// synthTarget is a fuzz target whose coverage is known. The engine's
// instrumentation counts every block, the empty else of an if and the
// right-hand side of && included, so each of "x", "a", "ab" and "abc"
// reaches a block the others do not: "x" the first return, "a" the else
// of the second if, "ab" the else of the third, "abc" its body. "fail"
// makes the target fail, "panic" ends its process. (Indented, so that the
// scripts that look for fuzz targets with grep '^func Fuzz' skip it.)
const synthTarget = `	package synth

	import "testing"

	var sink int

	func FuzzSynth(f *testing.F) {
		f.Fuzz(func(t *testing.T, in []byte) {
			switch string(in) {
			case "fail":
				t.Fatal("failing as asked")
			case "panic":
				panic("panicking as asked")
			}
			if len(in) == 0 {
				return
			}
			if in[0] != 'a' {
				sink++
				return
			}
			sink += 2
			if len(in) > 1 && in[1] == 'b' {
				sink += 3
				if len(in) > 2 && in[2] == 'c' {
					sink += 4
				}
			}
		})
	}
`

var (
	synthOnce sync.Once
	synthBin  string
	synthDir  string
	synthErr  error
)

// synth builds the synthetic target's instrumented test binary once (a
// module of its own in a temporary folder, only the standard library).
func synth(t *testing.T) Target {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOARCH == "386" || runtime.GOARCH == "arm" {
		t.Skip("the fuzzing worker protocol needs a 64-bit unix")
	}
	synthOnce.Do(func() {
		dir, err := os.MkdirTemp("", "corpusmin-synth-")
		if err != nil {
			synthErr = err
			return
		}
		synthDir = dir
		files := map[string]string{"go.mod": "module synth\n\ngo 1.26\n", "synth_test.go": synthTarget}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				synthErr = err
				return
			}
		}
		synthBin = filepath.Join(dir, "synth.test")
		synthErr = BuildTestBinary(dir, synthBin)
	})
	if synthErr != nil {
		t.Fatal(synthErr)
	}
	return Target{Bin: synthBin, Dir: synthDir, Name: "FuzzSynth"}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if synthDir != "" {
		os.RemoveAll(synthDir)
	}
	os.Exit(code)
}

func inputs(names ...string) []Input {
	var out []Input
	for _, n := range names {
		out = append(out, NewInput("seed-"+n, []byte(n)))
	}
	return out
}

func names(ins []Input) []string {
	var out []string
	for _, in := range ins {
		out = append(out, strings.TrimPrefix(in.Name, "seed-"))
	}
	return out
}

func TestMinimizeSynthetic(t *testing.T) {
	tg := synth(t)
	// "zz" and "y" cover what "x" covers, "zz" is larger and "y" comes
	// after "x"; "abcd" covers what "abc" covers; "abd" what "ab" and
	// "abc" cover together.
	ins := inputs("zz", "abcd", "ab", "x", "a", "abc", "y", "abd")
	rep, err := Minimize(tg, ins)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(rep.Kept), []string{"a", "x", "ab", "abc"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	if rep.Before != 8 || rep.After != 4 || rep.CoverageBefore != rep.CoverageAfter || rep.CoverageAfter == 0 {
		t.Fatalf("report %+v", rep)
	}
	// The same inputs in another order give the same set.
	rev := append([]Input(nil), ins...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	again, err := Minimize(tg, rev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(names(again.Kept), names(rep.Kept)) || again.CoverageAfter != rep.CoverageAfter {
		t.Fatalf("second run kept %v (coverage %d), first %v (coverage %d)",
			names(again.Kept), again.CoverageAfter, names(rep.Kept), rep.CoverageAfter)
	}
}

func TestMergeSynthetic(t *testing.T) {
	tg := synth(t)
	// A fuzzing run saved "ab", "abc", "abcx" and "q": "q" brings nothing
	// ("x" covers it), "abcx" nothing "abc" does not bring, and "ab" and
	// "abc" each a block of their own.
	existing := inputs("a", "x")
	added := append(inputs("ab", "abcx", "q", "abc", "a"), failing()...)
	rep, err := Merge(tg, existing, added)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(rep.Kept), []string{"ab", "abc"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	if rep.Before != 2 || rep.After != 4 || rep.CoverageAfter <= rep.CoverageBefore || rep.Duplicates != 1 {
		t.Fatalf("report %+v", rep)
	}
	// Inputs the target fails on or cannot take are reported, not dropped
	// silently; the input that ended the process did not stop the others.
	var failed, rejected []string
	for _, o := range rep.Failed {
		failed = append(failed, o.Input.Name)
	}
	for _, o := range rep.Rejected {
		rejected = append(rejected, o.Input.Name)
	}
	if want := []string{"seed-fail", "seed-panic"}; !reflect.DeepEqual(failed, want) {
		t.Errorf("failed %v, want %v", failed, want)
	}
	if want := []string{"old-signature"}; !reflect.DeepEqual(rejected, want) || !strings.Contains(rep.Rejected[0].Rejected, "uint16") {
		t.Errorf("rejected %v (%v), want %v", rejected, rep.Rejected, want)
	}
}

// failing returns inputs the synthetic target fails on, crashes on, and
// one saved for an older signature (uint16, []byte).
func failing() []Input {
	old, err := ParseInput("old-signature", []byte("go test fuzz v1\nuint16(3)\n[]byte(\"abc\")\n"))
	if err != nil {
		panic(err)
	}
	return append(inputs("fail", "panic"), old)
}

// TestRejectedBeforeSignatureKnown: an input of another signature that
// runs before any accepted input is refused by reflect in the target's
// process, which ends; it is reported as rejected and the others still run.
func TestRejectedBeforeSignatureKnown(t *testing.T) {
	tg := synth(t)
	old, err := ParseInput("old", []byte("go test fuzz v1\nuint16(3)\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Minimize(tg, append(inputs("abc"), old))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 1 || rep.Rejected[0].Input.Name != "old" || !strings.Contains(rep.Rejected[0].Rejected, "reflect") {
		t.Fatalf("rejected %+v", rep.Rejected)
	}
	if got := names(rep.Kept); !reflect.DeepEqual(got, []string{"abc"}) {
		t.Fatalf("kept %v", got)
	}
}
