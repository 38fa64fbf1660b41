package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/tlswire/tlswire/wire"
)

// Transport is the first character of JA4 and JA4S.
type Transport byte

// Transports.
const (
	TCP  Transport = 't'
	QUIC Transport = 'q'
	DTLS Transport = 'd'
)

// JA4 is a JA4 (client) fingerprint in its four forms (FoxIO JA4.md).
type JA4 struct {
	JA4   string // a_b_c with hashed b and c, sorted lists
	Raw   string // JA4_r: a_ciphers_extensions_sigalgs, sorted lists
	Orig  string // JA4_o: hashed, lists in wire order, SNI and ALPN kept
	RawO  string // JA4_ro: raw, lists in wire order
	Part1 string // the "a" part, e.g. "t13d1516h2"
}

// JA4S is a JA4S (server) fingerprint. JA4S is under the FoxIO License 1.1
// (non-commercial use).
type JA4S struct {
	JA4S string // a_b_c
	Raw  string // JA4S_r: a_b_extensions
}

// versionCode maps a protocol version to its two JA4 characters. Unknown
// values, including TLS 1.3 drafts, give "00".
func versionCode(v uint16) string {
	switch v {
	case wire.VersionTLS13:
		return "13"
	case wire.VersionTLS12:
		return "12"
	case wire.VersionTLS11:
		return "11"
	case wire.VersionTLS10:
		return "10"
	case wire.VersionSSL30:
		return "s3"
	case wire.VersionSSL20:
		return "s2"
	case wire.VersionDTLS10, wire.VersionDTLS10OpenSSLPre:
		return "d1"
	case wire.VersionDTLS12:
		return "d2"
	case wire.VersionDTLS13:
		return "d3"
	}
	return "00"
}

// newer reports whether version a counts as newer than b for JA4. TLS
// versions (and TLS 1.3 drafts, 0x7fXX) compare numerically, as in the
// reference implementations, so a draft outranks TLS 1.2 and renders as
// "00". DTLS code points decrease as versions get newer (0xfeff is DTLS
// 1.0, 0xfefc DTLS 1.3), so among DTLS versions the newest wins; the
// pre-RFC 0x0100 is the oldest.
func newer(a, b uint16) bool {
	if wire.IsDTLSVersion(a) && wire.IsDTLSVersion(b) {
		return dtlsAge(a) > dtlsAge(b)
	}
	return a > b
}

// dtlsAge orders DTLS versions from oldest to newest.
func dtlsAge(v uint16) int {
	if v == wire.VersionDTLS10OpenSSLPre {
		return 0
	}
	return 0x10000 - int(v)
}

// clientVersion is the version JA4 reports: the newest value in
// supported_versions (GREASE ignored; see newer) when the extension is
// present, else legacy_version.
func clientVersion(ch *wire.ClientHello) uint16 {
	if ch.SSLv2 {
		return wire.VersionSSL20
	}
	vs := clientVersions(ch.Extensions)
	if len(vs) == 0 {
		return ch.LegacyVersion
	}
	best := vs[0]
	for _, v := range vs[1:] {
		if newer(v, best) {
			best = v
		}
	}
	return best
}

// alpnCode is the two ALPN characters: the first and last byte of the
// protocol when both are ASCII alphanumerics; otherwise the first hex digit
// of the first byte and the last hex digit of the last byte (the rule of
// the current FoxIO text and Rust implementation); "00" when absent or empty.
func alpnCode(proto []byte) string {
	if len(proto) == 0 {
		return "00"
	}
	first, last := proto[0], proto[len(proto)-1]
	if isAlnum(first) && isAlnum(last) {
		return string([]byte{first, last})
	}
	const digits = "0123456789abcdef"
	return string([]byte{digits[first>>4], digits[last&0xf]})
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// count2 formats n as two decimal digits, capped at 99.
func count2(n int) string {
	n = min(n, 99)
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// hexList joins values as 4-digit lower-case hex separated by commas.
func hexList(vs []uint16) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 0, 5*len(vs))
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, digits[v>>12], digits[v>>8&0xf], digits[v>>4&0xf], digits[v&0xf])
	}
	return string(b)
}

// hash12 is the first 12 hex digits of SHA-256(s), or twelve zeros for an
// empty s (JA4+ general rule 1).
func hash12(s string) string {
	if s == "" {
		return "000000000000"
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// Client computes JA4 for a ClientHello sent over transport t.
//
// Choices where the references differ (see docs/fingerprints.md):
// GREASE values are removed everywhere, including inside
// signature_algorithms (FoxIO after issue #305); the DTLS version is the
// newest one offered, not the numerically highest (TLS versions, drafts
// included, compare numerically); an SSL 2.0 hello gives
// version "s2" with its TLS-compatible cipher specs.
func Client(ch *wire.ClientHello, t Transport) JA4 {
	ciphers := make([]uint16, 0, len(ch.CipherSuites))
	for _, c := range ch.CipherSuites {
		if !wire.IsGREASE(c) {
			ciphers = append(ciphers, c)
		}
	}
	var exts, extsSorted []uint16
	var sni bool
	for _, e := range ch.Extensions {
		if wire.IsGREASE(uint16(e.Type)) {
			continue
		}
		exts = append(exts, uint16(e.Type))
		switch e.Type {
		case wire.ExtensionServerName:
			sni = true
		case wire.ExtensionALPN:
		default:
			extsSorted = append(extsSorted, uint16(e.Type))
		}
	}
	slices.Sort(extsSorted)
	sorted := slices.Sorted(slices.Values(ciphers))
	var alpn []byte
	if d, ok := ch.Extensions.Find(wire.ExtensionALPN); ok {
		alpn = firstALPN(d)
	}
	sniCode := "i"
	if sni {
		sniCode = "d"
	}
	a := string(t) + versionCode(clientVersion(ch)) + sniCode + count2(len(ciphers)) + count2(len(exts)) + alpnCode(alpn)
	sigs := hexList(sigAlgs(ch.Extensions))

	part := func(ciphers, exts []uint16) (raw, hashed string) {
		cs, es := hexList(ciphers), hexList(exts)
		c := es
		if sigs != "" {
			c += "_" + sigs
		}
		raw = a + "_" + cs + "_" + c
		hc := hash12(c)
		if es == "" {
			hc = "000000000000"
		}
		return raw, a + "_" + hash12(cs) + "_" + hc
	}
	r, h := part(sorted, extsSorted)
	ro, o := part(ciphers, exts)
	return JA4{JA4: h, Raw: r, Orig: o, RawO: ro, Part1: a}
}

// Server computes JA4S for a ServerHello sent over transport t. JA4S is
// under the FoxIO License 1.1 (non-commercial use).
func Server(sh *wire.ServerHello, t Transport) JA4S {
	var exts []uint16
	for _, e := range sh.Extensions {
		if !wire.IsGREASE(uint16(e.Type)) {
			exts = append(exts, uint16(e.Type))
		}
	}
	var alpn []byte
	if d, ok := sh.Extensions.Find(wire.ExtensionALPN); ok {
		alpn = firstALPN(d)
	}
	a := string(t) + versionCode(sh.SelectedVersion()) + count2(len(exts)) + alpnCode(alpn)
	b := hexList([]uint16{sh.CipherSuite})
	es := hexList(exts)
	return JA4S{JA4S: a + "_" + b + "_" + hash12(es), Raw: a + "_" + b + "_" + es}
}
