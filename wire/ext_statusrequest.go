package wire

import "golang.org/x/crypto/cryptobyte"

// StatusRequestExtension is the status_request extension. In the
// ClientHello it is a CertificateStatusRequest (RFC 6066 §8); in a TLS 1.3
// CertificateEntry a CertificateStatus carrying the OCSP response (RFC 8446
// §4.4.2.1); in the TLS 1.2 ServerHello and the TLS 1.3 CertificateRequest
// it is empty.
type StatusRequestExtension struct {
	// In selects the form: InClientHello for the request, InCertificate
	// for the status, any other message for the empty form.
	In ExtMessage
	// StatusType is status_type (request and status forms).
	StatusType CertificateStatusType
	// ResponderIDs is the OCSPStatusRequest responder_id_list<0..2^16-1>
	// of ResponderID opaque<1..2^16-1> (request form, status_type ocsp).
	ResponderIDs [][]byte
	// RequestExtensions is the DER request_extensions<0..2^16-1> (request form, ocsp).
	RequestExtensions []byte
	// OCSPResponse is ocsp_response<1..2^24-1> (status form, ocsp).
	OCSPResponse []byte
	// Other is the body after status_type for status types other than ocsp.
	Other []byte
}

// ExtensionType returns status_request (5).
func (*StatusRequestExtension) ExtensionType() ExtensionType { return ExtensionStatusRequest }

// Unmarshal decodes extension_data as it appears in message in.
func (e *StatusRequestExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.StatusType = 0
	e.ResponderIDs = e.ResponderIDs[:0]
	e.RequestExtensions, e.OCSPResponse, e.Other = nil, nil, nil
	if in != InClientHello && in != InCertificate {
		return extEmpty("status_request", data)
	}
	if in == InClientHello && len(data) == 5 && data[0] == byte(CertStatusOCSP) && data[1]|data[2]|data[3]|data[4] == 0 {
		// What clients send: ocsp, no responder IDs, no extensions.
		e.StatusType, e.RequestExtensions = CertStatusOCSP, data[5:5:5]
		return nil
	}
	p := extParser("status_request", &data)
	s := cryptobyte.String(data)
	if !p.u8(&s, "status_type", (*uint8)(&e.StatusType)) {
		return p.err
	}
	switch {
	case e.StatusType != CertStatusOCSP:
		e.Other = s
	case in == InClientHello:
		var ok bool
		if e.ResponderIDs, e.RequestExtensions, ok = p.ocspStatusRequest(&s, e.ResponderIDs); !ok || !p.end(s, "request_extensions") {
			return p.err
		}
	default:
		if !p.bytes24(&s, "ocsp_response", 1, &e.OCSPResponse) || !p.end(s, "ocsp_response") {
			return p.err
		}
	}
	return nil
}

// ocspStatusRequest decodes an OCSPStatusRequest (RFC 6066 §8).
func (p *parser) ocspStatusRequest(s *cryptobyte.String, ids [][]byte) ([][]byte, []byte, bool) {
	var list cryptobyte.String
	var exts []byte
	if !p.vec16(s, "responder_id_list", 0, &list) {
		return ids[:0], nil, false
	}
	ids, ok := p.opaqueList(list, "ResponderID", 2, 1, ids)
	if !ok || !p.bytes16(s, "request_extensions", 0, &exts) {
		return ids, nil, false
	}
	return ids, exts, true
}

// Append appends extension_data.
func (e *StatusRequestExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello && e.In != InCertificate {
		return b, nil
	}
	if e.In == InClientHello && e.StatusType == CertStatusOCSP && len(e.ResponderIDs) == 0 && len(e.RequestExtensions) == 0 {
		return append(b, byte(CertStatusOCSP), 0, 0, 0, 0), nil // what clients send
	}
	a := appender{b: b, msg: "status_request"}
	a.u8(uint8(e.StatusType))
	switch {
	case e.StatusType != CertStatusOCSP:
		a.raw(e.Other)
	case e.In == InClientHello:
		at := a.open(2)
		a.opaqueList("ResponderID", 2, e.ResponderIDs)
		a.close(at, 2, "responder_id_list")
		a.vec16("request_extensions", e.RequestExtensions)
	default:
		a.vec24("ocsp_response", e.OCSPResponse)
	}
	return a.result(b)
}

