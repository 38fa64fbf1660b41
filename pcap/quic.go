package pcap

import (
	"bytes"
	"errors"
	"slices"
	"unsafe"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/wire"
)

// Causes specific to QUIC Initial decoding, carried in a *wire.Error
// (test with errors.Is). Structural problems use the wire sentinels
// (wire.ErrTruncated, wire.ErrLength, wire.ErrTooLarge, wire.ErrValue).
var (
	// ErrQUICUnsupportedVersion: a long header packet carries a version
	// whose Initial packets cannot be decrypted (not QUICVersion1,
	// QUICVersion2, nor a draft version 23 to 32). The rest of the
	// datagram is skipped.
	ErrQUICUnsupportedVersion = errors.New("unsupported QUIC version")
	// ErrQUICNoKeys: a server Initial packet arrived before any client
	// Initial packet, so the client's Destination Connection ID that keys
	// the Initial secrets (RFC 9001 §5.2) is unknown.
	ErrQUICNoKeys = errors.New("no client Initial seen: Initial keys unknown")
	// ErrQUICDecrypt: removing packet protection failed (the AEAD tag did
	// not verify): the packet was corrupted, forged, or protected with
	// keys from another Destination Connection ID.
	ErrQUICDecrypt = errors.New("QUIC Initial packet authentication failed")
	// ErrQUICFrameType: a decrypted Initial packet holds a frame type that
	// RFC 9000 §17.2.2 does not allow in Initial packets. Frames before it
	// were processed; the rest of the packet is ignored.
	ErrQUICFrameType = errors.New("frame type not allowed in Initial packets")
)

// QUICMaxCryptoStream bounds the reassembled CRYPTO stream of each
// direction at the Initial encryption level: data beyond this stream
// offset is rejected with wire.ErrTooLarge. The Initial level carries only
// the ClientHello (twice with a HelloRetryRequest) and the ServerHello, so
// 64 KiB leaves ample room for large post-quantum key shares. Memory
// follows the bytes received, never past this bound per direction.
const QUICMaxCryptoStream = 64 << 10

// quicMaxCryptoRanges bounds the number of runs of bytes kept past a hole
// per direction, so that hostile fragmentation cannot make reassembly
// quadratic.
const quicMaxCryptoRanges = 256

// quicMaxCIDLen is the longest connection ID allowed in versions 1 and 2
// (RFC 9000 §17.2).
const quicMaxCIDLen = 20

// quicPacketType is the version-independent kind of a long header packet.
type quicPacketType uint8

const (
	quicInitial quicPacketType = iota
	quic0RTT
	quicHandshake
	quicRetry
)

// quicLongType maps the two Long Packet Type bits of the first byte to a
// packet kind: RFC 9000 §17.2 for version 1; RFC 9369 §3.2 rotates them
// for version 2 (Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00).
func quicLongType(version uint32, first byte) quicPacketType {
	bits := first >> 4 & 3
	if version == QUICVersion2 {
		bits = (bits + 3) & 3
	}
	return quicPacketType(bits)
}

// isQUICLongHeader reports whether a UDP payload starts with a QUIC long
// header packet (RFC 9000 §17.2) of a version whose Initial packets can be
// decrypted, with well-formed connection ID lengths. It is meant for
// sniffing UDP flows on any port and does not allocate.
func isQUICLongHeader(payload []byte) bool {
	if len(payload) < 7 || payload[0]&0xc0 != 0xc0 {
		return false
	}
	v := uint32(payload[1])<<24 | uint32(payload[2])<<16 | uint32(payload[3])<<8 | uint32(payload[4])
	if !quicSupportedVersion(v) {
		return false
	}
	dl := int(payload[5])
	if dl > quicMaxCIDLen || len(payload) < 7+dl {
		return false
	}
	sl := int(payload[6+dl])
	return sl <= quicMaxCIDLen && len(payload) >= 7+dl+sl
}

