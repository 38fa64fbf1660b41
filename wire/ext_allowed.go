package wire

// extensionAllowedIn reports whether an extension of type t may appear in
// message in, from the registry's message columns (ExtensionInfo). A
// ClientHello is sent before the version is known, so an extension of
// either column may appear there; every other message is checked against
// the "TLS 1.3" column (callers skip the check for TLS 1.2 server
// messages, which echo whatever the client offered). An extension the
// table does not know may appear in a ClientHello only: a server must not
// send what it cannot have been offered.
func extensionAllowedIn(t ExtensionType, in ExtMessage) bool {
	info, ok := LookupExtension(t)
	if !ok {
		return in == InClientHello
	}
	if in == InClientHello {
		return info.AllowedIn(in, true) || info.AllowedIn(in, false)
	}
	return info.AllowedIn(in, true)
}
