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

// appendMessagesText writes every message: with -v its one-line summary
// and its full JSON rendering (docs/json.md), with -x a hex dump of the
// message as the protocol framed it.
func appendMessagesText(b []byte, fi *flowInfo, o textOptions) []byte {
	for i := range fi.msgs {
		mi := &fi.msgs[i]
		m := mi.m
		b = append(b, "  "...)
		b = append(b, arrow(m.Dir)...)
		b = append(b, ' ')
		if o.verbose {
			v := decodeMessage(mi)
			b = wire.AppendMessageSummary(b, v)
			if mi.err != nil {
				b = append(b, " (undecodable: "...)
				b = append(b, mi.err.Error()...)
				b = append(b, ')')
			}
			b = append(b, "\n      "...)
			b = wire.AppendMessageJSON(b, v)
		} else {
			b = append(b, m.Type.String()...)
			b = append(b, ", "...)
			b = strconv.AppendInt(b, int64(len(mi.body)), 10)
			b = append(b, " bytes"...)
		}
		b = append(b, '\n')
		if o.hexdump {
			for _, l := range strings.SplitAfter(hex.Dump(m.Raw), "\n") {
				if l != "" {
					b = append(b, "      "...)
					b = append(b, l...)
				}
			}
		}
	}
	return b
}

// decodeMessage decodes a message again, into a value of its own, in the
// context it was first decoded in; a message that does not decode is
// returned raw, as *wire.UnknownMessage.
func decodeMessage(mi *msgInfo) wire.Message {
	if mi.err == nil {
		if mi.m.SSLv2 && mi.m.Type == wire.TypeClientHello {
			var ch wire.ClientHello
			if ch.UnmarshalSSLv2(sslv2Record(mi.body)) == nil {
				return &ch
			}
		} else if !mi.m.SSLv2 {
			v := wire.NewMessage(mi.m.Type)
			if v.UnmarshalBody(mi.body, mi.ctx) == nil {
				return v
			}
		}
	}
	return &wire.UnknownMessage{HandshakeType: mi.m.Type, Body: mi.body}
}
