package wire

import "strconv"

// DefaultMaxMessageSize is the Reassembler's limit on a handshake message
// body when MaxMessageSize is zero: 256 KiB, room for long certificate chains.
const DefaultMaxMessageSize = 256 << 10

// DTLSReassemblyWindow is how many message_seq values, starting at the next
// one to deliver, the Reassembler buffers: fragments of later messages are
// rejected, which bounds its memory to this many messages of at most
// MaxMessageSize bytes each (twice that in the worst case, see PushFragment).
const DTLSReassemblyWindow = 8

// maxDTLSSpans bounds the out-of-order fragment pieces kept per DTLS
// message (adjacent pieces merge, so in-order arrival after a loss needs one).
const maxDTLSSpans = 128

// SizeLimitError is the cause of the Reassembler's error for a handshake
// message whose declared length exceeds its MaxMessageSize. It unwraps to
// ErrTooLarge.
type SizeLimitError struct {
	Type   HandshakeType // msg_type of the message
	Length int           // its declared length (body, without header)
	Limit  int           // the limit in force
}

func (e *SizeLimitError) Error() string {
	return e.Type.String() + " message of length " + strconv.Itoa(e.Length) +
		" exceeds the limit of " + strconv.Itoa(e.Limit) + ": " + ErrTooLarge.Error()
}

// Unwrap returns ErrTooLarge.
func (e *SizeLimitError) Unwrap() error { return ErrTooLarge }

// Reassembler turns record payloads into complete handshake messages.
//
// TLS (RFC 8446 §5.1, RFC 5246 §6.2.1): handshake messages may be split
// across records and several may share one record. Feed the payload of each
// handshake record, in order, to Push, then call Next until it returns
// false:
//
//	for each handshake record {
//		if err := r.Push(rec.Payload); err != nil { ... }
//		for msg, ok := r.Next(); ok; msg, ok = r.Next() { use(msg) }
//	}
//
// Next returns full messages, 4-byte header included. A message lying
// within one payload aliases that payload; one spanning payloads is
// collected in an internal buffer. Either way a returned slice is valid
// only until the next Push or Reset. The caller may reuse a payload's
// memory once Next has returned false or after the next Push: the bytes
// still needed are copied then. Messages not read before the next Push are
// kept (copied), so none is lost.
//
// DTLS (RFC 6347 §4.2.2, RFC 9147 §5.5): feed each handshake fragment
// (header and fragment bytes, e.g. from ParseDTLSHandshake) to
// PushFragment, in any order, with duplicates and overlaps allowed; NextDTLS
// yields each message once, in message_seq order starting at 0, with a
// header describing the whole message. TLS and DTLS state are independent.
//
// Memory: nothing is allocated from a declared length. Buffers grow as
// bytes arrive, never beyond MaxMessageSize per message, and are reused, so
// a warmed-up Reassembler allocates nothing. The zero value is ready to use.
type Reassembler struct {
	// MaxMessageSize is the largest handshake message body (the header's
	// length field) accepted; 0 means DefaultMaxMessageSize and values
	// above MaxHandshakeLen mean MaxHandshakeLen.
	MaxMessageSize int

	// TLS. The unread stream is buf[bufOff:] followed by cur.
	buf    []byte // bytes of messages that started in an earlier payload
	bufOff int    // start of the unread part of buf
	cur    []byte // unread part of the last payload (aliases it)
	off    int    // stream offset of the first unread byte
	err    error  // sticky TLS error

	// DTLS.
	nextSeq uint16
	slots   [DTLSReassemblyWindow]dtlsSlot
}

// dtlsSlot collects the fragments of one DTLS message. body holds the
// contiguous prefix received so far; pieces received beyond it are kept in
// side, described by spans (sorted by offset, disjoint, all starting after
// len(body)). Every byte of the message is stored at most once in body and
// at most once in side, so memory stays within twice the bytes received.
type dtlsSlot struct {
	used  bool
	h     DTLSHandshakeHeader // MsgType, Length, MessageSeq of the message
	body  []byte
	side  []byte
	spans []dtlsSpan
}

// dtlsSpan is the piece [off, off+n) of a message, stored at side[at:at+n].
type dtlsSpan struct{ off, at, n int }

// limit is the effective MaxMessageSize.
func (r *Reassembler) limit() int {
	switch {
	case r.MaxMessageSize <= 0:
		return DefaultMaxMessageSize
	case r.MaxMessageSize > MaxHandshakeLen:
		return MaxHandshakeLen
	}
	return r.MaxMessageSize
}

