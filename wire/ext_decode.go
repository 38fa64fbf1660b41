package wire

// newExtensionLow maps the extension code points below 64 that this
// package decodes to a constructor; newExtensionHigh lists the others.
// To add a typed extension, add its constructor to one of them.
var newExtensionLow = [64]func() ExtensionBody{
	extTypeServerName:                 func() ExtensionBody { return new(ServerNameExtension) },
	extTypeMaxFragmentLength:          func() ExtensionBody { return new(MaxFragmentLengthExtension) },
	extTypeClientCertificateURL:       func() ExtensionBody { return new(ClientCertificateURLExtension) },
	extTypeTrustedCAKeys:              func() ExtensionBody { return new(TrustedCAKeysExtension) },
	extTypeTruncatedHMAC:              func() ExtensionBody { return new(TruncatedHMACExtension) },
	extTypeStatusRequest:              func() ExtensionBody { return new(StatusRequestExtension) },
	extTypeUserMapping:                func() ExtensionBody { return new(UserMappingExtension) },
	extTypeClientAuthz:                func() ExtensionBody { return new(ClientAuthzExtension) },
	extTypeServerAuthz:                func() ExtensionBody { return new(ServerAuthzExtension) },
	extTypeCertType:                   func() ExtensionBody { return new(CertTypeExtension) },
	extTypeSupportedGroups:            func() ExtensionBody { return new(SupportedGroupsExtension) },
	extTypeECPointFormats:             func() ExtensionBody { return new(ECPointFormatsExtension) },
	extTypeSRP:                        func() ExtensionBody { return new(SRPExtension) },
	extTypeSignatureAlgorithms:        func() ExtensionBody { return new(SignatureAlgorithmsExtension) },
	extTypeUseSRTP:                    func() ExtensionBody { return new(UseSRTPExtension) },
	extTypeHeartbeat:                  func() ExtensionBody { return new(HeartbeatExtension) },
	extTypeALPN:                       func() ExtensionBody { return new(ALPNExtension) },
	extTypeStatusRequestV2:            func() ExtensionBody { return new(StatusRequestV2Extension) },
	extTypeSignedCertificateTimestamp: func() ExtensionBody { return new(SignedCertificateTimestampExtension) },
	extTypeClientCertificateType:      func() ExtensionBody { return new(ClientCertificateTypeExtension) },
	extTypeServerCertificateType:      func() ExtensionBody { return new(ServerCertificateTypeExtension) },
	extTypePadding:                    func() ExtensionBody { return new(PaddingExtension) },
	extTypeEncryptThenMAC:             func() ExtensionBody { return new(EncryptThenMACExtension) },
	extTypeExtendedMasterSecret:       func() ExtensionBody { return new(ExtendedMasterSecretExtension) },
	extTypeTokenBinding:               func() ExtensionBody { return new(TokenBindingExtension) },
	extTypeCachedInfo:                 func() ExtensionBody { return new(CachedInfoExtension) },
	extTypeTLSLTS:                     func() ExtensionBody { return new(TLSLTSExtension) },
	extTypeCompressCertificate:        func() ExtensionBody { return new(CompressCertificateExtension) },
	extTypeRecordSizeLimit:            func() ExtensionBody { return new(RecordSizeLimitExtension) },
	extTypePwdProtect:                 func() ExtensionBody { return new(PwdProtectExtension) },
	extTypePwdClear:                   func() ExtensionBody { return new(PwdClearExtension) },
	extTypePasswordSalt:               func() ExtensionBody { return new(PasswordSaltExtension) },
	extTypeTLSCertWithExternPSK:       func() ExtensionBody { return new(TLSCertWithExternPSKExtension) },
	extTypeDelegatedCredential:        func() ExtensionBody { return new(DelegatedCredentialExtension) },
	extTypeSessionTicket:              func() ExtensionBody { return new(SessionTicketExtension) },
	extTypeSupportedEKTCiphers:        func() ExtensionBody { return new(SupportedEKTCiphersExtension) },
	extTypePreSharedKey:               func() ExtensionBody { return new(PreSharedKeyExtension) },
	extTypeEarlyData:                  func() ExtensionBody { return new(EarlyDataExtension) },
	extTypeSupportedVersions:          func() ExtensionBody { return new(SupportedVersionsExtension) },
	extTypeCookie:                     func() ExtensionBody { return new(CookieExtension) },
	extTypePSKKeyExchangeModes:        func() ExtensionBody { return new(PSKKeyExchangeModesExtension) },
	extTypeCertificateAuthorities:     func() ExtensionBody { return new(CertificateAuthoritiesExtension) },
	extTypeOIDFilters:                 func() ExtensionBody { return new(OIDFiltersExtension) },
	extTypePostHandshakeAuth:          func() ExtensionBody { return new(PostHandshakeAuthExtension) },
	extTypeSignatureAlgorithmsCert:    func() ExtensionBody { return new(SignatureAlgorithmsCertExtension) },
	extTypeKeyShare:                   func() ExtensionBody { return new(KeyShareExtension) },
	extTypeTransparencyInfo:           func() ExtensionBody { return new(TransparencyInfoExtension) },
	extTypeConnectionIDDeprecated:     func() ExtensionBody { return new(ConnectionIDDeprecatedExtension) },
	extTypeConnectionID:               func() ExtensionBody { return new(ConnectionIDExtension) },
	extTypeQUICTransportParameters:    func() ExtensionBody { return new(QUICTransportParametersExtension) },
	extTypeTicketRequest:              func() ExtensionBody { return new(TicketRequestExtension) },
}