// Len is the length Append appends.
func (e *StatusRequestExtension) Len() int {
	switch {
	case e.In != InClientHello && e.In != InCertificate:
		return 0
	case e.StatusType != CertStatusOCSP:
		return 1 + len(e.Other)
	case e.In == InClientHello:
		return 1 + 2 + opaqueListLen(2, e.ResponderIDs) + 2 + len(e.RequestExtensions)
	default:
		return 1 + 3 + len(e.OCSPResponse)
	}
}

// appendJSON appends the CertificateStatusRequest (ClientHello) or the
// CertificateStatus (TLS 1.3 Certificate entry); the other messages carry
// it empty.
func (e *StatusRequestExtension) appendJSON(b []byte) []byte {
	if e.In != InClientHello && e.In != InCertificate {
		return b
	}
	b = jReg(b, "status_type", e.StatusType, greaseNone)
	switch {
	case e.StatusType != CertStatusOCSP:
		return jHex(b, "request", e.Other)
	case e.In == InClientHello:
		b = jHexList(b, "responder_id_list", e.ResponderIDs)
		return jHex(b, "request_extensions", e.RequestExtensions)
	}
	return jHex(b, "ocsp_response", e.OCSPResponse)
}

// StatusRequestV2Item is a CertificateStatusRequestItemV2 (RFC 6961 §2.2).
type StatusRequestV2Item struct {
	// StatusType is status_type (ocsp or ocsp_multi).
	StatusType CertificateStatusType
	// Request is the request (an OCSPStatusRequest for ocsp and
	// ocsp_multi), without its request_length prefix.
	Request []byte
}

// StatusRequestV2Extension is the status_request_v2 extension (RFC 6961
// §2.2): certificate_status_req_list in the ClientHello, empty in the
// ServerHello.
type StatusRequestV2Extension struct {
	// In selects the form: InClientHello for the list, else empty.
	In ExtMessage
	// Items is certificate_status_req_list<1..2^16-1>.
	Items []StatusRequestV2Item
}

// ExtensionType returns status_request_v2 (17).
func (*StatusRequestV2Extension) ExtensionType() ExtensionType { return ExtensionStatusRequestV2 }

// Unmarshal decodes extension_data as it appears in message in.
func (e *StatusRequestV2Extension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Items = e.Items[:0]
	if in != InClientHello {
		return extEmpty("status_request_v2", data)
	}
	p := extParser("status_request_v2", &data)
	s := cryptobyte.String(data)
	var list cryptobyte.String
	if !p.vec16(&s, "certificate_status_req_list", 1, &list) || !p.end(s, "certificate_status_req_list") {
		return p.err
	}
	for len(list) > 0 {
		var it StatusRequestV2Item
		if !p.u8(&list, "status_type", (*uint8)(&it.StatusType)) || !p.bytes16(&list, "request_length", 0, &it.Request) {
			return p.err
		}
		e.Items = append(e.Items, it)
	}
	return nil
}

// Append appends extension_data.
func (e *StatusRequestV2Extension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return b, nil
	}
	a := appender{b: b, msg: "status_request_v2"}
	at := a.open(2)
	for _, it := range e.Items {
		a.u8(uint8(it.StatusType))
		a.vec16("request_length", it.Request)
	}
	a.close(at, 2, "certificate_status_req_list")
	return a.result(b)
}

// Len is the length Append appends.
func (e *StatusRequestV2Extension) Len() int {
	if e.In != InClientHello {
		return 0
	}
	n := 2
	for _, it := range e.Items {
		n += 3 + len(it.Request)
	}
	return n
}

// appendJSON appends certificate_status_req_list (ClientHello); the other
// messages carry it empty.
func (e *StatusRequestV2Extension) appendJSON(b []byte) []byte {
	if e.In != InClientHello {
		return b
	}
	b = append(jKey(b, "certificate_status_req_list"), '[')
	for i, it := range e.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = jOpenReg(b, "status_type", it.StatusType, greaseNone)
		b = append(jHex(b, "request", it.Request), '}')
	}
	return append(b, ']')
}
