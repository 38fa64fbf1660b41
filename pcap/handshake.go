package pcap

import (
	"slices"

	"github.com/tlswire/tlswire/wire"
)

// The end of a handshake, for Options.OnHandshakeDone: live consumers
// show a flow when its handshake is over instead of when the connection
// ends.
//
// A handshake is over when protected records have been seen in both
// directions (TLS 1.2: each side's Finished; TLS 1.3: the server's flight
// and the client's Finished; the records package pcap counts without
// decrypting), when a fatal alert was seen in the clear, or, for QUIC,
// whose later packets package pcap does not follow, when the ServerHello
// (not a HelloRetryRequest) has been seen.

// checkHandshakeDone calls Options.OnHandshakeDone with a snapshot the
// first time the flow's handshake is over. It runs after every packet of
// the flow when the option is set.
func (f *flow) checkHandshakeDone() {
	if f.handshakeDone || f.reported || f.pub.Protocol == "" || !f.handshakeOver() {
		return
	}
	f.handshakeDone = true
	f.env.onDone(f.snapshot())
}

// handshakeOver reports whether the handshake has completed or failed.
func (f *flow) handshakeOver() bool {
	if f.tls[0].encRecords+f.dtls[0].encRecords > 0 && f.tls[1].encRecords+f.dtls[1].encRecords > 0 {
		return true
	}
	for _, a := range f.pub.Alerts {
		if a.Level == wire.AlertLevelFatal {
			return true
		}
	}
	if f.pub.Protocol == ProtocolQUIC {
		for i := range f.pub.Messages {
			m := &f.pub.Messages[i]
			if m.Type == wire.TypeServerHello && f.dir(m.side) == ServerToClient && !isHRRMessage(m.Raw) {
				return true
			}
		}
	}
	return false
}

// isHRRMessage reports whether a QUIC ServerHello (4-byte header) carries
// the HelloRetryRequest random (RFC 8446 §4.1.3).
func isHRRMessage(raw []byte) bool {
	const off = 4 + 2 // header, legacy_version
	return len(raw) >= off+32 && string(raw[off:off+32]) == string(wire.HelloRetryRequestRandom[:])
}

// snapshot returns a copy of the public view as it stands: endpoints,
// times, directions and protected record counts current, the messages,
// alerts and problems so far copied (their Raw and Detail shared: the
// Reader never writes them again), End empty.
func (f *flow) snapshot() *Flow {
	f.pubNow()
	s := f.pub
	s.Messages = slices.Clone(f.pub.Messages)
	s.Alerts = slices.Clone(f.pub.Alerts)
	s.Problems = slices.Clone(f.pub.Problems)
	for i := range s.Messages {
		s.Messages[i].Dir = f.dir(s.Messages[i].side)
	}
	for i := range s.Alerts {
		s.Alerts[i].Dir = f.dir(s.Alerts[i].side)
	}
	for i := range s.Problems {
		s.Problems[i].Dir = f.dir(s.Problems[i].side)
	}
	for side := uint8(0); side < 2; side++ {
		d := f.dir(side)
		s.Encrypted[d] = Counts{Records: f.tls[side].encRecords + f.dtls[side].encRecords, Bytes: f.tls[side].encBytes + f.dtls[side].encBytes}
		s.MissingBytes[d] = f.half[side].missing
		s.Retransmitted[d] = f.half[side].retrans
	}
	s.End = ""
	return &s
}
