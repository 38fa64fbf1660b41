package wire

import (
	"errors"
	"strconv"
)

// Sentinel causes carried by *Error; test for them with errors.Is.
var (
	// ErrTruncated: the input ended inside a field.
	ErrTruncated = errors.New("truncated")
	// ErrTrailingData: bytes were left after the last field of a structure.
	ErrTrailingData = errors.New("trailing data")
	// ErrLength: a length field disagrees with the bytes it describes.
	ErrLength = errors.New("length mismatch")
	// ErrOddLength: a vector of 16-bit values has an odd byte length.
	ErrOddLength = errors.New("odd length for a list of 16-bit values")
	// ErrVectorTooShort: a vector is shorter than the minimum its RFC definition allows.
	ErrVectorTooShort = errors.New("vector below its minimum length")
	// ErrTooLarge: a value does not fit its length prefix, or exceeds a configured limit.
	ErrTooLarge = errors.New("too large")
	// ErrValue: a field holds a value its definition does not allow
	// (for example a wrong handshake type in a header).
	ErrValue = errors.New("invalid value")
	// ErrContext: the message needs a context (version or key exchange) that was not given.
	ErrContext = errors.New("missing or unsupported context")
	// ErrRule: a well-formed message breaks a protocol rule; reported by
	// Validate only, never by Unmarshal.
	ErrRule = errors.New("protocol rule violated")
)

// Error reports where and why a structure could not be parsed or built.
// Offset is the byte offset of the failing field from the start of the
// input passed to the Unmarshal (or parse) function; for Append errors it is -1.
type Error struct {
	Message string // the structure being decoded, e.g. "ClientHello" or "record"
	Field   string // the RFC field name, e.g. "cipher_suites"
	Offset  int
	Err     error  // one of the sentinel causes above
	Detail  string // optional explanation (set by Validate)
}

// ruleError builds the error Validate reports for a broken rule.
func ruleError(msg, field, detail string) *Error {
	return &Error{Message: msg, Field: field, Offset: -1, Err: ErrRule, Detail: detail}
}

func (e *Error) Error() string {
	s := "tlswire: " + e.Message
	if e.Field != "" {
		s += "." + e.Field
	}
	if e.Offset >= 0 {
		s += " at offset " + strconv.Itoa(e.Offset)
	}
	s += ": " + e.Err.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel cause.
func (e *Error) Unwrap() error { return e.Err }

// shiftOffset moves the offset of a *Error by n bytes; used when a
// structure was parsed from a sub-slice of what the caller passed.
func shiftOffset(err error, n int) error {
	if err == nil {
		return nil
	}
	// The parsers return a *Error directly: a type assertion finds it without
	// allocating. errors.As (whose target escapes, costing an allocation per
	// call) is kept for wrapped errors, in a function of its own.
	e, ok := err.(*Error)
	if !ok {
		e = asError(err)
	}
	if e != nil && e.Offset >= 0 {
		e.Offset += n
	}
	return err
}

// asError returns the *Error in err's chain, or nil.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
