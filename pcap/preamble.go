package pcap

import (
	"bytes"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// TLS is found by content, on any port: a direction that starts with a
// TLS record (or an SSL 2.0 hello) is TLS from its first byte. Otherwise
// the cleartext before TLS is matched against the STARTTLS-like preambles
// below; once one is recognised, TLS starts in each direction at the first
// handshake record header after its preamble.

// noPreambleLimit is how many bytes a direction may send, when no preamble
// is recognised in either direction, before it is given up as not TLS.
const noPreambleLimit = 64

// preambleState is per flow: the protocol recognised so far.
type preambleState struct {
	name string // "" unknown, "?" a greeting that may lead to STARTTLS
}

// pgSSLRequest is PostgreSQL's SSLRequest packet: length 8, code 80877103
// (PostgreSQL protocol §55.2.10).
var pgSSLRequest = []byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}

// ldapStartTLS is the StartTLS extended operation OID (RFC 4511 §4.14.1).
var ldapStartTLS = []byte("1.3.6.1.4.1.1466.20037")

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && bytes.EqualFold(b[:len(p)], []byte(p))
}

func containsFold(b []byte, s string) bool {
	// Commands are ASCII: compare case-insensitively byte by byte.
	n := len(s)
	for i := 0; i+n <= len(b); i++ {
		if bytes.EqualFold(b[i:i+n], []byte(s)) {
			return true
		}
	}
	return false
}

// identify names the preamble protocol shown by either direction's first
// bytes: "" when none, "?" for a server greeting that may lead to a
// STARTTLS command not seen yet.
func identify(x, y []byte) string {
	for _, b := range [2][]byte{x, y} {
		switch {
		case bytes.HasPrefix(b, pgSSLRequest):
			return "postgresql"
		case hasPrefixFold(b, "CONNECT "):
			return "http-connect"
		case len(b) >= 9 && b[0] == 4 && (b[1] == 1 || b[1] == 2):
			return "socks4"
		case len(b) >= 3 && b[0] == 5 && b[1] >= 1 && b[1] <= 16 && len(b) == 2+int(b[1]):
			return "socks5"
		case len(b) >= 5 && b[3] == 0 && b[4] == 10 && int(b[0])|int(b[1])<<8|int(b[2])<<16 >= 40:
			return "mysql" // server greeting, protocol version 10
		case bytes.Contains(b, ldapStartTLS):
			return "ldap"
		case bytes.Contains(b, []byte("<starttls")):
			return "xmpp"
		}
	}
	for _, b := range [2][]byte{x, y} {
		switch {
		case containsFold(b, "STARTTLS"):
			return startTLSProtocol(x, y)
		case hasPrefixFold(b, "STLS") || containsFold(b, "\nSTLS"):
			return "pop3"
		case containsFold(b, "AUTH TLS") || containsFold(b, "AUTH SSL"):
			return "ftp"
		}
	}
	if preambleOpening(x) || preambleOpening(y) {
		return "?"
	}
	return ""
}

// startTLSProtocol names the protocol of a STARTTLS command by what
// surrounds it: IRC (the IRCv3 extension: server lines start with a ':'
// prefix, the client registers with NICK or negotiates with CAP), IMAP
// (a "* OK" greeting), SMTP (a 220 greeting, EHLO or HELO). A bare
// STARTTLS, as when a capture starts after IRC registration, is "?":
// the reply names the protocol (IRC's 670 line starts with ':'), and
// detect falls back to "smtp" if the handshake comes first.
func startTLSProtocol(x, y []byte) string {
	colon := []byte(":")
	switch {
	case bytes.HasPrefix(x, colon) || bytes.HasPrefix(y, colon) || containsFold(x, "NICK ") || containsFold(y, "NICK ") || containsFold(x, "CAP LS") || containsFold(y, "CAP LS"):
		return "irc"
	case bytes.HasPrefix(x, []byte("* OK")) || bytes.HasPrefix(y, []byte("* OK")):
		return "imap"
	case hasPrefixFold(x, "220") || hasPrefixFold(y, "220") || containsFold(x, "EHLO") || containsFold(y, "EHLO") || containsFold(x, "HELO") || containsFold(y, "HELO"):
		return "smtp"
	}
	return "?"
}

// preambleOpening reports whether b starts like a preamble: a greeting or
// first command of one of the protocols above (IRC: registration, and
// server lines with a ':' prefix).
func preambleOpening(b []byte) bool {
	for _, p := range [...]string{"220", "* OK", "+OK", "EHLO", "HELO", "STARTTLS", "CONNECT ", "<?xml", "<stream", "NICK ", "USER ", "PASS ", "CAP ", ":"} {
		if hasPrefixFold(b, p) {
			return true
		}
	}
	if bytes.HasPrefix(b, pgSSLRequest) {
		return true
	}
	// LDAP: a BER SEQUENCE holding an ExtendedRequest ([APPLICATION 23]).
	if len(b) >= 7 && b[0] == 0x30 && bytes.Contains(b[:min(len(b), 16)], []byte{0x77}) {
		return true
	}
	// MySQL server greeting, protocol version 10.
	return len(b) >= 5 && b[3] == 0 && b[4] == 10
}

