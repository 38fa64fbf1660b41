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
	// SSLv2 marks an SSL 2.0 CLIENT-HELLO (Type ClientHello),
	// SERVER-HELLO (Type ServerHello) or the CLIENT-MASTER-KEY that
	// follows them in the clear (Type ClientKeyExchange)
	// (draft-hickman-netscape-ssl-00).
	SSLv2 bool
	// Decrypted marks a message that was read from protected records,
	// with keys from Options.Keys (docs/decryption.md).
	Decrypted bool
	// Context is the connection's context when the message completed,
	// the one to decode its body in (wire.Message.UnmarshalBody): what the
	// server's ServerHellos before it negotiated (wire.Context.Learn),
	// Version VersionDTLS12 on a DTLS flow before that.
	Context wire.Context
	side    uint8
}

// Alert is an alert seen in the clear (RFC 8446 §6).
type Alert struct {
	Dir         Direction
	Time        time.Time
	Level       wire.AlertLevel
	Description wire.AlertDescription
	// Decrypted marks an alert read from a protected record.
	Decrypted bool
	side      uint8
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
	// ProblemDecrypt: protected records could not be decrypted with
	// Options.Keys: no key for the flow's ClientHello random, a record
	// that does not authenticate (wrong key, altered or missing
	// records), a cipher suite not decrypted; Detail says which.
	ProblemDecrypt ProblemKind = "decrypt"
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

// Transport is the transport protocol of a flow.
type Transport string

// Transports.
const (
	TransportTCP Transport = "tcp"
	TransportUDP Transport = "udp"
)

// Protocol is the security protocol found on a flow.
type Protocol string

// Protocols.
const (
	ProtocolTLS  Protocol = "tls"  // TLS (RFC 8446, RFC 5246) or SSL 2.0/3.0, over TCP
	ProtocolDTLS Protocol = "dtls" // DTLS (RFC 9147, RFC 6347), over UDP
	ProtocolQUIC Protocol = "quic" // TLS in QUIC Initial packets (RFC 9001), over UDP
)

// Flow is one TLS, DTLS or QUIC connection. A Flow handed out by
// Reader.Flows belongs to the caller; the Reader never touches it again.
type Flow struct {
	Client, Server netip.AddrPort
	Transport      Transport
	Protocol       Protocol
	// Preamble names the cleartext protocol that preceded TLS on the
	// connection: "smtp", "imap", "pop3", "ftp", "irc", "xmpp", "ldap",
	// "postgresql", "mysql", "http-connect", "socks4", "socks5"; empty
	// when TLS started with the first byte.
	Preamble    string
	First, Last time.Time
	// Messages are the handshake messages of both directions, in the
	// order they completed.
	Messages []Message
	// InnerHellos are the ClientHelloInner messages of an accepted
	// Encrypted Client Hello, opened with Options.Keys (RFC 9849 §5; one
	// per ClientHelloOuter, two after a HelloRetryRequest), marked
	// Decrypted; the outer ones are in Messages.
	InnerHellos []Message
	// Alerts are the alerts sent in the clear.
	Alerts []Alert
	// Encrypted counts protected records per Direction.
	Encrypted [2]Counts
	// Decryption says whether the flow's protected records were
	// decrypted (Options.Keys); Decrypted counts those that were, per
	// Direction (a subset of Encrypted).
	Decryption Decryption
	Decrypted  [2]Counts
	// MissingBytes counts stream bytes per Direction that were never
	// captured (TCP gaps), including those inside skipped records, which
	// do not cause a Problem.
	MissingBytes [2]uint64
	// Retransmitted counts TCP segments per Direction that carried only
	// bytes already received.
	Retransmitted [2]uint64
	// Context is what the handshake negotiated, learned from the server's
	// last ServerHello or HelloRetryRequest (wire.Context.Learn); zero
	// (on a DTLS flow: Version VersionDTLS12) when none was seen.
	Context  wire.Context
	Problems []Problem
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
	s := string(f.Protocol) + "/" + string(f.Transport) + " " + f.Client.String() + " -> " + f.Server.String()
	if f.Preamble != "" {
		s += " (" + f.Preamble + ")"
	}
	s += " messages=" + strconv.Itoa(len(f.Messages)) + " alerts=" + strconv.Itoa(len(f.Alerts)) +
		" problems=" + strconv.Itoa(len(f.Problems)) + " end=" + string(f.End)
	return s
}

// flow is the Reader's state for one connection. Sides 0 and 1 are the
// canonical key's a and b; client says which side is the client.
//
// The fields used for every packet come first, so that a packet touches
// few cache lines of its flow (with thousands of flows open, loading a
// flow's state is most of the per-packet cost); the public view pub is
// filled in when the flow ends, and before each OnMessage call.
type flow struct {
	// Every packet.
	lastSeq   uint64 // flowTable.clock at the latest packet (see lru)
	lastNS    int64  // last in Unix nanoseconds (see unixNano)
	firstNS   int64  // first in Unix nanoseconds
	timed     bool   // a packet was seen: the times are set
	client    uint8  // side of the client (a guess until roleFixed)
	roleFixed bool
	tls13     bool // a ServerHello or HelloRetryRequest selected TLS 1.3
	fin       [2]bool
	reported  bool      // handed to Reader.finish: out of the table
	dirty     bool      // its buffers may have changed: memory to be counted again (flowTable.account)
	finSeq    [2]uint32 // sequence number of each side's FIN
	env       *flowEnv
	last      time.Time // capture time of the latest packet (pub.Last)
	first     time.Time // capture time of the earliest packet (pub.First)

	// TCP
	half [2]halfConn
	tls  [2]tlsStream

	msgLimitHit bool
	mem         int // bytes counted for the flow in flowEnv.mem (see memory)
	msgBytes    int // bytes of the kept Messages' Raw and of the Problems' details
	hpos        int // 1 + the flow's index in the lru heap; 0 when not in it
	key         flowKey
	preamble    preambleState

	// UDP
	dtls [2]dtlsStream
	quic *QUICInitialDecoder // Protocol "quic": the Initial decoder

	dec       *flowDecrypt // TLS over TCP with Options.Keys: decryption state
	decrypted bool         // the message being handled was decrypted

	pub Flow

	handshakeDone bool // Options.OnHandshakeDone was called (handshake.go)
}

func (f *flow) addrOf(side uint8) netip.AddrPort { return f.key.addr(side) }

// dir maps a side to a Direction with the current role assignment.
func (f *flow) dir(side uint8) Direction {
	if side == f.client {
		return ClientToServer
	}
	return ServerToClient
}

// setClient fixes (fixed) or guesses the client side.
func (f *flow) setClient(side uint8, fixed bool) {
	if f.roleFixed {
		return
	}
	f.client = side
	f.roleFixed = fixed
}

func (f *flow) setProtocol(p Protocol) {
	if f.pub.Protocol == "" {
		f.pub.Protocol = p
		if p == ProtocolDTLS {
			// Until a ServerHello says otherwise, DTLS messages take the
			// DTLS 1.2 forms (a ClientHello's cookie).
			f.pub.Context.Version = wire.VersionDTLS12
		}
	}
}

// message records a complete handshake message; raw is copied. A
// ServerHello also updates the flow's context; message reports whether it
// was one that selects TLS 1.3 (v13) and whether it was a
// HelloRetryRequest.
func (f *flow) message(side uint8, ts time.Time, typ wire.HandshakeType, raw []byte, sslv2 bool) (v13, hrr bool) {
	if !f.roleFixed {
		switch typ {
		case wire.TypeClientHello:
			f.setClient(side, true)
		case wire.TypeClientKeyExchange, wire.TypeCertificateVerify, wire.TypeEndOfEarlyData:
			// Sent only by clients in the clear (a TLS 1.3
			// CertificateVerify is protected).
			f.setClient(side, true)
		case wire.TypeServerHello, wire.TypeHelloVerifyRequest, wire.TypeServerKeyExchange,
			wire.TypeCertificateRequest, wire.TypeServerHelloDone, wire.TypeNewSessionTicket,
			wire.TypeCertificateStatus, wire.TypeHelloRequest:
			f.setClient(1-side, true)
		}
	}
	f.dirty = true
	ctx := f.pub.Context // the context the message is decoded in
	if typ == wire.TypeServerHello && !sslv2 {
		v13, hrr = f.serverHello(side, raw)
		if !hrr && !f.decrypted && f.dir(side) == ServerToClient {
			f.startDecrypt()
		}
	} else if typ == wire.TypeClientHello && !sslv2 && !f.decrypted {
		f.clientHelloRandom(side, ts, raw)
	}
	if !sslv2 && !f.decrypted {
		f.rsaMessage(typ, raw)
	}
	if f.env.discard {
		// Handed to OnMessage only: Raw aliases the reassembly buffer.
		f.env.msg = Message{Dir: f.dir(side), Time: ts, Type: typ, SSLv2: sslv2, Decrypted: f.decrypted, Raw: raw, Context: ctx, side: side}
		f.pubNow()
		f.env.onMessage(&f.pub, &f.env.msg)
		f.env.msg = Message{}
		return v13, hrr
	}
	if len(f.pub.Messages) >= f.env.lim.MaxMessagesPerFlow {
		if !f.msgLimitHit {
			f.msgLimitHit = true
			f.problem(side, ts, ProblemLimit, "MaxMessagesPerFlow reached: further messages are not kept")
		}
		return v13, hrr
	}
	if f.pub.Messages == nil {
		f.pub.Messages = make([]Message, 0, 4) // a handshake's usual count: one allocation
	}
	f.pub.Messages = append(f.pub.Messages, Message{
		Dir: f.dir(side), Time: ts, Type: typ, SSLv2: sslv2, Decrypted: f.decrypted, Raw: append([]byte(nil), raw...), Context: ctx, side: side,
	})
	f.msgBytes += len(raw)
	if cb := f.env.onMessage; cb != nil {
		f.pubNow()
		cb(&f.pub, &f.pub.Messages[len(f.pub.Messages)-1])
	}
	return v13, hrr
}

// serverHello decodes a ServerHello or HelloRetryRequest (raw in the
// flow's framing, see Message.Raw) into the Reader's reused value. Sent by
// the server, it updates the flow's context (wire.Context.Learn), the one
// place a flow learns what was negotiated. It reports whether it selects
// TLS 1.3 or a draft of it, and whether it is a HelloRetryRequest; both
// false when it does not decode.
func (f *flow) serverHello(side uint8, raw []byte) (v13, hrr bool) {
	hdr := 4
	if f.pub.Protocol == ProtocolDTLS {
		hdr = wire.DTLSHandshakeHeaderLen
	}
	sh := &f.env.sh
	if len(raw) < hdr || sh.UnmarshalBody(raw[hdr:], f.pub.Context) != nil {
		return false, false
	}
	if f.dir(side) == ServerToClient {
		f.pub.Context.Learn(sh)
	}
	return wire.UsesTLS13Forms(sh.SelectedVersion()), sh.IsHelloRetryRequest()
}

// pubNow brings the public view's endpoints and times up to date.
func (f *flow) pubNow() {
	f.pub.Client, f.pub.Server = f.addrOf(f.client), f.addrOf(1-f.client)
	f.pub.First, f.pub.Last = f.first, f.last
}

func (f *flow) alert(side uint8, ts time.Time, level, desc byte) {
	if len(f.pub.Alerts) >= maxProblems {
		return
	}
	f.dirty = true
	f.pub.Alerts = append(f.pub.Alerts, Alert{Time: ts, Level: wire.AlertLevel(level), Description: wire.AlertDescription(desc), Decrypted: f.decrypted, side: side})
}

func (f *flow) problem(side uint8, ts time.Time, kind ProblemKind, detail string) {
	if len(f.pub.Problems) >= maxProblems {
		f.pub.ProblemsDropped++
		return
	}
	f.pub.Problems = append(f.pub.Problems, Problem{Kind: kind, Time: ts, Detail: detail, side: side})
	f.msgBytes += len(detail)
	f.dirty = true
}

// finalize fixes the public view: endpoints and directions by role.
func (f *flow) finalize(why EndReason) {
	for s := uint8(0); s < 2; s++ {
		f.tls[s].end(f, s)
		f.dtlsDeliver(s, f.last, true)
		f.dtls[s].release()
	}
	f.pub.End = why
	f.pubNow()
	f.decryptionDone()
	// Roles may have been fixed after the first messages were recorded
	// (a capture started mid-handshake): directions follow the final roles.
	for i := range f.pub.Messages {
		f.pub.Messages[i].Dir = f.dir(f.pub.Messages[i].side)
	}
	for i := range f.pub.Alerts {
		f.pub.Alerts[i].Dir = f.dir(f.pub.Alerts[i].side)
	}
	for i := range f.pub.InnerHellos {
		f.pub.InnerHellos[i].Dir = f.dir(f.pub.InnerHellos[i].side)
	}
	for i := range f.pub.Problems {
		f.pub.Problems[i].Dir = f.dir(f.pub.Problems[i].side)
	}
	for s := uint8(0); s < 2; s++ {
		d := f.dir(s)
		f.pub.Encrypted[d] = Counts{Records: f.tls[s].encRecords + f.dtls[s].encRecords, Bytes: f.tls[s].encBytes + f.dtls[s].encBytes}
		f.pub.MissingBytes[d] = f.half[s].missing
		f.pub.Retransmitted[d] = f.half[s].retrans
	}
	f.release()
}

// release drops buffers once the flow is reported.
func (f *flow) release() {
	for s := range f.half {
		f.half[s].pending = nil
		f.tls[s].release(&f.env.pools)
	}
	f.preamble = preambleState{}
	f.quic = nil
}

// finDone reports whether side's stream has been read up to its FIN.
func (f *flow) finDone(side uint8) bool {
	hc := &f.half[side]
	return !hc.started || f.tls[side].state == stIgnore || seqDiff(hc.next, f.finSeq[side]) >= 0
}
