package wire

import (
	"strconv"

	"golang.org/x/crypto/cryptobyte"
)

// QUICTransportParameter is one transport parameter (RFC 9000 §18).
type QUICTransportParameter struct {
	// ID is the Transport Parameter ID.
	ID QUICTransportParameterID
	// Value is the Transport Parameter Value (aliasing the input). For
	// integer-valued parameters it is itself a variable-length integer,
	// kept as encoded; see Varint.
	Value []byte
	// IDLen and LengthLen are the sizes (1, 2, 4 or 8) of the encodings of
	// the ID and the Transport Parameter Length when they were not the
	// shortest possible; 0 means the shortest encoding. They let
	// non-minimal encodings round-trip byte for byte.
	IDLen, LengthLen uint8
}

// Varint decodes Value as a single variable-length integer (the form of
// the integer-valued parameters, RFC 9000 §18.2).
func (t *QUICTransportParameter) Varint() (uint64, bool) {
	s := cryptobyte.String(t.Value)
	v, _, ok := readQUICVarint(&s)
	return v, ok && len(s) == 0
}

// QUICTransportParametersExtension is the quic_transport_parameters
// extension (RFC 9001 §8.2, RFC 9000 §18): a sequence of parameters, the
// same form in the ClientHello and EncryptedExtensions.
type QUICTransportParametersExtension struct {
	// Parameters in wire order, unknown and reserved (GREASE) IDs included.
	Parameters []QUICTransportParameter
}

// ExtensionType returns quic_transport_parameters (57).
func (*QUICTransportParametersExtension) ExtensionType() ExtensionType {
	return ExtensionQUICTransportParameters
}

// readQUICVarint reads a variable-length integer (RFC 9000 §16) and returns
// its value and encoded size.
func readQUICVarint(s *cryptobyte.String) (uint64, int, bool) {
	if len(*s) == 0 {
		return 0, 0, false
	}
	n := 1 << ((*s)[0] >> 6)
	if len(*s) < n {
		return 0, 0, false
	}
	v := uint64((*s)[0] & 0x3f)
	for _, c := range (*s)[1:n] {
		v = v<<8 | uint64(c)
	}
	*s = (*s)[n:]
	return v, n, true
}

// quicVarintLen is the size of the shortest encoding of v.
func quicVarintLen(v uint64) int {
	switch {
	case v < 1<<6:
		return 1
	case v < 1<<14:
		return 2
	case v < 1<<30:
		return 4
	default:
		return 8
	}
}

// varintSize returns the encoding size to use for v given a recorded size
// (0 for the shortest), and false if v does not fit it.
func varintSize(v uint64, recorded uint8) (int, bool) {
	min := quicVarintLen(v)
	switch n := int(recorded); n {
	case 0:
		return min, v < 1<<62
	case 1, 2, 4, 8:
		return n, n >= min && v < 1<<62
	}
	return 0, false
}

// quicVarint appends v in n bytes (RFC 9000 §16).
func (a *appender) quicVarint(field string, v uint64, recorded uint8) {
	n, ok := varintSize(v, recorded)
	if !ok {
		a.fail(field, ErrTooLarge)
		return
	}
	prefix := byte(0)
	switch n {
	case 2:
		prefix = 0x40
	case 4:
		prefix = 0x80
	case 8:
		prefix = 0xc0
	}
	for i := n - 1; i >= 0; i-- {
		c := byte(v >> (8 * i))
		if i == n-1 {
			c |= prefix
		}
		a.b = append(a.b, c)
	}
}

