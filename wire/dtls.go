package wire

// DTLS record layer (RFC 6347 §4.1, RFC 9146 §4, RFC 9147 §4) and
// handshake header (RFC 6347 §4.2.2, RFC 9147 §5.2).

// DTLSRecordHeaderLen is the size of a DTLS 1.0/1.2 record header
// (DTLSPlaintext, RFC 6347 §4.1): type, version, epoch, sequence_number, length.
const DTLSRecordHeaderLen = 13

// MaxDTLSSequenceNumber is the largest 48-bit record sequence number.
const MaxDTLSSequenceNumber = 1<<48 - 1

// Bits of the first byte of a DTLS 1.3 unified header (RFC 9147 §4): 001CSLEE.
const (
	dtlsUnifiedMask  = 0xe0 // the fixed bits
	dtlsUnifiedFixed = 0x20 // their value, 001
	dtlsUnifiedC     = 0x10 // connection ID present
	dtlsUnifiedS     = 0x08 // 16-bit sequence number
	dtlsUnifiedL     = 0x04 // length present
	dtlsUnifiedEE    = 0x03 // low two bits of the epoch
)

// IsDTLSUnifiedHeader reports whether a DTLS record starting with byte b
// uses the DTLS 1.3 unified header (DTLSCiphertext, RFC 9147 §4): its top
// three bits are 001, so b is in 0x20..0x3f (RFC 9147 §4.1 demultiplexing).
func IsDTLSUnifiedHeader(b byte) bool { return b&dtlsUnifiedMask == dtlsUnifiedFixed }

// DTLSRecord is one DTLS record in any of its three header forms:
//
//   - DTLSPlaintext / DTLSCiphertext of DTLS 1.0 and 1.2 (RFC 6347 §4.1):
//     type, version, epoch, 48-bit sequence_number, length, fragment.
//   - the tls12_cid record of RFC 9146 §4 (ContentType ContentTLS12CID):
//     the same with the connection ID between sequence_number and length.
//   - the DTLS 1.3 unified header (RFC 9147 §4, Unified set): first byte
//     001CSLEE, optional connection ID, 8- or 16-bit sequence number,
//     optional length, encrypted_record.
//
// Payload and ConnectionID alias the input.
type DTLSRecord struct {
	// Unified marks the DTLS 1.3 unified header form; ContentType and
	// Version are then unused (the real type is inside the encrypted
	// DTLSInnerPlaintext and there is no version field).
	Unified bool
	// ContentType is type (DTLS 1.0/1.2).
	ContentType ContentType
	// Version is version (legacy_record_version in DTLS 1.3 plaintext records).
	Version uint16
	// Epoch is epoch; for a unified header only its low two bits (EE) are sent.
	Epoch uint16
	// SequenceNumber is the 48-bit sequence_number; for a unified header the
	// low 8 or 16 bits as sent (which are encrypted on the wire, RFC 9147 §4.2.3).
	SequenceNumber uint64
	// ConnectionID is cid: present in tls12_cid records and in unified
	// headers with the C bit. Its length is negotiated, so parsing needs it.
	ConnectionID []byte
	// CIDPresent is the C bit of a unified header (set even if the
	// negotiated connection ID is empty); Append writes the C bit from it.
	CIDPresent bool
	// Seq16 is the S bit of a unified header: 16-bit sequence number (else 8).
	Seq16 bool
	// LengthPresent is the L bit of a unified header; without it the record
	// extends to the end of the datagram.
	LengthPresent bool
	// Payload is fragment (DTLSPlaintext) or encrypted_record.
	Payload []byte
}

