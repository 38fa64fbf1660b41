// Package fuzz holds the project's native Go fuzz targets (go test -fuzz).
//
// Every target is seeded from corpus/<Target>/ at the repository root (one
// raw input per file, named by its SHA-256), so `go test ./fuzz` replays
// every seed as a regression test and `go test -run '^$' -fuzz '^FuzzClientHello$' ./fuzz`
// starts fuzzing from them. Crashers that `go test -fuzz` finds land in
// fuzz/testdata/fuzz/<Target>/ and are replayed too; keep them as regression
// seeds. docs/fuzzing.md explains how to run, extend and triage.
package fuzz