// quicClientInitialDCID returns the Destination Connection ID of the first
// packet of a datagram when it is an Initial packet of a supported
// version: the key under which a capture reader looks up the connection's
// QUICInitialDecoder. The result aliases payload.
func quicClientInitialDCID(payload []byte) ([]byte, bool) {
	if !isQUICLongHeader(payload) {
		return nil, false
	}
	v := uint32(payload[1])<<24 | uint32(payload[2])<<16 | uint32(payload[3])<<8 | uint32(payload[4])
	if quicLongType(v, payload[0]) != quicInitial {
		return nil, false
	}
	dl := int(payload[5])
	return payload[6 : 6+dl], true
}

// quicVarint decodes a variable-length integer (RFC 9000 §16). n is 0 when
// b is too short.
func quicVarint(b []byte) (v uint64, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	n = 1 << (b[0] >> 6)
	if len(b) < n {
		return 0, 0
	}
	v = uint64(b[0] & 0x3f)
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n
}

// quicReader reads QUIC fields from a slice, recording the first failure
// as a *wire.Error whose offset is relative to the start of the datagram.
type quicReader struct {
	b    []byte
	pos  int    // position in b
	base int    // offset of b[0] in the datagram
	msg  string // structure name for errors
	err  error
}

func (r *quicReader) fail(field string, cause error) bool {
	if r.err == nil {
		r.err = &wire.Error{Message: r.msg, Field: field, Offset: r.base + r.pos, Err: cause}
	}
	return false
}

func (r *quicReader) u8(field string, v *byte) bool {
	if r.pos >= len(r.b) {
		return r.fail(field, wire.ErrTruncated)
	}
	*v = r.b[r.pos]
	r.pos++
	return true
}

func (r *quicReader) u32(field string, v *uint32) bool {
	if len(r.b)-r.pos < 4 {
		return r.fail(field, wire.ErrTruncated)
	}
	b := r.b[r.pos:]
	*v = uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	r.pos += 4
	return true
}

func (r *quicReader) varint(field string, v *uint64) bool {
	x, n := quicVarint(r.b[r.pos:])
	if n == 0 {
		return r.fail(field, wire.ErrTruncated)
	}
	*v, r.pos = x, r.pos+n
	return true
}

// bytes reads n bytes, n coming from a length field: it fails with
// ErrLength when fewer remain.
func (r *quicReader) bytes(field string, n uint64, v *[]byte) bool {
	if n > uint64(len(r.b)-r.pos) {
		return r.fail(field, wire.ErrLength)
	}
	*v = r.b[r.pos : r.pos+int(n) : r.pos+int(n)]
	r.pos += int(n)
	return true
}

// cid reads a connection ID with its one-byte length (RFC 9000 §17.2).
func (r *quicReader) cid(field string, v *[]byte) bool {
	var n byte
	if !r.u8(field, &n) {
		return false
	}
	if n > quicMaxCIDLen {
		r.pos--
		return r.fail(field, wire.ErrTooLarge)
	}
	return r.bytes(field, uint64(n), v)
}

// QUICConnectionClose is the content of a CONNECTION_CLOSE frame of type
// 0x1c (RFC 9000 §19.19) seen in an Initial packet. (Type 0x1d, an
// application error, is not allowed in Initial packets: RFC 9000 §12.5.)
type QUICConnectionClose struct {
	// ErrorCode is the Error Code field, a transport error code (RFC 9000 §20.1).
	ErrorCode uint64
	// FrameType is the Frame Type field: the type of the frame that
	// triggered the error, 0 when unknown.
	FrameType uint64
	// Reason is the Reason Phrase (UTF-8 by definition, not checked here).
	// It is a copy owned by the decoder, valid until the next close frame
	// in the same direction or Reset.
	Reason []byte
}

// quicDirection is the decoding state of one direction of a connection.
type quicDirection struct {
	keys      quicKeys
	largestPN int64 // -1 until a packet has been decrypted
	crypto    quicCryptoStream
	close     QUICConnectionClose
	haveClose bool
}

