package pcap

import (
	"time"

	"github.com/tlswire/tlswire/wire"
)

// QUIC hook. A UDP flow whose first interesting datagram is a QUIC long
// header packet (see quicLongHeader) gets Protocol "quic", and every
// long-header datagram of it, in capture order, is handed to quicInitial.
//
// quicInitial is provided by pcap/quic.go (QUIC Initial decryption,
// RFC 9001 §5.2), which sets it from an init function:
//
//	func init() { quicInitial = decodeQUICInitial }
//
// Contract:
//   - st is the flow's QUIC state as returned by the previous call (nil on
//     the first); the returned value is stored in the flow and passed back
//     next time. It is dropped when the flow ends.
//   - datagram is the whole UDP payload (possibly several coalesced QUIC
//     packets, RFC 9000 §12.2). It aliases the Reader's packet buffer and
//     is valid only during the call: copy what must be kept.
//   - fromClient is the direction under the flow's current role guess (the
//     sender of the first datagram is the client until a ClientHello says
//     otherwise).
//   - For each complete TLS handshake message found in CRYPTO frames
//     (4-byte header and body), call sink.Message; for decryption or
//     framing failures call sink.Problem. Never panic on any input, and
//     bound buffering by sink.Limits().
//
// While quicInitial is nil, QUIC flows are reported with a single
// ProblemUnsupported and no messages.
var quicInitial func(st quicState, datagram []byte, fromClient bool, sink *quicSink) quicState

// quicState is the per-flow state owned by the QUIC decoder.
type quicState any

// quicSink receives what the QUIC decoder finds in one datagram.
type quicSink struct {
	f    *flow
	side uint8
	ts   time.Time
}

// Message records one complete TLS handshake message (copied).
func (s *quicSink) Message(raw []byte) {
	if len(raw) < 4 {
		return
	}
	s.f.message(s.side, s.ts, handshakeTypeOf(raw), raw, false)
}

// Problem records a problem on the flow.
func (s *quicSink) Problem(kind ProblemKind, detail string) {
	s.f.problem(s.side, s.ts, kind, detail)
}

// Limits returns the Reader's limits (MaxMessageSize and
// MaxBufferedPerFlow bound the CRYPTO stream reassembly).
func (s *quicSink) Limits() Limits { return s.f.r.lim }

// Time is the capture time of the datagram.
func (s *quicSink) Time() time.Time { return s.ts }

func handshakeTypeOf(raw []byte) wire.HandshakeType { return wire.HandshakeType(raw[0]) }
