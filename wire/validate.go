package wire

import (
	"errors"
	"strconv"
)

// Extension code points the validation rules refer to (RFC 8446 §4.2).

// validateExtensionList reports duplicate extension types (RFC 8446 §4.2:
// "There MUST NOT be more than one extension of the same type in a given
// extension block") and, when in is known, extensions that RFC 8446 §4.2
// does not allow in that message. It returns the problems joined.
func validateExtensionList(msg string, exts Extensions, in ExtMessage) []error {
	var errs []error
	for i := range exts {
		for j := range i {
			if exts[j].Type == exts[i].Type {
				errs = append(errs, ruleError(msg, "extensions",
					"extension "+strconv.Itoa(int(exts[i].Type))+" appears more than once (RFC 8446 §4.2)"))
				break
			}
		}
		if in != 0 && !IsGREASE(uint16(exts[i].Type)) && !extensionAllowedIn(exts[i].Type, in) {
			errs = append(errs, ruleError(msg, "extensions",
				"extension "+strconv.Itoa(int(exts[i].Type))+" is not allowed in "+in.String()+" (RFC 8446 §4.2)"))
		}
	}
	return errs
}

// Validate checks the rules of RFC 8446 §4.1.2, §4.2 and RFC 5246
// §7.4.1.2 that Unmarshal does not enforce: duplicate extensions,
// pre_shared_key not last, extensions not allowed in a ClientHello, a
// session ID over 32 bytes, and the compression methods (null must be
// offered; only null when TLS 1.3 is offered). It returns nil or the
// violations joined with errors.Join, each an *Error with cause ErrRule.
func (m *ClientHello) Validate() error {
	const msg = "ClientHello"
	if m.SSLv2 {
		return nil // SSL 2.0 hellos have none of these fields' rules
	}
	errs := validateExtensionList(msg, m.Extensions, InClientHello)
	if len(m.SessionID) > 32 {
		errs = append(errs, ruleError(msg, "legacy_session_id", "longer than 32 bytes"))
	}
	if i := m.Extensions.Index(ExtensionPreSharedKey); i >= 0 && i != len(m.Extensions)-1 {
		errs = append(errs, ruleError(msg, "extensions", "pre_shared_key is not the last extension (RFC 8446 §4.2.11)"))
	}
	hasNull := false
	for _, c := range m.CompressionMethods {
		hasNull = hasNull || c == 0
	}
	if !hasNull {
		errs = append(errs, ruleError(msg, "legacy_compression_methods", "null compression not offered (RFC 5246 §7.4.1.2)"))
	}
	if m.offersTLS13() && (len(m.CompressionMethods) != 1 || m.CompressionMethods[0] != 0) {
		errs = append(errs, ruleError(msg, "legacy_compression_methods", "TLS 1.3 offered with compression other than exactly null (RFC 8446 §4.1.2)"))
	}
	return errors.Join(errs...)
}

// offersTLS13 reports whether supported_versions lists TLS 1.3 (or a draft).
func (m *ClientHello) offersTLS13() bool {
	d, ok := m.Extensions.Find(ExtensionSupportedVersions)
	if !ok || len(d) < 1 {
		return false
	}
	d = d[1:]
	for len(d) >= 2 {
		if UsesTLS13Forms(uint16(d[0])<<8 | uint16(d[1])) {
			return true
		}
		d = d[2:]
	}
	return false
}

// Validate checks the rules of RFC 8446 §4.1.3, §4.1.4, §4.2 and RFC 8701
// §3 that Unmarshal does not enforce: duplicate extensions, extensions not
// allowed in a ServerHello or HelloRetryRequest, GREASE values selected by
// the server, a session ID over 32 bytes, and a HelloRetryRequest without
// supported_versions. It returns nil or the violations joined.
func (m *ServerHello) Validate() error {
	const msg = "ServerHello"
	in := InServerHello
	if m.IsHelloRetryRequest() {
		in = InHelloRetryRequest
	}
	if !UsesTLS13Forms(m.SelectedVersion()) {
		in = 0 // the §4.2 table is TLS 1.3's; TLS 1.2 servers echo what the client sent
	}
	errs := validateExtensionList(msg, m.Extensions, in)
	if len(m.SessionID) > 32 {
		errs = append(errs, ruleError(msg, "legacy_session_id_echo", "longer than 32 bytes"))
	}
	if IsGREASE(m.CipherSuite) {
		errs = append(errs, ruleError(msg, "cipher_suite", "GREASE value selected (RFC 8701 §3)"))
	}
	if IsGREASE(m.SelectedVersion()) {
		errs = append(errs, ruleError(msg, "supported_versions", "GREASE version selected (RFC 8701 §3)"))
	}
	for i := range m.Extensions {
		if IsGREASE(uint16(m.Extensions[i].Type)) {
			errs = append(errs, ruleError(msg, "extensions", "GREASE extension sent by a server (RFC 8701 §3)"))
		}
	}
	if m.IsHelloRetryRequest() && !m.Extensions.Has(ExtensionSupportedVersions) {
		errs = append(errs, ruleError(msg, "extensions", "HelloRetryRequest without supported_versions (RFC 8446 §4.1.4)"))
	}
	return errors.Join(errs...)
}
