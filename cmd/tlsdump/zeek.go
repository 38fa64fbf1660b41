package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// Zeek logs (-zeek DIR): ssl.log and x509.log in Zeek's TSV log format
// (the ASCII writer's defaults), with the fields and types of Zeek's
// base/protocols/ssl and base/files/x509 scripts, and ja3/ja3s (the
// salesforce/ja3 package) and ja4/ja4s (FoxIO's ja4 package). Every value
// is computed from what tlsdump decoded; docs/tlsdump.md, "Zeek logs", says
// where it differs from Zeek.

// zeekLog is one log's header: its path and its columns.
type zeekLog struct {
	path   string
	fields []string
	types  []string
}

// sslLog is ssl.log.
var sslLog = zeekLog{"ssl",
	[]string{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "version", "cipher", "curve", "server_name", "resumed", "last_alert", "next_protocol", "established", "ssl_history", "cert_chain_fps", "client_cert_chain_fps", "sni_matches_cert", "ja3", "ja3s", "ja4", "ja4s"},
	[]string{"time", "string", "addr", "port", "addr", "port", "string", "string", "string", "string", "bool", "string", "string", "bool", "string", "vector[string]", "vector[string]", "bool", "string", "string", "string", "string"},
}

// x509Log is x509.log.
var x509Log = zeekLog{"x509",
	[]string{"ts", "fingerprint", "certificate.version", "certificate.serial", "certificate.subject", "certificate.issuer", "certificate.not_valid_before", "certificate.not_valid_after", "certificate.key_alg", "certificate.sig_alg", "certificate.key_type", "certificate.key_length", "certificate.exponent", "certificate.curve", "san.dns", "san.uri", "san.email", "san.ip", "basic_constraints.ca", "basic_constraints.path_len", "host_cert", "client_cert"},
	[]string{"time", "string", "count", "string", "string", "string", "time", "time", "string", "string", "string", "count", "string", "string", "vector[string]", "vector[string]", "vector[string]", "vector[addr]", "bool", "count", "bool", "bool"},
}

// Zeek's ASCII writer defaults.
const (
	zeekUnset = "-"
	zeekEmpty = "(empty)"
	zeekTime  = "2006-01-02-15-04-05" // #open and #close
)

