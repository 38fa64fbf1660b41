package resumption

// session is one issued or offered key: a ticket or PSK identity (keyed by
// its SHA-256) or a session ID (keyed by sessionIDKey). Every flow that
// offered it shares it, so a late issuer and later offers are seen by all.
type session struct {
	key        Hash
	prev, next *session // least recently used order; nil when not in the table
	issuer     *FlowRef // nil until the issuing flow is fed
	issuedAt   int64    // Unix nanoseconds of the NewSessionTicket or ServerHello
	lifetime   uint32   // ticket_lifetime(_hint), seconds
	ageAdd     uint32   // ticket_age_add, valid when tls13
	offers     uint32   // flows that offered it
	tls13      bool     // issued by a TLS 1.3 NewSessionTicket (ageAdd known)
	inTable    bool
}
