package corpusmin

import (
	"errors"
	"fmt"
	"strings"
)

// Outcome is what one input did to a target.
type Outcome struct {
	Input Input
	// Features is the coverage of the input's execution (nil when it
	// failed or was rejected).
	Features Features
	// Failure is the target's failure message on this input (a failed
	// check, a panic, a crash of the process).
	Failure string
	// Rejected says why the target cannot take the input at all: its
	// values do not have the types of the target's arguments (the
	// signature changed since the input was saved).
	Rejected string
}

// typeMismatch reports whether a failure is reflect refusing the values
// for the fuzz function's arguments.
func typeMismatch(msg string) bool {
	return strings.Contains(msg, "reflect: Call using") || strings.Contains(msg, "reflect.Value.Call: ") ||
		strings.Contains(msg, "reflect: Call with too")
}

// passes is how many times measure runs each input. A target's coverage
// is not entirely a function of its input: map iteration order is random,
// sync.Pool empties at collections, one-time initialization runs in
// whichever execution first needs it. Only the features an input sets in
// every pass count, and a feature that any input sets in some passes but
// not all is flaky and counts for no input: so the result of a
// minimization is the same from one run to the next.
const passes = 3

// measure runs every input through the target, one worker process for all
// of them (restarted only after an input that ends it), passes times, and
// returns an outcome per input in the same order and the number of flaky
// features left out.
//
// The signature is learnt from the inputs: once one input has run, every
// input with other value types is rejected without running, and a value
// list that reflect refused is not tried again.
func (t Target) measure(ins []Input) ([]Outcome, int, error) {
	out := make([]Outcome, len(ins))
	maxLen := 1 << 16
	for _, in := range ins {
		maxLen = max(maxLen, len(in.encoded))
	}
	w, err := startWorker(t.Bin, t.Dir, t.Name, maxLen)
	if err != nil {
		return nil, 0, err
	}
	defer w.close()
	accepted := ""
	refused := map[string]string{}
	seen := make([][]Features, len(ins)) // per input, the features of each pass
	for pass := 0; pass < passes; pass++ {
		for i, in := range ins {
			out[i].Input = in
			if out[i].Rejected != "" || out[i].Failure != "" {
				continue
			}
			sig := in.Signature()
			if accepted != "" && sig != accepted {
				out[i].Rejected = fmt.Sprintf("values (%s), the target takes (%s)", sig, accepted)
				continue
			}
			if why, ok := refused[sig]; ok {
				out[i].Rejected = why
				continue
			}
			cov, failure, err := w.run(in.encoded)
			switch {
			case err != nil && !errors.Is(err, errWorkerDied):
				return nil, 0, fmt.Errorf("%s: %s: %w", t.Name, in.Name, err)
			case typeMismatch(failure):
				refused[sig] = fmt.Sprintf("values (%s) refused: %s", sig, firstLine(failure, "reflect"))
				out[i].Rejected = refused[sig]
			case failure != "" || err != nil:
				out[i].Failure = failure
				if failure == "" {
					out[i].Failure = err.Error()
				}
			default:
				accepted = sig
				seen[i] = append(seen[i], featuresOf(cov))
			}
		}
	}
	flaky := map[uint32]bool{}
	for i := range ins {
		if out[i].Rejected != "" || out[i].Failure != "" {
			continue
		}
		all, every := countFeatures(seen[i])
		for f, n := range all {
			if n < every {
				flaky[f] = true
			}
		}
	}
	for i := range ins {
		if out[i].Rejected != "" || out[i].Failure != "" || len(seen[i]) == 0 {
			continue
		}
		var stable Features
		for _, f := range seen[i][0] {
			if !flaky[f] {
				stable = append(stable, f)
			}
		}
		out[i].Features = stable
	}
	return out, len(flaky), nil
}

// countFeatures counts in how many of the passes each feature was set.
func countFeatures(passes []Features) (map[uint32]int, int) {
	n := map[uint32]int{}
	for _, p := range passes {
		for _, f := range p {
			n[f]++
		}
	}
	return n, len(passes)
}

// firstLine returns the first line of msg containing sub, or msg's first line.
func firstLine(msg, sub string) string {
	lines := strings.Split(msg, "\n")
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[0])
}
