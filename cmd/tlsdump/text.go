package main

import (
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
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

// label appends "  label" padded to the width of the labels.
func label(b []byte, l string) []byte {
	b = append(b, "  "...)
	b = append(b, l...)
	for i := len(l); i < 14; i++ {
		b = append(b, ' ')
	}
	return b
}

// line appends "  label  value\n" with the label padded to a fixed width.
func line(b []byte, l, value string) []byte {
	b = append(label(b, l), value...)
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
	b = appendFlowTitle(b, f)
	b = line(b, "community id", communityID(f))
	b = appendNegotiatedText(b, fi)
	fi.sessionAt = len(b)
	b = appendMessageSequenceText(b, fi)
	b = appendEncryptedText(b, &f.Encrypted)
	b = appendDecryptionText(b, fi)
	b = appendCertsText(b, "certificate", fi.certs)
	b = appendCertsText(b, "client cert", fi.clientCerts)
	for _, a := range f.Alerts {
		b = line(b, "alert", dirCode(a.Dir)+": "+a.Level.String()+" "+a.Description.String())
	}
	b = appendFingerprintsText(b, fi, o.verbose)
	b = appendProblemsText(b, fi)
	if o.verbose || o.hexdump {
		b = appendMessagesText(b, fi, o)
	}
	return append(b, '\n')
}

// appendFlowTitle appends the first line of a flow: start time, protocol,
// transport, endpoints, preamble, duration and how the flow ended.
func appendFlowTitle(b []byte, f *pcap.Flow) []byte {
	b = f.First.UTC().AppendFormat(b, "2006-01-02 15:04:05.000000 UTC")
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
	return append(b, "]\n"...)
}

// appendNegotiatedText appends what the handshake settled: server name,
// version, cipher, group, ALPN and its state.
func appendNegotiatedText(b []byte, fi *flowInfo) []byte {
	if fi.sni != "" {
		if fi.ech != nil && fi.ech.ext.Type == wire.ECHClientHelloOuter {
			b = line(b, "server name", fi.sni+" (outer ClientHello: the real name is encrypted)")
		} else {
			b = line(b, "server name", fi.sni)
		}
	}
	if fi.ech != nil {
		b = appendECHText(b, fi.ech)
	}
	if fi.version != 0 {
		b = line(b, "version", versionName(fi.version))
	} else if len(fi.supportedVers) > 0 || len(fi.clientHellos) > 0 {
		b = line(b, "version", "(no ServerHello)")
	}
	if fi.hasCipher {
		b = line(b, "cipher", wire.CipherSuite(fi.cipher).String())
	}
	if fi.sslv2 != nil {
		b = appendSSLv2Text(b, fi)
	}
	if fi.hasGroup {
		b = line(b, "group", wire.NamedGroup(fi.group).String())
	}
	if fi.alpnOffered != nil || fi.alpn != "" {
		b = appendALPNText(b, fi)
	}
	b = label(b, "handshake")
	if fi.hrr {
		b = append(b, "hello retry, "...)
	}
	b = append(b, "resumed "...)
	b = append(b, yesNo(fi.resumed)...)
	b = append(b, ", established "...)
	b = append(b, yesNo(fi.established)...)
	return append(b, '\n')
}

// appendALPNText appends the offered protocols and what became of them.
func appendALPNText(b []byte, fi *flowInfo) []byte {
	b = append(label(b, "alpn"), "offered "...)
	for i, p := range fi.alpnOffered {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p...)
	}
	switch {
	case fi.alpn != "":
		b = append(b, ", selected "...)
		b = append(b, fi.alpn...)
	case wire.UsesTLS13Forms(fi.version):
		b = append(b, ", selected in EncryptedExtensions (encrypted)"...)
	case fi.version != 0:
		b = append(b, ", none selected"...)
	}
	return append(b, '\n')
}

