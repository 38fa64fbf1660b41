package wire

import "strconv"

// FormatMessage returns a one-line human summary of handshake message m,
// for logs and listings, e.g.
//
//	ClientHello TLS 1.3 (legacy TLS 1.2) sni=example.com alpn=h2,http/1.1 suites=15 exts=16 groups=X25519MLKEM768,x25519,secp256r1
//	ServerHello TLS 1.3 TLS_AES_128_GCM_SHA256 group=X25519MLKEM768
//	HelloRetryRequest TLS 1.3 TLS_AES_128_GCM_SHA256 group=secp256r1
//	Certificate TLS 1.3 certs=2 first=812B
//
// The form is for people, not for parsing: use AppendMessageJSON for that.
// Text from the wire (host names, protocols) is shown with bytes outside
// printable ASCII as \xNN, so the summary is always one line.
func FormatMessage(m Message) string { return string(AppendMessageSummary(nil, m)) }

// AppendMessageSummary appends the FormatMessage form of m to b. Extensions
// are decoded into pooled values; it allocates nothing for known values
// once the pool is warm and b has room.
func AppendMessageSummary(b []byte, m Message) []byte {
	sc := extScratchPool.Get().(*extScratch)
	b = appendMessageSummary(b, m, sc)
	extScratchPool.Put(sc)
	return b
}

// sName appends the name of a registry value for a person: its registry
// name, "GREASE", or its number in hex (0x..) when unassigned.
func sName[T registryValue](b []byte, v T, g greaseRule) []byte {
	if isGREASEUnder(g, uint64(v)) {
		return append(b, jsonGREASE...)
	}
	if v.Known() {
		return append(b, v.String()...)
	}
	return strconv.AppendUint(append(b, '0', 'x'), uint64(v), 16)
}

// sText appends wire text with every byte outside printable ASCII (and the
// backslash) as \xNN.
func sText(b, s []byte) []byte {
	for _, c := range s {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			continue
		}
		b = append(b, c)
	}
	return b
}

// sSize appends " key=NB".
func sSize(b []byte, key string, n int) []byte {
	b = append(b, ' ')
	b = append(b, key...)
	b = append(b, '=')
	return append(strconv.AppendInt(b, int64(n), 10), 'B')
}

// sCount appends " key=N".
func sCount(b []byte, key string, n int) []byte {
	b = append(b, ' ')
	b = append(b, key...)
	b = append(b, '=')
	return strconv.AppendInt(b, int64(n), 10)
}

// findExt decodes the first extension of type t of exts, as it appears in
// message in, into the scratch value for t; nil if absent or malformed.
func findExt(sc *extScratch, exts Extensions, t ExtensionType, in ExtMessage) ExtensionBody {
	body := sc.body(t)
	if body == nil {
		return nil
	}
	if found, err := exts.Decode(t, in, body); !found || err != nil {
		return nil
	}
	return body
}

// sALPN appends " alpn=p1,p2" (GREASE protocols left out) if exts has ALPN.
func sALPN(b []byte, sc *extScratch, exts Extensions, in ExtMessage) []byte {
	e, ok := findExt(sc, exts, ExtensionALPN, in).(*ALPNExtension)
	if !ok {
		return b
	}
	b = append(b, " alpn="...)
	n := 0
	for _, p := range e.Protocols {
		if IsGREASEALPN(p) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = sText(b, p)
		n++
	}
	return b
}

// appendMessageSummary is AppendMessageSummary with the caller's scratch values.
func appendMessageSummary(b []byte, msg Message, sc *extScratch) []byte {
	if r, ok := msg.(messageRendering); ok {
		return r.appendSummary(b, sc)
	}
	return appendRawSummary(b, msg)
}

// appendRawSummary appends the summary of a message without a typed form
// (UnknownMessage, or a Message implemented outside the package):
// Handshake(N), the type's registry name if it has one, and the body size.
func appendRawSummary(b []byte, m Message) []byte {
	t := m.Type()
	b = append(b, "Handshake("...)
	b = append(strconv.AppendUint(b, uint64(t), 10), ')')
	if t.Known() {
		b = append(append(b, ' '), t.String()...)
	}
	return sSize(b, "body", m.BodyLen())
}
