package wire

// This file encodes extensions straight from their typed values, so that a
// message built from typed extensions is written in one pass: no buffer per
// extension body that the message then copies.

// AppendExtension appends one extension (RFC 8446 §4.2: extension_type,
// then extension_data with its 2-byte length) whose body v encodes.
func AppendExtension(b []byte, v ExtensionBody) ([]byte, error) {
	a := appender{b: b, msg: "Extensions"}
	a.extension(v)
	return a.result(b)
}

// extension appends the type, length and body of v: the per-extension
// cost of every message built from typed values (see extensionList).
func (a *appender) extension(v ExtensionBody) { a.extensionList([]ExtensionBody{v}) }

// extensionList appends the extensions bodies encode, in order. The bodies
// every ClientHello carries are written in the loop itself, header and body
// in one step (no call for the type, none for the body, the length known up
// front); a body that does not fit, and every other type, takes
// extensionAny, which reports the error those bodies' Append reports.
func (a *appender) extensionList(bodies []ExtensionBody) {
	for _, v := range bodies {
		switch e := v.(type) {
		case *SupportedGroupsExtension:
			if a.extU16List(ExtensionSupportedGroups, 2, e.Groups) {
				continue
			}
		case *SignatureAlgorithmsExtension:
			if a.extU16List(ExtensionSignatureAlgorithms, 2, e.Algorithms) {
				continue
			}
		case *SignatureAlgorithmsCertExtension:
			if a.extU16List(ExtensionSignatureAlgorithmsCert, 2, e.Algorithms) {
				continue
			}
		case *SupportedVersionsExtension:
			if e.In == InClientHello && a.extU16List(ExtensionSupportedVersions, 1, e.Versions) {
				continue
			}
		case *ECPointFormatsExtension:
			if a.extVec8(ExtensionECPointFormats, e.Formats) {
				continue
			}
		case *RenegotiationInfoExtension:
			if a.extVec8(ExtensionRenegotiationInfo, e.RenegotiatedConnection) {
				continue
			}
		case *ExtendedMasterSecretExtension:
			a.b = append(a.b, byte(ExtensionExtendedMasterSecret>>8), byte(ExtensionExtendedMasterSecret), 0, 0)
			continue
		case *KeyShareExtension:
			if e.In == InClientHello && a.extClientShares(e.ClientShares) {
				continue
			}
		case *StatusRequestExtension:
			if e.In == InClientHello && e.StatusType == CertStatusOCSP && len(e.ResponderIDs) == 0 && len(e.RequestExtensions) == 0 {
				// What clients send: OCSP, no responder IDs, no extensions.
				a.b = append(a.b, byte(ExtensionStatusRequest>>8), byte(ExtensionStatusRequest), 0, 5, byte(CertStatusOCSP), 0, 0, 0, 0)
				continue
			}
		case *SignedCertificateTimestampExtension:
			if sctEmptyForm(e.In) {
				a.b = append(a.b, byte(ExtensionSignedCertificateTimestamp>>8), byte(ExtensionSignedCertificateTimestamp), 0, 0)
				continue
			}
		}
		a.extensionAny(v)
	}
}

// extU16List appends an extension of type t whose body is one vector of
// uint16 values with a prefix of size bytes (1 or 2), and reports
// whether it fit; nothing is appended when it does not.
func (a *appender) extU16List(t ExtensionType, size int, v []uint16) bool {
	n := 2 * len(v)
	if (size == 1 && n > 0xff) || n > 0xffff-2 {
		return false
	}
	b := append(a.b, byte(t>>8), byte(t), byte((size+n)>>8), byte(size+n))
	if size == 1 {
		b = append(b, byte(n))
	} else {
		b = append(b, byte(n>>8), byte(n))
	}
	a.b = appendU16s(b, v)
	return true
}

// extClientShares appends a ClientHello key_share extension with the
// client_shares ks, and reports whether it fit; nothing is appended when
// it does not.
func (a *appender) extClientShares(ks []KeyShareEntry) bool {
	n := 0
	for i := range ks {
		if len(ks[i].KeyExchange) > 0xffff {
			return false
		}
		n += 4 + len(ks[i].KeyExchange)
	}
	if n+2 > 0xffff {
		return false
	}
	b := append(a.b, byte(ExtensionKeyShare>>8), byte(ExtensionKeyShare), byte((n+2)>>8), byte(n+2), byte(n>>8), byte(n))
	for i := range ks {
		k := &ks[i]
		b = append(append(b, byte(k.Group>>8), byte(k.Group), byte(len(k.KeyExchange)>>8), byte(len(k.KeyExchange))), k.KeyExchange...)
	}
	a.b = b
	return true
}

// extVec8 appends an extension of type t whose body is one opaque vector
// with a 1-byte prefix, and reports whether it fit; nothing is appended
// when it does not.
func (a *appender) extVec8(t ExtensionType, v []byte) bool {
	if len(v) > 0xff {
		return false
	}
	a.b = append(append(a.b, byte(t>>8), byte(t), 0, byte(1+len(v)), byte(len(v))), v...)
	return true
}

// extensionAny appends the type, length and body of any v through its
// ExtensionType and Append methods.
func (a *appender) extensionAny(v ExtensionBody) {
	t := v.ExtensionType()
	at := len(a.b)
	a.b = append(a.b, byte(t>>8), byte(t), 0, 0)
	var err error
	if a.b, err = v.Append(a.b); err != nil && a.err == nil {
		a.err = err
	}
	// The 2-byte length is patched here: close would not be inlined.
	if n := len(a.b) - at - 4; n > 0xffff {
		a.fail("extension_data", ErrTooLarge)
	} else {
		a.b[at+2], a.b[at+3] = byte(n>>8), byte(n)
	}
}

// extensionsFrom appends an extensions vector, with its 2-byte prefix,
// whose entries the typed values encode, in order.
func (a *appender) extensionsFrom(field string, bodies []ExtensionBody) {
	at := a.open(2)
	a.extensionList(bodies)
	a.close(at, 2, field)
}

// AppendWithExtensions appends the ClientHello with its handshake header,
// taking its extensions block from bodies, in order, instead of from
// Extensions and ExtensionsPresent (each body gives its type,
// ExtensionType, and its extension_data): a hello built from typed
// extension values, encoded in one pass. An SSLv2 hello has no extensions
// and is refused.
func (m *ClientHello) AppendWithExtensions(b []byte, bodies []ExtensionBody) ([]byte, error) {
	if m.SSLv2 {
		return b, &Error{Message: "ClientHello", Field: "extensions", Offset: -1, Err: ErrValue}
	}
	a := appender{b: append(b, byte(TypeClientHello), 0, 0, 0), msg: "ClientHello"}
	m.appendBeforeExtensions(&a)
	a.extensionsFrom("extensions", bodies)
	out, err := a.result(b)
	if err != nil {
		return b, err
	}
	return patchMessageLength(b, out, TypeClientHello)
}
