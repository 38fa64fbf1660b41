package main

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/tlswire/tlswire/certcompress"
	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// What only decrypted messages carry (docs/decryption.md): the TLS 1.3
// ALPN of EncryptedExtensions, certificates (also compressed, RFC 8879),
// the TLS 1.3 NewSessionTickets and KeyUpdates.

// ticketInfo is a TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1); the ticket
// itself is shown as its SHA-256.
type ticketInfo struct {
	lifetime, ageAdd uint32
	nonce            string // hex
	maxEarlyData     uint32
	hasEarlyData     bool
	ticketSHA256     string
}

// keyUpdateInfo is a KeyUpdate (RFC 8446 §4.6.3).
type keyUpdateInfo struct {
	dir       pcap.Direction
	requested bool
}

// maxDecompressed bounds a CompressedCertificate's certificate message,
// as pcap bounds messages (pcap.Limits.MaxMessageSize).
const maxDecompressed = pcap.DefaultMaxMessageSize

// encryptedExtensions takes the selected ALPN protocol (RFC 8446 §4.3.1,
// RFC 7301 §3.1) and the ECH retry configs (RFC 9849 §7.1) of a TLS 1.3
// server's EncryptedExtensions.
func (fi *flowInfo) encryptedExtensions(v *wire.EncryptedExtensions, m *pcap.Message) {
	if m.Dir != pcap.ServerToClient {
		return
	}
	if l := alpnProtocols(v.Extensions, wire.InEncryptedExtensions); len(l) > 0 {
		fi.alpn = l[0]
	}
	var ech wire.EncryptedClientHelloExtension
	if found, err := v.Extensions.Decode(wire.ExtensionEncryptedClientHello, wire.InEncryptedExtensions, &ech); found && err == nil {
		fi.echRetry = ech.RetryConfigs
	}
}

// newSessionTicket keeps a TLS 1.3 ticket.
func (fi *flowInfo) newSessionTicket(v *wire.NewSessionTicket) {
	if !v.TLS13 {
		return
	}
	t := ticketInfo{lifetime: v.Lifetime, ageAdd: v.AgeAdd, nonce: hex.EncodeToString(v.Nonce), ticketSHA256: hexSHA256(v.Ticket)}
	if d, ok := v.Extensions.Find(wire.ExtensionEarlyData); ok && len(d) == 4 {
		t.maxEarlyData, t.hasEarlyData = uint32(d[0])<<24|uint32(d[1])<<16|uint32(d[2])<<8|uint32(d[3]), true
	}
	fi.tickets = append(fi.tickets, t)
}

// compressedCertificate decompresses a CompressedCertificate (RFC 8879
// §4) and adds its certificates; a failure is a decoding error of the
// message.
func (a *analyzer) compressedCertificate(fi *flowInfo, v *wire.CompressedCertificate, m *pcap.Message, ctx wire.Context) {
	body, err := a.cc.Decompress(a.ccBuf[:0], v, maxDecompressed)
	a.ccBuf = body
	if err == nil {
		err = a.ccCert.UnmarshalBody(body, ctx)
	}
	if err != nil {
		fi.addError(m, err)
		return
	}
	dst := &fi.certs
	if m.Dir == pcap.ClientToServer {
		dst = &fi.clientCerts
	}
	for _, e := range a.ccCert.Entries {
		*dst = append(*dst, a.certs.get(e.CertData))
	}
}

// decompressor is what the analyzer keeps for compressedCertificate.
type decompressor struct {
	cc     certcompress.Decompressor
	ccBuf  []byte
	ccCert wire.Certificate
}

