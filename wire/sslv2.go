package wire

import "golang.org/x/crypto/cryptobyte"

// SSL 2.0 compatible ClientHello (RFC 5246 Appendix E.2, RFC 6101 Appendix
// E.1, draft-hickman-netscape-ssl-00 "CLIENT-HELLO"). Clients that wanted to
// reach SSL 2.0 servers sent their first hello in an SSL 2.0 record:
//
//	uint16 msg_length;          // high bit set: 2-byte header, 15-bit length
//	uint8 msg_type;             // 1 = CLIENT-HELLO
//	Version version;            // highest version supported, e.g. 0x0301
//	uint16 cipher_spec_length;  // multiple of 3, not zero
//	uint16 session_id_length;   // 0 or 16
//	uint16 challenge_length;    // 16..32
//	V2CipherSpec cipher_specs[cipher_spec_length];  // 3 bytes each
//	opaque session_id[session_id_length];
//	opaque challenge[challenge_length];
//
// SSL 2.0 also defines a 3-byte record header (high bit clear, a third byte
// giving the padding length) for records whose cipher needs padding. A
// CLIENT-HELLO is sent before any cipher is agreed, so it never uses that
// form, and RFC 5246 §E.2 requires the 2-byte header; UnmarshalSSLv2 rejects
// a 3-byte header with ErrValue rather than guess at its padding.

// SSLv2HeaderLen is the size of the 2-byte SSL 2.0 record header.
const SSLv2HeaderLen = 2

// MaxSSLv2RecordLen is the largest body a 2-byte SSL 2.0 header can describe (2^15-1).
const MaxSSLv2RecordLen = 1<<15 - 1

// sslv2HelloFixedLen is msg_type, version and the three length fields.
const sslv2HelloFixedLen = 1 + 2 + 2 + 2 + 2

// sslv2MsgClientHello is the SSL 2.0 msg_type of CLIENT-HELLO.
const sslv2MsgClientHello = 1

// IsSSLv2ClientHello reports whether b, the first bytes of a stream from a
// client, starts with an SSL 2.0 compatible ClientHello record (RFC 5246
// §E.2) rather than a TLS record. It needs at least 3 bytes and checks the
// high bit of the header (a TLS record starts with a content type below
// 0x80), a record length that can hold a hello, and msg_type 1; with 5 bytes
// or more it also requires the major version of the version field to be 0
// (SSL 2.0) or 3 (SSL 3.0 and TLS). It does not check the rest of the record.
func IsSSLv2ClientHello(b []byte) bool {
	if len(b) < 3 || b[0]&0x80 == 0 {
		return false
	}
	n := int(b[0]&0x7f)<<8 | int(b[1])
	if n < sslv2HelloFixedLen || b[2] != sslv2MsgClientHello {
		return false
	}
	return len(b) < 5 || b[3] == 0 || b[3] == 3
}

// UnmarshalSSLv2 decodes a complete SSL 2.0 compatible ClientHello record,
// 2-byte header included (RFC 5246 §E.2). On success m has SSLv2 set,
// LegacyVersion = version, SSLv2CipherSpecs = cipher_specs in wire order,
// CipherSuites = the specs whose first byte is zero (the TLS cipher suites,
// RFC 5246 §E.2), SessionID = session_id and Random = challenge exactly as
// sent (16 to 32 bytes; TLS servers left-pad it to 32 bytes with zeros to
// form the ClientHello.random, which is not done here). Cookie,
// CompressionMethods and Extensions are cleared. Byte fields alias record.
//
// Structural checks only: the record must be exactly as long as its header
// says, msg_type must be 1, cipher_spec_length a non-zero multiple of 3 and
// every length must fit the record. The RFC's value rules (session_id_length
// 0 or 16, challenge_length 16..32) are left to the caller. A record with
// the 3-byte header form is rejected with ErrValue (see the file comment).
// Offsets in errors count from the start of record.
func (m *ClientHello) UnmarshalSSLv2(record []byte) error {
	p := newParser("SSLv2ClientHello", record)
	s := cryptobyte.String(record)
	m.SSLv2, m.DTLS = true, false
	m.SSLv2CipherSpecs = m.SSLv2CipherSpecs[:0]
	m.CipherSuites = m.CipherSuites[:0]
	m.Random, m.SessionID, m.Cookie, m.CompressionMethods = nil, nil, nil, nil
	m.ExtensionsPresent = false
	m.Extensions = m.Extensions[:0]
	m.LegacyVersion = 0

	var hdr uint16
	if !p.u16(&s, "msg_length", &hdr) {
		return p.err
	}
	if hdr&0x8000 == 0 {
		// 3-byte header (RFC 6101 §E.1 / SSL 2.0 "record header"): not used for hellos.
		return &Error{Message: "SSLv2ClientHello", Field: "msg_length", Offset: 0, Err: ErrValue}
	}
	n := int(hdr & 0x7fff)
	if n > len(s) {
		return &Error{Message: "SSLv2ClientHello", Field: "msg_length", Offset: 0, Err: ErrTruncated}
	}
	if n < len(s) {
		return &Error{Message: "SSLv2ClientHello", Field: "msg_length", Offset: SSLv2HeaderLen + n, Err: ErrTrailingData}
	}
	var msgType uint8
	var specLen, sidLen, chLen uint16
	if !p.u8(&s, "msg_type", &msgType) {
		return p.err
	}
	if msgType != sslv2MsgClientHello {
		return &Error{Message: "SSLv2ClientHello", Field: "msg_type", Offset: SSLv2HeaderLen, Err: ErrValue}
	}
	if !p.u16(&s, "version", &m.LegacyVersion) {
		return p.err
	}
	specAt := s
	if !p.u16(&s, "cipher_spec_length", &specLen) {
		return p.err
	}
	switch {
	case specLen == 0:
		p.fail(specAt, "cipher_spec_length", ErrVectorTooShort)
		return p.err
	case specLen%3 != 0:
		p.fail(specAt, "cipher_spec_length", ErrLength)
		return p.err
	}
	var specs []byte
	if !p.u16(&s, "session_id_length", &sidLen) || !p.u16(&s, "challenge_length", &chLen) ||
		!p.bytes(&s, "cipher_specs", int(specLen), &specs) ||
		!p.bytes(&s, "session_id", int(sidLen), &m.SessionID) ||
		!p.bytes(&s, "challenge", int(chLen), &m.Random) ||
		!p.end(s, "challenge") {
		return p.err
	}
	for ; len(specs) >= 3; specs = specs[3:] {
		v := uint32(specs[0])<<16 | uint32(specs[1])<<8 | uint32(specs[2])
		m.SSLv2CipherSpecs = append(m.SSLv2CipherSpecs, v)
		if v>>16 == 0 {
			m.CipherSuites = append(m.CipherSuites, uint16(v))
		}
	}
	return nil
}

