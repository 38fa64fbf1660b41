package wire

// Context is what the form of some handshake messages depends on: the
// negotiated protocol version and the key exchange of the negotiated cipher
// suite. Messages whose encoding never varies ignore it. A Decoder learns it
// from the ServerHello; a caller decoding one message sets it explicitly.
type Context struct {
	// Version is the negotiated protocol version (VersionTLS12, VersionTLS13,
	// VersionDTLS12, ...). Zero means unknown. A DTLS version (IsDTLSVersion)
	// also says the messages came over DTLS, which selects the DTLS form of
	// the ClientHello whatever its legacy_version (ClientHello.DTLS).
	Version uint16
	// KeyExchange is the key exchange of the negotiated cipher suite; see
	// CipherSuiteKeyExchange. Zero means unknown.
	KeyExchange KeyExchange
	// ImplicitDH marks a ClientKeyExchange for fixed-DH client certificates,
	// whose public value is implicit and the body empty (RFC 5246 §7.4.7.2).
	ImplicitDH bool
}

// Learn takes what a ServerHello or HelloRetryRequest negotiated: the
// version it selects (supported_versions when present, RFC 8446 §4.2.1;
// legacy_version otherwise, RFC 5246 §7.4.1.3) and the key exchange of its
// cipher suite (KeyExchangeTLS13 for the TLS 1.3 forms). ImplicitDH is
// kept. Decoder calls it for every ServerHello it decodes; a reader that
// decodes only the ServerHello itself calls it to decode the rest alike.
func (c *Context) Learn(sh *ServerHello) {
	c.Version = sh.SelectedVersion()
	if UsesTLS13Forms(c.Version) {
		c.KeyExchange = KeyExchangeTLS13
	} else {
		c.KeyExchange = CipherSuiteKeyExchange(sh.CipherSuite)
	}
}

// tls13 reports whether the context's version uses the TLS 1.3 forms
// (TLS 1.3, its drafts, and DTLS 1.3).
func (c Context) tls13() bool { return UsesTLS13Forms(c.Version) }

// tls12 reports whether the version has TLS 1.2 forms (signature algorithm
// fields): TLS 1.2 or DTLS 1.2.
func (c Context) tls12() bool { return c.Version == VersionTLS12 || c.Version == VersionDTLS12 }
