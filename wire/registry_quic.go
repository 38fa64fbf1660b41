package wire

// IANA "QUIC Transport Parameters" registry (quic, RFC 9000 §22.3),
// carried in the quic_transport_parameters extension (RFC 9001 §8.2).
// Data: the RFC 9000 §18.2 parameters, version_information (RFC 9368),
// max_datagram_frame_size (RFC 9221), grease_quic_bit (RFC 9287) and the
// provisional registrations of widely deployed parameters (2025). See
// docs/registries.md.

import "strconv"

// QUICTransportParameter is a QUIC transport parameter ID, a
// variable-length integer (RFC 9000 §18).
type QUICTransportParameter uint64

// QUIC transport parameters.
const (
	QUICOriginalDestinationConnectionID QUICTransportParameter = 0x00
	QUICMaxIdleTimeout                  QUICTransportParameter = 0x01
	QUICStatelessResetToken             QUICTransportParameter = 0x02
	QUICMaxUDPPayloadSize               QUICTransportParameter = 0x03
	QUICInitialMaxData                  QUICTransportParameter = 0x04
	QUICInitialMaxStreamDataBidiLocal   QUICTransportParameter = 0x05
	QUICInitialMaxStreamDataBidiRemote  QUICTransportParameter = 0x06
	QUICInitialMaxStreamDataUni         QUICTransportParameter = 0x07
	QUICInitialMaxStreamsBidi           QUICTransportParameter = 0x08
	QUICInitialMaxStreamsUni            QUICTransportParameter = 0x09
	QUICAckDelayExponent                QUICTransportParameter = 0x0a
	QUICMaxAckDelay                     QUICTransportParameter = 0x0b
	QUICDisableActiveMigration          QUICTransportParameter = 0x0c
	QUICPreferredAddress                QUICTransportParameter = 0x0d
	QUICActiveConnectionIDLimit         QUICTransportParameter = 0x0e
	QUICInitialSourceConnectionID       QUICTransportParameter = 0x0f
	QUICRetrySourceConnectionID         QUICTransportParameter = 0x10
	QUICVersionInformation              QUICTransportParameter = 0x11       // RFC 9368
	QUICMaxDatagramFrameSize            QUICTransportParameter = 0x20       // RFC 9221
	QUICDiscard                         QUICTransportParameter = 0x173e     // provisional
	QUICGreaseQUICBit                   QUICTransportParameter = 0x2ab2     // RFC 9287
	QUICInitialRTT                      QUICTransportParameter = 0x3127     // provisional (Google)
	QUICGoogleConnectionOptions         QUICTransportParameter = 0x3128     // provisional (Google)
	QUICUserAgent                       QUICTransportParameter = 0x3129     // provisional (Google)
	QUICGoogleVersion                   QUICTransportParameter = 0x4752     // provisional (Google)
	QUICVersionInformationDraft         QUICTransportParameter = 0xff73db   // provisional (draft-ietf-quic-version-negotiation)
	QUICMinAckDelayDraft                QUICTransportParameter = 0xff04de1a // provisional (draft-ietf-quic-ack-frequency)
)

// quicTransportParameterEntry is a row of the transport parameter table.
type quicTransportParameterEntry struct {
	id          QUICTransportParameter
	name        string
	provisional bool // a provisional registration (RFC 9000 §22.1.1)
}

var quicTransportParameterTable = []quicTransportParameterEntry{
	{QUICOriginalDestinationConnectionID, "original_destination_connection_id", false},
	{QUICMaxIdleTimeout, "max_idle_timeout", false},
	{QUICStatelessResetToken, "stateless_reset_token", false},
	{QUICMaxUDPPayloadSize, "max_udp_payload_size", false},
	{QUICInitialMaxData, "initial_max_data", false},
	{QUICInitialMaxStreamDataBidiLocal, "initial_max_stream_data_bidi_local", false},
	{QUICInitialMaxStreamDataBidiRemote, "initial_max_stream_data_bidi_remote", false},
	{QUICInitialMaxStreamDataUni, "initial_max_stream_data_uni", false},
	{QUICInitialMaxStreamsBidi, "initial_max_streams_bidi", false},
	{QUICInitialMaxStreamsUni, "initial_max_streams_uni", false},
	{QUICAckDelayExponent, "ack_delay_exponent", false},
	{QUICMaxAckDelay, "max_ack_delay", false},
	{QUICDisableActiveMigration, "disable_active_migration", false},
	{QUICPreferredAddress, "preferred_address", false},
	{QUICActiveConnectionIDLimit, "active_connection_id_limit", false},
	{QUICInitialSourceConnectionID, "initial_source_connection_id", false},
	{QUICRetrySourceConnectionID, "retry_source_connection_id", false},
	{QUICVersionInformation, "version_information", false},
	{QUICMaxDatagramFrameSize, "max_datagram_frame_size", false},
	{QUICDiscard, "discard", true},
	{QUICGreaseQUICBit, "grease_quic_bit", false},
	{QUICInitialRTT, "initial_rtt", true},
	{QUICGoogleConnectionOptions, "google_connection_options", true},
	{QUICUserAgent, "user_agent", true},
	{QUICGoogleVersion, "google_version", true},
	{QUICVersionInformationDraft, "version_information_draft", true},
	{QUICMinAckDelayDraft, "min_ack_delay", true},
}

// quicReservedName is the rendering of the reserved (GREASE) parameters.
const quicReservedName = "reserved"

// String returns the IANA name; "reserved" for the 31*N+27 values RFC
// 9000 §18.1 reserves to exercise unknown-parameter handling; otherwise
// "QUICTransportParameter(0xN)".
func (p QUICTransportParameter) String() string {
	for i := range quicTransportParameterTable {
		if quicTransportParameterTable[i].id == p {
			return quicTransportParameterTable[i].name
		}
	}
	if p.IsGREASE() {
		return quicReservedName
	}
	return "QUICTransportParameter(0x" + strconv.FormatUint(uint64(p), 16) + ")"
}

// Known reports whether p is in the table.
func (p QUICTransportParameter) Known() bool {
	for i := range quicTransportParameterTable {
		if quicTransportParameterTable[i].id == p {
			return true
		}
	}
	return false
}

// Provisional reports whether p is a provisional registration (RFC 9000
// §22.1.1), as opposed to a permanent one. Unknown values are not
// provisional.
func (p QUICTransportParameter) Provisional() bool {
	for i := range quicTransportParameterTable {
		if quicTransportParameterTable[i].id == p {
			return quicTransportParameterTable[i].provisional
		}
	}
	return false
}

// IsGREASE reports whether p is a reserved value of the form 31*N+27
// (RFC 9000 §18.1).
func (p QUICTransportParameter) IsGREASE() bool { return p >= 27 && (p-27)%31 == 0 }