// Unmarshal decodes extension_data; in is not used.
func (e *QUICTransportParametersExtension) Unmarshal(data []byte, _ ExtMessage) error {
	e.Parameters = e.Parameters[:0]
	p := extParser("quic_transport_parameters", &data)
	s := cryptobyte.String(data)
	for len(s) > 0 {
		var t QUICTransportParameter
		id, n, ok := readQUICVarint(&s)
		if !ok {
			p.fail(s, "transport_parameter_id", ErrTruncated)
			return p.err
		}
		t.ID = QUICTransportParameterID(id)
		if n != quicVarintLen(id) {
			t.IDLen = uint8(n)
		}
		at := s
		length, n, ok := readQUICVarint(&s)
		if !ok {
			p.fail(at, "transport_parameter_length", ErrTruncated)
			return p.err
		}
		if n != quicVarintLen(length) {
			t.LengthLen = uint8(n)
		}
		if length > uint64(len(s)) {
			p.fail(at, "transport_parameter_length", ErrLength)
			return p.err
		}
		t.Value = s[:length:length]
		s = s[length:]
		e.Parameters = append(e.Parameters, t)
	}
	return nil
}

// Append appends extension_data.
func (e *QUICTransportParametersExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "quic_transport_parameters"}
	for i := range e.Parameters {
		t := &e.Parameters[i]
		a.quicVarint("transport_parameter_id", uint64(t.ID), t.IDLen)
		a.quicVarint("transport_parameter_length", uint64(len(t.Value)), t.LengthLen)
		a.raw(t.Value)
	}
	return a.result(b)
}

// Len is the length Append appends (for parameters Append can encode).
func (e *QUICTransportParametersExtension) Len() int {
	n := 0
	for i := range e.Parameters {
		t := &e.Parameters[i]
		a, _ := varintSize(uint64(t.ID), t.IDLen)
		l, _ := varintSize(uint64(len(t.Value)), t.LengthLen)
		n += a + l + len(t.Value)
	}
	return n
}

// Find returns the first parameter with the given ID.
func (e *QUICTransportParametersExtension) Find(id QUICTransportParameterID) (*QUICTransportParameter, bool) {
	for i := range e.Parameters {
		if e.Parameters[i].ID == id {
			return &e.Parameters[i], true
		}
	}
	return nil, false
}

// Varint returns the integer value of parameter id; ok is false when it
// is absent or its value is not exactly one variable-length integer.
func (e *QUICTransportParametersExtension) Varint(id QUICTransportParameterID) (v uint64, ok bool) {
	t, ok := e.Find(id)
	if !ok {
		return 0, false
	}
	return t.Varint()
}

// MaxIdleTimeout returns max_idle_timeout in milliseconds (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) MaxIdleTimeout() (uint64, bool) {
	return e.Varint(QUICParamMaxIdleTimeout)
}

// MaxUDPPayloadSize returns max_udp_payload_size (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) MaxUDPPayloadSize() (uint64, bool) {
	return e.Varint(QUICParamMaxUDPPayloadSize)
}

// InitialMaxData returns initial_max_data (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialMaxData() (uint64, bool) {
	return e.Varint(QUICParamInitialMaxData)
}

// InitialMaxStreamDataBidiLocal returns initial_max_stream_data_bidi_local (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialMaxStreamDataBidiLocal() (uint64, bool) {
	return e.Varint(QUICParamInitialMaxStreamDataBidiLocal)
}

// InitialMaxStreamDataBidiRemote returns initial_max_stream_data_bidi_remote (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialMaxStreamDataBidiRemote() (uint64, bool) {
	return e.Varint(QUICParamInitialMaxStreamDataBidiRemote)
}

// InitialMaxStreamDataUni returns initial_max_stream_data_uni (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialMaxStreamDataUni() (uint64, bool) {
	return e.Varint(QUICParamInitialMaxStreamDataUni)
}

// InitialMaxStreamsBidi returns initial_max_streams_bidi (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialMaxStreamsBidi() (uint64, bool) {
	return e.Varint(QUICParamInitialMaxStreamsBidi)
}

// InitialMaxStreamsUni returns initial_max_streams_uni (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialMaxStreamsUni() (uint64, bool) {
	return e.Varint(QUICParamInitialMaxStreamsUni)
}

// AckDelayExponent returns ack_delay_exponent (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) AckDelayExponent() (uint64, bool) {
	return e.Varint(QUICParamAckDelayExponent)
}

// MaxAckDelay returns max_ack_delay in milliseconds (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) MaxAckDelay() (uint64, bool) {
	return e.Varint(QUICParamMaxAckDelay)
}