// QUICInitialDecoder removes the protection of the Initial packets of one
// QUIC connection (RFC 9001 §5) and reassembles the TLS handshake messages
// carried in their CRYPTO frames (RFC 9000 §19.6), for versions 1 (RFC
// 9000, RFC 9001) and 2 (RFC 9369), and for the drafts 23 to 32 that
// share the version 1 Initial packet format (0xff000017 to 0xff000020,
// with their own salts). A capture reader keeps one decoder per
// connection, in practice per UDP flow whose first datagram is a client
// Initial (quicClientInitialDCID recognizes one and returns the
// Destination Connection ID that identifies the connection), and feeds it
// every UDP payload of the flow in capture order.
//
// The Initial keys of both directions are derived from the Destination
// Connection ID of the first client Initial packet, and again from the new
// one after a Retry (RFC 9001 §5.2). A Version Negotiation packet from the
// server ends the connection attempt (RFC 9000 §6.2): the next client
// Initial starts a new one, with new keys and new CRYPTO streams (messages
// returned before stay valid). Server packets that arrive before any
// client Initial cannot be decrypted (ErrQUICNoKeys). Handshake, 0-RTT
// and short header packets are counted and skipped: their keys come from
// the TLS handshake and are unknown to a passive observer.
//
// After the keys are derived, decoding allocates nothing apart from the
// growth of the reassembly buffers and of a scratch copy of the largest
// packet seen. The zero value is ready to use.
type QUICInitialDecoder struct {
	dir [2]quicDirection // [0] client to server, [1] server to client

	dcid    [quicMaxCIDLen]byte // client's original (or post-Retry) DCID
	dcidLen int
	keyed   bool
	init    bool // largestPN fields set

	retry    [quicMaxCIDLen]byte // Source Connection ID of a Retry
	retryLen int
	retried  bool

	hs *quicHandshakeLevel // Handshake packets, once keys are set (quic_decrypt.go)

	pkt   []byte // scratch copy of the packet being decrypted
	mask  [quicSampleLen]byte
	nonce [quicIVLen]byte

	stats QUICStats
}

// QUICStats counts what a QUICInitialDecoder has seen.
type QUICStats struct {
	Datagrams          int // datagrams passed to HandleDatagram
	InitialPackets     int // Initial packets decrypted and parsed
	SkippedPackets     int // Handshake, 0-RTT and short header packets (keys unknown)
	HandshakePackets   int // Handshake packets decrypted with key log secrets (pcap.Options.Keys)
	VersionNegotiation int // Version Negotiation packets (RFC 9000 §17.2.1)
	Retry              int // Retry packets (RFC 9000 §17.2.5)
}

// Stats returns the counters of the packets seen so far.
func (d *QUICInitialDecoder) Stats() QUICStats { return d.stats }

// Reset forgets the connection, keeping allocated buffers for reuse.
// Messages returned before are invalidated.
func (d *QUICInitialDecoder) Reset() {
	for i := range d.dir {
		c := &d.dir[i]
		c.keys = quicKeys{}
		c.largestPN = -1
		c.crypto.reset()
		c.close = QUICConnectionClose{Reason: c.close.Reason[:0]}
		c.haveClose = false
	}
	d.dcidLen, d.keyed, d.init = 0, false, true
	d.retryLen, d.retried = 0, false
	d.stats = QUICStats{}
	d.hs = nil
}

// restart forgets the connection attempt after a Version Negotiation
// packet. The reassembly buffers are dropped rather than reused, so that
// messages already returned keep their bytes.
func (d *QUICInitialDecoder) restart() {
	for i := range d.dir {
		d.dir[i] = quicDirection{largestPN: -1}
	}
	d.dcidLen, d.keyed = 0, false
	d.retryLen, d.retried = 0, false
}

