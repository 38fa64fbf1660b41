//go:build !unix

package corpusmin

import "errors"

// worker is the fuzzing engine's worker process, which this package drives
// on unix systems only (worker.go): the engine passes it pipes and the
// shared memory file as inherited descriptors 3 to 5.
type worker struct{}

var errWorkerDied = errors.New("the test process terminated")

func startWorker(bin, dir, target string, maxLen int) (*worker, error) {
	return nil, errors.New("corpusmin: running fuzz targets needs a unix system")
}

func (w *worker) run(encoded []byte) ([]byte, string, error) { return nil, "", errWorkerDied }

func (w *worker) close() {}
