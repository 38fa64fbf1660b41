package wire

// IANA "TLS Application-Layer Protocol Negotiation (ALPN) Protocol IDs"
// registry (the "alpn-protocol-ids" table of the TLS Extensions group,
// RFC 7301 §6), in registry order, as of 2026-09 (the last five entries
// from a copy of the registry list that did not give their protocol
// names or references). See docs/registries.md.

// ALPN protocol IDs in common use.
const (
	ALPNHTTP11   = "http/1.1"
	ALPNHTTP2    = "h2"
	ALPNHTTP3    = "h3"
	ALPNACMETLS1 = "acme-tls/1"
	ALPNDoT      = "dot"
	ALPNDoQ      = "doq"
)

// ALPNProtocolInfo is one row of the ALPN protocol ID registry.
type ALPNProtocolInfo struct {
	ID       string // identification sequence
	Protocol string // protocol name as the registry gives it
	Ref      string // defining document
}

// alpnTable is the registry, in registry order.
var alpnTable = []ALPNProtocolInfo{
	{"http/0.9", "HTTP/0.9", "RFC 1945"},
	{"http/1.0", "HTTP/1.0", "RFC 1945"},
	{ALPNHTTP11, "HTTP/1.1", "RFC 9112"},
	{"spdy/1", "SPDY/1", "spdy-protocol-draft1"},
	{"spdy/2", "SPDY/2", "spdy-protocol-draft2"},
	{"spdy/3", "SPDY/3", "spdy-protocol-draft3"},
	{"stun.turn", "Traversal Using Relays around NAT (TURN)", "RFC 7443"},
	{"stun.nat-discovery", "NAT discovery using Session Traversal Utilities for NAT (STUN)", "RFC 7443"},
	{ALPNHTTP2, "HTTP/2 over TLS", "RFC 9113"},
	{"h2c", "HTTP/2 over TCP", "RFC 9113"},
	{"webrtc", "WebRTC Media and Data", "RFC 8833"},
	{"c-webrtc", "Confidential WebRTC Media and Data", "RFC 8833"},
	{"ftp", "FTP", "RFC 959, RFC 4217"},
	{"imap", "IMAP", "RFC 2595"},
	{"pop3", "POP3", "RFC 2595"},
	{"managesieve", "ManageSieve", "RFC 5804"},
	{"coap", "CoAP (TLS)", "RFC 8323"},
	{"co", "CoAP (DTLS)", "IANA registry"},
	{"xmpp-client", "XMPP jabber:client namespace", "XEP-0368"},
	{"xmpp-server", "XMPP jabber:server namespace", "XEP-0368"},
	{ALPNACMETLS1, "acme-tls/1", "RFC 8737"},
	{"mqtt", "OASIS Message Queuing Telemetry Transport (MQTT)", "MQTT Version 5.0"},
	{ALPNDoT, "DNS-over-TLS", "RFC 7858"},
	{"ntske/1", "Network Time Security Key Establishment, version 1", "RFC 8915"},
	{"sunrpc", "SunRPC", "RFC 9289"},
	{ALPNHTTP3, "HTTP/3", "RFC 9114"},
	{"smb", "SMB2", "MS-SMB2"},
	{"irc", "IRC", "draft-ietf-ircv3-irc-over-tls"},
	{"nntp", "NNTP (reading)", "RFC 3977"},
	{"nnsp", "NNTP (transit)", "RFC 3977"},
	{ALPNDoQ, "DoQ", "RFC 9250"},
	{"sip/2", "SIP", "RFC 3261"},
	{"tds/8.0", "TDS/8.0", "MS-TDS"},
	{"dicom", "DICOM", "DICOM PS3.15"},
	{"postgresql", "PostgreSQL", "PostgreSQL protocol"},
	{"radius/1.0", "RADIUS/1.0", "RFC 9765"},
	{"radius/1.1", "RADIUS/1.1", "RFC 9765"},
	{"netperfmeter/control", "NetPerfMeter control", "IANA registry"},
	{"netperfmeter/data", "NetPerfMeter data", "IANA registry"},
	{"n-pamp/2", "n-pamp/2", "IANA registry"},
	{"EoQ", "EoQ", "IANA registry"},
	{"snifq/1", "snifq/1", "IANA registry"},
}

var alpnIndex = indexBy(alpnTable, func(e *ALPNProtocolInfo) string { return e.ID })

// LookupALPN returns the registry entry of the protocol ID id. It does not
// allocate. The entry is shared: the caller must not modify it.
func LookupALPN(id []byte) (*ALPNProtocolInfo, bool) {
	e, ok := alpnIndex[string(id)]
	return e, ok
}

// ALPNProtocols returns the whole registry. The caller must not modify it.
func ALPNProtocols() []ALPNProtocolInfo { return alpnTable }

// IsGREASEALPN reports whether id is one of the RFC 8701 reserved ALPN
// identifiers: the two bytes of a GREASE value (0x0a0a ... 0xfafa).
func IsGREASEALPN(id []byte) bool {
	return len(id) == 2 && IsGREASE(uint16(id[0])<<8|uint16(id[1]))
}
