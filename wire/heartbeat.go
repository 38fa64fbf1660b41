package wire

// HeartbeatMinPadding is the least padding a heartbeat message carries (RFC 6520 §4).
const HeartbeatMinPadding = 16

// MaxHeartbeatLen is the largest heartbeat message RFC 6520 §4 allows (2^14;
// less when max_fragment_length was negotiated).
const MaxHeartbeatLen = 1 << 14

// causeError is an error that explains a sentinel cause in more detail and
// unwraps to it.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string { return e.msg + ": " + e.cause.Error() }
func (e *causeError) Unwrap() error { return e.cause }

// ErrHeartbleed is the cause (wrapping ErrLength) reported when a heartbeat
// message's payload_length is larger than the bytes that follow it: the
// malformed request of the Heartbleed attack (CVE-2014-0160), to which
// vulnerable OpenSSL versions answered with payload_length bytes of their
// own memory. Test for it with errors.Is(err, ErrHeartbleed).
var ErrHeartbleed error = &causeError{
	msg:   "payload_length exceeds the message (Heartbleed, CVE-2014-0160)",
	cause: ErrLength,
}

// Heartbeat is the payload of a heartbeat record (RFC 6520 §4):
//
//	struct {
//	   HeartbeatMessageType type;
//	   uint16 payload_length;
//	   opaque payload[HeartbeatMessage.payload_length];
//	   opaque padding[padding_length];
//	} HeartbeatMessage;
//
// The padding length is implicit: whatever follows the payload in the
// record. Unmarshal accepts any padding length (Validate checks the RFC
// minimum of 16 bytes); a payload_length beyond the record is an error
// wrapping ErrHeartbleed. A payload_length that overstates the payload but
// stays within the record eats into the padding, which Validate then finds
// too short. Payload and Padding alias the input.
type Heartbeat struct {
	// Type is type.
	Type HeartbeatMessageType
	// Payload is payload.
	Payload []byte
	// Padding is padding (random bytes; the receiver ignores them).
	Padding []byte
}

// Unmarshal decodes a heartbeat message (a heartbeat record's payload).
func (h *Heartbeat) Unmarshal(b []byte) error {
	if len(b) < 3 {
		field := "type"
		if len(b) > 0 {
			field = "payload_length"
		}
		return &Error{Message: "HeartbeatMessage", Field: field, Offset: len(b), Err: ErrTruncated}
	}
	n := int(b[1])<<8 | int(b[2])
	if n > len(b)-3 {
		return &Error{Message: "HeartbeatMessage", Field: "payload_length", Offset: 1, Err: ErrHeartbleed}
	}
	h.Type = HeartbeatMessageType(b[0])
	h.Payload = b[3 : 3+n : 3+n]
	h.Padding = b[3+n:]
	return nil
}

// Append appends the message. The payload must fit its 16-bit length.
func (h *Heartbeat) Append(b []byte) ([]byte, error) {
	if len(h.Payload) > 0xffff {
		return b, &Error{Message: "HeartbeatMessage", Field: "payload_length", Offset: -1, Err: ErrTooLarge}
	}
	b = append(b, byte(h.Type), byte(len(h.Payload)>>8), byte(len(h.Payload)))
	b = append(b, h.Payload...)
	return append(b, h.Padding...), nil
}

// Len is the encoded length.
func (h *Heartbeat) Len() int { return 3 + len(h.Payload) + len(h.Padding) }

// Validate applies RFC 6520 §4: the type is request or response, the
// padding is at least 16 bytes and the message is at most 2^14 bytes.
func (h *Heartbeat) Validate() error {
	switch {
	case h.Type != HeartbeatRequest && h.Type != HeartbeatResponse:
		return &Error{Message: "HeartbeatMessage", Field: "type", Offset: 0, Err: ErrValue}
	case len(h.Padding) < HeartbeatMinPadding:
		return &Error{Message: "HeartbeatMessage", Field: "padding", Offset: 3 + len(h.Payload), Err: ErrVectorTooShort}
	case h.Len() > MaxHeartbeatLen:
		return &Error{Message: "HeartbeatMessage", Field: "payload_length", Offset: 1, Err: ErrTooLarge}
	}
	return nil
}
