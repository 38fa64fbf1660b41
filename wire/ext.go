package wire

// ExtMessage says which message an extension appears in. Extensions whose
// body differs by message (key_share, pre_shared_key, supported_versions,
// server_name, early_data, status_request, ...) decode according to it; the
// codes follow the RFC 8446 §4.2 table (CH, SH, HRR, EE, CT, CR, NST), plus
// the TLS 1.2 messages.
type ExtMessage uint8

// Messages that carry extensions.
const (
	InClientHello         ExtMessage = iota + 1 // CH
	InServerHello                               // SH (also the TLS <= 1.2 ServerHello)
	InHelloRetryRequest                         // HRR
	InEncryptedExtensions                       // EE
	InCertificate                               // CT: a TLS 1.3 CertificateEntry
	InCertificateRequest                        // CR
	InNewSessionTicket                          // NST
)

var extMessageNames = [...]string{
	InClientHello:         "CH",
	InServerHello:         "SH",
	InHelloRetryRequest:   "HRR",
	InEncryptedExtensions: "EE",
	InCertificate:         "CT",
	InCertificateRequest:  "CR",
	InNewSessionTicket:    "NST",
}

// String returns the RFC 8446 §4.2 abbreviation.
func (m ExtMessage) String() string {
	if int(m) < len(extMessageNames) && extMessageNames[m] != "" {
		return extMessageNames[m]
	}
	return "?"
}

// ExtensionBody is implemented by every typed extension. Like messages,
// values are reusable and byte fields alias the input. Append and Len deal
// with extension_data only (not the type and length that Extensions adds).
type ExtensionBody interface {
	// ExtensionType is the code point the value encodes.
	ExtensionType() ExtensionType
	// Unmarshal decodes extension_data as it appears in message in.
	Unmarshal(data []byte, in ExtMessage) error
	// Append appends extension_data in the form chosen by the last
	// Unmarshal or by the value's form field.
	Append(b []byte) ([]byte, error)
	// Len is the length Append appends.
	Len() int
}
