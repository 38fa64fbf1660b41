package wire

// AlertLen is the size of an alert message (RFC 8446 §6, RFC 5246 §7.2).
const AlertLen = 2

// Alert is the payload of an alert record (RFC 8446 §6, RFC 5246 §7.2):
//
//	struct { AlertLevel level; AlertDescription description; } Alert;
//
// RFC 8446 §5.1 forbids fragmenting alerts or coalescing several in one
// record, so Unmarshal takes exactly one. Unknown levels and descriptions
// round-trip; Validate checks the level.
type Alert struct {
	// Level is level.
	Level AlertLevel
	// Description is description.
	Description AlertDescription
}

// Unmarshal decodes an alert from exactly two bytes (an alert record's payload).
func (a *Alert) Unmarshal(b []byte) error {
	switch {
	case len(b) < AlertLen:
		field := "level"
		if len(b) == 1 {
			field = "description"
		}
		return &Error{Message: "Alert", Field: field, Offset: len(b), Err: ErrTruncated}
	case len(b) > AlertLen:
		return &Error{Message: "Alert", Field: "description", Offset: AlertLen, Err: ErrTrailingData}
	}
	a.Level, a.Description = AlertLevel(b[0]), AlertDescription(b[1])
	return nil
}

// Append appends the two alert bytes.
func (a *Alert) Append(b []byte) ([]byte, error) {
	return append(b, byte(a.Level), byte(a.Description)), nil
}

// Len is AlertLen.
func (a *Alert) Len() int { return AlertLen }

// Validate checks that the level is warning(1) or fatal(2) (RFC 5246 §7.2;
// RFC 8446 §6 says unknown levels are treated as fatal by a receiver).
func (a *Alert) Validate() error {
	if a.Level != AlertLevelWarning && a.Level != AlertLevelFatal {
		return &Error{Message: "Alert", Field: "level", Offset: 0, Err: ErrValue}
	}
	return nil
}

// String returns "level description", e.g. "fatal handshake_failure".
func (a Alert) String() string { return a.Level.String() + " " + a.Description.String() }
