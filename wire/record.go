package wire

import "strconv"

// ContentType is a TLS record content type (IANA "TLS ContentType",
// RFC 8446 §5.1).
type ContentType uint8

// Content types.
const (
	ContentChangeCipherSpec ContentType = 20
	ContentAlert            ContentType = 21
	ContentHandshake        ContentType = 22
	ContentApplicationData  ContentType = 23
	ContentHeartbeat        ContentType = 24 // RFC 6520
	ContentTLS12CID         ContentType = 25 // RFC 9146
	ContentACK              ContentType = 26 // RFC 9147
	ContentRTT2             ContentType = 27 // draft-ietf-tls-rtt
)

var contentTypeNames = [256]string{
	ContentChangeCipherSpec: "change_cipher_spec",
	ContentAlert:            "alert",
	ContentHandshake:        "handshake",
	ContentApplicationData:  "application_data",
	ContentHeartbeat:        "heartbeat",
	ContentTLS12CID:         "tls12_cid",
	ContentACK:              "ack",
	ContentRTT2:             "return_routability_check",
}

// String returns the IANA name or "ContentType(N)".
func (t ContentType) String() string {
	if n := contentTypeNames[t]; n != "" {
		return n
	}
	return "ContentType(" + strconv.Itoa(int(t)) + ")"
}

// Known reports whether t is assigned in the registry.
func (t ContentType) Known() bool { return contentTypeNames[t] != "" }

// RecordHeaderLen is the size of a TLS record header (RFC 8446 §5.1).
const RecordHeaderLen = 5

// MaxRecordLen is the largest record payload accepted: 2^14 plus 2048 bytes
// of expansion for protected records (RFC 5246 §6.2.3); TLS 1.3 allows only
// 2^14+256 (RFC 8446 §5.2), which is within this bound.
const MaxRecordLen = 1<<14 + 2048

// Record is one TLS record. Payload aliases the input.
type Record struct {
	ContentType   ContentType
	LegacyVersion uint16
	Payload       []byte
}

// ParseRecord decodes the record at the start of b and returns it with
// the number of bytes it occupies. ErrTruncated means more bytes are
// needed; ErrTooLarge means the length exceeds MaxRecordLen.
func ParseRecord(b []byte) (Record, int, error) {
	if len(b) < RecordHeaderLen {
		return Record{}, 0, &Error{Message: "record", Field: "header", Offset: len(b), Err: ErrTruncated}
	}
	n := int(b[3])<<8 | int(b[4])
	if n > MaxRecordLen {
		return Record{}, 0, &Error{Message: "record", Field: "length", Offset: 3, Err: ErrTooLarge}
	}
	if len(b) < RecordHeaderLen+n {
		return Record{}, 0, &Error{Message: "record", Field: "fragment", Offset: len(b), Err: ErrTruncated}
	}
	return Record{
		ContentType:   ContentType(b[0]),
		LegacyVersion: uint16(b[1])<<8 | uint16(b[2]),
		Payload:       b[RecordHeaderLen : RecordHeaderLen+n],
	}, RecordHeaderLen + n, nil
}

// Len is the encoded length of the record.
func (r *Record) Len() int { return RecordHeaderLen + len(r.Payload) }

// Append appends the record with its header.
func (r *Record) Append(b []byte) ([]byte, error) {
	if len(r.Payload) > 0xffff {
		return b, &Error{Message: "record", Field: "length", Offset: -1, Err: ErrTooLarge}
	}
	n := len(r.Payload)
	b = append(b, byte(r.ContentType), byte(r.LegacyVersion>>8), byte(r.LegacyVersion), byte(n>>8), byte(n))
	return append(b, r.Payload...), nil
}

// Records iterates over the TLS records of a byte stream without copying.
// Use it as:
//
//	rs := wire.Records{Data: stream}
//	for rs.Next() { use(rs.Record()) }
//	if err := rs.Err(); err != nil { ... }
//
// A partial record at the end is not an error: Rest returns it so a caller
// reading a stream can keep it for later.
type Records struct {
	Data []byte // the bytes still to iterate
	off  int    // offset of Data[0] in the original stream
	rec  Record
	err  error
}

// Next advances to the next complete record. It returns false at the end of
// the data, at a partial record, or on an error (see Err).
func (rs *Records) Next() bool {
	if rs.err != nil || len(rs.Data) == 0 {
		return false
	}
	r, n, err := ParseRecord(rs.Data)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Err == ErrTruncated {
			return false
		}
		rs.err = shiftOffset(err, rs.off)
		return false
	}
	rs.rec = r
	rs.Data = rs.Data[n:]
	rs.off += n
	return true
}

// Record returns the current record.
func (rs *Records) Record() Record { return rs.rec }

// Offset is the offset in the original stream of the first byte not yet consumed.
func (rs *Records) Offset() int { return rs.off }

// Rest returns the bytes after the last complete record.
func (rs *Records) Rest() []byte { return rs.Data }

// Err returns the error that stopped the iteration, if any.
func (rs *Records) Err() error { return rs.err }