// Version returns the QUIC version of the keys used for the last client
// Initial packet decrypted, or 0 when none was.
func (d *QUICInitialDecoder) Version() uint32 { return d.dir[0].keys.version }

// OriginalDCID returns the Destination Connection ID the Initial keys are
// derived from (nil before the first client Initial). It aliases the decoder.
func (d *QUICInitialDecoder) OriginalDCID() []byte {
	if !d.keyed {
		return nil
	}
	return d.dcid[:d.dcidLen]
}

// NextMessage returns the next complete TLS handshake message (with its
// 4-byte header, RFC 8446 §4) reassembled from the CRYPTO frames of the
// given direction, in stream order, or false when the next one is not yet
// complete. The message aliases the decoder's buffer; its bytes never
// change until Reset.
func (d *QUICInitialDecoder) NextMessage(fromClient bool) ([]byte, bool) {
	return d.direction(fromClient).crypto.next()
}

// ConnectionClose returns the last CONNECTION_CLOSE frame seen in an
// Initial packet of the given direction.
func (d *QUICInitialDecoder) ConnectionClose(fromClient bool) (QUICConnectionClose, bool) {
	c := d.direction(fromClient)
	return c.close, c.haveClose
}

func (d *QUICInitialDecoder) direction(fromClient bool) *quicDirection {
	if fromClient {
		return &d.dir[0]
	}
	return &d.dir[1]
}

// HandleDatagram processes one UDP payload of the connection: each
// coalesced QUIC packet (RFC 9000 §12.2) is parsed, Initial packets are
// decrypted and their frames applied, and completed handshake messages
// become available from NextMessage. fromClient tells the direction.
//
// The payload is not modified and not retained. The error, a *wire.Error
// whose Offset is relative to the start of payload, reports the first
// failure; packets after a packet that failed to decrypt are still
// processed when its Length field delimited it.
func (d *QUICInitialDecoder) HandleDatagram(payload []byte, fromClient bool) error {
	if !d.init {
		d.Reset()
	}
	d.stats.Datagrams++
	var first error
	for pos := 0; pos < len(payload); {
		if payload[pos]&0x80 == 0 {
			// A short header packet (RFC 9000 §17.3) extends to the end of
			// the datagram; zero bytes after the last packet also land
			// here. 1-RTT keys are not available to an observer.
			if !quicAllZero(payload[pos:]) && (d.hs == nil || !d.hs.redo) {
				d.stats.SkippedPackets++
			}
			break
		}
		n, err := d.packet(payload[pos:], pos, fromClient)
		if err != nil && first == nil {
			first = err
		}
		if n == 0 {
			break
		}
		pos += n
	}
	return first
}

func quicAllZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// packet handles the long header packet at the start of b, which starts
// at offset base of the datagram. It returns the length of the packet, or
// 0 when the rest of the datagram cannot be delimited.
func (d *QUICInitialDecoder) packet(b []byte, base int, fromClient bool) (int, error) {
	r := quicReader{b: b, base: base, msg: "QUIC long header"}
	var first byte
	var version uint32
	var dcid, scid []byte
	if !r.u8("first byte", &first) || !r.u32("Version", &version) {
		return 0, r.err
	}
	if version == 0 {
		// Version Negotiation (RFC 9000 §17.2.1): not coalesced, nothing
		// to decrypt.
		d.stats.VersionNegotiation++
		if !fromClient && d.keyed {
			d.restart()
		}
		return 0, nil
	}
	if !quicSupportedVersion(version) {
		r.pos -= 4
		r.fail("Version", ErrQUICUnsupportedVersion)
		return 0, r.err
	}
	if !r.cid("Destination Connection ID", &dcid) || !r.cid("Source Connection ID", &scid) {
		return 0, r.err
	}
	typ := quicLongType(version, first)
	if typ == quicRetry {
		// A Retry (RFC 9000 §17.2.5) fills the rest of the datagram. Its
		// Source Connection ID becomes the client's new Destination
		// Connection ID, from which the Initial keys are derived again.
		d.stats.Retry++
		if !fromClient {
			d.retryLen = copy(d.retry[:], scid)
			d.retried = true
		}
		return 0, nil
	}
	if typ == quicInitial {
		var tokenLen uint64
		var token []byte
		if !r.varint("Token Length", &tokenLen) || !r.bytes("Token", tokenLen, &token) {
			return 0, r.err
		}
	}
	lengthAt := r.pos
	var length uint64
	if !r.varint("Length", &length) {
		return 0, r.err
	}
	pnOffset := r.pos
	if length > uint64(len(b)-pnOffset) {
		r.pos = lengthAt
		r.fail("Length", wire.ErrLength)
		return 0, r.err
	}
	size := pnOffset + int(length)
	if d.hs != nil && typ == quicHandshake {
		return size, d.handshakePacket(b[:size], base, pnOffset, fromClient)
	}
	if d.hs != nil && d.hs.redo {
		return size, nil
	}
	if typ != quicInitial {
		d.stats.SkippedPackets++
		return size, nil
	}
	return size, d.initial(b[:size], base, pnOffset, version, dcid, fromClient)
}

