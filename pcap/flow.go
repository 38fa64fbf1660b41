package pcap

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// Direction says which side sent something.
type Direction uint8

// Directions. The client is the side that sent the ClientHello (not the
// side with the lower port, nor necessarily the side that sent the SYN).
const (
	ClientToServer Direction = 0
	ServerToClient Direction = 1
)

// String returns "c2s" or "s2c".
func (d Direction) String() string {
	if d == ClientToServer {
		return "c2s"
	}
	return "s2c"
}

// Message is one complete handshake message seen in the clear.
type Message struct {
	Dir  Direction
	Time time.Time // capture time of the packet that completed the message
	Type wire.HandshakeType
	// Raw is the full message as the protocol frames it: for TLS and QUIC
	// the 4-byte handshake header and the body (RFC 8446 §4); for DTLS the
	// 12-byte DTLS handshake header with fragment_offset 0 and
	// fragment_length equal to length, then the body (RFC 9147 §5.2), as if
	// the message had been sent unfragmented; for an SSL 2.0 hello (SSLv2
	// set) the record body, starting with the msg_type byte.
	//
	// Raw is owned by the Message: it never aliases the Reader's buffers
	// and stays valid for as long as the caller keeps it.
	Raw []byte
	// SSLv2 marks an SSL 2.0 CLIENT-HELLO (Type ClientHello) or
	// SERVER-HELLO (Type ServerHello) (draft-hickman-netscape-ssl-00).
	SSLv2 bool
	side  uint8
}

// Alert is an alert seen in the clear (RFC 8446 §6).
type Alert struct {
	Dir         Direction
	Time        time.Time
	Level       wire.AlertLevel
	Description wire.AlertDescription
	side        uint8
}

// Counts counts protected records of one direction: records whose content
// was skipped without being buffered. Bytes counts record payloads
// (excluding the 5-byte TLS or 13-byte DTLS record header).
type Counts struct {
	Records uint64
	Bytes   uint64
}

// ProblemKind classifies a Problem.
type ProblemKind string

// Problem kinds.
const (
	// ProblemGap: bytes of the stream were never captured and the record
	// framing was lost; the reader resynchronised at the next plausible
	// record header (TCP), or messages are missing (DTLS).
	ProblemGap ProblemKind = "gap"
	// ProblemMalformed: a record or handshake header that cannot be right.
	ProblemMalformed ProblemKind = "malformed"
	// ProblemOverlap: two copies of the same TCP sequence range differ
	// (the first copy was kept).
	ProblemOverlap ProblemKind = "overlap"
	// ProblemLimit: a Limits bound was reached; Detail names it.
	ProblemLimit ProblemKind = "limit"
	// ProblemEvicted: the flow was dropped from the table to respect
	// Limits.MaxFlows before it ended; later packets start a new flow.
	ProblemEvicted ProblemKind = "evicted"
	// ProblemMidFlow: the capture has no SYN for this direction; reading
	// started at the first segment that looked like the start of a record
	// or of a known preamble.
	ProblemMidFlow ProblemKind = "mid-flow"
	// ProblemTruncated: the flow ended inside a record or message.
	ProblemTruncated ProblemKind = "truncated"
	// ProblemUnsupported: the traffic was recognised but cannot be decoded
	// (e.g. a QUIC version whose Initial packets cannot be decrypted).
	ProblemUnsupported ProblemKind = "unsupported"
)

// Problem is something that went wrong in one flow. Problems never stop
// the reading of the flow or of the capture.
type Problem struct {
	Kind   ProblemKind
	Dir    Direction
	Time   time.Time
	Detail string
	side   uint8
}

// String formats the problem for logs.
func (p Problem) String() string {
	return string(p.Kind) + " (" + p.Dir.String() + "): " + p.Detail
}

// EndReason says why a flow was reported.
type EndReason string

// End reasons.
const (
	EndFIN     EndReason = "fin"     // both sides sent FIN
	EndRST     EndReason = "rst"     // a side sent RST
	EndIdle    EndReason = "idle"    // no packet for Limits.IdleTimeout of capture time
	EndEOF     EndReason = "eof"     // the capture ended
	EndEvicted EndReason = "evicted" // Limits.MaxFlows: see ProblemEvicted
	EndReused  EndReason = "reused"  // a new SYN reused the 5-tuple
)

// Flow is one TLS, DTLS or QUIC connection. A Flow handed out by
// Reader.Flows belongs to the caller; the Reader never touches it again.
type Flow struct {
	Client, Server netip.AddrPort
	Transport      string // "tcp" or "udp"
	Protocol       string // "tls", "dtls" or "quic"
	// Preamble names the cleartext protocol that preceded TLS on the
	// connection: "smtp", "imap", "pop3", "ftp", "irc", "xmpp", "ldap",
	// "postgresql", "mysql", "http-connect", "socks4", "socks5"; empty
	// when TLS started with the first byte.
	Preamble    string
	First, Last time.Time
	// Messages are the handshake messages of both directions, in the
	// order they completed.
	Messages []Message
	// Alerts are the alerts sent in the clear.
	Alerts []Alert
	// Encrypted counts protected records per Direction.
	Encrypted [2]Counts
	// MissingBytes counts stream bytes per Direction that were never
	// captured (TCP gaps), including those inside skipped records, which
	// do not cause a Problem.
	MissingBytes [2]uint64
	// Retransmitted counts TCP segments per Direction that carried only
	// bytes already received.
	Retransmitted [2]uint64
	Problems      []Problem
	// ProblemsDropped counts problems beyond maxProblems that were not kept.
	ProblemsDropped int
	End             EndReason
}

// maxProblems bounds Flow.Problems so that a hostile flow cannot grow it
// without bound.
const maxProblems = 64

// ClientHellos returns the number of ClientHello messages in the flow.
func (f *Flow) ClientHellos() int {
	n := 0
	for i := range f.Messages {
		if f.Messages[i].Type == wire.TypeClientHello && f.Messages[i].Dir == ClientToServer {
			n++
		}
	}
	return n
}

// String summarises the flow in one line.
func (f *Flow) String() string {
	s := f.Protocol + "/" + f.Transport + " " + f.Client.String() + " -> " + f.Server.String()
	if f.Preamble != "" {
		s += " (" + f.Preamble + ")"
	}
	s += " messages=" + strconv.Itoa(len(f.Messages)) + " alerts=" + strconv.Itoa(len(f.Alerts)) +
		" problems=" + strconv.Itoa(len(f.Problems)) + " end=" + string(f.End)
	return s
}