// sslv2HelloLen is the length of the SSL 2.0 CLIENT-HELLO body (msg_type
// to challenge, without the record header) appendSSLv2Hello writes.
func sslv2HelloLen(m *ClientHello) int {
	return sslv2HelloFixedLen + 3*sslv2SpecCount(m) + len(m.SessionID) + len(m.Random)
}

// sslv2SpecCount is the number of V2CipherSpecs written: SSLv2CipherSpecs,
// or CipherSuites when no SSLv2 specs are set (a constructed value).
func sslv2SpecCount(m *ClientHello) int {
	if len(m.SSLv2CipherSpecs) > 0 {
		return len(m.SSLv2CipherSpecs)
	}
	return len(m.CipherSuites)
}

// appendSSLv2Hello appends the SSL 2.0 CLIENT-HELLO body of m (RFC 5246
// §E.2), from msg_type to challenge. The cipher_specs are SSLv2CipherSpecs;
// when that is empty (a value built by hand) they are CipherSuites written
// as 0x00XXXX. When both are set, CipherSuites must be exactly the specs
// whose first byte is zero (what UnmarshalSSLv2 produces), otherwise
// ErrValue: Append refuses to silently drop either list.
func appendSSLv2Hello(b []byte, m *ClientHello) ([]byte, error) {
	a := appender{b: b, msg: "SSLv2ClientHello"}
	n := sslv2SpecCount(m)
	switch {
	case n == 0:
		a.fail("cipher_specs", ErrVectorTooShort)
	case 3*n > 0xffff:
		a.fail("cipher_spec_length", ErrTooLarge)
	case len(m.SSLv2CipherSpecs) > 0 && !sslv2SuitesMatch(m):
		a.fail("cipher_specs", ErrValue)
	}
	if len(m.SessionID) > 0xffff {
		a.fail("session_id_length", ErrTooLarge)
	}
	if len(m.Random) > 0xffff {
		a.fail("challenge_length", ErrTooLarge)
	}
	a.u8(sslv2MsgClientHello)
	a.u16(m.LegacyVersion)
	a.u16(uint16(3 * n))
	a.u16(uint16(len(m.SessionID)))
	a.u16(uint16(len(m.Random)))
	if len(m.SSLv2CipherSpecs) > 0 {
		for _, v := range m.SSLv2CipherSpecs {
			if v > 0xffffff {
				a.fail("cipher_specs", ErrTooLarge)
			}
			a.b = append(a.b, byte(v>>16), byte(v>>8), byte(v))
		}
	} else {
		for _, v := range m.CipherSuites {
			a.b = append(a.b, 0, byte(v>>8), byte(v))
		}
	}
	a.raw(m.SessionID)
	a.raw(m.Random)
	return a.result(b)
}

// sslv2SuitesMatch reports whether CipherSuites is the list of
// SSLv2CipherSpecs whose first byte is zero.
func sslv2SuitesMatch(m *ClientHello) bool {
	i := 0
	for _, v := range m.SSLv2CipherSpecs {
		if v>>16 != 0 {
			continue
		}
		if i >= len(m.CipherSuites) || m.CipherSuites[i] != uint16(v) {
			return false
		}
		i++
	}
	return i == len(m.CipherSuites)
}

// AppendSSLv2Record appends m as a complete SSL 2.0 compatible ClientHello
// record (RFC 5246 §E.2): the 2-byte header with its high bit set, then the
// CLIENT-HELLO body. It does not require m.SSLv2 to be set. The body must fit
// the 15-bit length (MaxSSLv2RecordLen), otherwise ErrTooLarge.
func AppendSSLv2Record(b []byte, m *ClientHello) ([]byte, error) {
	n := sslv2HelloLen(m)
	if n > MaxSSLv2RecordLen {
		return b, &Error{Message: "SSLv2ClientHello", Field: "msg_length", Offset: -1, Err: ErrTooLarge}
	}
	out := append(b, byte(n>>8)|0x80, byte(n))
	out, err := appendSSLv2Hello(out, m)
	if err != nil {
		return b, err
	}
	return out, nil
}