// initial removes the protection of the Initial packet pkt (RFC 9001
// §5.4, §5.3) and applies its frames.
func (d *QUICInitialDecoder) initial(pkt []byte, base, pnOffset int, version uint32, dcid []byte, fromClient bool) error {
	c := d.direction(fromClient)
	if fromClient {
		switch {
		case !d.keyed:
			d.dcidLen = copy(d.dcid[:], dcid)
			d.keyed = true
		case d.retried && bytes.Equal(dcid, d.retry[:d.retryLen]) && !bytes.Equal(dcid, d.dcid[:d.dcidLen]):
			// First Initial after a Retry: new keys for both directions.
			d.dcidLen = copy(d.dcid[:], dcid)
			d.dir[0].keys.version, d.dir[1].keys.version = 0, 0
		}
	} else if !d.keyed {
		return &wire.Error{Message: "QUIC Initial", Field: "Destination Connection ID", Offset: base + 6, Err: ErrQUICNoKeys}
	}
	if c.keys.version != version && !c.keys.derive(version, d.dcid[:d.dcidLen], fromClient) {
		return &wire.Error{Message: "QUIC Initial", Field: "Version", Offset: base + 1, Err: ErrQUICUnsupportedVersion}
	}

	// Header protection (RFC 9001 §5.4.2): the sample starts 4 bytes after
	// the start of the Packet Number field, whatever its length.
	if len(pkt) < pnOffset+4+quicSampleLen {
		return &wire.Error{Message: "QUIC Initial", Field: "Packet Number", Offset: base + pnOffset, Err: wire.ErrTruncated}
	}
	d.pkt = append(d.pkt[:0], pkt...)
	p := d.pkt
	c.keys.hp.Encrypt(d.mask[:], p[pnOffset+4:pnOffset+4+quicSampleLen])
	p[0] ^= d.mask[0] & 0x0f // long header: 4 bits protected (RFC 9001 §5.4.1)
	pnLen := int(p[0]&3) + 1
	var truncated uint64
	for i := range pnLen {
		p[pnOffset+i] ^= d.mask[1+i]
		truncated = truncated<<8 | uint64(p[pnOffset+i])
	}
	pn := decrypt.DecodePacketNumber(c.largestPN, truncated, pnLen)

	// Packet protection (RFC 9001 §5.3): nonce = IV xor packet number,
	// AAD = the unprotected header up to the end of the packet number.
	d.nonce = c.keys.iv
	for i := range 8 {
		d.nonce[quicIVLen-1-i] ^= byte(pn >> (8 * i))
	}
	hdrLen := pnOffset + pnLen
	plain, err := c.keys.aead.Open(p[hdrLen:hdrLen], d.nonce[:], p[hdrLen:], p[:hdrLen])
	if err != nil {
		return &wire.Error{Message: "QUIC Initial", Field: "Packet Payload", Offset: base + hdrLen, Err: ErrQUICDecrypt}
	}
	if int64(pn) > c.largestPN {
		c.largestPN = int64(pn)
	}
	d.stats.InitialPackets++
	return d.frames(c, plain, base+hdrLen)
}

