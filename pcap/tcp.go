package pcap

import (
	"bytes"
	"strconv"
	"time"

	"github.com/gopacket/gopacket/layers"
)

// TCP reassembly, one halfConn per direction. Sequence numbers compare in
// serial arithmetic (RFC 1982), so a stream may wrap around 2^32. In-order
// data is handed to the direction's tlsStream without copying; only
// out-of-order segments are copied, up to MaxBufferedPerFlow bytes.

// seqDiff is a-b in serial arithmetic.
func seqDiff(a, b uint32) int32 { return int32(a - b) }

// maxPendingSegments bounds the out-of-order segments kept per direction,
// so that a stream of tiny reordered segments cannot make insertion
// quadratic in MaxBufferedPerFlow.
const maxPendingSegments = 4096

type segment struct {
	seq  uint32
	data []byte
}

type halfConn struct {
	started  bool
	synSeen  bool
	isn      uint32
	next     uint32    // next expected sequence number
	pending  []segment // out-of-order segments, sorted by seq, not overlapping
	buffered int
	ackValid bool   // the peer has acknowledged something
	acked    uint32 // highest acknowledgment from the peer
	missing  uint64
	retrans  uint64
	overlaps int
}

// segment handles one TCP segment from side.
func (f *flow) segment(side uint8, h *layers.TCP, payload []byte, missing int, ts time.Time) {
	hc := &f.half[side]
	seq := h.Seq
	if h.SYN {
		if !hc.synSeen {
			hc.synSeen, hc.isn = true, seq
			if !hc.started {
				hc.started, hc.next = true, seq+1
			}
		}
		seq++ // data in a SYN (TCP Fast Open) follows the SYN's sequence number
		missing = 0
	}
	if h.ACK {
		// An acknowledgment from side covers the other side's stream.
		o := &f.half[1-side]
		if !o.ackValid || seqDiff(h.Ack, o.acked) > 0 {
			o.ackValid, o.acked = true, h.Ack
		}
		if o.started && len(o.pending) > 0 && seqDiff(o.acked, o.pending[0].seq) >= 0 {
			// The receiver had bytes we never saw: they will not come
			// (a capture that shows an ACK before the data it covers
			// loses that data instead: the usual trade-off of passive
			// reassembly, which waits no longer than the receiver).
			f.skipTo(1-side, o.pending[0].seq, ts)
		}
	}
	if len(payload) == 0 && missing == 0 {
		return
	}
	st := &f.tls[side]
	if st.state == stIgnore {
		f.env.stats.PacketsIgnored++
		return
	}
	if !hc.started {
		if !plausibleStart(payload) {
			f.env.stats.TCPSegmentsNoStart++
			return
		}
		hc.started, hc.next = true, seq
		f.problem(side, ts, ProblemMidFlow, "no SYN: stream read from sequence "+strconv.FormatUint(uint64(seq), 10))
	}
	f.addSegment(side, seq, payload, missing, ts)
}

// addSegment delivers or buffers data at seq; missing bytes follow data in
// sequence space but were not captured (snap length).
func (f *flow) addSegment(side uint8, seq uint32, data []byte, missing int, ts time.Time) {
	hc := &f.half[side]
	d := seqDiff(seq, hc.next)
	if d > 0 && hc.ackValid && seqDiff(hc.acked, seq) >= 0 {
		// Everything before seq was acknowledged but never captured.
		f.skipTo(side, seq, ts)
		d = 0
	}
	if d <= 0 {
		old := -int(d) // widen first: -d overflows int32 when d is -2^31
		if old >= len(data)+missing {
			hc.retrans++
			return
		}
		if old >= len(data) {
			missing -= old - len(data)
			data = nil
		} else {
			data = data[old:]
		}
		f.deliver(side, data, ts)
		if missing > 0 {
			hc.missing += uint64(missing)
			hc.next += uint32(missing)
			f.tls[side].gap(f, side, missing, ts)
		}
		f.drain(side, ts)
		return
	}
	if len(data) == 0 {
		return // only uncaptured bytes: a later gap covers them
	}
	f.buffer(side, seq, data, ts)
	if hc.buffered > f.env.lim.MaxBufferedPerFlow || len(hc.pending) > maxPendingSegments {
		f.problem(side, ts, ProblemLimit, "MaxBufferedPerFlow: out-of-order data exceeds "+strconv.Itoa(f.env.lim.MaxBufferedPerFlow)+
			" bytes or "+strconv.Itoa(maxPendingSegments)+" segments")
		f.skipTo(side, hc.pending[0].seq, ts)
	}
}

