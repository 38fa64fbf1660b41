package pcap

import (
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// tlsStream follows the TLS record layer of one TCP direction. Plaintext
// records (handshake, alert, change_cipher_spec) are collected and their
// handshake messages reassembled; protected records (application_data,
// and everything after a direction's ChangeCipherSpec or, for a TLS 1.3
// server, after its ServerHello) are counted and skipped by jumping over
// their length, without buffering.
//
// Handshake messages are reassembled by wire.Reassembler. The record
// framing is done here, not by wire.Records: it works on a stream
// delivered in arbitrary pieces and must skip protected records without
// holding them.
type tlsStream struct {
	// First the fields used for every application data record, so that
	// skipping one touches a single cache line of the stream.
	state     uint8
	encrypted bool
	// recProtected: the record being collected is a handshake record
	// after ChangeCipherSpec, probably protected.
	recProtected bool
	// recDecrypt: the record being collected is protected and is to be
	// decrypted (decrypt.go).
	recDecrypt bool
	sawCCS     bool // a ChangeCipherSpec went by (for a Conn set up later)
	recType    wire.ContentType
	hdr        [5]byte
	nhdr       int
	recLen     int // length of the record being collected; -1 between records
	skip       int // bytes of a protected record still to skip
	encRecords uint64
	encBytes   uint64

	rec       []byte
	pre       []byte            // stDetect: the bytes before TLS starts
	scan      int               // stDetect: offset in pre already searched for a record
	ra        *wire.Reassembler // nil until the first handshake record
	hsPushed  int               // handshake bytes pushed into ra since its last Reset
	hsDone    int               // handshake bytes returned by ra since its last Reset
	hsSkip    int               // bytes of an oversized handshake message still to drop
	tail      []byte            // stLost: up to 4 bytes that may start a record header
	sslv2Type byte
	// lostScanned counts bytes searched for a record header in a flow
	// not yet known to be TLS.
	lostScanned int
}

// Stream states.
const (
	stDetect    = iota // looking for TLS or a preamble
	stRecords          // following TLS records
	stLost             // framing lost after a gap: looking for a record header
	stSSLv2            // collecting an SSL 2.0 hello record
	stSSLv2Skip        // SSL 2.0 after the hellos: counting records
	stIgnore           // not TLS, or nothing more to learn
)

func (st *tlsStream) init() {
	st.state = stDetect
	st.recLen = -1
}

func (st *tlsStream) release(p *bufPools) {
	p.putRecordBuf(st.rec)
	st.pre, st.rec, st.tail = nil, nil, nil
	if st.ra != nil {
		p.putReassembler(st.ra)
		st.ra = nil
	}
}

// recordHeaderOK reports whether b starts with a plausible TLS record
// header: a content type of RFC 8446 §5.1 (only handshake unless any is
// set), major version 3 with a minor version up to 4, and a length within
// wire.MaxRecordLen.
func recordHeaderOK(b []byte, any bool) bool {
	if len(b) < wire.RecordHeaderLen {
		return false
	}
	t := wire.ContentType(b[0])
	if t != wire.ContentHandshake && (!any || t < wire.ContentChangeCipherSpec || t > wire.ContentApplicationData) {
		return false
	}
	n := int(b[3])<<8 | int(b[4])
	return b[1] == 3 && b[2] <= 4 && n <= wire.MaxRecordLen && (n > 0 || t == wire.ContentApplicationData)
}

// sslv2Header recognises an SSL 2.0 CLIENT-HELLO or SERVER-HELLO record
// with a 2-byte header (draft-hickman-netscape-ssl-00 §"Record Header"):
// it returns the message type and the record body length.
func sslv2Header(b []byte) (msgType byte, n int, ok bool) {
	if len(b) < 7 || b[0]&0x80 == 0 {
		return 0, 0, false
	}
	n = int(b[0]&0x7f)<<8 | int(b[1])
	switch b[2] {
	case 1: // CLIENT-HELLO: version 0x0002 or an SSL 3.0/TLS version
		if n < 9 || !(b[3] == 0 && b[4] == 2 || b[3] == 3 && b[4] <= 4) {
			return 0, 0, false
		}
	case 4: // SERVER-HELLO: session-id-hit, certificate-type, version 0x0002
		if n < 11 || b[3] > 1 || b[5] != 0 || b[6] != 2 {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	return b[2], n, true
}

// feed processes in-order stream bytes: skips what remains of a protected
// record, then hands the rest to the state's step until it is used up or
// the step stops (it keeps what it needs for later).
func (st *tlsStream) feed(f *flow, side uint8, data []byte, ts time.Time) {
	more := true
	for len(data) > 0 && more {
		if st.skip > 0 {
			n := min(st.skip, len(data))
			st.skip -= n
			data = data[n:]
			continue
		}
		switch st.state {
		case stIgnore:
			return
		case stDetect:
			data, more = st.feedDetect(f, side, data, ts)
		case stLost:
			data, more = st.feedLost(f, data)
		case stSSLv2:
			data = st.feedSSLv2(f, side, data, ts)
		case stSSLv2Skip:
			data = st.feedSSLv2Skip(f, side, data)
		case stRecords:
			data, more = st.feedRecords(f, side, data, ts)
		}
	}
}

// feedDetect looks for TLS or a preamble at the start of the stream;
// false when it needs more bytes.
func (st *tlsStream) feedDetect(f *flow, side uint8, data []byte, ts time.Time) ([]byte, bool) {
	if len(st.pre) == 0 && f.recordAtStart(side, data) {
		// TLS from the first byte, the usual case: detect would
		// start the record layer there, so no copy into pre.
		f.startRecords(side, data, ts)
		return nil, false
	}
	n := min(len(data), max(f.env.lim.MaxPreamble-len(st.pre), 0))
	st.pre = append(st.pre, data[:n]...)
	f.dirty = true
	data = data[n:]
	f.detect(side, ts)
	// TLS started inside pre (already fed) or the stream was given up:
	// the rest follows in the new state.
	return data, st.state != stDetect
}

// feedLost looks for a record header after a gap; false when the stream
// is given up.
func (st *tlsStream) feedLost(f *flow, data []byte) ([]byte, bool) {
	if f.pub.Protocol == "" {
		// Resynchronising a stream never seen as TLS: bound the
		// search, since any long binary stream holds something
		// that looks like a record header.
		if st.lostScanned > f.env.lim.MaxPreamble {
			st.state = stIgnore
			return nil, false
		}
		st.lostScanned += len(data)
	}
	data = st.resync(data)
	if data != nil {
		f.setProtocol(ProtocolTLS)
	}
	return data, true
}

// feedSSLv2 collects an SSL 2.0 hello record.
func (st *tlsStream) feedSSLv2(f *flow, side uint8, data []byte, ts time.Time) []byte {
	n := min(st.recLen-len(st.rec), len(data))
	st.rec = append(st.rec, data[:n]...)
	f.dirty = true
	data = data[n:]
	if len(st.rec) == st.recLen {
		st.sslv2Hello(f, side, ts)
	}
	return data
}

// feedSSLv2Skip reads SSL 2.0 record headers after the hellos and counts
// the records they announce.
func (st *tlsStream) feedSSLv2Skip(f *flow, side uint8, data []byte) []byte {
	n := copy(st.hdr[st.nhdr:3], data)
	st.nhdr += n
	data = data[n:]
	hl := 3
	if st.hdr[0]&0x80 != 0 {
		hl = 2
	}
	if st.nhdr < hl {
		return data
	}
	// SSL 2.0 record header: 2 bytes with the high bit set, or 3
	// bytes (the third is the padding length, inside the body).
	ln := int(st.hdr[0]&0x3f)<<8 | int(st.hdr[1])
	if hl == 2 {
		ln = int(st.hdr[0]&0x7f)<<8 | int(st.hdr[1])
	}
	if hl == 2 && st.hdr[2] == sslv2ClientMasterKey && ln >= 10 && st.encRecords == 0 && f.dir(side) == ClientToServer {
		// The client's first record after the hellos: CLIENT-MASTER-KEY,
		// in the clear. Collect it like a hello (its type byte is read).
		st.state, st.sslv2Type, st.recLen, st.nhdr = stSSLv2, sslv2ClientMasterKey, ln, 0
		st.rec = append(st.rec[:0], st.hdr[2])
		return data
	}
	// A 2-byte header read a byte of the body ahead.
	st.skip = max(ln-(st.nhdr-hl), 0)
	st.encRecords++
	st.encBytes += uint64(ln)
	st.nhdr = 0
	return data
}

// feedRecords follows the record layer: a record header, then the
// record, collected (plaintext) or skipped (protected); false when a
// record header is incomplete.
func (st *tlsStream) feedRecords(f *flow, side uint8, data []byte, ts time.Time) ([]byte, bool) {
	if st.recLen < 0 {
		var ok bool
		if data, ok = st.recordHeader(f, side, data, ts); !ok || st.recLen < 0 {
			return data, ok
		}
	}
	if len(st.rec) == 0 && len(data) >= st.recLen {
		// The whole record is in this segment: use it in place
		// (record copies what it keeps).
		buf := st.rec
		st.rec = data[:st.recLen:st.recLen]
		data = data[st.recLen:]
		st.recLen = -1
		st.record(f, side, ts)
		st.rec = buf
		return data, true
	}
	n := min(st.recLen-len(st.rec), len(data))
	if len(st.rec) == 0 && cap(st.rec) < n {
		// Sized by the bytes present, not by the length the header
		// announces: the buffer grows as the record's bytes arrive.
		st.rec = f.env.pools.getRecordBuf(n)
	}
	st.rec = append(st.rec, data[:n]...)
	f.dirty = true
	data = data[n:]
	if len(st.rec) == st.recLen {
		st.recLen = -1
		st.record(f, side, ts)
		if cap(st.rec) > maxKeptRecordBuf {
			// A flow keeps no large buffer between records.
			f.env.pools.putRecordBuf(st.rec)
			st.rec = nil
		} else {
			st.rec = st.rec[:0]
		}
	}
	return data, true
}

// recordHeader reads a record header and decides what to do with the
// record: collect it (st.recLen set), skip it (st.skip set) or
// resynchronise (st.state stLost). false when the header is incomplete.
func (st *tlsStream) recordHeader(f *flow, side uint8, data []byte, ts time.Time) ([]byte, bool) {
	n := copy(st.hdr[st.nhdr:], data)
	st.nhdr += n
	data = data[n:]
	if st.nhdr < wire.RecordHeaderLen {
		return data, false
	}
	st.nhdr = 0
	if !recordHeaderOK(st.hdr[:], true) && !(st.hdr[0] >= 24 && st.hdr[0] <= 26 && st.hdr[1] == 3) {
		f.problem(side, ts, ProblemMalformed, "implausible record header "+hex.EncodeToString(st.hdr[:])+"; resynchronising")
		st.state = stLost
		st.tail = append(st.tail[:0], st.hdr[1:]...)
		return data, true
	}
	t := wire.ContentType(st.hdr[0])
	n = int(st.hdr[3])<<8 | int(st.hdr[4])
	// A handshake record after a ChangeCipherSpec is normally
	// protected (a TLS <= 1.2 Finished), but it is the second
	// ClientHello when a TLS 1.3 client sent a compatibility
	// ChangeCipherSpec after a HelloRetryRequest the capture
	// does not show: such records are collected and checked.
	if st.encrypted && t == wire.ContentHandshake && n <= wire.MaxRecordLen {
		st.recType, st.recLen, st.rec, st.recProtected, st.recDecrypt = t, n, st.rec[:0], true, false
		return data, true
	}
	if t == wire.ContentApplicationData || (st.encrypted && t != wire.ContentChangeCipherSpec) {
		st.encRecords++
		st.encBytes += uint64(n)
		if f.decrypting(side) {
			st.recType, st.recLen, st.rec, st.recProtected, st.recDecrypt = t, n, st.rec[:0], false, true
			return data, true
		}
		st.skip = n
		return data, true
	}
	if t != wire.ContentHandshake && t != wire.ContentAlert && t != wire.ContentChangeCipherSpec {
		st.skip = n // heartbeat, ACK, ...: nothing to learn
		return data, true
	}
	st.recType, st.recLen, st.rec, st.recProtected, st.recDecrypt = t, n, st.rec[:0], false, false
	return data, true
}

// record handles one complete plaintext record in st.rec.
func (st *tlsStream) record(f *flow, side uint8, ts time.Time) {
	if st.recDecrypt {
		f.decryptRecord(st, side, st.hdr[:], st.rec, ts)
		return
	}
	if st.recProtected {
		if !plainClientHello(st.rec) {
			st.encRecords++
			st.encBytes += uint64(len(st.rec))
			if f.decrypting(side) {
				f.decryptRecord(st, side, st.hdr[:], st.rec, ts)
			}
			return
		}
		st.encrypted = false
	}
	switch st.recType {
	case wire.ContentHandshake:
		st.handshake(f, side, st.rec, ts)
	case wire.ContentAlert:
		if len(st.rec) == 2 {
			f.alert(side, ts, st.rec[0], st.rec[1])
		} else {
			// Not a plaintext alert: protected without a visible CCS
			// (capture started mid-flow).
			st.encRecords++
			st.encBytes += uint64(len(st.rec))
		}
	case wire.ContentChangeCipherSpec:
		// In TLS 1.3 a ChangeCipherSpec is only for middlebox
		// compatibility (RFC 8446 §D.4): the second ClientHello after a
		// HelloRetryRequest may follow it in the clear.
		if !f.tls13 {
			st.encrypted = true
		}
		f.changeCipherSpec(side)
	}
}

// handshake pushes a handshake record's payload into the reassembler and
// emits the messages it completes. A message above MaxMessageSize is
// reported and skipped, and reading goes on after it.
func (st *tlsStream) handshake(f *flow, side uint8, p []byte, ts time.Time) {
	if st.hsSkip > 0 {
		n := min(st.hsSkip, len(p))
		st.hsSkip -= n
		p = p[n:]
	}
	if len(p) == 0 {
		return
	}
	if st.ra == nil {
		st.ra = f.env.pools.getReassembler()
	}
	f.dirty = true
	if st.ra.Buffered() == 0 && !wire.HandshakeType(p[0]).Known() {
		f.problem(side, ts, ProblemMalformed, "handshake record starting with unknown type "+strconv.Itoa(int(p[0]))+" (encrypted data?); dropped")
		return
	}
	err := st.ra.Push(p)
	st.hsPushed += len(p)
	for msg, ok := st.ra.Next(); ok; msg, ok = st.ra.Next() {
		st.hsDone += len(msg)
		t := wire.HandshakeType(msg[0])
		if !t.Known() {
			f.problem(side, ts, ProblemMalformed, "handshake message of unknown type "+strconv.Itoa(int(t))+" (encrypted data?); dropped")
			st.resetHandshake()
			return
		}
		if v13, hrr := f.message(side, ts, t, msg, false); v13 {
			f.tls13 = true
			if !hrr {
				st.encrypted = true // RFC 8446 §2: everything after ServerHello is protected
			}
		}
	}
	if err == nil {
		if st.ra.Buffered() == 0 {
			// Between messages: the reassembler goes back to the
			// Reader's free list, so that idle flows hold none.
			f.env.pools.putReassembler(st.ra)
			st.ra, st.hsPushed, st.hsDone = nil, 0, 0
		}
		return
	}
	var sl *wire.SizeLimitError
	if !errors.As(err, &sl) {
		f.problem(side, ts, ProblemMalformed, err.Error())
		st.resetHandshake()
		return
	}
	if !sl.Type.Known() {
		// Not a message: the framing is garbage (encrypted data?), and
		// its length means nothing.
		f.problem(side, ts, ProblemMalformed, "handshake message of unknown type "+strconv.Itoa(int(sl.Type))+" (encrypted data?); dropped")
		st.resetHandshake()
		return
	}
	f.problem(side, ts, ProblemLimit, sl.Type.String()+" of "+strconv.Itoa(sl.Length)+" bytes exceeds MaxMessageSize; skipped")
	// The oversized message starts right after the messages delivered.
	present := st.hsPushed - st.hsDone
	total := 4 + sl.Length
	st.resetHandshake()
	if present < total {
		st.hsSkip = total - present
	} else if extra := present - total; extra > 0 {
		// It ended inside this payload (its header completed in it, or
		// Push would have failed earlier): go on with what follows.
		st.handshake(f, side, p[len(p)-extra:], ts)
	}
}

// resetHandshake drops the handshake bytes collected so far.
func (st *tlsStream) resetHandshake() {
	if st.ra != nil {
		st.ra.Reset()
	}
	st.hsPushed, st.hsDone, st.hsSkip = 0, 0, 0
}

// plainClientHello reports whether a record payload starts with a
// ClientHello in the clear: type 1, a length consistent with the record,
// and a TLS legacy_version (RFC 8446 §4.1.2).
func plainClientHello(p []byte) bool {
	if len(p) < 6 || p[0] != byte(wire.TypeClientHello) || p[4] != 3 || p[5] > 4 {
		return false
	}
	n := int(p[1])<<16 | int(p[2])<<8 | int(p[3])
	return n+4 == len(p) || (n+4 > len(p) && len(p) >= 1<<14)
}

// sslv2ClientMasterKey is the SSL 2.0 message type of CLIENT-MASTER-KEY.
const sslv2ClientMasterKey = 2

// sslv2Hello handles a complete SSL 2.0 hello record in st.rec, or the
// CLIENT-MASTER-KEY that follows them (reported as a ClientKeyExchange).
func (st *tlsStream) sslv2Hello(f *flow, side uint8, ts time.Time) {
	if st.sslv2Type == sslv2ClientMasterKey {
		if r := st.rec; 10+(int(r[4])<<8|int(r[5]))+(int(r[6])<<8|int(r[7]))+(int(r[8])<<8|int(r[9])) == len(r) {
			f.message(side, ts, wire.TypeClientKeyExchange, r, true)
		} else {
			// Its lengths disagree: an encrypted record after all.
			st.encRecords++
			st.encBytes += uint64(len(r))
		}
		st.state, st.recLen, st.rec = stSSLv2Skip, -1, st.rec[:0]
		return
	}
	if st.sslv2Type == 1 {
		f.message(side, ts, wire.TypeClientHello, st.rec, true)
		st.state, st.recLen = stRecords, -1 // the server may answer in SSL 3.0/TLS
		return
	}
	f.message(side, ts, wire.TypeServerHello, st.rec, true)
	// SSL 2.0 was negotiated: both directions continue in SSL 2.0 records.
	st.state, st.recLen = stSSLv2Skip, -1
	if o := &f.tls[1-side]; o.state == stRecords && o.recLen < 0 && o.nhdr == 0 {
		o.state = stSSLv2Skip
	}
}

// gap tells the stream that n bytes were never captured.
func (st *tlsStream) gap(f *flow, side uint8, n int, ts time.Time) {
	switch st.state {
	case stIgnore:
		return
	case stRecords:
		if st.skip >= n {
			st.skip -= n // inside a protected record: framing is intact
			return
		}
		f.problem(side, ts, ProblemGap, strconv.Itoa(n)+" bytes missing; resynchronising at the next record header")
	case stSSLv2Skip:
		if st.skip >= n {
			st.skip -= n
			return
		}
		st.state = stIgnore
		return
	case stDetect:
		f.problem(side, ts, ProblemGap, strconv.Itoa(n)+" bytes missing before TLS started; looking for a record header")
		st.pre, st.scan = nil, 0
	case stSSLv2:
		f.problem(side, ts, ProblemGap, strconv.Itoa(n)+" bytes missing in an SSL 2.0 hello")
	}
	st.state = stLost
	st.nhdr, st.recLen, st.rec, st.skip = 0, -1, st.rec[:0], 0
	st.resetHandshake()
	st.tail = st.tail[:0]
}

// resync looks for a plausible record header; it returns the bytes from
// that header on (with st back in stRecords), or nil when more are needed.
func (st *tlsStream) resync(data []byte) []byte {
	if len(st.tail) > 0 {
		var w [8]byte
		n := copy(w[:], st.tail)
		m := copy(w[n:], data)
		for i := 0; i < n; i++ {
			if i+wire.RecordHeaderLen <= n+m && recordHeaderOK(w[i:n+m], true) {
				st.state = stRecords
				st.nhdr = copy(st.hdr[:], st.tail[i:])
				st.tail = st.tail[:0]
				return data
			}
		}
		if n+m < 2*wire.RecordHeaderLen-1 && m == len(data) {
			st.tail = append(st.tail, data...)
			if len(st.tail) > wire.RecordHeaderLen-1 {
				st.tail = st.tail[len(st.tail)-(wire.RecordHeaderLen-1):]
			}
			return nil
		}
		st.tail = st.tail[:0]
	}
	for i := 0; i+wire.RecordHeaderLen <= len(data); i++ {
		if recordHeaderOK(data[i:], true) {
			st.state = stRecords
			return data[i:]
		}
	}
	k := min(len(data), wire.RecordHeaderLen-1)
	st.tail = append(st.tail[:0], data[len(data)-k:]...)
	return nil
}

// end notes a stream that stopped inside a record or message.
func (st *tlsStream) end(f *flow, side uint8) {
	switch {
	case st.state == stRecords && (st.nhdr > 0 || st.recLen >= 0):
		f.problem(side, f.last, ProblemTruncated, "stream ended inside a plaintext record")
	case st.state == stRecords && st.ra != nil && st.ra.Buffered() > 0:
		f.problem(side, f.last, ProblemTruncated, "stream ended inside a handshake message")
	case (st.state == stRecords || st.state == stSSLv2Skip) && st.skip > 0:
		f.problem(side, f.last, ProblemTruncated, "stream ended inside a protected record ("+strconv.Itoa(st.skip)+" bytes missing)")
	}
	st.state = stIgnore
}