// Reset discards all TLS and DTLS state (and any error), keeping the
// buffers for reuse. Slices returned earlier become invalid.
func (r *Reassembler) Reset() {
	r.buf, r.bufOff, r.cur, r.off, r.err = r.buf[:0], 0, nil, 0, nil
	r.nextSeq = 0
	for i := range r.slots {
		r.slots[i].used = false
	}
}

// Push adds the payload of the next handshake record. It checks the length
// of every message header now complete against MaxMessageSize; an error
// (wrapping a *SizeLimitError, offset counted in handshake bytes since
// Reset) is sticky: Push returns it again until Reset, and Next stops at
// the offending message after delivering those before it.
//
// Push invalidates the slices returned by Next so far. p itself must stay
// unchanged until Next has returned false or Push is called again, whichever
// comes first (the bytes of an incomplete message are copied then).
func (r *Reassembler) Push(p []byte) error {
	if r.err != nil {
		return r.err
	}
	if r.bufOff > 0 {
		r.buf = r.buf[:copy(r.buf, r.buf[r.bufOff:])]
		r.bufOff = 0
	}
	if len(r.cur) > 0 {
		// Unread bytes of the previous payload, which the caller may now reuse.
		r.buf = append(r.buf, r.cur...)
	}
	r.cur = p
	r.scan()
	return r.err
}

// at returns byte i of the unread stream.
func (r *Reassembler) at(i int) byte {
	if n := len(r.buf) - r.bufOff; i >= n {
		return r.cur[i-n]
	}
	return r.buf[r.bufOff+i]
}

// scan walks the message headers of the unread stream and sets r.err at
// the first declared length above the limit.
func (r *Reassembler) scan() {
	total := len(r.buf) - r.bufOff + len(r.cur)
	limit := r.limit()
	for pos := 0; pos+handshakeHeaderLen <= total; {
		n := int(r.at(pos+1))<<16 | int(r.at(pos+2))<<8 | int(r.at(pos+3))
		if n > limit {
			r.err = r.sizeError(HandshakeType(r.at(pos)), n, limit, r.off+pos+1)
			return
		}
		pos += handshakeHeaderLen + n
	}
}

// sizeError is the error for a message of type t declaring length n above
// limit, its length field at stream offset off.
func (r *Reassembler) sizeError(t HandshakeType, n, limit, off int) error {
	return &Error{Message: "Handshake", Field: "length", Offset: off,
		Err: &SizeLimitError{Type: t, Length: n, Limit: limit}}
}

// msgLen returns the full length of the message whose header starts h, or
// false if its declared length is above the limit (Push reported it); the
// stream is then dead until Reset, so the unread bytes are dropped.
func (r *Reassembler) msgLen(h []byte) (int, bool) {
	n := int(h[1])<<16 | int(h[2])<<8 | int(h[3])
	if limit := r.limit(); n > limit {
		if r.err == nil { // MaxMessageSize was lowered after Push
			r.err = r.sizeError(HandshakeType(h[0]), n, limit, r.off+1)
		}
		r.buf, r.bufOff, r.cur = r.buf[:0], 0, nil
		return 0, false
	}
	return handshakeHeaderLen + n, true
}

// take moves up to want bytes from cur to the end of buf.
func (r *Reassembler) take(want int) {
	k := min(want, len(r.cur))
	r.buf = append(r.buf, r.cur[:k]...)
	r.cur = r.cur[k:]
}

// Next returns the next complete handshake message (header included), or
// false when none is complete yet or an error stopped the stream. See
// Reassembler for how long the slice stays valid.
func (r *Reassembler) Next() (msg []byte, ok bool) {
	if have := len(r.buf) - r.bufOff; have > 0 {
		// A message that began in an earlier payload: complete it in buf.
		if have < handshakeHeaderLen {
			r.take(handshakeHeaderLen - have)
			if have = len(r.buf) - r.bufOff; have < handshakeHeaderLen {
				return nil, false
			}
		}
		n, ok := r.msgLen(r.buf[r.bufOff:])
		if !ok {
			return nil, false
		}
		if have < n {
			r.take(n - have)
			if len(r.buf)-r.bufOff < n {
				return nil, false
			}
		}
		msg = r.buf[r.bufOff : r.bufOff+n : r.bufOff+n]
		r.bufOff += n
		r.off += n
		return msg, true
	}
	if len(r.cur) >= handshakeHeaderLen {
		n, ok := r.msgLen(r.cur)
		if !ok {
			return nil, false
		}
		if len(r.cur) >= n {
			msg, r.cur = r.cur[:n:n], r.cur[n:]
			r.off += n
			return msg, true
		}
	}
	// Keep the start of an incomplete message: the caller may reuse the
	// payload's memory once Next has returned false.
	r.take(len(r.cur))
	return nil, false
}