// ActiveConnectionIDLimit returns active_connection_id_limit (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) ActiveConnectionIDLimit() (uint64, bool) {
	return e.Varint(QUICParamActiveConnectionIDLimit)
}

// MaxDatagramFrameSize returns max_datagram_frame_size (RFC 9221 §3).
func (e *QUICTransportParametersExtension) MaxDatagramFrameSize() (uint64, bool) {
	return e.Varint(QUICParamMaxDatagramFrameSize)
}

// DisableActiveMigration reports whether disable_active_migration is present (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) DisableActiveMigration() bool {
	_, ok := e.Find(QUICParamDisableActiveMigration)
	return ok
}

// GreaseQUICBit reports whether grease_quic_bit is present (RFC 9287 §3).
func (e *QUICTransportParametersExtension) GreaseQUICBit() bool {
	_, ok := e.Find(QUICParamGreaseQUICBit)
	return ok
}

// bytesParam returns the value of a byte-string parameter.
func (e *QUICTransportParametersExtension) bytesParam(id QUICTransportParameterID) ([]byte, bool) {
	t, ok := e.Find(id)
	if !ok {
		return nil, false
	}
	return t.Value, true
}

// OriginalDestinationConnectionID returns original_destination_connection_id (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) OriginalDestinationConnectionID() ([]byte, bool) {
	return e.bytesParam(QUICParamOriginalDestinationConnectionID)
}

// InitialSourceConnectionID returns initial_source_connection_id (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) InitialSourceConnectionID() ([]byte, bool) {
	return e.bytesParam(QUICParamInitialSourceConnectionID)
}

// RetrySourceConnectionID returns retry_source_connection_id (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) RetrySourceConnectionID() ([]byte, bool) {
	return e.bytesParam(QUICParamRetrySourceConnectionID)
}

// StatelessResetToken returns stateless_reset_token (RFC 9000 §18.2).
func (e *QUICTransportParametersExtension) StatelessResetToken() ([]byte, bool) {
	return e.bytesParam(QUICParamStatelessResetToken)
}

// QUICPreferredAddress is the preferred_address value (RFC 9000 §18.2).
type QUICPreferredAddress struct {
	IPv4Address         [4]byte
	IPv4Port            uint16
	IPv6Address         [16]byte
	IPv6Port            uint16
	ConnectionID        []byte // Connection ID (0..20 bytes, aliasing the input)
	StatelessResetToken []byte // Stateless Reset Token (16 bytes)
}

// PreferredAddress decodes preferred_address. ok is false when the
// parameter is absent; err reports a malformed value.
func (e *QUICTransportParametersExtension) PreferredAddress() (a QUICPreferredAddress, ok bool, err error) {
	t, ok := e.Find(QUICParamPreferredAddress)
	if !ok {
		return a, false, nil
	}
	v := t.Value
	p := extParser("preferred_address", &v)
	s := cryptobyte.String(v)
	var v4, v6 []byte
	if !p.bytes(&s, "ipv4Address", 4, &v4) || !p.u16(&s, "ipv4Port", &a.IPv4Port) ||
		!p.bytes(&s, "ipv6Address", 16, &v6) || !p.u16(&s, "ipv6Port", &a.IPv6Port) ||
		!p.bytes8(&s, "Connection ID", 0, &a.ConnectionID) ||
		!p.bytes(&s, "Stateless Reset Token", 16, &a.StatelessResetToken) || !p.end(s, "Stateless Reset Token") {
		return a, true, p.err
	}
	copy(a.IPv4Address[:], v4)
	copy(a.IPv6Address[:], v6)
	return a, true, nil
}

// AppendQUICPreferredAddress appends the encoding of a preferred_address value.
func AppendQUICPreferredAddress(b []byte, a *QUICPreferredAddress) ([]byte, error) {
	ap := appender{b: b, msg: "preferred_address"}
	ap.raw(a.IPv4Address[:])
	ap.u16(a.IPv4Port)
	ap.raw(a.IPv6Address[:])
	ap.u16(a.IPv6Port)
	ap.vec8("Connection ID", a.ConnectionID)
	if len(a.StatelessResetToken) != 16 {
		ap.fail("Stateless Reset Token", ErrLength)
	}
	ap.raw(a.StatelessResetToken)
	return ap.result(b)
}

