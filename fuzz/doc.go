// Package fuzz holds the project's native Go fuzz targets (go test -fuzz);
// the seed routing they share with the corpus generator, the importers and
// tlsdump -corpus lives in package seedroute.
//
// The targets (in this package's tests) are one per handshake message type
// and form (seedroute.MessageTargets), plus FuzzExtension, FuzzRecords
// (TLS records and handshake reassembly), FuzzDTLS, FuzzSSLv2ClientHello,
// FuzzQUICInitial, FuzzPcap (capture reader and flow decoder),
// FuzzFingerprint and FuzzClientHelloVsCryptoTLS (a differential test
// against crypto/tls). Each checks properties (exact
// round trips, located errors, bounded allocation and buffering), not just
// the absence of panics.
//
// Every target is seeded from corpus/<Target>/ at the repository root (one
// raw input per file, named by its SHA-256, listed in corpus/MANIFEST), so
// `go test ./fuzz` replays every seed as a regression test and
// `go test -run '^$' -fuzz '^FuzzClientHello$' ./fuzz` starts fuzzing from
// them. Package seedroute describes the input formats (ContextPrefix,
// ExtensionSeed, DTLSSeed, AppendQUICDatagram) and routes a handshake
// message to its target (TargetFor); package corpusimport uses them to
// import other corpora. Crashers that `go test -fuzz` finds land in
// fuzz/testdata/fuzz/<Target>/ and are replayed too until they are moved to
// corpus/ as regression seeds. docs/fuzzing.md explains how to run, extend
// and triage.
package fuzz