// ParseDTLSRecord decodes the DTLS record at the start of b, which must
// hold the rest of a datagram (records never span datagrams), and returns
// it with the number of bytes it occupies. cidLen is the negotiated length
// of the connection ID the peer sends (RFC 9146, RFC 9147 §4), used for
// tls12_cid records and unified headers with the C bit; pass 0 when no
// connection ID was negotiated. A unified header without the L bit takes
// the rest of b. ErrTooLarge means the length exceeds MaxRecordLen; a
// record that does not fit b is ErrTruncated. Any first byte outside
// 0x20..0x3f is read as a DTLSPlaintext type, so unknown content types
// round-trip; telling DTLS from other protocols sharing the port (RFC 7983)
// is left to the caller.
func ParseDTLSRecord(b []byte, cidLen int) (DTLSRecord, int, error) {
	if cidLen < 0 || cidLen > 255 {
		return DTLSRecord{}, 0, &Error{Message: "DTLSRecord", Field: "cid", Offset: 0, Err: ErrContext}
	}
	if len(b) == 0 {
		return DTLSRecord{}, 0, &Error{Message: "DTLSRecord", Field: "type", Offset: 0, Err: ErrTruncated}
	}
	if IsDTLSUnifiedHeader(b[0]) {
		return parseDTLSUnified(b, cidLen)
	}
	var r DTLSRecord
	if len(b) < DTLSRecordHeaderLen {
		return r, 0, &Error{Message: "DTLSRecord", Field: "header", Offset: len(b), Err: ErrTruncated}
	}
	r.ContentType = ContentType(b[0])
	r.Version = uint16(b[1])<<8 | uint16(b[2])
	r.Epoch = uint16(b[3])<<8 | uint16(b[4])
	r.SequenceNumber = uint64(b[5])<<40 | uint64(b[6])<<32 | uint64(b[7])<<24 |
		uint64(b[8])<<16 | uint64(b[9])<<8 | uint64(b[10])
	at := 11
	if r.ContentType == ContentTLS12CID {
		if len(b) < at+cidLen {
			return r, 0, &Error{Message: "DTLSRecord", Field: "cid", Offset: len(b), Err: ErrTruncated}
		}
		r.ConnectionID = b[at : at+cidLen : at+cidLen]
		at += cidLen
		if len(b) < at+2 {
			return r, 0, &Error{Message: "DTLSRecord", Field: "length", Offset: len(b), Err: ErrTruncated}
		}
	}
	n := int(b[at])<<8 | int(b[at+1])
	if n > MaxRecordLen {
		return r, 0, &Error{Message: "DTLSRecord", Field: "length", Offset: at, Err: ErrTooLarge}
	}
	at += 2
	if len(b)-at < n {
		return r, 0, &Error{Message: "DTLSRecord", Field: "fragment", Offset: len(b), Err: ErrTruncated}
	}
	r.Payload = b[at : at+n : at+n]
	return r, at + n, nil
}

// parseDTLSUnified decodes a DTLS 1.3 unified header record (RFC 9147 §4).
func parseDTLSUnified(b []byte, cidLen int) (DTLSRecord, int, error) {
	f := b[0]
	r := DTLSRecord{
		Unified:       true,
		Epoch:         uint16(f & dtlsUnifiedEE),
		CIDPresent:    f&dtlsUnifiedC != 0,
		Seq16:         f&dtlsUnifiedS != 0,
		LengthPresent: f&dtlsUnifiedL != 0,
	}
	at := 1
	if r.CIDPresent {
		if len(b) < at+cidLen {
			return r, 0, &Error{Message: "DTLSRecord", Field: "connection_id", Offset: len(b), Err: ErrTruncated}
		}
		r.ConnectionID = b[at : at+cidLen : at+cidLen]
		at += cidLen
	}
	if r.Seq16 {
		if len(b) < at+2 {
			return r, 0, &Error{Message: "DTLSRecord", Field: "sequence_number", Offset: len(b), Err: ErrTruncated}
		}
		r.SequenceNumber = uint64(b[at])<<8 | uint64(b[at+1])
		at += 2
	} else {
		if len(b) < at+1 {
			return r, 0, &Error{Message: "DTLSRecord", Field: "sequence_number", Offset: len(b), Err: ErrTruncated}
		}
		r.SequenceNumber = uint64(b[at])
		at++
	}
	n := len(b) - at
	if r.LengthPresent {
		if len(b) < at+2 {
			return r, 0, &Error{Message: "DTLSRecord", Field: "length", Offset: len(b), Err: ErrTruncated}
		}
		n = int(b[at])<<8 | int(b[at+1])
		if n > MaxRecordLen {
			return r, 0, &Error{Message: "DTLSRecord", Field: "length", Offset: at, Err: ErrTooLarge}
		}
		at += 2
		if len(b)-at < n {
			return r, 0, &Error{Message: "DTLSRecord", Field: "encrypted_record", Offset: len(b), Err: ErrTruncated}
		}
	} else if n > MaxRecordLen {
		return r, 0, &Error{Message: "DTLSRecord", Field: "encrypted_record", Offset: at, Err: ErrTooLarge}
	}
	r.Payload = b[at : at+n : at+n]
	return r, at + n, nil
}

// Len is the encoded length of the record.
func (r *DTLSRecord) Len() int {
	if r.Unified {
		n := 1 + len(r.Payload)
		if r.CIDPresent {
			n += len(r.ConnectionID)
		}
		if r.Seq16 {
			n += 2
		} else {
			n++
		}
		if r.LengthPresent {
			n += 2
		}
		return n
	}
	n := DTLSRecordHeaderLen + len(r.Payload)
	if r.ContentType == ContentTLS12CID {
		n += len(r.ConnectionID)
	}
	return n
}

