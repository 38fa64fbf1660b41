package wire

import "strconv"

// JSON rendering of the record layer and of the non-handshake record
// payloads (docs/json.md). Like the message renderers these append to the
// caller's buffer and allocate nothing.

// AppendRecordJSON appends the JSON object of a TLS record header (RFC 8446
// §5.1): {"content_type":N,"content_type_name":"...","legacy_record_version":N,
// "legacy_record_version_name":"...","length":N}. The payload is not
// included: render it with the appender of its content.
func AppendRecordJSON(b []byte, r *Record) []byte {
	b = jOpenReg(b, "content_type", r.ContentType, greaseNone)
	b = jReg(b, "legacy_record_version", ProtocolVersion(r.LegacyVersion), grease16)
	return append(jUint(b, "length", uint64(len(r.Payload))), '}')
}

// AppendDTLSRecordJSON appends the JSON object of a DTLS record header
// (RFC 6347 §4.1, RFC 9146 §4, RFC 9147 §4). A DTLS 1.3 unified header has
// "unified":true and its flags instead of content_type and version; the
// payload is not included ("length" is its size).
func AppendDTLSRecordJSON(b []byte, r *DTLSRecord) []byte {
	if r.Unified {
		b = append(jOpen(b, "unified"), "true"...)
		b = jUint(b, "epoch", uint64(r.Epoch))
		b = jUint(b, "sequence_number", r.SequenceNumber)
		b = jBool(b, "seq16", r.Seq16)
		b = jBool(b, "length_present", r.LengthPresent)
		if r.CIDPresent {
			b = jHex(b, "connection_id", r.ConnectionID)
		}
	} else {
		b = jOpenReg(b, "content_type", r.ContentType, greaseNone)
		b = jReg(b, "version", ProtocolVersion(r.Version), grease16)
		b = jUint(b, "epoch", uint64(r.Epoch))
		b = jUint(b, "sequence_number", r.SequenceNumber)
		if r.ContentType == ContentTLS12CID {
			b = jHex(b, "connection_id", r.ConnectionID)
		}
	}
	return append(jUint(b, "length", uint64(len(r.Payload))), '}')
}

// AppendDTLSHandshakeHeaderJSON appends the JSON object of a DTLS handshake
// fragment header (RFC 6347 §4.2.2, RFC 9147 §5.2).
func AppendDTLSHandshakeHeaderJSON(b []byte, h *DTLSHandshakeHeader) []byte {
	b = jOpenReg(b, "msg_type", h.MsgType, greaseNone)
	b = jUint(b, "length", uint64(h.Length))
	b = jUint(b, "message_seq", uint64(h.MessageSeq))
	b = jUint(b, "fragment_offset", uint64(h.FragmentOffset))
	return append(jUint(b, "fragment_length", uint64(h.FragmentLength)), '}')
}

// AppendAlertJSON appends {"level":N,"level_name":"...","description":N,
// "description_name":"..."} (RFC 8446 §6).
func AppendAlertJSON(b []byte, a *Alert) []byte {
	name := jsonUnassigned
	if a.Level == AlertLevelWarning || a.Level == AlertLevelFatal {
		name = a.Level.String()
	}
	b = jNamed(append(b, '{'), "level", uint64(a.Level), name)
	return append(jReg(b, "description", a.Description, greaseNone), '}')
}

// AppendChangeCipherSpecJSON appends {"value":N} (RFC 5246 §7.1; 1 in
// every valid message).
func AppendChangeCipherSpecJSON(b []byte, c *ChangeCipherSpec) []byte {
	return append(strconv.AppendUint(jOpen(b, "value"), uint64(c.Value), 10), '}')
}

// AppendHeartbeatJSON appends {"heartbeat_type":N,"heartbeat_type_name":
// "...","payload_length":N,"payload":"hex","padding_length":N} (RFC 6520 §4).
func AppendHeartbeatJSON(b []byte, h *Heartbeat) []byte {
	b = jOpenReg(b, "heartbeat_type", h.Type, greaseNone)
	b = jUint(b, "payload_length", uint64(len(h.Payload)))
	b = jHex(b, "payload", h.Payload)
	return append(jUint(b, "padding_length", uint64(len(h.Padding))), '}')
}

// The MarshalJSON methods make record-layer values json.Marshalers, as
// every message type is in its own file, so that library users can pass
// them to encoding/json. Hot paths call the Append*JSON functions with a
// reused buffer instead.

// MarshalJSON renders r with AppendRecordJSON.
func (r *Record) MarshalJSON() ([]byte, error) { return AppendRecordJSON(nil, r), nil }

// MarshalJSON renders r with AppendDTLSRecordJSON.
func (r *DTLSRecord) MarshalJSON() ([]byte, error) { return AppendDTLSRecordJSON(nil, r), nil }

// MarshalJSON renders h with AppendDTLSHandshakeHeaderJSON.
func (h *DTLSHandshakeHeader) MarshalJSON() ([]byte, error) {
	return AppendDTLSHandshakeHeaderJSON(nil, h), nil
}

// MarshalJSON renders a with AppendAlertJSON.
func (a *Alert) MarshalJSON() ([]byte, error) { return AppendAlertJSON(nil, a), nil }

// MarshalJSON renders c with AppendChangeCipherSpecJSON.
func (c *ChangeCipherSpec) MarshalJSON() ([]byte, error) {
	return AppendChangeCipherSpecJSON(nil, c), nil
}

// MarshalJSON renders h with AppendHeartbeatJSON.
func (h *Heartbeat) MarshalJSON() ([]byte, error) { return AppendHeartbeatJSON(nil, h), nil }
