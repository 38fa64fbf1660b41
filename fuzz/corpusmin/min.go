// Package corpusmin minimizes and merges the corpora of native Go fuzz
// targets (go test -fuzz), which the go command cannot do itself
// (golang/go#49290).
//
// Coverage is the fuzzing engine's own: the target's test binary is built
// as `go test -fuzz` builds it (with -d=libfuzzer 8-bit counters on every
// basic block of the instrumented packages) and run in the engine's worker
// mode, which reports for one input the counters of that execution alone
// (reset before, snapshot after, rounded down to powers of two); a
// feature is one bit of that snapshot. That is exactly what the engine
// compares to decide an input is interesting, so a minimized corpus gives
// the engine the same coverage to start from as the whole one. Inputs are
// run in batches through one process per target.
//
// Minimize keeps, per target, a small subset with the same coverage as
// the whole set; Merge keeps of new inputs only those that bring coverage
// the existing ones lack. Both decide ties for the smaller input, then
// the lexically smaller name, so that the result depends only on the
// inputs.
package corpusmin

import (
	"time"
)

// Report is the result of Minimize or Merge for one target.
type Report struct {
	Target string
	// Before and After count inputs; Coverage* count features.
	Before, After                 int
	CoverageBefore, CoverageAfter int
	Kept                          []Input   // Minimize: the minimized set; Merge: the added inputs
	Failed, Rejected              []Outcome // inputs the target failed on, or could not take
	Duplicates                    int       // inputs whose values another one has
	Flaky                         int       // features left out: not reproducible (see passes)
	Elapsed                       time.Duration
}

// Minimize measures every input on the target and returns a subset with
// the coverage of all of them. Inputs the target fails on or rejects are
// reported and are not part of the subset.
func Minimize(t Target, ins []Input) (Report, error) {
	start := time.Now()
	rep := Report{Target: t.Name, Before: len(ins)}
	ins = prepare(ins)
	rep.Duplicates = rep.Before - len(ins)
	outs, flaky, err := t.measure(ins)
	if err != nil {
		return rep, err
	}
	rep.Flaky = flaky
	ok, sets := rep.sort(outs)
	rep.CoverageBefore = countCovered(sets)
	var kept []Features
	for _, i := range selectCover(sets, nil) {
		rep.Kept = append(rep.Kept, ok[i])
		kept = append(kept, sets[i])
	}
	rep.After = len(rep.Kept)
	rep.CoverageAfter = countCovered(kept)
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// Merge measures existing and added inputs on the target and returns, in
// Kept, the added inputs to add so that the corpus reaches the coverage
// of both: a small subset, chosen as Minimize chooses, among those that
// bring features the existing inputs lack. Added inputs equal to an
// existing one are not considered.
func Merge(t Target, existing, added []Input) (Report, error) {
	start := time.Now()
	existing = prepare(existing)
	rep := Report{Target: t.Name, Before: len(existing)}
	have := map[[32]byte]bool{}
	for _, in := range existing {
		have[in.Sum()] = true
	}
	var fresh []Input
	for _, in := range prepare(added) {
		if !have[in.Sum()] {
			fresh = append(fresh, in)
		}
	}
	rep.Duplicates = len(added) - len(fresh)
	outs, flaky, err := t.measure(append(append([]Input(nil), existing...), fresh...))
	if err != nil {
		return rep, err
	}
	rep.Flaky = flaky
	_, baseSets := rep.sort(outs[:len(existing)])
	candIns, candSets := rep.sort(outs[len(existing):])
	base := coverOf(baseSets)
	rep.CoverageBefore = countCovered(baseSets)
	all := baseSets
	for _, i := range selectCover(candSets, base) {
		rep.Kept = append(rep.Kept, candIns[i])
		all = append(all, candSets[i])
	}
	rep.After = len(existing) + len(rep.Kept)
	rep.CoverageAfter = countCovered(all)
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// prepare sorts inputs by preference and drops repeated values.
func prepare(ins []Input) []Input {
	ins = append([]Input(nil), ins...)
	sortInputs(ins)
	return dedupe(ins)
}

// sort files the failed and rejected outcomes in the report and returns
// the others' inputs and features, in order.
func (r *Report) sort(outs []Outcome) ([]Input, []Features) {
	var ins []Input
	var sets []Features
	for _, o := range outs {
		switch {
		case o.Rejected != "":
			r.Rejected = append(r.Rejected, o)
		case o.Failure != "":
			r.Failed = append(r.Failed, o)
		default:
			ins = append(ins, o.Input)
			sets = append(sets, o.Features)
		}
	}
	return ins, sets
}
