package wire

// IANA "QUIC Transport Parameters" registry (quic, RFC 9000 §22.3),
// carried in the quic_transport_parameters extension (RFC 9001 §8.2).
// Data: the RFC 9000 §18.2 parameters, version_information (RFC 9368),
// max_datagram_frame_size (RFC 9221), grease_quic_bit (RFC 9287) and the
// provisional registrations of widely deployed parameters (2025). See
// docs/registries.md.

import "strconv"

// QUICTransportParameterID is a QUIC transport parameter ID, a
// variable-length integer (RFC 9000 §18).
type QUICTransportParameterID uint64

// QUIC transport parameters.
const (
	QUICParamOriginalDestinationConnectionID QUICTransportParameterID = 0x00
	QUICParamMaxIdleTimeout                  QUICTransportParameterID = 0x01
	QUICParamStatelessResetToken             QUICTransportParameterID = 0x02
	QUICParamMaxUDPPayloadSize               QUICTransportParameterID = 0x03
	QUICParamInitialMaxData                  QUICTransportParameterID = 0x04
	QUICParamInitialMaxStreamDataBidiLocal   QUICTransportParameterID = 0x05
	QUICParamInitialMaxStreamDataBidiRemote  QUICTransportParameterID = 0x06
	QUICParamInitialMaxStreamDataUni         QUICTransportParameterID = 0x07
	QUICParamInitialMaxStreamsBidi           QUICTransportParameterID = 0x08
	QUICParamInitialMaxStreamsUni            QUICTransportParameterID = 0x09
	QUICParamAckDelayExponent                QUICTransportParameterID = 0x0a
	QUICParamMaxAckDelay                     QUICTransportParameterID = 0x0b
	QUICParamDisableActiveMigration          QUICTransportParameterID = 0x0c
	QUICParamPreferredAddress                QUICTransportParameterID = 0x0d
	QUICParamActiveConnectionIDLimit         QUICTransportParameterID = 0x0e
	QUICParamInitialSourceConnectionID       QUICTransportParameterID = 0x0f
	QUICParamRetrySourceConnectionID         QUICTransportParameterID = 0x10
	QUICParamVersionInformation              QUICTransportParameterID = 0x11       // RFC 9368
	QUICParamMaxDatagramFrameSize            QUICTransportParameterID = 0x20       // RFC 9221
	QUICParamDiscard                         QUICTransportParameterID = 0x173e     // provisional
	QUICParamGreaseQUICBit                   QUICTransportParameterID = 0x2ab2     // RFC 9287
	QUICParamInitialRTT                      QUICTransportParameterID = 0x3127     // provisional (Google)
	QUICParamGoogleConnectionOptions         QUICTransportParameterID = 0x3128     // provisional (Google)
	QUICParamUserAgent                       QUICTransportParameterID = 0x3129     // provisional (Google)
	QUICParamGoogleVersion                   QUICTransportParameterID = 0x4752     // provisional (Google)
	QUICParamVersionInformationDraft         QUICTransportParameterID = 0xff73db   // provisional (draft-ietf-quic-version-negotiation)
	QUICParamMinAckDelayDraft                QUICTransportParameterID = 0xff04de1a // provisional (draft-ietf-quic-ack-frequency)
)

// quicTransportParameterEntry is a row of the transport parameter table.
type quicTransportParameterEntry struct {
	id          QUICTransportParameterID
	name        string
	provisional bool // a provisional registration (RFC 9000 §22.1.1)
}

var quicTransportParameterTable = []quicTransportParameterEntry{
	{QUICParamOriginalDestinationConnectionID, "original_destination_connection_id", false},
	{QUICParamMaxIdleTimeout, "max_idle_timeout", false},
	{QUICParamStatelessResetToken, "stateless_reset_token", false},
	{QUICParamMaxUDPPayloadSize, "max_udp_payload_size", false},
	{QUICParamInitialMaxData, "initial_max_data", false},
	{QUICParamInitialMaxStreamDataBidiLocal, "initial_max_stream_data_bidi_local", false},
	{QUICParamInitialMaxStreamDataBidiRemote, "initial_max_stream_data_bidi_remote", false},
	{QUICParamInitialMaxStreamDataUni, "initial_max_stream_data_uni", false},
	{QUICParamInitialMaxStreamsBidi, "initial_max_streams_bidi", false},
	{QUICParamInitialMaxStreamsUni, "initial_max_streams_uni", false},
	{QUICParamAckDelayExponent, "ack_delay_exponent", false},
	{QUICParamMaxAckDelay, "max_ack_delay", false},
	{QUICParamDisableActiveMigration, "disable_active_migration", false},
	{QUICParamPreferredAddress, "preferred_address", false},
	{QUICParamActiveConnectionIDLimit, "active_connection_id_limit", false},
	{QUICParamInitialSourceConnectionID, "initial_source_connection_id", false},
	{QUICParamRetrySourceConnectionID, "retry_source_connection_id", false},
	{QUICParamVersionInformation, "version_information", false},
	{QUICParamMaxDatagramFrameSize, "max_datagram_frame_size", false},
	{QUICParamDiscard, "discard", true},
	{QUICParamGreaseQUICBit, "grease_quic_bit", false},
	{QUICParamInitialRTT, "initial_rtt", true},
	{QUICParamGoogleConnectionOptions, "google_connection_options", true},
	{QUICParamUserAgent, "user_agent", true},
	{QUICParamGoogleVersion, "google_version", true},
	{QUICParamVersionInformationDraft, "version_information_draft", true},
	{QUICParamMinAckDelayDraft, "min_ack_delay", true},
}

// quicReservedName is the rendering of the reserved (GREASE) parameters.
const quicReservedName = "reserved"

// String returns the IANA name; "reserved" for the 31*N+27 values RFC
// 9000 §18.1 reserves to exercise unknown-parameter handling; otherwise
// "QUICTransportParameterID(0xN)".
func (p QUICTransportParameterID) String() string {
	for i := range quicTransportParameterTable {
		if quicTransportParameterTable[i].id == p {
			return quicTransportParameterTable[i].name
		}
	}
	if p.IsGREASE() {
		return quicReservedName
	}
	return "QUICTransportParameterID(0x" + strconv.FormatUint(uint64(p), 16) + ")"
}

// Known reports whether p is in the table.
func (p QUICTransportParameterID) Known() bool {
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
func (p QUICTransportParameterID) Provisional() bool {
	for i := range quicTransportParameterTable {
		if quicTransportParameterTable[i].id == p {
			return quicTransportParameterTable[i].provisional
		}
	}
	return false
}

// IsGREASE reports whether p is a reserved value of the form 31*N+27
// (RFC 9000 §18.1).
func (p QUICTransportParameterID) IsGREASE() bool { return p >= 27 && (p-27)%31 == 0 }
