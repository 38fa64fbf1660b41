//go:build unix

package corpusmin

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// A worker is one test binary process run in the fuzzing engine's worker
// mode (-test.fuzzworker), driven the way `go test -fuzz` drives it: RPC
// calls as JSON on two pipes (the worker's file descriptors 3 and 4) and
// the input in a shared memory file (descriptor 5), which the worker maps
// and this side writes with pwrite (one page cache, so the worker sees the
// bytes). A warm-up call runs the target once on the input and returns the
// coverage snapshot of that one execution: the engine's own per-input
// coverage. This is the protocol of Go 1.26's internal/fuzz (worker.go,
// mem.go, sys_posix.go); it is not a public interface, and the tests of
// this package run it end to end, so that a Go release changing it shows
// as a failing test rather than as wrong coverage.
type worker struct {
	bin, dir, target string
	cmd              *exec.Cmd
	mem              *os.File
	memCap           int
	in               io.WriteCloser // fuzz_in: calls
	out              *bufio.Reader  // fuzz_out: responses
	outFile          *os.File
	stderr           bytes.Buffer
	done             chan struct{}
}

// memHeaderSize is unsafe.Sizeof(internal/fuzz.sharedMemHeader) on a
// 64-bit platform: count int64, valueLen int, randState and randInc
// uint64, rawInMem bool, padded to 8 bytes.
const memHeaderSize = 40

// Offsets of the header fields this side writes.
const (
	memCountOffset    = 0
	memValueLenOffset = 8
	memRawInMemOffset = 32
)

// fuzzCall is internal/fuzz's call with its Fuzz arguments (fuzzArgs).
type fuzzCall struct {
	Fuzz *fuzzArgs `json:",omitempty"`
	Ping *struct{} `json:",omitempty"`
}

type fuzzArgs struct {
	Timeout      time.Duration
	Limit        int64
	Warmup       bool
	CoverageData []byte
}

// fuzzResponse is internal/fuzz's fuzzResponse.
type fuzzResponse struct {
	TotalDuration       time.Duration
	InterestingDuration time.Duration
	Count               int64
	CoverageData        []byte
	Err                 string
	InternalErr         string
}

// errWorkerDied reports that the worker process ended during a call: the
// input crashed it (a panic in the target, os.Exit, a fatal error).
var errWorkerDied = errors.New("the test process terminated")

// startWorker starts bin in dir as a fuzzing worker for target, with room
// for encoded inputs of up to maxLen bytes.
func startWorker(bin, dir, target string, maxLen int) (*worker, error) {
	if strconv.IntSize != 64 {
		return nil, errors.New("corpusmin: needs a 64-bit platform (the fuzzing engine's shared memory header)")
	}
	w := &worker{bin: bin, dir: dir, target: target, memCap: maxLen}
	mem, err := os.CreateTemp("", "corpusmin-mem-*")
	if err != nil {
		return nil, err
	}
	os.Remove(mem.Name()) // the descriptors keep it
	if err := mem.Truncate(int64(memHeaderSize + maxLen)); err != nil {
		mem.Close()
		return nil, err
	}
	w.mem = mem
	if err := w.start(); err != nil {
		mem.Close()
		return nil, err
	}
	return w, nil
}

func (w *worker) start() error {
	inR, inW, err := os.Pipe()
	if err != nil {
		return err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return err
	}
	cmd := exec.Command(w.bin, "-test.fuzzworker", "-test.run=^$", "-test.fuzz=^"+w.target+"$",
		"-test.fuzzcachedir="+os.TempDir(), "-test.parallel=1")
	cmd.Dir = w.dir
	cmd.ExtraFiles = []*os.File{inR, outW, w.mem}
	w.stderr.Reset()
	cmd.Stdout = io.Discard
	cmd.Stderr = &w.stderr
	if err := cmd.Start(); err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return err
	}
	inR.Close()
	outW.Close()
	w.cmd, w.in, w.outFile, w.out = cmd, inW, outR, bufio.NewReader(outR)
	w.done = make(chan struct{})
	go func(done chan struct{}) {
		cmd.Wait()
		close(done)
	}(w.done)
	if err := w.call(fuzzCall{Ping: &struct{}{}}, &struct{}{}); err != nil {
		w.stop()
		return fmt.Errorf("starting %s for %s: %w\n%s", w.bin, w.target, err, w.stderr.String())
	}
	return nil
}

// call sends one RPC call and decodes its response.
func (w *worker) call(c fuzzCall, resp any) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if _, err := w.in.Write(append(b, '\n')); err != nil {
		return errWorkerDied
	}
	line, err := w.out.ReadBytes('\n')
	if err != nil {
		return errWorkerDied
	}
	return json.Unmarshal(line, resp)
}

// run executes the target once on encoded (a `go test fuzz v1` file) and
// returns the coverage snapshot of that execution, or the failure message
// when the target failed on it. errWorkerDied means the input ended the
// process (stderr has the details); the worker is restarted for the next
// input.
func (w *worker) run(encoded []byte) (cov []byte, failure string, err error) {
	if len(encoded) > w.memCap {
		return nil, "", fmt.Errorf("input of %d bytes over the shared memory of %d", len(encoded), w.memCap)
	}
	var hdr [memHeaderSize]byte
	binary.NativeEndian.PutUint64(hdr[memCountOffset:], 0)
	binary.NativeEndian.PutUint64(hdr[memValueLenOffset:], uint64(len(encoded)))
	hdr[memRawInMemOffset] = 0
	if _, err := w.mem.WriteAt(hdr[:], 0); err != nil {
		return nil, "", err
	}
	if _, err := w.mem.WriteAt(encoded, memHeaderSize); err != nil {
		return nil, "", err
	}
	var resp fuzzResponse
	if err := w.call(fuzzCall{Fuzz: &fuzzArgs{Warmup: true}}, &resp); err != nil {
		if errors.Is(err, errWorkerDied) {
			w.stop()
			msg := lastLines(w.stderr.String(), 20)
			if rerr := w.start(); rerr != nil {
				return nil, msg, rerr
			}
			return nil, msg, errWorkerDied
		}
		return nil, "", err
	}
	if resp.InternalErr != "" {
		return nil, "", fmt.Errorf("fuzzing worker: %s", resp.InternalErr)
	}
	if resp.Err != "" {
		return nil, resp.Err, nil
	}
	if resp.CoverageData == nil {
		return nil, "", errors.New("no coverage data: the test binary was not built with -fuzz instrumentation")
	}
	return resp.CoverageData, "", nil
}

// stop ends the worker process: closing fuzz_in makes it return.
func (w *worker) stop() {
	if w.cmd == nil {
		return
	}
	w.in.Close()
	select {
	case <-w.done:
	case <-time.After(5 * time.Second):
		w.cmd.Process.Kill()
		<-w.done
	}
	w.outFile.Close()
	w.cmd = nil
}

// close stops the worker and releases the shared memory file.
func (w *worker) close() {
	w.stop()
	w.mem.Close()
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := bytes.Split(bytes.TrimRight([]byte(s), "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