var newExtensionHigh = [...]struct {
	t   ExtensionType
	new func() ExtensionBody
}{
	{extTypeNextProtocolNegotiation, func() ExtensionBody { return new(NextProtocolNegotiationExtension) }},
	{extTypeApplicationSettingsOld, func() ExtensionBody { return new(ApplicationSettingsOldExtension) }},
	{extTypeApplicationSettings, func() ExtensionBody { return new(ApplicationSettingsExtension) }},
	{extTypeECHOuterExtensions, func() ExtensionBody { return new(ECHOuterExtensionsExtension) }},
	{extTypeEncryptedClientHello, func() ExtensionBody { return new(EncryptedClientHelloExtension) }},
	{extTypeRenegotiationInfo, func() ExtensionBody { return new(RenegotiationInfoExtension) }},
	{extTypeQUICTransportParametersDraft, func() ExtensionBody { return new(QUICTransportParametersDraftExtension) }},
}

// newExtensionFunc returns the constructor for t, or nil.
func newExtensionFunc(t ExtensionType) func() ExtensionBody {
	if int(t) < len(newExtensionLow) {
		return newExtensionLow[t]
	}
	for i := range newExtensionHigh {
		if newExtensionHigh[i].t == t {
			return newExtensionHigh[i].new
		}
	}
	return nil
}

// NewExtensionBody returns a new zero value of the typed form of
// extension t, or an *Extension (raw body) with Type t for extensions this
// package does not decode, GREASE values included.
func NewExtensionBody(t ExtensionType) ExtensionBody {
	if f := newExtensionFunc(t); f != nil {
		return f()
	}
	return &Extension{Type: t}
}

// IsTypedExtension reports whether NewExtensionBody returns a typed form for t.
func IsTypedExtension(t ExtensionType) bool { return newExtensionFunc(t) != nil }

// Decode finds the first extension of type t and decodes its body, as it
// appears in message in, into dst, which is typically a value reused across
// calls (decoding then allocates nothing). found is false when there is no
// such extension. dst must encode t (dst.ExtensionType() == t); an
// *Extension dst takes any type and keeps the body raw.
func (e Extensions) Decode(t ExtensionType, in ExtMessage, dst ExtensionBody) (found bool, err error) {
	i := e.Index(t)
	if i < 0 {
		return false, nil
	}
	if raw, ok := dst.(*Extension); ok {
		raw.Type, raw.Data = t, e[i].Data
		return true, nil
	}
	if dst.ExtensionType() != t {
		return true, &Error{Message: "Extensions", Field: "extension_type", Offset: -1, Err: ErrValue}
	}
	return true, dst.Unmarshal(e[i].Data, in)
}
