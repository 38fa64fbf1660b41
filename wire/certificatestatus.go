package wire

import "golang.org/x/crypto/cryptobyte"

// CertificateStatus carries stapled OCSP responses (RFC 6066 §8,
// RFC 6961 §2.2):
//
//	struct {
//	    CertificateStatusType status_type;
//	    select (status_type) {
//	        case ocsp: OCSPResponse ocsp_response;            // opaque <1..2^24-1>
//	        case ocsp_multi: OCSPResponseList ocsp_response_list;
//	    } response;
//	} CertificateStatus;
//	struct { OCSPResponse ocsp_response_list<1..2^24-1>; } OCSPResponseList;
//	opaque OCSPResponse<0..2^24-1>;  // in RFC 6961; RFC 6066 has <1..2^24-1>
//
// The form is chosen by StatusType, the only field whose value is used on
// both sides: ocsp fills OCSPResponse, ocsp_multi fills OCSPResponseList,
// and any other type keeps the rest of the body in Response uninterpreted.
// (TLS 1.3 carries the same structure in a status_request extension of a
// CertificateEntry, RFC 8446 §4.4.2.1.)
type CertificateStatus struct {
	// StatusType is status_type.
	StatusType CertificateStatusType
	// OCSPResponse is ocsp_response (status_type ocsp), the DER OCSPResponse
	// (aliases the input).
	OCSPResponse []byte
	// OCSPResponseList is ocsp_response_list (status_type ocsp_multi): one
	// entry per certificate of the chain, empty for those without a
	// response. Entries alias the input; the outer slice is reused.
	OCSPResponseList [][]byte
	// Response is everything after status_type when StatusType is neither
	// ocsp nor ocsp_multi (aliases the input).
	Response []byte
}

// Type returns TypeCertificateStatus.
func (*CertificateStatus) Type() HandshakeType { return TypeCertificateStatus }

// Unmarshal decodes a complete CertificateStatus handshake message (with header).
func (m *CertificateStatus) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *CertificateStatus) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *CertificateStatus) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a CertificateStatus body. ctx is not used.
func (m *CertificateStatus) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("CertificateStatus", body)
	s := cryptobyte.String(body)
	m.OCSPResponse = nil
	m.OCSPResponseList = m.OCSPResponseList[:0]
	m.Response = nil
	var t uint8
	if !p.u8(&s, "status_type", &t) {
		return p.err
	}
	m.StatusType = CertificateStatusType(t)
	switch m.StatusType {
	case CertStatusOCSP:
		if !p.bytes24(&s, "ocsp_response", 1, &m.OCSPResponse) || !p.end(s, "ocsp_response") {
			return p.err
		}
	case CertStatusOCSPMulti:
		var list cryptobyte.String
		if !p.vec24(&s, "ocsp_response_list", 1, &list) || !p.end(s, "ocsp_response_list") {
			return p.err
		}
		for len(list) > 0 {
			var r []byte
			if !p.bytes24(&list, "OCSPResponse", 0, &r) {
				return p.err
			}
			m.OCSPResponseList = append(m.OCSPResponseList, r)
		}
	default:
		m.Response = s[:len(s):len(s)]
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *CertificateStatus) BodyLen() int {
	switch m.StatusType {
	case CertStatusOCSP:
		return 1 + 3 + len(m.OCSPResponse)
	case CertStatusOCSPMulti:
		n := 1 + 3
		for _, r := range m.OCSPResponseList {
			n += 3 + len(r)
		}
		return n
	}
	return 1 + len(m.Response)
}

// AppendBody appends the CertificateStatus body in the form StatusType
// selects. Fields of the other forms must be empty (ErrValue otherwise),
// so that nothing set by the caller is silently dropped.
func (m *CertificateStatus) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "CertificateStatus"}
	a.u8(uint8(m.StatusType))
	switch m.StatusType {
	case CertStatusOCSP:
		if len(m.OCSPResponseList) != 0 || len(m.Response) != 0 {
			a.fail("status_type", ErrValue)
		}
		a.vec24("ocsp_response", m.OCSPResponse)
	case CertStatusOCSPMulti:
		if len(m.OCSPResponse) != 0 || len(m.Response) != 0 {
			a.fail("status_type", ErrValue)
		}
		at := a.open(3)
		for _, r := range m.OCSPResponseList {
			a.vec24("OCSPResponse", r)
		}
		a.close(at, 3, "ocsp_response_list")
	default:
		if len(m.OCSPResponse) != 0 || len(m.OCSPResponseList) != 0 {
			a.fail("status_type", ErrValue)
		}
		a.raw(m.Response)
	}
	return a.result(b)
}

// Validate checks what Unmarshal guarantees but a constructed value may
// break (a non-empty ocsp_response or ocsp_response_list), and that
// status_type is ocsp or ocsp_multi.
func (m *CertificateStatus) Validate() error {
	fail := func(field string, cause error) error {
		return &Error{Message: "CertificateStatus", Field: field, Offset: -1, Err: cause}
	}
	switch m.StatusType {
	case CertStatusOCSP:
		if len(m.OCSPResponse) == 0 {
			return fail("ocsp_response", ErrVectorTooShort)
		}
	case CertStatusOCSPMulti:
		if len(m.OCSPResponseList) == 0 {
			return fail("ocsp_response_list", ErrVectorTooShort)
		}
	default:
		return fail("status_type", ErrValue)
	}
	return nil
}

// appendJSON appends the status type and the response(s).
func (m *CertificateStatus) appendJSON(b []byte, _ *extScratch) []byte {
	b = jReg(b, "status_type", m.StatusType, greaseNone)
	switch m.StatusType {
	case CertStatusOCSP:
		return jHex(b, "ocsp_response", m.OCSPResponse)
	case CertStatusOCSPMulti:
		return jHexList(b, "ocsp_response_list", m.OCSPResponseList)
	}
	return jHex(b, "response", m.Response)
}

// appendSummary appends the status type and the response size or count.
func (m *CertificateStatus) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "CertificateStatus"...)
	b = sName(append(b, ' '), m.StatusType, greaseNone)
	switch m.StatusType {
	case CertStatusOCSP:
		return sSize(b, "response", len(m.OCSPResponse))
	case CertStatusOCSPMulti:
		return sCount(b, "responses", len(m.OCSPResponseList))
	}
	return sSize(b, "response", len(m.Response))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateStatus) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
