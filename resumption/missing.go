package resumption

// Missing says why a resumed flow has no link to its issuer.
type Missing uint8

// Reasons for a missing link.
const (
	// Linked: the issuing flow is known.
	Linked Missing = iota
	// IssuerNotSeen: no flow fed to the Index issued the session, e.g. it
	// was issued before the capture started or in another capture.
	IssuerNotSeen
	// IssuerEvicted: the issuing flow was fed, but its key was dropped to
	// respect Options.MaxEntries (counted in Stats.LinksLost). Told by a
	// filter of evicted keys with about 1% false positives.
	IssuerEvicted
	// NeedsDecryption: a TLS 1.3 or QUIC PSK whose issuer is unknown while
	// some TLS 1.3 flows were fed without their NewSessionTickets
	// (Handshake.Decrypted unset): the issuer may be one of them.
	NeedsDecryption
	// NoKey: the flow resumed but offered nothing to link by (a selected
	// PSK index beyond the offered identities, a session ID echo without a
	// server address).
	NoKey
)

// String returns the JSON value of resumed_missing: "", "issuer_not_seen",
// "issuer_evicted", "needs_decryption" or "no_key".
func (m Missing) String() string {
	switch m {
	case IssuerNotSeen:
		return "issuer_not_seen"
	case IssuerEvicted:
		return "issuer_evicted"
	case NeedsDecryption:
		return "needs_decryption"
	case NoKey:
		return "no_key"
	}
	return ""
}