// frames applies the frames of a decrypted Initial payload (RFC 9000 §19,
// §17.2.2: PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE).
func (d *QUICInitialDecoder) frames(c *quicDirection, payload []byte, base int) error {
	r := quicReader{b: payload, base: base, msg: "QUIC frame"}
	for r.pos < len(payload) {
		at := r.pos
		var typ uint64
		if !r.varint("Frame Type", &typ) {
			return r.err
		}
		switch typ {
		case 0x00: // PADDING (§19.1): runs of zero bytes
			for r.pos < len(payload) && payload[r.pos] == 0 {
				r.pos++
			}
		case 0x01: // PING (§19.2)
		case 0x02, 0x03: // ACK (§19.3)
			if !r.ack(typ == 0x03) {
				return r.err
			}
		case 0x06: // CRYPTO (§19.6)
			offAt := r.pos
			var off, n uint64
			var data []byte
			if !r.varint("Offset", &off) || !r.varint("Length", &n) || !r.bytes("Crypto Data", n, &data) {
				return r.err
			}
			if err := c.crypto.insert(off, data); err != nil {
				r.pos = offAt
				r.fail("Offset", err)
				return r.err
			}
		case 0x1c: // CONNECTION_CLOSE (§19.19)
			var code, frameType, n uint64
			var reason []byte
			if !r.varint("Error Code", &code) || !r.varint("Frame Type", &frameType) ||
				!r.varint("Reason Phrase Length", &n) || !r.bytes("Reason Phrase", n, &reason) {
				return r.err
			}
			c.close = QUICConnectionClose{
				ErrorCode: code,
				FrameType: frameType,
				Reason:    append(c.close.Reason[:0], reason...),
			}
			c.haveClose = true
		default:
			r.pos = at
			r.fail("Frame Type", ErrQUICFrameType)
			return r.err
		}
	}
	return c.crypto.check()
}

// ack skips an ACK frame body (RFC 9000 §19.3). The ranges are read one
// by one: the loop is bounded by the bytes present, not by ACK Range Count.
func (r *quicReader) ack(ecn bool) bool {
	var largest, delay, count, firstRange uint64
	if !r.varint("Largest Acknowledged", &largest) || !r.varint("ACK Delay", &delay) ||
		!r.varint("ACK Range Count", &count) || !r.varint("First ACK Range", &firstRange) {
		return false
	}
	if firstRange > largest {
		return r.fail("First ACK Range", wire.ErrValue)
	}
	for ; count > 0; count-- {
		var gap, length uint64
		if !r.varint("Gap", &gap) || !r.varint("ACK Range Length", &length) {
			return false
		}
	}
	if ecn {
		var ect0, ect1, ce uint64
		return r.varint("ECT0 Count", &ect0) && r.varint("ECT1 Count", &ect1) && r.varint("ECN-CE Count", &ce)
	}
	return true
}

// quicCryptoStream reassembles the CRYPTO stream of one direction
// (RFC 9000 §19.6, §2.2): data may arrive out of order, overlapping,
// duplicated and split across packets and datagrams. The received prefix
// of the stream is kept in data; bytes past a hole are kept as copies of
// what arrived (later), so memory follows the bytes received, never the
// offsets frames claim. The first copy of each byte wins, so bytes of a
// message already returned never change. Complete handshake messages are
// returned in order.
type quicCryptoStream struct {
	data  []byte      // the stream's bytes from offset 0, as far as they are contiguous
	later []quicPiece // bytes received past a hole: sorted, disjoint
	read  int         // stream offset of the next message to return
}