// Buffered is the number of handshake bytes pushed but not yet returned by
// Next: non-zero at the end of a stream means a truncated message.
func (r *Reassembler) Buffered() int { return len(r.buf) - r.bufOff + len(r.cur) }

// Err returns the sticky TLS error, if any.
func (r *Reassembler) Err() error { return r.err }

// Offsets of the DTLS handshake header fields, used in PushFragment errors.
const (
	dtlsOffLength         = 1
	dtlsOffMessageSeq     = 4
	dtlsOffFragmentOffset = 6
	dtlsOffFragmentLength = 9
)

// PushFragment adds one DTLS handshake fragment: its header h and the
// fragment_length bytes frag, which are copied (frag may be reused as soon
// as PushFragment returns).
//
// Fragments of messages already delivered (retransmissions) are ignored, as
// are bytes already received; when retransmitted bytes differ, the first
// copy wins. Errors reject the fragment and leave the state otherwise
// unchanged (they are not sticky, since datagrams are independent):
//   - a header whose fields do not fit or whose fragment is outside the
//     message (ErrTooLarge, ErrLength), or len(frag) != FragmentLength
//     (ErrLength);
//   - a length above MaxMessageSize (a *SizeLimitError, ErrTooLarge);
//   - a message_seq DTLSReassemblyWindow or more ahead of the next message
//     to deliver (ErrTooLarge, field message_seq);
//   - a msg_type or length differing from earlier fragments of the same
//     message_seq (ErrValue);
//   - more than 128 disjoint out-of-order pieces pending for one message
//     (ErrTooLarge, field fragment_offset); the pieces stored before the
//     limit was hit are kept.
//
// Offsets in errors are those of the field in the 12-byte header.
// PushFragment invalidates the body returned by the last NextDTLS.
func (r *Reassembler) PushFragment(h DTLSHandshakeHeader, frag []byte) error {
	if field, err := h.check(); err != nil {
		return &Error{Message: "DTLSHandshake", Field: field, Offset: dtlsFieldOffset(field), Err: err}
	}
	if uint64(len(frag)) != uint64(h.FragmentLength) {
		return &Error{Message: "DTLSHandshake", Field: "fragment_length", Offset: dtlsOffFragmentLength, Err: ErrLength}
	}
	if limit := r.limit(); int(h.Length) > limit {
		return &Error{Message: "DTLSHandshake", Field: "length", Offset: dtlsOffLength,
			Err: &SizeLimitError{Type: h.MsgType, Length: int(h.Length), Limit: limit}}
	}
	if h.MessageSeq < r.nextSeq {
		return nil // an earlier message, already delivered
	}
	if int(h.MessageSeq)-int(r.nextSeq) >= DTLSReassemblyWindow {
		return &Error{Message: "DTLSHandshake", Field: "message_seq", Offset: dtlsOffMessageSeq, Err: ErrTooLarge}
	}
	s := &r.slots[h.MessageSeq%DTLSReassemblyWindow]
	if !s.used {
		s.used = true
		s.h = DTLSHandshakeHeader{MsgType: h.MsgType, Length: h.Length, MessageSeq: h.MessageSeq}
		s.body, s.side, s.spans = s.body[:0], s.side[:0], s.spans[:0]
	} else if s.h.MsgType != h.MsgType {
		return &Error{Message: "DTLSHandshake", Field: "msg_type", Offset: 0, Err: ErrValue}
	} else if s.h.Length != h.Length {
		return &Error{Message: "DTLSHandshake", Field: "length", Offset: dtlsOffLength, Err: ErrValue}
	}
	return s.add(int(h.FragmentOffset), frag)
}

// dtlsFieldOffset maps a header field name from check to its offset.
func dtlsFieldOffset(field string) int {
	switch field {
	case "length":
		return dtlsOffLength
	case "fragment_offset":
		return dtlsOffFragmentOffset
	}
	return dtlsOffFragmentLength
}