// Append appends the record in its header form. The connection ID is
// written for tls12_cid records and for unified headers with CIDPresent
// (its length is not on the wire). Values that do not fit their fields
// (a 49-bit sequence number, an epoch above 3 or a sequence number above
// 8/16 bits in a unified header, a payload above 2^16-1 bytes) are errors.
func (r *DTLSRecord) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "DTLSRecord"}
	if len(r.Payload) > 0xffff {
		a.fail("length", ErrTooLarge)
	}
	if r.Unified {
		f := byte(dtlsUnifiedFixed) | byte(r.Epoch&dtlsUnifiedEE)
		if r.Epoch > dtlsUnifiedEE {
			a.fail("epoch", ErrValue)
		}
		if r.CIDPresent {
			f |= dtlsUnifiedC
		} else if len(r.ConnectionID) > 0 {
			a.fail("connection_id", ErrValue)
		}
		if r.Seq16 {
			f |= dtlsUnifiedS
			if r.SequenceNumber > 0xffff {
				a.fail("sequence_number", ErrValue)
			}
		} else if r.SequenceNumber > 0xff {
			a.fail("sequence_number", ErrValue)
		}
		if r.LengthPresent {
			f |= dtlsUnifiedL
		}
		a.u8(f)
		if r.CIDPresent {
			a.raw(r.ConnectionID)
		}
		if r.Seq16 {
			a.u16(uint16(r.SequenceNumber))
		} else {
			a.u8(uint8(r.SequenceNumber))
		}
		if r.LengthPresent {
			a.u16(uint16(len(r.Payload)))
		}
		a.raw(r.Payload)
		return a.result(b)
	}
	if IsDTLSUnifiedHeader(byte(r.ContentType)) {
		// The type byte would be read back as a unified header.
		a.fail("type", ErrValue)
	}
	if r.SequenceNumber > MaxDTLSSequenceNumber {
		a.fail("sequence_number", ErrValue)
	}
	if r.ContentType != ContentTLS12CID && len(r.ConnectionID) > 0 {
		a.fail("cid", ErrValue)
	}
	a.u8(uint8(r.ContentType))
	a.u16(r.Version)
	a.u16(r.Epoch)
	a.u48(r.SequenceNumber)
	if r.ContentType == ContentTLS12CID {
		a.raw(r.ConnectionID)
	}
	a.u16(uint16(len(r.Payload)))
	a.raw(r.Payload)
	return a.result(b)
}

// DTLSRecords iterates over the records of one datagram without copying.
// Use it as:
//
//	rs := wire.DTLSRecords{Data: datagram, CIDLen: n}
//	for rs.Next() { use(rs.Record()) }
//	if err := rs.Err(); err != nil { ... }
//
// Records do not span datagrams (RFC 6347 §4.1.1, RFC 9147 §4.3), so a
// partial record at the end is an error (ErrTruncated), unlike Records.
type DTLSRecords struct {
	Data   []byte // the bytes still to iterate
	CIDLen int    // negotiated connection ID length, see ParseDTLSRecord
	off    int    // offset of Data[0] in the datagram
	rec    DTLSRecord
	err    error
}

// Next advances to the next record. It returns false at the end of the
// datagram or on an error (see Err).
func (rs *DTLSRecords) Next() bool {
	if rs.err != nil || len(rs.Data) == 0 {
		return false
	}
	r, n, err := ParseDTLSRecord(rs.Data, rs.CIDLen)
	if err != nil {
		rs.err = shiftOffset(err, rs.off)
		return false
	}
	rs.rec = r
	rs.Data = rs.Data[n:]
	rs.off += n
	return true
}

// Record returns the current record.
func (rs *DTLSRecords) Record() DTLSRecord { return rs.rec }

// Offset is the offset in the datagram of the first byte not yet consumed.
func (rs *DTLSRecords) Offset() int { return rs.off }

// Err returns the error that stopped the iteration, if any.
func (rs *DTLSRecords) Err() error { return rs.err }

// DTLSHandshakeHeaderLen is the size of the DTLS handshake header (RFC 6347 §4.2.2).
const DTLSHandshakeHeaderLen = 12