// appendHeader appends the log's header lines, opened at now.
func (l *zeekLog) appendHeader(b []byte, now time.Time) []byte {
	b = append(b, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t"...)
	b = append(b, l.path...)
	b = append(b, "\n#open\t"...)
	b = now.UTC().AppendFormat(b, zeekTime)
	b = append(b, "\n#fields\t"...)
	b = append(b, strings.Join(l.fields, "\t")...)
	b = append(b, "\n#types\t"...)
	b = append(b, strings.Join(l.types, "\t")...)
	return append(b, '\n')
}

// appendClose appends the #close line.
func appendZeekClose(b []byte, now time.Time) []byte {
	b = append(b, "#close\t"...)
	b = now.UTC().AppendFormat(b, zeekTime)
	return append(b, '\n')
}

// zeekRow builds one TSV row.
type zeekRow struct{ b []byte }

func (r *zeekRow) sep() {
	if len(r.b) > 0 {
		r.b = append(r.b, '\t')
	}
}

// str appends a string field, escaped as Zeek's writer does; "" is unset.
func (r *zeekRow) str(s string) {
	r.sep()
	if s == "" {
		r.b = append(r.b, zeekUnset...)
		return
	}
	r.b = zeekEscape(r.b, s, false)
}

// time appends a time field: seconds since the epoch with six decimals.
func (r *zeekRow) time(t time.Time) {
	r.sep()
	r.b = strconv.AppendFloat(r.b, float64(t.UnixMicro())/1e6, 'f', 6, 64)
}

// bool appends T or F.
func (r *zeekRow) bool(v bool) {
	r.sep()
	if v {
		r.b = append(r.b, 'T')
	} else {
		r.b = append(r.b, 'F')
	}
}

// optBool appends T, F, or unset when !set.
func (r *zeekRow) optBool(v, set bool) {
	if !set {
		r.str("")
		return
	}
	r.bool(v)
}

// count appends a count field, unset when !set.
func (r *zeekRow) count(n int, set bool) {
	if !set {
		r.str("")
		return
	}
	r.sep()
	r.b = strconv.AppendInt(r.b, int64(n), 10)
}

// vector appends a vector field: unset when !set, (empty) when empty,
// else the elements joined by the set separator (escaped in elements).
func (r *zeekRow) vector(vs []string, set bool) {
	r.sep()
	switch {
	case !set:
		r.b = append(r.b, zeekUnset...)
	case len(vs) == 0:
		r.b = append(r.b, zeekEmpty...)
	default:
		for i, v := range vs {
			if i > 0 {
				r.b = append(r.b, ',')
			}
			r.b = zeekEscape(r.b, v, true)
		}
	}
}

// zeekEscape appends s as Zeek's ASCII writer writes a string: bytes
// outside printable ASCII, the backslash and the tab as \xNN; in a set
// element the separator too; a value equal to the unset or empty marker
// with its first byte escaped.
func zeekEscape(b []byte, s string, element bool) []byte {
	if s == zeekUnset || s == zeekEmpty {
		return append(fmt.Appendf(b, "\\x%02x", s[0]), s[1:]...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '\\' || element && c == ',' {
			b = fmt.Appendf(b, "\\x%02x", c)
		} else {
			b = append(b, c)
		}
	}
	return b
}

// zeekVersionNames are Zeek's version_strings (base/protocols/ssl/consts).
var zeekVersionNames = map[uint16]string{
	wire.VersionSSL20: "SSLv2", wire.VersionSSL30: "SSLv3",
	wire.VersionTLS10: "TLSv10", wire.VersionTLS11: "TLSv11", wire.VersionTLS12: "TLSv12", wire.VersionTLS13: "TLSv13",
	wire.VersionDTLS10: "DTLSv10", wire.VersionDTLS12: "DTLSv12", wire.VersionDTLS13: "DTLSv13",
}

// zeekVersion names a version as Zeek does: TLSv12, TLSv13-draft23,
// unknown-N.
func zeekVersion(v uint16) string {
	if n, ok := zeekVersionNames[v]; ok {
		return n
	}
	if v>>8 == 0x7f {
		return "TLSv13-draft" + strconv.Itoa(int(v&0xff))
	}
	return "unknown-" + strconv.Itoa(int(v))
}

// zeekName is a registry value's name as Zeek's tables give it: the IANA
// name, or unknown-N.
func zeekName[T registryValue](v T) string {
	if v.Known() {
		return v.String()
	}
	return "unknown-" + strconv.Itoa(int(v))
}

// zeekHistoryLetters are Zeek's ssl_history letters per handshake type
// (client letters upper case, server lower case; others "z").
var zeekHistoryLetters = map[wire.HandshakeType]byte{
	0: 'h', 1: 'c', 2: 's', 3: 'v', 4: 't', 5: 'e', 6: 'j', 8: 'o', 11: 'x', 12: 'k', 13: 'r',
	14: 'n', 15: 'y', 16: 'g', 20: 'f', 21: 'w', 22: 'u', 23: 'a', 24: 'p', 254: 'm',
}

// zeekHistory is the part of Zeek's ssl_history tlsdump knows: a letter
// per handshake message in the clear (j for a HelloRetryRequest) and l
// per alert, in capture order, upper case from the client. Zeek also
// records change_cipher_spec (i), heartbeat (b) and other record types,
// which package pcap does not report, and stops at the handshake's end.
func zeekHistory(fi *flowInfo) string {
	type ev struct {
		t      time.Time
		dir    pcap.Direction
		letter byte
	}
	var evs []ev
	for i := range fi.msgs {
		m := fi.msgs[i].m
		l, ok := zeekHistoryLetters[m.Type]
		if !ok {
			l = 'z'
		}
		if m.Type == wire.TypeServerHello && !m.SSLv2 && isHRR(&fi.msgs[i]) {
			l = 'j'
		}
		evs = append(evs, ev{m.Time, m.Dir, l})
	}
	for _, a := range fi.f.Alerts {
		evs = append(evs, ev{a.Time, a.Dir, 'l'})
	}
	slices.SortStableFunc(evs, func(x, y ev) int { return x.t.Compare(y.t) })
	h := make([]byte, 0, len(evs))
	for _, e := range evs {
		if e.dir == pcap.ClientToServer {
			e.letter -= 'a' - 'A'
		}
		h = append(h, e.letter)
	}
	if len(h) > 100 { // Zeek's max_ssl_history_length
		h = h[:100]
	}
	return string(h)
}

// isHRR reports whether a ServerHello message is a HelloRetryRequest.
func isHRR(mi *msgInfo) bool {
	sh := serverHelloPool.Get().(*wire.ServerHello)
	defer serverHelloPool.Put(sh)
	return sh.UnmarshalBody(mi.body, mi.ctx) == nil && sh.IsHelloRetryRequest()
}

// zeekUID is the flow's uid: "C" and the base-62 digits of 96 bits of a
// hash of the Community ID and the first packet's time, so that the same
// capture always gives the same uids (Zeek draws its uids at random, with
// the same form).
func zeekUID(f *pcap.Flow) string {
	h := sha256.New()
	h.Write([]byte(communityID(f)))
	binary.Write(h, binary.BigEndian, f.First.UnixNano())
	return "C" + new(big.Int).SetBytes(h.Sum(nil)[:12]).Text(62)
}

// sslTime is when Zeek opens the ssl.log record: its first SSL event,
// the first handshake message or alert (the first packet when there is
// neither).
func sslTime(f *pcap.Flow) time.Time {
	t := f.First
	if len(f.Messages) > 0 {
		t = f.Messages[0].Time
	}
	if len(f.Alerts) > 0 && (len(f.Messages) == 0 || f.Alerts[0].Time.Before(t)) {
		t = f.Alerts[0].Time
	}
	return t
}

// appendSSLRow appends the flow's ssl.log row.
func appendSSLRow(b []byte, fi *flowInfo) []byte {
	f := fi.f
	r := zeekRow{b: b[len(b):]}
	r.time(sslTime(f))
	r.str(zeekUID(f))
	r.str(f.Client.Addr().Unmap().String())
	r.count(int(f.Client.Port()), true)
	r.str(f.Server.Addr().Unmap().String())
	r.count(int(f.Server.Port()), true)
	if fi.version != 0 {
		r.str(zeekVersion(fi.version))
	} else {
		r.str("")
	}
	if fi.hasCipher {
		r.str(zeekName(wire.CipherSuite(fi.cipher)))
	} else {
		r.str("")
	}
	if fi.hasGroup {
		r.str(zeekName(wire.NamedGroup(fi.group)))
	} else {
		r.str("")
	}
	r.str(fi.sni)
	r.bool(fi.resumed)
	if n := len(f.Alerts); n > 0 {
		r.str(zeekName(f.Alerts[n-1].Description))
	} else {
		r.str("")
	}
	r.str(fi.alpn)
	r.bool(fi.established)
	r.str(zeekHistory(fi))
	chains := len(fi.certs) > 0 || len(fi.clientCerts) > 0
	r.vector(certFingerprints(fi.certs), chains)
	r.vector(certFingerprints(fi.clientCerts), chains)
	match, known := sniMatchesCert(fi)
	r.optBool(match, known)
	hello, server := len(fi.clientHellos) > 0, fi.hasJA3S
	r.str(when(hello, fi.ja3.Hash))
	r.str(when(server, fi.ja3s.Hash))
	r.str(when(hello, fi.ja4.JA4))
	r.str(when(server, fi.ja4s.JA4S))
	return append(append(b, r.b...), '\n')
}

// when returns s if ok, else "".
func when(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// certFingerprints lists the SHA-256 of each certificate.
func certFingerprints(cs []*certInfo) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.SHA256
	}
	return out
}

// sniMatchesCert reports whether the server name matches the server's
// leaf certificate (its DNS subject alternative names, or its common name
// when it has none), with a wildcard standing for one label; known is
// false without a server name or a parsed leaf, where Zeek leaves the
// field unset.
func sniMatchesCert(fi *flowInfo) (match, known bool) {
	if fi.sni == "" || len(fi.certs) == 0 || fi.certs[0].Err != "" {
		return false, false
	}
	names := fi.certs[0].DNSNames
	if len(names) == 0 && fi.certs[0].CommonName != "" {
		names = []string{fi.certs[0].CommonName}
	}
	for _, n := range names {
		if hostnameMatches(n, fi.sni) {
			return true, true
		}
	}
	return false, true
}

// hostnameMatches matches a host name against a certificate name,
// case-insensitively; a "*" in the certificate name's first label
// matches any characters but a dot.
func hostnameMatches(pattern, host string) bool {
	pattern, host = strings.ToLower(strings.TrimSuffix(pattern, ".")), strings.ToLower(strings.TrimSuffix(host, "."))
	pl, hl := strings.Split(pattern, "."), strings.Split(host, ".")
	if len(pl) != len(hl) {
		return false
	}
	for i := range pl {
		if i == 0 && strings.Contains(pl[0], "*") {
			pre, post, _ := strings.Cut(pl[0], "*")
			if len(hl[0]) < len(pre)+len(post) || !strings.HasPrefix(hl[0], pre) || !strings.HasSuffix(hl[0], post) {
				return false
			}
			continue
		}
		if pl[i] != hl[i] {
			return false
		}
	}
	return true
}

// certTime is when the first Certificate message of direction dir
// completed (the flow's first packet when there is none).
func certTime(fi *flowInfo, dir pcap.Direction) time.Time {
	for i := range fi.msgs {
		if m := fi.msgs[i].m; m.Dir == dir && m.Type == wire.TypeCertificate {
			return m.Time
		}
	}
	return fi.f.First
}

// appendZeek appends the flow's ssl.log row to b and returns the x509.log
// rows of its certificates that seen does not hold yet (adding them). As
// in Zeek, host_cert marks the leaf of either chain, client_cert every
// certificate the client sent.
func appendZeek(b []byte, fi *flowInfo, seen map[string]bool) ([]byte, []x509Row) {
	b = appendSSLRow(b, fi)
	var rows []x509Row
	for _, side := range []struct {
		certs []*certInfo
		dir   pcap.Direction
	}{{fi.certs, pcap.ServerToClient}, {fi.clientCerts, pcap.ClientToServer}} {
		for i, c := range side.certs {
			if seen[c.SHA256] {
				continue
			}
			seen[c.SHA256] = true
			client := side.dir == pcap.ClientToServer
			rows = append(rows, x509Row{c.SHA256, appendX509Row(nil, c, certTime(fi, side.dir), i == 0, client)})
		}
	}
	return b, rows
}

// zeekLogs are the two log files of -zeek: ssl.log written as flows come,
// x509.log's rows gathered (each certificate once) and written at the end.
type zeekLogs struct {
	dir    string
	ssl    *os.File
	opened time.Time
	x509   []byte
	seen   map[string]bool
}

// openZeekLogs creates dir if needed and ssl.log in it.
func openZeekLogs(dir string) (*zeekLogs, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("-zeek: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, "ssl.log"))
	if err != nil {
		return nil, fmt.Errorf("-zeek: %w", err)
	}
	now := time.Now()
	return &zeekLogs{dir: dir, ssl: f, opened: now, x509: x509Log.appendHeader(nil, now), seen: map[string]bool{}}, nil
}

// addX509 adds the rows of certificates not logged yet.
func (z *zeekLogs) addX509(rows []x509Row) {
	for _, r := range rows {
		if !z.seen[r.fp] {
			z.seen[r.fp] = true
			z.x509 = append(z.x509, r.row...)
		}
	}
}

// close closes ssl.log (its #close line is written by the caller) and
// writes x509.log.
func (z *zeekLogs) close() error {
	err := z.ssl.Close()
	z.x509 = appendZeekClose(z.x509, time.Now())
	if werr := os.WriteFile(filepath.Join(z.dir, "x509.log"), z.x509, 0o644); err == nil && werr != nil {
		err = fmt.Errorf("-zeek: %w", werr)
	}
	return err
}
