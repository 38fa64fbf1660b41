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

// alertDescriptionNames is filled by the registries work (IANA TLS Alerts).
var alertDescriptionNames = [256]string{}

// String returns the IANA name or "AlertDescription(N)".
func (d AlertDescription) String() string {
	if n := alertDescriptionNames[d]; n != "" {
		return n
	}
	return "AlertDescription(" + strconv.Itoa(int(d)) + ")"
}