// appendDecryptionJSON appends "decryption", "session_tickets" and
// "key_updates" (docs/json.md).
func appendDecryptionJSON(b []byte, fi *flowInfo) []byte {
	if fi.f.Decryption != pcap.DecryptionNone {
		b = jstr(b, "decryption", string(fi.f.Decryption))
	}
	b = appendInnerHelloJSON(b, fi.f)
	if len(fi.tickets) > 0 {
		b = append(jsonappend.Key(b, "session_tickets"), '[')
		for i, t := range fi.tickets {
			b = strconv.AppendUint(jsonappend.Open(elem(b, i), "lifetime"), uint64(t.lifetime), 10)
			b = jint(b, "age_add", int(t.ageAdd))
			b = jstr(b, "nonce", t.nonce)
			if t.hasEarlyData {
				b = jint(b, "max_early_data", int(t.maxEarlyData))
			}
			b = append(jstr(b, "ticket_sha256", t.ticketSHA256), '}')
		}
		b = append(b, ']')
	}
	if len(fi.keyUpdates) > 0 {
		b = append(jsonappend.Key(b, "key_updates"), '[')
		for i, k := range fi.keyUpdates {
			b = jsonappend.Text(jsonappend.Open(elem(b, i), "dir"), dirCode(k.dir))
			b = append(jbool(b, "update_requested", k.requested), '}')
		}
		b = append(b, ']')
	}
	return b
}

// appendDecryptionText appends the "decryption" line (records decrypted
// per direction), a "ticket" line per TLS 1.3 NewSessionTicket and a "key
// update" line per KeyUpdate.
func appendDecryptionText(b []byte, fi *flowInfo) []byte {
	f := fi.f
	b = appendInnerHelloText(b, f)
	if f.Decryption != pcap.DecryptionNone {
		b = append(label(b, "decryption"), f.Decryption...)
		if f.Decryption == pcap.DecryptionDone {
			b = append(b, ": c "...)
			b = strconv.AppendUint(b, f.Decrypted[0].Records, 10)
			b = append(b, " records, s "...)
			b = strconv.AppendUint(b, f.Decrypted[1].Records, 10)
			b = append(b, " records (* marks decrypted messages)"...)
		}
		b = append(b, '\n')
	}
	for _, t := range fi.tickets {
		b = append(label(b, "ticket"), "lifetime "...)
		b = strconv.AppendUint(b, uint64(t.lifetime), 10)
		b = append(b, "s, age_add "...)
		b = strconv.AppendUint(b, uint64(t.ageAdd), 10)
		if t.nonce != "" {
			b = append(b, ", nonce "...)
			b = append(b, t.nonce...)
		}
		if t.hasEarlyData {
			b = append(b, ", max_early_data "...)
			b = strconv.AppendUint(b, uint64(t.maxEarlyData), 10)
		}
		b = append(b, ", sha256 "...)
		b = append(b, t.ticketSHA256...)
		b = append(b, '\n')
	}
	for _, k := range fi.keyUpdates {
		b = append(label(b, "key update"), dirCode(k.dir)...)
		if k.requested {
			b = append(b, ", update requested"...)
		}
		b = append(b, '\n')
	}
	return b
}

// appendInnerHelloJSON appends "inner_client_hello": the first
// ClientHelloInner of an accepted ECH, rendered by wire as the outer one
// is, and "inner_server_name".
func appendInnerHelloJSON(b []byte, f *pcap.Flow) []byte {
	ch := innerHello(f)
	if ch == nil {
		return b
	}
	if name := hostName(ch.Extensions); name != "" {
		b = jstr(b, "inner_server_name", name)
	}
	return wire.AppendMessageJSON(jsonappend.Key(b, "inner_client_hello"), ch)
}

// innerHello decodes the flow's first ECH ClientHelloInner; nil when
// there is none or it does not decode.
func innerHello(f *pcap.Flow) *wire.ClientHello {
	if len(f.InnerHellos) == 0 {
		return nil
	}
	m := &f.InnerHellos[0]
	ch := new(wire.ClientHello)
	if len(m.Raw) < 4 || ch.UnmarshalBody(m.Raw[4:], m.Context) != nil {
		return nil
	}
	return ch
}

// appendInnerHelloText appends the "ech inner" line: the server name and
// ALPN protocols of the first ClientHelloInner.
func appendInnerHelloText(b []byte, f *pcap.Flow) []byte {
	ch := innerHello(f)
	if ch == nil {
		return b
	}
	b = append(label(b, "ech inner"), "server name "...)
	b = append(b, hostName(ch.Extensions)...)
	if _, ok := ch.Extensions.Find(wire.ExtensionALPN); ok {
		b = append(b, ", alpn "...)
		b = append(b, strings.Join(alpnProtocols(ch.Extensions, wire.InClientHello), ",")...)
	}
	return append(b, '\n')
}
