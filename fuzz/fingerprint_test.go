package fuzz

import (
	"crypto/md5"
	"encoding/hex"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"regexp"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
	"github.com/tlswire/tlswire/wire/fingerprint"
)

// Shapes of the fingerprint strings (JA3: Salesforce's definition; JA4 and
// JA4S: FoxIO's JA4.md). Counts are two decimal digits, capped at 99.
var (
	ja3ClientRe = regexp.MustCompile(`^\d+,(\d+(-\d+)*)?,(\d+(-\d+)*)?,(\d+(-\d+)*)?,(\d+(-\d+)*)?$`)
	ja3ServerRe = regexp.MustCompile(`^\d+,\d+,(\d+(-\d+)*)?$`)
	ja4PartA    = `[tqd](13|12|11|10|s3|s2|d1|d2|d3|00)[di]\d\d\d\d[0-9A-Za-z]{2}`
	ja4Re       = regexp.MustCompile(`^` + ja4PartA + `_[0-9a-f]{12}_[0-9a-f]{12}$`)
	ja4RawRe    = regexp.MustCompile(`^` + ja4PartA + `_([0-9a-f]{4}(,[0-9a-f]{4})*)?_([0-9a-f]{4}(,[0-9a-f]{4})*)?(_[0-9a-f]{4}(,[0-9a-f]{4})*)?$`)
	ja4sRe      = regexp.MustCompile(`^[tqd](13|12|11|10|s3|s2|d1|d2|d3|00)\d\d[0-9A-Za-z]{2}_[0-9a-f]{4}_[0-9a-f]{12}$`)
	ja4sRawRe   = regexp.MustCompile(`^[tqd](13|12|11|10|s3|s2|d1|d2|d3|00)\d\d[0-9A-Za-z]{2}_[0-9a-f]{4}_([0-9a-f]{4}(,[0-9a-f]{4})*)?$`)
)

// FuzzFingerprint computes the fingerprints of a hello: the input is a
// ClientHello or ServerHello handshake message, or an SSL 2.0 compatible
// ClientHello record (it replays the seeds of FuzzClientHello,
// FuzzServerHello and FuzzSSLv2ClientHello). For every hello that decodes
// and every transport, the fingerprints never panic and have the
// documented shape: JA3/JA3S Hash is the MD5 of Full and Full is a list of
// decimal fields; JA4 is a_b_c with a ten-character a whose counts match
// the hello (non-GREASE cipher suites and extensions, capped at 99) and
// 12-digit hashes; the raw forms share the a part; JA4S likewise.
func FuzzFingerprint(f *testing.F) {
	addSeeds(f, seedroute.TargetFingerprint)
	transports := []fingerprint.Transport{fingerprint.TCP, fingerprint.QUIC, fingerprint.DTLS}
	f.Fuzz(func(t *testing.T, in []byte) {
		var ch wire.ClientHello
		var sh wire.ServerHello
		switch {
		case wire.IsSSLv2ClientHello(in):
			if ch.UnmarshalSSLv2(in) != nil {
				return
			}
		case len(in) > 0 && wire.HandshakeType(in[0]) == wire.TypeClientHello:
			if ch.Unmarshal(in) != nil {
				return
			}
		case len(in) > 0 && wire.HandshakeType(in[0]) == wire.TypeServerHello:
			if sh.Unmarshal(in) != nil {
				return
			}
			checkJA3(t, fingerprint.ServerJA3(&sh), ja3ServerRe)
			for _, tr := range transports {
				fp := fingerprint.Server(&sh, tr)
				if !ja4sRe.MatchString(fp.JA4S) || !ja4sRawRe.MatchString(fp.Raw) || fp.JA4S[:7] != fp.Raw[:7] || fp.JA4S[0] != byte(tr) {
					t.Fatalf("JA4S %q / %q has the wrong shape", fp.JA4S, fp.Raw)
				}
				if want := count2(nonGREASEExtensions(sh.Extensions)); fp.JA4S[3:5] != want {
					t.Fatalf("JA4S %q: extension count %s, want %s", fp.JA4S, fp.JA4S[3:5], want)
				}
			}
			return
		default:
			return
		}
		checkJA3(t, fingerprint.ClientJA3(&ch), ja3ClientRe)
		for _, tr := range transports {
			fp := fingerprint.Client(&ch, tr)
			for _, s := range []string{fp.JA4, fp.Orig} {
				if !ja4Re.MatchString(s) {
					t.Fatalf("JA4 %q has the wrong shape", s)
				}
			}
			for _, s := range []string{fp.Raw, fp.RawO} {
				if !ja4RawRe.MatchString(s) {
					t.Fatalf("JA4_r %q has the wrong shape", s)
				}
			}
			a := fp.Part1
			if len(a) != 10 || a[0] != byte(tr) || !strings.HasPrefix(fp.JA4, a+"_") || !strings.HasPrefix(fp.Raw, a+"_") ||
				!strings.HasPrefix(fp.Orig, a+"_") || !strings.HasPrefix(fp.RawO, a+"_") {
				t.Fatalf("JA4 forms do not share the a part %q: %+v", a, fp)
			}
			ciphers := 0
			for _, c := range ch.CipherSuites {
				if !wire.IsGREASE(c) {
					ciphers++
				}
			}
			exts := nonGREASEExtensions(ch.Extensions)
			if a[4:6] != count2(ciphers) || a[6:8] != count2(exts) {
				t.Fatalf("JA4 %q: counts %s %s, want %s %s", a, a[4:6], a[6:8], count2(ciphers), count2(exts))
			}
		}
	})
}

func checkJA3(t *testing.T, fp fingerprint.JA3, re *regexp.Regexp) {
	t.Helper()
	sum := md5.Sum([]byte(fp.Full))
	if fp.Hash != hex.EncodeToString(sum[:]) {
		t.Fatalf("JA3 hash %s is not the MD5 of %q", fp.Hash, fp.Full)
	}
	if !re.MatchString(fp.Full) {
		t.Fatalf("JA3 string %q has the wrong shape", fp.Full)
	}
}

func nonGREASEExtensions(exts wire.Extensions) int {
	n := 0
	for _, e := range exts {
		if !wire.IsGREASE(uint16(e.Type)) {
			n++
		}
	}
	return n
}

func count2(n int) string {
	n = min(n, 99)
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}
