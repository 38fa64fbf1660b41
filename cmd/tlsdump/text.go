package main

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// textOptions select the optional parts of the human-readable output.
type textOptions struct {
	verbose bool // every message with every field and extension
	hexdump bool // hex dump of every message
}

// arrow is the direction marker of a message line.
func arrow(d pcap.Direction) string {
	if d == pcap.ClientToServer {
		return "C->S"
	}
	return "S->C"
}

// line appends "  label  value\n" with the label padded to a fixed width.
func line(b []byte, label, value string) []byte {
	b = append(b, "  "...)
	b = append(b, label...)
	for i := len(label); i < 14; i++ {
		b = append(b, ' ')
	}
	b = append(b, value...)
	return append(b, '\n')
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// appendFlowText appends the human-readable block of one flow, ending
// with an empty line.
func appendFlowText(b []byte, fi *flowInfo, o textOptions) []byte {
	f := fi.f
	b = f.First.UTC().AppendFormat(b, "2006-01-02 15:04:05.000000")
	b = append(b, ' ')
	b = append(b, f.Protocol...)
	b = append(b, '/')
	b = append(b, f.Transport...)
	b = append(b, ' ')
	b = append(b, f.Client.String()...)
	b = append(b, " -> "...)
	b = append(b, f.Server.String()...)
	if f.Preamble != "" {
		b = append(b, " (after "...)
		b = append(b, f.Preamble...)
		b = append(b, " STARTTLS)"...)
	}
	b = append(b, " ["...)
	b = append(b, f.Last.Sub(f.First).Round(time.Microsecond).String()...)
	b = append(b, ", end "...)
	b = append(b, f.End...)
	b = append(b, "]\n"...)

	if fi.sni != "" {
		b = line(b, "server name", fi.sni)
	}
	if fi.version != 0 {
		b = line(b, "version", versionName(fi.version))
	} else if len(fi.supportedVers) > 0 || len(fi.clientHellos) > 0 {
		b = line(b, "version", "(no ServerHello)")
	}
	if fi.hasCipher {
		b = line(b, "cipher", wire.CipherSuite(fi.cipher).String())
	}
	if fi.hasGroup {
		b = line(b, "group", wire.NamedGroup(fi.group).String())
	}
	if fi.alpnOffered != nil || fi.alpn != "" {
		v := "offered " + strings.Join(fi.alpnOffered, ",")
		switch {
		case fi.alpn != "":
			v += ", selected " + fi.alpn
		case wire.UsesTLS13Forms(fi.version):
			v += ", selected in EncryptedExtensions (encrypted)"
		case fi.version != 0:
			v += ", none selected"
		}
		b = line(b, "alpn", v)
	}
	st := "resumed " + yesNo(fi.resumed) + ", established " + yesNo(fi.established)
	if fi.hrr {
		st = "hello retry, " + st
	}
	b = line(b, "handshake", st)

	var seq strings.Builder
	for i := range fi.msgs {
		if i > 0 {
			seq.WriteString(" ")
		}
		m := fi.msgs[i].m
		seq.WriteString(dirCode(m.Dir))
		seq.WriteString(":")
		seq.WriteString(m.Type.String())
		if m.Type == wire.TypeServerHello && fi.isHRR(i) {
			seq.WriteString("(hrr)")
		}
	}
	if seq.Len() > 0 {
		b = line(b, "messages", seq.String())
	}
	enc := f.Encrypted
	if enc[0].Records+enc[1].Records > 0 {
		b = line(b, "encrypted", "c "+strconv.FormatUint(enc[0].Records, 10)+" records/"+strconv.FormatUint(enc[0].Bytes, 10)+
			" bytes, s "+strconv.FormatUint(enc[1].Records, 10)+" records/"+strconv.FormatUint(enc[1].Bytes, 10)+" bytes")
	}
	b = appendCertsText(b, "certificate", fi.certs)
	b = appendCertsText(b, "client cert", fi.clientCerts)
	for _, a := range f.Alerts {
		b = line(b, "alert", dirCode(a.Dir)+": "+a.Level.String()+" "+a.Description.String())
	}
	if len(fi.clientHellos) > 0 {
		b = line(b, "ja3", fi.ja3.Hash+" "+fi.ja3.Full)
		b = line(b, "ja4", fi.ja4.JA4)
	}
	if fi.hasJA3S {
		b = line(b, "ja3s", fi.ja3s.Hash+" "+fi.ja3s.Full)
		b = line(b, "ja4s", fi.ja4s.JA4S)
	}
	for _, p := range f.Problems {
		b = line(b, "problem", p.String())
	}
	if f.ProblemsDropped > 0 {
		b = line(b, "problem", strconv.Itoa(f.ProblemsDropped)+" more not kept")
	}
	for _, e := range fi.decodeErrors {
		b = line(b, "error", e)
	}
	if o.verbose || o.hexdump {
		b = appendMessagesText(b, fi, o)
	}
	return append(b, '\n')
}

// isHRR reports whether message i is a HelloRetryRequest.
func (fi *flowInfo) isHRR(i int) bool {
	body := fi.msgs[i].body
	return len(body) >= 34 && string(body[2:34]) == string(wire.HelloRetryRequestRandom)
}

// appendCertsText lists a chain: one line per certificate and its details.
func appendCertsText(b []byte, label string, cs []*certInfo) []byte {
	for i, c := range cs {
		l := label + " " + strconv.Itoa(i)
		if c.Err != "" {
			b = line(b, l, "unparsable ("+c.Err+")")
		} else {
			b = line(b, l, c.Subject)
			b = line(b, "", "issuer  "+c.Issuer)
			b = line(b, "", "valid   "+c.NotBefore.Format(time.RFC3339)+" to "+c.NotAfter.Format(time.RFC3339))
			if len(c.DNSNames) > 0 || len(c.IPs) > 0 {
				b = line(b, "", "names   "+strings.Join(append(append([]string(nil), c.DNSNames...), c.IPs...), ", "))
			}
		}
		b = line(b, "", "sha256  "+c.SHA256)
	}
	return b
}

// appendMessagesText writes every message in detail (-v) and/or as a hex
// dump (-x).
func appendMessagesText(b []byte, fi *flowInfo, o textOptions) []byte {
	ch, sh := 0, 0
	for i := range fi.msgs {
		mi := &fi.msgs[i]
		m := mi.m
		b = append(b, "  "...)
		b = append(b, arrow(m.Dir)...)
		b = append(b, ' ')
		b = append(b, m.Type.String()...)
		b = append(b, " ("...)
		b = strconv.AppendInt(b, int64(m.Type), 10)
		b = append(b, "), "...)
		b = strconv.AppendInt(b, int64(len(mi.body)), 10)
		b = append(b, " bytes"...)
		if mi.err != nil {
			b = append(b, ", undecodable: "...)
			b = append(b, mi.err.Error()...)
		}
		b = append(b, '\n')
		if o.verbose && mi.err == nil {
			switch {
			case m.Type == wire.TypeClientHello && m.Dir == pcap.ClientToServer && ch < len(fi.clientHellos):
				b = appendClientHelloText(b, fi.clientHellos[ch])
				ch++
			case m.Type == wire.TypeServerHello && m.Dir == pcap.ServerToClient && !m.SSLv2 && sh < len(fi.serverHellos):
				b = appendServerHelloText(b, fi.serverHellos[sh])
				sh++
			}
		}
		if o.hexdump {
			for _, l := range strings.SplitAfter(hex.Dump(m.Raw), "\n") {
				if l != "" {
					b = append(b, "        "...)
					b = append(b, l...)
				}
			}
		}
	}
	return b
}

func field(b []byte, name, value string) []byte {
	b = append(b, "      "...)
	b = append(b, name...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, '\n')
}

func appendClientHelloText(b []byte, m *wire.ClientHello) []byte {
	b = field(b, "legacy_version", versionName(m.LegacyVersion)+" ("+u16hex(m.LegacyVersion)+")")
	b = field(b, "random", hex.EncodeToString(m.Random))
	b = field(b, "legacy_session_id", hex.EncodeToString(m.SessionID))
	if m.IsDTLS() {
		b = field(b, "cookie", hex.EncodeToString(m.Cookie))
	}
	for _, c := range m.CipherSuites {
		b = field(b, "cipher_suite", wire.CipherSuite(c).String()+" ("+u16hex(c)+")")
	}
	b = field(b, "legacy_compression_methods", hex.EncodeToString(m.CompressionMethods))
	return appendExtensionsText(b, m.Extensions)
}

func appendServerHelloText(b []byte, m *wire.ServerHello) []byte {
	b = field(b, "legacy_version", versionName(m.LegacyVersion)+" ("+u16hex(m.LegacyVersion)+")")
	b = field(b, "random", hex.EncodeToString(m.Random))
	b = field(b, "legacy_session_id_echo", hex.EncodeToString(m.SessionID))
	b = field(b, "cipher_suite", wire.CipherSuite(m.CipherSuite).String()+" ("+u16hex(m.CipherSuite)+")")
	b = field(b, "legacy_compression_method", strconv.Itoa(int(m.CompressionMethod)))
	return appendExtensionsText(b, m.Extensions)
}

func appendExtensionsText(b []byte, exts wire.Extensions) []byte {
	for _, e := range exts {
		b = field(b, "extension", e.Type.String()+" ("+strconv.Itoa(int(e.Type))+"): "+hex.EncodeToString(e.Data))
	}
	return b
}
