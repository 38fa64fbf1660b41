package corpusmin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Target is one fuzz target in a test binary built with the fuzzing
// engine's coverage instrumentation (`go test -c -fuzz=.`).
type Target struct {
	// Bin is the test binary, Dir the package's folder (the binary runs
	// there, as under go test), Name the fuzz target (FuzzXxx).
	Bin, Dir, Name string
}

// BuildTestBinary builds the test binary of the package in dir with the
// fuzzing instrumentation into out: the build `go test -fuzz` makes, so
// that coverage is the engine's.
func BuildTestBinary(dir, out string) error {
	cmd := exec.Command("go", "test", "-c", "-fuzz=.", "-o", out, ".")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the test binary of %s: %w", dir, err)
	}
	return nil
}

// ListTargets returns the fuzz targets of a test binary, in its order.
func ListTargets(bin, dir string) ([]string, error) {
	cmd := exec.Command(bin, "-test.list", "^Fuzz")
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -test.list: %w", filepath.Base(bin), err)
	}
	return strings.Fields(string(b)), nil
}
