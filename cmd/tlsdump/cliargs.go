package main

import (
	"errors"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/tlswire/tlswire/wire"
)

// Command-line conventions beyond package flag: flags anywhere before
// "--", repeatable flags, -V/--version, and the spellings of protocol
// versions.

// listFlag is a flag that may be given several times; each use adds a
// value.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// versionFlag is -V and -version/--version: a boolean that prints
// tlsdump's own version. Given a value (-version=TLS1.2, the name the
// protocol version filter used to have) it fails with a pointer to
// -tls-version.
type versionFlag bool

func (v *versionFlag) String() string   { return "" }
func (v *versionFlag) IsBoolFlag() bool { return true }

func (v *versionFlag) Set(s string) error {
	switch s {
	case "true":
		*v = true
		return nil
	case "false":
		*v = false
		return nil
	}
	return errVersionValue
}

// errVersionValue explains why -version takes no value.
var errVersionValue = errors.New("prints tlsdump's version and takes no value; to select flows by protocol version use -tls-version (e.g. -tls-version 1.2)")

// parseArgs parses flags wherever they stand before "--": package flag
// stops at the first operand, so parsing resumes after each one. After
// "--" everything is an operand.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		before := args
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if consumed := len(before) - len(args); consumed > 0 && before[consumed-1] == "--" && !takesValue(fs, before, consumed-1) {
			return append(operands, args...), nil
		}
		if len(args) == 0 {
			return operands, nil
		}
		operands = append(operands, args[0])
		args = args[1:]
	}
}

// takesValue reports whether args[i] is the value of the flag before it
// (as in -sni --), not the "--" that ends the flags.
func takesValue(fs *flag.FlagSet, args []string, i int) bool {
	if i == 0 {
		return false
	}
	name := strings.TrimLeft(args[i-1], "-")
	if strings.Contains(name, "=") || !strings.HasPrefix(args[i-1], "-") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// buildVersion describes this binary from its build information: the
// module version ("(devel)" for a build from a clone), the VCS revision
// and time when the build recorded them, and the Go version.
func buildVersion() string {
	v, rev, when, dirty := "(unknown)", "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "tlsdump " + v
	if rev != "" {
		out += " revision " + rev
		if dirty {
			out += " (modified)"
		}
		if when != "" {
			out += " " + when
		}
	}
	return out + " " + runtime.Version()
}

// versionSpelling is one protocol version under the names people write.
type versionSpelling struct {
	v      uint16
	family string // "tls", "dtls" or "ssl"
	number string // "1.2", "3.0"
}

// versionSpellings lists the versions -tls-version accepts. A spelling
// is the family (optional for TLS and DTLS numbers, see parseVersion),
// an optional "v", and the number with or without its dot.
var versionSpellings = []versionSpelling{
	{wire.VersionSSL20, "ssl", "2.0"},
	{wire.VersionSSL30, "ssl", "3.0"},
	{wire.VersionTLS10, "tls", "1.0"},
	{wire.VersionTLS11, "tls", "1.1"},
	{wire.VersionTLS12, "tls", "1.2"},
	{wire.VersionTLS13, "tls", "1.3"},
	{wire.VersionDTLS10, "dtls", "1.0"},
	{wire.VersionDTLS12, "dtls", "1.2"},
	{wire.VersionDTLS13, "dtls", "1.3"},
}

// parseVersion reads a protocol version as people spell it: "TLS 1.2",
// "tls1.2", "TLSv1.2", "TLSv12" (Zeek), "DTLS 1.2", "SSL 3.0", "SSLv3",
// case-insensitively. A bare number ("1.2") means TLS or DTLS of that
// number, so it may return two versions.
func parseVersion(s string) ([]uint16, error) {
	n := strings.ToLower(strings.Join(strings.Fields(s), ""))
	n = strings.NewReplacer("_", "", "-", "").Replace(n)
	family := ""
	for _, f := range []string{"dtls", "tls", "ssl"} {
		if strings.HasPrefix(n, f) {
			family, n = f, strings.TrimPrefix(n[len(f):], "v")
			break
		}
	}
	var out []uint16
	for _, sp := range versionSpellings {
		if family != "" && sp.family != family || family == "" && sp.family == "ssl" {
			continue
		}
		major := sp.number[:1]
		if n == sp.number || n == strings.Replace(sp.number, ".", "", 1) || sp.family == "ssl" && n == major {
			out = append(out, sp.v)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("unknown protocol version %q (say 1.2, TLS 1.3, tls1.2, TLSv1.2, DTLS 1.2, SSL 3.0)", s)
	}
	return out, nil
}