// handshakeStart finds the first TLS handshake record carrying a
// ClientHello or ServerHello in b at or after from; it returns -1 and the
// offset from which a later search must resume.
func handshakeStart(b []byte, from int) (int, int) {
	for i := from; i < len(b); i++ {
		if b[i] != byte(wire.ContentHandshake) {
			continue
		}
		if len(b)-i < wire.RecordHeaderLen+1 {
			return -1, i
		}
		if recordHeaderOK(b[i:], false) && (b[i+5] == byte(wire.TypeClientHello) || b[i+5] == byte(wire.TypeServerHello)) {
			return i, i
		}
	}
	return -1, len(b)
}

// detect decides whether the buffered start of side's stream is TLS.
func (f *flow) detect(side uint8, ts time.Time) {
	st := &f.tls[side]
	b := st.pre
	if len(b) < wire.RecordHeaderLen && f.preamble.name == "" {
		if len(b) < 3 || !(b[0] == 5 || b[0] == 4) { // SOCKS messages may be this short
			return
		}
	}
	if f.recordAtStart(side, b) {
		f.startTLS(side, 0, ts)
		return
	}
	if f.preamble.name == "" || f.preamble.name == "?" {
		if t, n, ok := sslv2Header(b); ok {
			f.setProtocol(ProtocolTLS)
			st.state, st.sslv2Type, st.recLen, st.rec = stSSLv2, t, n, st.rec[:0]
			rest := st.pre[2:]
			st.pre = nil
			st.feed(f, side, rest, ts)
			return
		}
	}
	if f.preamble.name == "" || f.preamble.name == "?" {
		f.preamble.name = identify(f.tls[0].pre, f.tls[1].pre)
	}
	switch f.preamble.name {
	case "":
		if len(b) >= noPreambleLimit {
			f.giveUp(side)
		}
		return
	case "?":
		if containsFold(f.tls[0].pre, "STARTTLS") || containsFold(f.tls[1].pre, "STARTTLS") {
			if p, _ := handshakeStart(b, 0); p >= 0 {
				// A bare STARTTLS answered by a handshake before any
				// reply was seen: SMTP, the most common.
				f.preamble.name = "smtp"
				break
			}
		}
		if len(b) >= f.env.lim.MaxPreamble {
			f.giveUp(side)
		}
		return
	}
	p, next := handshakeStart(b, st.scan)
	st.scan = next
	if p >= 0 {
		f.pub.Preamble = f.preamble.name
		f.startTLS(side, p, ts)
		// The peer may have buffered its handshake before the preamble
		// was recognised from this side's bytes.
		if o := &f.tls[1-side]; o.state == stDetect && len(o.pre) > 0 {
			f.detect(1-side, ts)
		}
		return
	}
	if len(b) >= f.env.lim.MaxPreamble {
		f.giveUp(side)
	}
}

// startTLS switches side to the record layer at offset p of its buffer.
func (f *flow) startTLS(side uint8, p int, ts time.Time) {
	st := &f.tls[side]
	rest := st.pre[p:]
	st.pre, st.scan = nil, 0
	f.startRecords(side, rest, ts)
}

// startRecords switches side to the record layer and feeds it data, the
// stream from the first record header on.
func (f *flow) startRecords(side uint8, data []byte, ts time.Time) {
	st := &f.tls[side]
	f.setProtocol(ProtocolTLS)
	st.state, st.recLen = stRecords, -1
	st.feed(f, side, data, ts)
	// A direction without a recognised start gets another chance now
	// that the flow is known to be TLS.
	if o := &f.tls[1-side]; o.state == stDetect && len(o.pre) > 0 && f.preamble.name == "" {
		f.detect(1-side, ts)
	}
}

// recordAtStart reports whether b, side's stream from its first byte,
// starts with a TLS record while no preamble is known: TLS from the first
// byte. Any record type is accepted once the peer is TLS, or when the
// direction was picked up mid-flow.
func (f *flow) recordAtStart(side uint8, b []byte) bool {
	return (f.preamble.name == "" || f.preamble.name == "?") &&
		recordHeaderOK(b, f.pub.Protocol != "" || !f.half[side].synSeen)
}

// giveUp stops looking for TLS in side's stream.
func (f *flow) giveUp(side uint8) {
	st := &f.tls[side]
	st.state = stIgnore
	st.pre = nil
	f.half[side].pending = nil
	f.half[side].buffered = 0
}
