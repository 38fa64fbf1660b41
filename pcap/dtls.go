package pcap

import (
	"encoding/hex"
	"errors"
	"github.com/tlswire/tlswire/decrypt"
	"strconv"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// DTLS over UDP (RFC 6347 §4.1, RFC 9147 §4): every datagram holds whole
// records; handshake messages may be fragmented across records and are
// retransmitted as whole flights.
//
// Records and handshake fragments are parsed by wire.ParseDTLSRecord and
// wire.ParseDTLSHandshake. The reassembly is this package's rather than
// wire.Reassembler's: a capture needs to give up on a lost message and
// deliver the later ones (with a gap problem), which a protocol endpoint's
// in-order window does not do.

const (
	dtlsRecordHeaderLen    = 13
	dtlsHandshakeHeaderLen = 12
)

// dtlsRecordOK reports whether b starts with a plausible DTLS plaintext
// record header (type 20-26, a DTLS version) whose length fits in b.
func dtlsRecordOK(b []byte) bool {
	if len(b) < dtlsRecordHeaderLen || b[0] < 20 || b[0] > 26 {
		return false
	}
	v := uint16(b[1])<<8 | uint16(b[2])
	if v != wire.VersionDTLS10 && v != wire.VersionDTLS12 && v != wire.VersionDTLS13 && v != wire.VersionDTLS10OpenSSLPre {
		return false
	}
	n := int(b[11])<<8 | int(b[12])
	return dtlsRecordHeaderLen+n <= len(b)
}

// udpKind classifies the first interesting datagram of a UDP flow.
// It returns "" for anything else.
func udpKind(b []byte) Protocol {
	if dtlsRecordOK(b) && b[0] == byte(wire.ContentHandshake) {
		return ProtocolDTLS
	}
	// A QUIC flow starts at a client Initial: an Initial packet in a
	// datagram of at least 1200 bytes (RFC 9000 §14.1), which server
	// Initials need not be.
	if _, ok := quicClientInitialDCID(b); ok && len(b) >= 1200 {
		return ProtocolQUIC
	}
	return ""
}

// dtlsStream reassembles the handshake messages of one DTLS direction.
// Messages are delivered in message_seq order; fragments of later
// messages are kept (bounded) while an earlier one is incomplete.
type dtlsStream struct {
	nextSeq    int // next message_seq to deliver; -1 before the first
	msgs       map[int]*dtlsMsg
	buffered   int
	encRecords uint64
	encBytes   uint64
	init       bool
}

// maxDTLSPending bounds the messages held per direction.
const maxDTLSPending = 32

// dtlsMsg is a message being reassembled: body grows as contiguous
// fragments arrive (never sized from the length field alone).
type dtlsMsg struct {
	typ    byte
	length int
	body   []byte
	later  []dtlsFrag // fragments past the contiguous prefix
}

type dtlsFrag struct {
	off  int
	data []byte
}

func (m *dtlsMsg) complete() bool { return len(m.body) == m.length }

// held returns the bytes the message holds: its contiguous body and the
// fragments past it.
func (m *dtlsMsg) held() int {
	n := len(m.body)
	for _, fr := range m.later {
		n += len(fr.data)
	}
	return n
}

func (d *dtlsStream) release() { d.msgs, d.buffered = nil, 0 }

// datagram handles one UDP payload of a DTLS or QUIC flow.
func (f *flow) datagram(side uint8, b []byte, ts time.Time) {
	f.dirty = true // reassembly buffers of DTLS or QUIC may change
	if f.pub.Protocol == "" {
		kind := udpKind(b)
		if kind == "" {
			f.env.stats.PacketsIgnored++
			return
		}
		f.setProtocol(kind)
	}
	switch f.pub.Protocol {
	case ProtocolQUIC:
		f.quicDatagram(side, b, ts)
	case ProtocolDTLS:
		f.dtlsDatagram(side, b, ts)
	}
}

// quicDatagram hands a datagram of a QUIC flow to its Initial decoder
// (pcap/quic.go) and records the handshake messages it completes.
func (f *flow) quicDatagram(side uint8, b []byte, ts time.Time) {
	if f.quic == nil {
		f.quic = new(QUICInitialDecoder)
	}
	fromClient := f.dir(side) == ClientToServer
	if err := f.quic.HandleDatagram(b, fromClient); err != nil {
		kind := ProblemMalformed
		if errors.Is(err, ErrQUICUnsupportedVersion) {
			kind = ProblemUnsupported
		} else if errors.Is(err, decrypt.ErrAuthentication) || errors.Is(err, decrypt.ErrNoKey) {
			kind = ProblemDecrypt // a Handshake packet (quic_decrypt.go)
		}
		f.problem(side, ts, kind, "QUIC: "+err.Error())
	}
	f.quicMessages(ts, f.quic.NextMessage)
	if f.quicKeys(side, ts) {
		// The keys came with this datagram's ServerHello: its Handshake
		// packets (coalesced after the Initial) are opened now.
		f.quic.hs.redo = true
		if err := f.quic.HandleDatagram(b, fromClient); err != nil {
			f.problem(side, ts, ProblemDecrypt, "QUIC: "+err.Error())
		}
		f.quic.hs.redo = false
		f.quic.stats.Datagrams--
	}
	if f.quic.hs != nil {
		f.decrypted = true
		f.quicMessages(ts, f.quic.nextDecrypted)
		f.decrypted = false
	}
}

// quicMessages records the messages next completes. They come out per
// direction in stream order; roles may only change with the first
// message, so the side is resolved per message.
func (f *flow) quicMessages(ts time.Time, next func(fromClient bool) ([]byte, bool)) {
	for _, c := range [2]bool{true, false} {
		s := f.client
		if !c {
			s = 1 - f.client
		}
		for {
			m, ok := next(c)
			if !ok || len(m) < 4 {
				break
			}
			f.message(s, ts, wire.HandshakeType(m[0]), m, false)
		}
	}
}

func (f *flow) dtlsDatagram(side uint8, b []byte, ts time.Time) {
	d := &f.dtls[side]
	if !d.init {
		d.init, d.nextSeq = true, -1
	}
	if len(b) > 0 && (b[0] < 20 || b[0] > 63) {
		// Not DTLS: STUN, ZRTP, TURN channel data or RTP/RTCP sharing the
		// 5-tuple, told apart by the first byte (RFC 7983 §7).
		return
	}
	for len(b) > 0 {
		if wire.IsDTLSUnifiedHeader(b[0]) || b[0] == byte(wire.ContentTLS12CID) {
			// DTLS 1.3 unified header (RFC 9147 §4) or a tls12_cid record
			// (RFC 9146): always protected, and framed with a connection ID
			// whose negotiated length a passive reader does not know, so
			// the rest of the datagram is counted as this one record.
			d.encRecords++
			d.encBytes += uint64(len(b))
			return
		}
		if !dtlsRecordOK(b) {
			f.problem(side, ts, ProblemMalformed, "implausible DTLS record header "+hex.EncodeToString(b[:min(len(b), dtlsRecordHeaderLen)]))
			return
		}
		rec, n, err := wire.ParseDTLSRecord(b, 0)
		if err != nil {
			f.problem(side, ts, ProblemMalformed, err.Error())
			return
		}
		b = b[n:]
		switch body := rec.Payload; {
		case rec.Epoch != 0 || rec.ContentType == wire.ContentApplicationData:
			d.encRecords++
			d.encBytes += uint64(len(body))
		case rec.ContentType == wire.ContentHandshake:
			f.dtlsHandshake(side, body, ts)
		case rec.ContentType == wire.ContentAlert && len(body) == 2:
			f.alert(side, ts, body[0], body[1])
		}
		// A ChangeCipherSpec needs no state: protected records carry a
		// non-zero epoch (RFC 6347 §4.1).
	}
}

// dtlsHandshake handles the handshake fragments of one epoch-0 record.
func (f *flow) dtlsHandshake(side uint8, b []byte, ts time.Time) {
	d := &f.dtls[side]
	for len(b) > 0 {
		h, frag, n, err := wire.ParseDTLSHandshake(b)
		if err != nil {
			f.problem(side, ts, ProblemMalformed, err.Error())
			return
		}
		b = b[n:]
		typ, length, seq, off := byte(h.MsgType), int(h.Length), int(h.MessageSeq), int(h.FragmentOffset)
		flen := len(frag)
		if d.nextSeq < 0 {
			d.nextSeq = seq
		}
		if seq < d.nextSeq {
			continue // retransmission of a message already delivered
		}
		if length > f.env.lim.MaxMessageSize {
			if seq == d.nextSeq && off == 0 {
				f.problem(side, ts, ProblemLimit, "DTLS handshake message of "+strconv.Itoa(length)+" bytes exceeds MaxMessageSize; skipped")
				if m := d.msgs[seq]; m != nil {
					d.buffered -= m.held()
				}
				delete(d.msgs, seq)
				d.nextSeq++
				f.dtlsDeliver(side, ts, false)
			}
			continue
		}
		m := d.msgs[seq]
		if m == nil {
			if len(d.msgs) >= maxDTLSPending || d.buffered+flen > f.env.lim.MaxBufferedPerFlow {
				f.problem(side, ts, ProblemLimit, "DTLS messages pending beyond the limits; earlier ones given up")
				f.dtlsDeliver(side, ts, true)
			}
			if d.msgs == nil {
				d.msgs = make(map[int]*dtlsMsg)
			}
			m = &dtlsMsg{typ: typ, length: length}
			d.msgs[seq] = m
		}
		if m.typ != typ || m.length != length {
			f.problem(side, ts, ProblemMalformed, "DTLS fragments of message "+strconv.Itoa(seq)+" disagree on type or length")
			continue
		}
		if d.buffered+flen > f.env.lim.MaxBufferedPerFlow {
			f.problem(side, ts, ProblemLimit, "DTLS fragments beyond MaxBufferedPerFlow; fragment dropped")
			continue
		}
		before := m.held()
		m.addFragment(off, frag)
		d.buffered += m.held() - before
		f.dtlsDeliver(side, ts, false)
	}
}

// dtlsDeliver emits the messages complete in order. With force, missing
// messages are given up: the complete ones after them are emitted after a
// gap problem, incomplete ones are dropped.
func (f *flow) dtlsDeliver(side uint8, ts time.Time, force bool) {
	d := &f.dtls[side]
	for len(d.msgs) > 0 {
		m := d.msgs[d.nextSeq]
		if m == nil || !m.complete() {
			if !force {
				return
			}
			next := -1
			for seq, m := range d.msgs {
				if m.complete() && (next < 0 || seq < next) {
					next = seq
				}
			}
			if next < 0 {
				f.problem(side, ts, ProblemTruncated, "DTLS handshake message "+strconv.Itoa(d.nextSeq)+" incomplete")
				d.release()
				return
			}
			f.problem(side, ts, ProblemGap, "DTLS handshake messages "+strconv.Itoa(d.nextSeq)+" to "+strconv.Itoa(next-1)+" missing")
			for seq := range d.msgs {
				if seq < next {
					d.buffered -= d.msgs[seq].held()
					delete(d.msgs, seq)
				}
			}
			d.nextSeq = next
			continue
		}
		seq := d.nextSeq
		h := wire.DTLSHandshakeHeader{MsgType: wire.HandshakeType(m.typ), Length: uint32(m.length), MessageSeq: uint16(seq), FragmentLength: uint32(m.length)}
		raw, err := wire.AppendDTLSHandshake(make([]byte, 0, dtlsHandshakeHeaderLen+m.length), h, m.body)
		d.buffered -= m.held()
		delete(d.msgs, seq)
		d.nextSeq++
		if err != nil { // cannot happen: the body is complete, its length a uint24
			f.problem(side, ts, ProblemMalformed, err.Error())
			continue
		}
		f.message(side, ts, wire.HandshakeType(m.typ), raw, false)
	}
}

// addFragment merges a fragment into the contiguous body (first copy wins).
func (m *dtlsMsg) addFragment(off int, data []byte) {
	if off > len(m.body) {
		if len(m.later) < 64 {
			m.later = append(m.later, dtlsFrag{off: off, data: append([]byte(nil), data...)})
		}
		return
	}
	if end := off + len(data); end > len(m.body) {
		m.body = append(m.body, data[len(m.body)-off:]...)
	}
	for progress := true; progress; {
		progress = false
		for i := 0; i < len(m.later); i++ {
			fr := m.later[i]
			if fr.off <= len(m.body) {
				if end := fr.off + len(fr.data); end > len(m.body) {
					m.body = append(m.body, fr.data[len(m.body)-fr.off:]...)
				}
				m.later = append(m.later[:i], m.later[i+1:]...)
				progress = true
				i--
			}
		}
	}
}