// VersionInformation decodes version_information (RFC 9368 §3): the
// chosen version and the available versions, appended to dst[:0]. ok is
// false when the parameter is absent; err reports a malformed value.
func (e *QUICTransportParametersExtension) VersionInformation(dst []uint32) (chosen uint32, available []uint32, ok bool, err error) {
	available = dst[:0]
	t, ok := e.Find(QUICParamVersionInformation)
	if !ok {
		return 0, available, false, nil
	}
	v := t.Value
	p := extParser("version_information", &v)
	s := cryptobyte.String(v)
	if !p.u32(&s, "Chosen Version", &chosen) {
		return 0, available, true, p.err
	}
	if len(s)%4 != 0 {
		p.fail(s, "Available Versions", ErrLength)
		return chosen, available, true, p.err
	}
	for len(s) > 0 {
		var v uint32
		s.ReadUint32(&v)
		available = append(available, v)
	}
	return chosen, available, true, nil
}

// AppendQUICVarint appends v as a variable-length integer in its shortest
// encoding (RFC 9000 §16), for building integer-valued parameter values.
func AppendQUICVarint(b []byte, v uint64) ([]byte, error) {
	a := appender{b: b, msg: "quic_transport_parameters"}
	a.quicVarint("Transport Parameter Value", v, 0)
	return a.result(b)
}

// QUICTransportParametersDraftExtension is quic_transport_parameters at
// the draft code point 0xffa5 used before RFC 9001, with the same body.
type QUICTransportParametersDraftExtension struct {
	QUICTransportParametersExtension
}

// ExtensionType returns 0xffa5.
func (*QUICTransportParametersDraftExtension) ExtensionType() ExtensionType {
	return ExtensionQUICTransportParametersDraft
}

// Validate checks that no parameter appears twice (RFC 9000 §7.4).
func (e *QUICTransportParametersExtension) Validate() error {
	for i := range e.Parameters {
		for j := range e.Parameters[:i] {
			if e.Parameters[j].ID == e.Parameters[i].ID {
				return &Error{Message: "quic_transport_parameters", Field: "transport_parameter_id", Offset: -1, Err: ErrValue}
			}
		}
	}
	return nil
}

// quicIntegerParameter reports whether the value of transport parameter id
// is a variable-length integer (RFC 9000 §18.2 and the drafts in the table).
func quicIntegerParameter(id QUICTransportParameterID) bool {
	switch id {
	case QUICParamMaxIdleTimeout, QUICParamMaxUDPPayloadSize, QUICParamInitialMaxData,
		QUICParamInitialMaxStreamDataBidiLocal, QUICParamInitialMaxStreamDataBidiRemote,
		QUICParamInitialMaxStreamDataUni, QUICParamInitialMaxStreamsBidi, QUICParamInitialMaxStreamsUni,
		QUICParamAckDelayExponent, QUICParamMaxAckDelay, QUICParamActiveConnectionIDLimit,
		QUICParamMaxDatagramFrameSize, QUICParamMinAckDelayDraft:
		return true
	}
	return false
}

// appendJSON appends the parameters: each ID with its name, the value in
// hex and, for the integer parameters, the value as a number. The draft
// code point's type embeds this one and shares it.
func (e *QUICTransportParametersExtension) appendJSON(b []byte) []byte {
	b = append(jKey(b, "parameters"), '[')
	for i := range e.Parameters {
		p := &e.Parameters[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(jOpen(b, "id"), uint64(p.ID), 10)
		b = jText(b, "name", regName(p.ID, greaseQUIC))
		b = jHex(b, "value", p.Value)
		if v, ok := p.Varint(); ok && quicIntegerParameter(p.ID) {
			b = jUint(b, "int", v)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