// serverHelloPool holds the ServerHello values the message line decodes
// into to recognise a HelloRetryRequest, reused across flows (a value
// aliases the last body decoded into it until it is reused).
var serverHelloPool = sync.Pool{New: func() any { return new(wire.ServerHello) }}

// appendMessageSequenceText appends the "messages" line: each message as
// direction:type, a HelloRetryRequest marked (hrr), a decrypted message
// marked *.
func appendMessageSequenceText(b []byte, fi *flowInfo) []byte {
	if len(fi.msgs) == 0 {
		return b
	}
	sh := serverHelloPool.Get().(*wire.ServerHello)
	b = label(b, "messages")
	for i := range fi.msgs {
		mi := &fi.msgs[i]
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, dirCode(mi.m.Dir)...)
		b = append(b, ':')
		b = append(b, mi.m.Type.String()...)
		if mi.m.Type == wire.TypeServerHello && sh.UnmarshalBody(mi.body, mi.ctx) == nil && sh.IsHelloRetryRequest() {
			b = append(b, "(hrr)"...)
		}
		if mi.m.Decrypted {
			b = append(b, '*')
		}
	}
	serverHelloPool.Put(sh)
	return append(b, '\n')
}

// appendEncryptedText appends the protected records and bytes counted in
// each direction, if there are any.
func appendEncryptedText(b []byte, enc *[2]pcap.Counts) []byte {
	if enc[0].Records+enc[1].Records == 0 {
		return b
	}
	b = label(b, "encrypted")
	for d := range enc {
		if d > 0 {
			b = append(b, ", "...)
		}
		b = append(b, dirCode(pcap.Direction(d))...)
		b = strconv.AppendUint(append(b, ' '), enc[d].Records, 10)
		b = strconv.AppendUint(append(b, " records/"...), enc[d].Bytes, 10)
		b = append(b, " bytes"...)
	}
	return append(b, '\n')
}

// appendFingerprintsText appends JA3 and JA4 of the first ClientHello and
// JA3S and JA4S of the ServerHello; the full JA3 and JA3S strings, which
// can be hundreds of characters long, only when verbose.
func appendFingerprintsText(b []byte, fi *flowInfo, verbose bool) []byte {
	if len(fi.clientHellos) > 0 {
		b = line(b, "ja3", fi.ja3.Hash)
		if verbose {
			b = line(b, "ja3 full", fi.ja3.Full)
		}
		b = line(b, "ja4", fi.ja4.JA4)
	}
	if fi.hasJA3S {
		b = line(b, "ja3s", fi.ja3s.Hash)
		if verbose {
			b = line(b, "ja3s full", fi.ja3s.Full)
		}
		b = line(b, "ja4s", fi.ja4s.JA4S)
	}
	return b
}

// appendProblemsText appends the capture problems, the number not kept,
// and the decoding errors.
func appendProblemsText(b []byte, fi *flowInfo) []byte {
	for _, p := range fi.f.Problems {
		b = line(b, "problem", p.String())
	}
	if n := fi.f.ProblemsDropped; n > 0 {
		b = strconv.AppendInt(label(b, "problem"), int64(n), 10)
		b = append(b, " more not kept\n"...)
	}
	for _, e := range fi.decodeErrors {
		b = line(b, "error", e.String())
	}
	return b
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
		if m.Decrypted {
			b = append(b, "[decrypted] "...)
		}
		if o.verbose {
			v := decodeMessage(mi)
			b = wire.AppendMessageSummary(b, v)
			if mi.err != nil {
				b = append(b, " (undecodable: "...)
				b = append(b, mi.err.Error()...)
				b = append(b, ')')
			}
			b = append(b, '\n')
			b = appendTree(b, wire.AppendMessageJSON(nil, v), "      ")
		} else {
			b = append(b, m.Type.String()...)
			b = append(b, ", "...)
			b = strconv.AppendInt(b, int64(len(mi.body)), 10)
			b = append(b, " bytes"...)
		}
		if !o.verbose {
			b = append(b, '\n')
		}
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