// quicPiece is a run of stream bytes received past a hole, at offset off.
type quicPiece struct {
	off int
	b   []byte
}

func (s *quicCryptoStream) reset() {
	clear(s.later)
	s.data, s.later, s.read = s.data[:0], s.later[:0], 0
}

// contiguous returns the length of the received prefix of the stream.
func (s *quicCryptoStream) contiguous() int { return len(s.data) }

// memory returns the bytes the stream holds.
func (s *quicCryptoStream) memory() int {
	n := cap(s.data) + cap(s.later)*int(unsafe.Sizeof(quicPiece{}))
	for _, p := range s.later {
		n += cap(p.b)
	}
	return n
}

// insert adds frag at stream offset off.
func (s *quicCryptoStream) insert(off uint64, frag []byte) error {
	if off > QUICMaxCryptoStream || uint64(len(frag)) > QUICMaxCryptoStream-off {
		return wire.ErrTooLarge
	}
	start, end := int(off), int(off)+len(frag)
	if end <= len(s.data) {
		return nil // nothing new
	}
	if start > len(s.data) {
		return s.keepLater(start, frag)
	}
	// The fragment extends the prefix. Where pieces received earlier hold
	// some of its bytes, theirs win; pieces that the prefix now reaches
	// join it.
	i := 0
	for ; i < len(s.later) && s.later[i].off < end; i++ {
		p := s.later[i]
		if cur := len(s.data); p.off > cur {
			s.data = append(s.data, frag[cur-start:p.off-start]...)
		}
		s.data = append(s.data, p.b...)
	}
	if cur := len(s.data); cur < end {
		s.data = append(s.data, frag[cur-start:]...)
	}
	for ; i < len(s.later) && s.later[i].off == len(s.data); i++ {
		s.data = append(s.data, s.later[i].b...)
	}
	n := copy(s.later, s.later[i:])
	clear(s.later[n:])
	s.later = s.later[:n]
	return nil
}

// keepLater stores the bytes of frag (at stream offset start, past the
// prefix) that no earlier piece holds.
func (s *quicCryptoStream) keepLater(start int, frag []byte) error {
	end := start + len(frag)
	i := 0
	for i < len(s.later) && s.later[i].off+len(s.later[i].b) <= start {
		i++
	}
	for cur := start; cur < end; {
		if i < len(s.later) && s.later[i].off <= cur {
			cur = max(cur, s.later[i].off+len(s.later[i].b))
			i++
			continue
		}
		gap := end
		if i < len(s.later) {
			gap = min(end, s.later[i].off)
		}
		if len(s.later) >= quicMaxCryptoRanges {
			return wire.ErrTooLarge
		}
		s.later = slices.Insert(s.later, i, quicPiece{cur, bytes.Clone(frag[cur-start : gap-start])})
		i++
		cur = gap
	}
	return nil
}

// check reports a handshake message that cannot fit the reassembly bound
// as soon as its header is available.
func (s *quicCryptoStream) check() error {
	if s.contiguous()-s.read < 4 {
		return nil
	}
	h := s.data[s.read:]
	n := int(h[1])<<16 | int(h[2])<<8 | int(h[3])
	if s.read+4+n > QUICMaxCryptoStream {
		return &wire.Error{Message: "QUIC CRYPTO stream", Field: "Handshake.length", Offset: -1, Err: wire.ErrTooLarge}
	}
	return nil
}

// next returns the next complete handshake message, if any.
func (s *quicCryptoStream) next() ([]byte, bool) {
	avail := s.contiguous()
	if avail-s.read < 4 {
		return nil, false
	}
	h := s.data[s.read:]
	n := 4 + (int(h[1])<<16 | int(h[2])<<8 | int(h[3]))
	if avail-s.read < n {
		return nil, false
	}
	msg := s.data[s.read : s.read+n : s.read+n]
	s.read += n
	return msg, true
}