// DTLSHandshakeHeader is the header of a DTLS handshake fragment (RFC 6347
// §4.2.2, RFC 9147 §5.2): the TLS header plus message_seq and the fragment's
// position. A message sent whole has FragmentOffset 0 and FragmentLength = Length.
type DTLSHandshakeHeader struct {
	// MsgType is msg_type.
	MsgType HandshakeType
	// Length is length, the size of the whole message body (uint24).
	Length uint32
	// MessageSeq is message_seq.
	MessageSeq uint16
	// FragmentOffset is fragment_offset (uint24).
	FragmentOffset uint32
	// FragmentLength is fragment_length (uint24).
	FragmentLength uint32
}

// ParseDTLSHandshake decodes the handshake fragment at the start of b (a
// record payload may hold several): its header and the fragment_length
// bytes that follow, aliasing b. n is the number of bytes consumed. The
// fragment must lie within the message: fragment_offset + fragment_length
// <= length, otherwise ErrLength.
func ParseDTLSHandshake(b []byte) (h DTLSHandshakeHeader, frag []byte, n int, err error) {
	if len(b) < DTLSHandshakeHeaderLen {
		return h, nil, 0, &Error{Message: "DTLSHandshake", Field: "header", Offset: len(b), Err: ErrTruncated}
	}
	if err := h.Unmarshal(b[:DTLSHandshakeHeaderLen]); err != nil {
		return h, nil, 0, err
	}
	end := DTLSHandshakeHeaderLen + int(h.FragmentLength)
	if len(b) < end {
		return h, nil, 0, &Error{Message: "DTLSHandshake", Field: "fragment", Offset: len(b), Err: ErrTruncated}
	}
	return h, b[DTLSHandshakeHeaderLen:end:end], end, nil
}

// Unmarshal decodes exactly a 12-byte DTLS handshake header and checks
// fragment_offset + fragment_length <= length (ErrLength otherwise).
func (h *DTLSHandshakeHeader) Unmarshal(b []byte) error {
	if len(b) < DTLSHandshakeHeaderLen {
		return &Error{Message: "DTLSHandshake", Field: "header", Offset: len(b), Err: ErrTruncated}
	}
	if len(b) > DTLSHandshakeHeaderLen {
		return &Error{Message: "DTLSHandshake", Field: "fragment_length", Offset: DTLSHandshakeHeaderLen, Err: ErrTrailingData}
	}
	h.MsgType = HandshakeType(b[0])
	h.Length = uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	h.MessageSeq = uint16(b[4])<<8 | uint16(b[5])
	h.FragmentOffset = uint32(b[6])<<16 | uint32(b[7])<<8 | uint32(b[8])
	h.FragmentLength = uint32(b[9])<<16 | uint32(b[10])<<8 | uint32(b[11])
	if h.FragmentOffset+h.FragmentLength > h.Length {
		return &Error{Message: "DTLSHandshake", Field: "fragment_length", Offset: 9, Err: ErrLength}
	}
	return nil
}

// check reports the first field that does not fit or is inconsistent.
func (h *DTLSHandshakeHeader) check() (string, error) {
	switch {
	case h.Length > MaxHandshakeLen:
		return "length", ErrTooLarge
	case h.FragmentOffset > MaxHandshakeLen:
		return "fragment_offset", ErrTooLarge
	case h.FragmentLength > MaxHandshakeLen:
		return "fragment_length", ErrTooLarge
	case h.FragmentOffset+h.FragmentLength > h.Length:
		return "fragment_length", ErrLength
	}
	return "", nil
}

// Len is DTLSHandshakeHeaderLen.
func (h *DTLSHandshakeHeader) Len() int { return DTLSHandshakeHeaderLen }

// Append appends the 12-byte header. The 24-bit fields must fit and the
// fragment must lie within the message.
func (h *DTLSHandshakeHeader) Append(b []byte) ([]byte, error) {
	if field, err := h.check(); err != nil {
		return b, &Error{Message: "DTLSHandshake", Field: field, Offset: -1, Err: err}
	}
	a := appender{b: b, msg: "DTLSHandshake"}
	a.u8(uint8(h.MsgType))
	a.u24(h.Length)
	a.u16(h.MessageSeq)
	a.u24(h.FragmentOffset)
	a.u24(h.FragmentLength)
	return a.b, nil
}

// AppendDTLSHandshake appends a handshake fragment: h followed by frag,
// whose length must equal h.FragmentLength.
func AppendDTLSHandshake(b []byte, h DTLSHandshakeHeader, frag []byte) ([]byte, error) {
	if uint64(len(frag)) != uint64(h.FragmentLength) {
		return b, &Error{Message: "DTLSHandshake", Field: "fragment_length", Offset: -1, Err: ErrLength}
	}
	out, err := h.Append(b)
	if err != nil {
		return b, err
	}
	return append(out, frag...), nil
}