func (f *flow) deliver(side uint8, data []byte, ts time.Time) {
	if len(data) == 0 {
		return
	}
	f.half[side].next += uint32(len(data))
	f.tls[side].feed(f, side, data, ts)
}

// drain delivers buffered segments that are now in order.
func (f *flow) drain(side uint8, ts time.Time) {
	hc := &f.half[side]
	for len(hc.pending) > 0 {
		p := hc.pending[0]
		d := seqDiff(p.seq, hc.next)
		if d > 0 {
			return
		}
		hc.pending = hc.pending[1:]
		hc.buffered -= len(p.data)
		if old := -int(d); old < len(p.data) { // widen first, as in addSegment
			f.deliver(side, p.data[old:], ts)
		}
	}
	if hc.pending != nil {
		f.dirty = true
	}
	hc.pending = nil // let the backing array go
}

// skipTo declares the bytes from next to seq missing and drains.
func (f *flow) skipTo(side uint8, seq uint32, ts time.Time) {
	hc := &f.half[side]
	n := seqDiff(seq, hc.next)
	if n <= 0 {
		f.drain(side, ts)
		return
	}
	hc.next = seq
	hc.missing += uint64(n)
	f.tls[side].gap(f, side, int(n), ts)
	f.drain(side, ts)
}

// buffer stores an out-of-order segment. The first copy of a byte wins:
// the parts of data already buffered are dropped, and compared.
func (f *flow) buffer(side uint8, seq uint32, data []byte, ts time.Time) {
	hc := &f.half[side]
	conflict := false
	for len(data) > 0 {
		// Find the first pending segment ending after seq.
		i := 0
		for i < len(hc.pending) && seqDiff(hc.pending[i].seq+uint32(len(hc.pending[i].data)), seq) <= 0 {
			i++
		}
		n := len(data)
		if i < len(hc.pending) {
			p := hc.pending[i]
			if d := seqDiff(p.seq, seq); d <= 0 {
				// seq lies inside p: compare and skip the overlap.
				off := -int(d) // widen first, as in addSegment
				k := min(len(p.data)-off, len(data))
				if !bytes.Equal(p.data[off:off+k], data[:k]) {
					conflict = true
				}
				seq += uint32(k)
				data = data[k:]
				continue
			} else if int(d) < n {
				n = int(d)
			}
		}
		piece := segment{seq: seq, data: append([]byte(nil), data[:n]...)}
		hc.pending = append(hc.pending, segment{})
		copy(hc.pending[i+1:], hc.pending[i:])
		hc.pending[i] = piece
		hc.buffered += n
		f.dirty = true
		seq += uint32(n)
		data = data[n:]
	}
	if conflict {
		hc.overlaps++
		if hc.overlaps == 1 {
			f.problem(side, ts, ProblemOverlap, "retransmitted bytes differ from the first copy (first copy kept)")
		}
	}
}

// flushAll delivers everything buffered, declaring the holes missing.
func (f *flow) flushAll(ts time.Time) {
	for s := uint8(0); s < 2; s++ {
		hc := &f.half[s]
		for len(hc.pending) > 0 {
			f.skipTo(s, hc.pending[0].seq, ts)
		}
	}
}

// plausibleStart reports whether a segment seen without a SYN may start
// the stream: a TLS or SSLv2 record header, or the opening of a preamble.
func plausibleStart(b []byte) bool {
	if recordHeaderOK(b, true) {
		return true
	}
	if _, _, ok := sslv2Header(b); ok {
		return true
	}
	return preambleOpening(b)
}