// add stores the fragment f at message offset o.
func (s *dtlsSlot) add(o int, f []byte) error {
	have := len(s.body)
	end := o + len(f)
	if end <= have {
		return nil // already received
	}
	if o <= have {
		// f extends the contiguous prefix. Pieces received out of order
		// may already cover parts of [have, end): the first copy wins,
		// so body takes the gaps between them from f and the covered
		// bytes from the pieces, in message order.
		pos := have
		for i := 0; i < len(s.spans) && pos < end; {
			sp := s.spans[i]
			if sp.off > pos {
				stop := min(sp.off, end)
				s.body = append(s.body, f[pos-o:stop-o]...)
				pos = stop
				continue
			}
			if sp.off+sp.n > pos {
				s.body = append(s.body, s.side[sp.at+pos-sp.off:sp.at+sp.n]...)
				pos = sp.off + sp.n
			}
			i++
		}
		if pos < end {
			s.body = append(s.body, f[pos-o:]...)
		}
		s.absorb()
		return nil
	}
	// Out of order: store the parts of [o, end) no span covers yet.
	pos := o
	i := 0
	for i < len(s.spans) && s.spans[i].off+s.spans[i].n <= pos {
		i++
	}
	for pos < end {
		if i < len(s.spans) && s.spans[i].off <= pos {
			pos = s.spans[i].off + s.spans[i].n // covered
			i++
			continue
		}
		gapEnd := end
		if i < len(s.spans) && s.spans[i].off < end {
			gapEnd = s.spans[i].off
		}
		var ok bool
		if i, ok = s.addSpan(i, pos, f[pos-o:gapEnd-o]); !ok {
			return &Error{Message: "DTLSHandshake", Field: "fragment_offset", Offset: dtlsOffFragmentOffset, Err: ErrTooLarge}
		}
		pos = gapEnd
	}
	return nil
}

// addSpan stores data as the piece at message offset off, before spans[i],
// merging it into spans[i-1] when both are adjacent in the message and in
// side. It returns the index of the span after the new piece.
func (s *dtlsSlot) addSpan(i, off int, data []byte) (int, bool) {
	at := len(s.side)
	if i > 0 {
		if p := &s.spans[i-1]; p.off+p.n == off && p.at+p.n == at {
			s.side = append(s.side, data...)
			p.n += len(data)
			return i, true
		}
	}
	if len(s.spans) >= maxDTLSSpans {
		return i, false
	}
	s.side = append(s.side, data...)
	s.spans = append(s.spans, dtlsSpan{})
	copy(s.spans[i+1:], s.spans[i:])
	s.spans[i] = dtlsSpan{off: off, at: at, n: len(data)}
	return i + 1, true
}

// absorb moves the spans the contiguous prefix now reaches into body.
func (s *dtlsSlot) absorb() {
	i := 0
	for ; i < len(s.spans); i++ {
		sp := s.spans[i]
		have := len(s.body)
		if sp.off > have {
			break
		}
		if sp.off+sp.n > have {
			s.body = append(s.body, s.side[sp.at+have-sp.off:sp.at+sp.n]...)
		}
	}
	s.spans = s.spans[:copy(s.spans, s.spans[i:])]
	if len(s.spans) == 0 {
		s.side = s.side[:0]
	}
}

// NextDTLS returns the next DTLS handshake message in message_seq order
// once all its bytes have arrived: a header with FragmentOffset 0 and
// FragmentLength = Length, and the body (without header). The body is
// valid until the next PushFragment or Reset. It returns false when the
// next message is not complete yet.
func (r *Reassembler) NextDTLS() (DTLSHandshakeHeader, []byte, bool) {
	s := &r.slots[r.nextSeq%DTLSReassemblyWindow]
	if !s.used || s.h.MessageSeq != r.nextSeq || len(s.body) != int(s.h.Length) {
		return DTLSHandshakeHeader{}, nil, false
	}
	s.used = false
	r.nextSeq++
	h := s.h
	h.FragmentOffset, h.FragmentLength = 0, h.Length
	return h, s.body[:len(s.body):len(s.body)], true
}

// NextMessageSeq is the message_seq NextDTLS will deliver next.
func (r *Reassembler) NextMessageSeq() uint16 { return r.nextSeq }

// SetNextMessageSeq discards the DTLS state and makes seq the next
// message_seq to deliver, for a stream picked up mid-handshake (the
// message_seq of a handshake starts at 0, RFC 6347 §4.2.2).
func (r *Reassembler) SetNextMessageSeq(seq uint16) {
	r.nextSeq = seq
	for i := range r.slots {
		r.slots[i].used = false
	}
}
