package wire

import "strconv"

// AlertLevel is the level of an alert (RFC 5246 §7.2, RFC 8446 §6).
type AlertLevel uint8

// AlertDescription is the description of an alert (IANA "TLS Alerts").
type AlertDescription uint8

// Alert levels.
const (
	AlertLevelWarning AlertLevel = 1
	AlertLevelFatal   AlertLevel = 2
)

// String returns "warning", "fatal" or "AlertLevel(N)".
func (l AlertLevel) String() string {
	switch l {
	case AlertLevelWarning:
		return "warning"
	case AlertLevelFatal:
		return "fatal"
	}
	return "AlertLevel(" + strconv.Itoa(int(l)) + ")"
}

// alertDescriptionNames is the IANA "TLS Alerts" registry (tls-parameters-6,
// RFC 8446 §6, RFC 5246 §7.2, RFC 9147, RFC 9849, rfc8446bis general_error),
// as of 2025. Values the registry marks "_RESERVED" (used by SSL 3.0 or
// TLS <= 1.2 only) keep that suffix, as in the registry.
var alertDescriptionNames = [256]string{
	0:   "close_notify",
	10:  "unexpected_message",
	20:  "bad_record_mac",
	21:  "decryption_failed_RESERVED",
	22:  "record_overflow",
	30:  "decompression_failure_RESERVED",
	40:  "handshake_failure",
	41:  "no_certificate_RESERVED",
	42:  "bad_certificate",
	43:  "unsupported_certificate",
	44:  "certificate_revoked",
	45:  "certificate_expired",
	46:  "certificate_unknown",
	47:  "illegal_parameter",
	48:  "unknown_ca",
	49:  "access_denied",
	50:  "decode_error",
	51:  "decrypt_error",
	52:  "too_many_cids_requested",
	60:  "export_restriction_RESERVED",
	70:  "protocol_version",
	71:  "insufficient_security",
	80:  "internal_error",
	86:  "inappropriate_fallback",
	90:  "user_canceled",
	100: "no_renegotiation_RESERVED",
	109: "missing_extension",
	110: "unsupported_extension",
	111: "certificate_unobtainable_RESERVED",
	112: "unrecognized_name",
	113: "bad_certificate_status_response",
	114: "bad_certificate_hash_value_RESERVED",
	115: "unknown_psk_identity",
	116: "certificate_required",
	117: "general_error",
	120: "no_application_protocol",
	121: "ech_required",
}

// String returns the IANA name or "AlertDescription(N)".
func (d AlertDescription) String() string {
	if n := alertDescriptionNames[d]; n != "" {
		return n
	}
	return "AlertDescription(" + strconv.Itoa(int(d)) + ")"
}

// Known reports whether d is assigned in the registry.
func (d AlertDescription) Known() bool { return alertDescriptionNames[d] != "" }
