// Command corpus minimizes and merges the corpora of the module's native
// fuzz targets and exports seeds for other TLS stacks' fuzzers.
//
//	corpus min [-pkg ./fuzz] [-cache=false] [-out DIR] [FuzzXxx ...]
//	corpus merge [-pkg ./fuzz] [-into corpus] [-from DIR ...] [-n] [FuzzXxx ...]
//	corpus export [-from corpus] -out DIR
//
// min reads, per target, corpus/<folder>/ for the target's seed folders
// (SeedFolders of the seed routing), the package's testdata/fuzz/<Target>/ and, unless
// -cache=false, the fuzz cache ($(go env GOCACHE)/fuzz/<import
// path>/<Target>/), and reports the smallest set it finds with the
// coverage of them all; -out writes that set (DIR/<Target>/, raw bytes
// named by SHA-256 for []byte targets, `go test fuzz v1` files otherwise).
//
// merge adds to the corpus only the inputs of the fuzz cache (and of each
// -from DIR/<Target>/) that bring coverage the corpus lacks: []byte inputs
// of targets with a corpus folder go to -into/<Target>/ with a MANIFEST
// line, others to the package's testdata/fuzz/<Target>/. -n only reports.
//
// Both print per target the inputs before and after, the coverage (the
// fuzzing engine's features, see package corpusmin) before and after, the
// inputs the target failed on or rejected (a changed signature), and the
// time.
//
// export writes the corpus as seeds for other TLS stacks' fuzzers (see
// package corpusexport): DIR/boringssl/fuzz/<name>_corpus/ for BoringSSL's
// server, client, dtls_server, dtls_client and decode_client_hello_inner,
// DIR/openssl/fuzz/corpora/<name>/ for OpenSSL's server, client and
// quic-client, and DIR/libfuzzer/<Target>/, each target's seeds as a
// plain libFuzzer or AFL++ corpus folder. See docs/fuzzing.md.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("corpus: ")
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "min":
		err = runMin(os.Args[2:])
	case "merge":
		err = runMerge(os.Args[2:])
	case "export":
		err = runExport(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		log.Fatal(err)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: corpus min|merge|export [flags] (corpus <command> -h for the flags)")
	os.Exit(2)
}

// goEnv returns `go env name`.
func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// newFlags returns a flag set for a subcommand.
func newFlags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: corpus %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}
