package wire

// newExtensionLow maps the extension code points below 64 that this
// package decodes to a constructor; newExtensionHigh lists the others.
// To add a typed extension, add its constructor to one of them. A code
// point without a constructor stays raw (*Extension), as the registered
// TLMSP extensions 36-38 do: no available specification gives their
// bodies. docs/registries.md has the sources of the extensions typed from
// drafts and of that decision.
var newExtensionLow = [64]func() ExtensionBody{
	ExtensionServerName:                 func() ExtensionBody { return new(ServerNameExtension) },
	ExtensionMaxFragmentLength:          func() ExtensionBody { return new(MaxFragmentLengthExtension) },
	ExtensionClientCertificateURL:       func() ExtensionBody { return new(ClientCertificateURLExtension) },
	ExtensionTrustedCAKeys:              func() ExtensionBody { return new(TrustedCAKeysExtension) },
	ExtensionTruncatedHMAC:              func() ExtensionBody { return new(TruncatedHMACExtension) },
	ExtensionStatusRequest:              func() ExtensionBody { return new(StatusRequestExtension) },
	ExtensionUserMapping:                func() ExtensionBody { return new(UserMappingExtension) },
	ExtensionClientAuthz:                func() ExtensionBody { return new(ClientAuthzExtension) },
	ExtensionServerAuthz:                func() ExtensionBody { return new(ServerAuthzExtension) },
	ExtensionCertType:                   func() ExtensionBody { return new(CertTypeExtension) },
	ExtensionSupportedGroups:            func() ExtensionBody { return new(SupportedGroupsExtension) },
	ExtensionECPointFormats:             func() ExtensionBody { return new(ECPointFormatsExtension) },
	ExtensionSRP:                        func() ExtensionBody { return new(SRPExtension) },
	ExtensionSignatureAlgorithms:        func() ExtensionBody { return new(SignatureAlgorithmsExtension) },
	ExtensionUseSRTP:                    func() ExtensionBody { return new(UseSRTPExtension) },
	ExtensionHeartbeat:                  func() ExtensionBody { return new(HeartbeatExtension) },
	ExtensionALPN:                       func() ExtensionBody { return new(ALPNExtension) },
	ExtensionStatusRequestV2:            func() ExtensionBody { return new(StatusRequestV2Extension) },
	ExtensionSignedCertificateTimestamp: func() ExtensionBody { return new(SignedCertificateTimestampExtension) },
	ExtensionClientCertificateType:      func() ExtensionBody { return new(ClientCertificateTypeExtension) },
	ExtensionServerCertificateType:      func() ExtensionBody { return new(ServerCertificateTypeExtension) },
	ExtensionPadding:                    func() ExtensionBody { return new(PaddingExtension) },
	ExtensionEncryptThenMAC:             func() ExtensionBody { return new(EncryptThenMACExtension) },
	ExtensionExtendedMasterSecret:       func() ExtensionBody { return new(ExtendedMasterSecretExtension) },
	ExtensionTokenBinding:               func() ExtensionBody { return new(TokenBindingExtension) },
	ExtensionCachedInfo:                 func() ExtensionBody { return new(CachedInfoExtension) },
	ExtensionTLSLTS:                     func() ExtensionBody { return new(TLSLTSExtension) },
	ExtensionCompressCertificate:        func() ExtensionBody { return new(CompressCertificateExtension) },
	ExtensionRecordSizeLimit:            func() ExtensionBody { return new(RecordSizeLimitExtension) },
	ExtensionPwdProtect:                 func() ExtensionBody { return new(PwdProtectExtension) },
	ExtensionPwdClear:                   func() ExtensionBody { return new(PwdClearExtension) },
	ExtensionPasswordSalt:               func() ExtensionBody { return new(PasswordSaltExtension) },
	ExtensionTicketPinning:              func() ExtensionBody { return new(TicketPinningExtension) },
	ExtensionTLSCertWithExternPSK:       func() ExtensionBody { return new(TLSCertWithExternPSKExtension) },
	ExtensionDelegatedCredential:        func() ExtensionBody { return new(DelegatedCredentialExtension) },
	ExtensionSessionTicket:              func() ExtensionBody { return new(SessionTicketExtension) },
	ExtensionSupportedEKTCiphers:        func() ExtensionBody { return new(SupportedEKTCiphersExtension) },
	ExtensionPreSharedKey:               func() ExtensionBody { return new(PreSharedKeyExtension) },
	ExtensionEarlyData:                  func() ExtensionBody { return new(EarlyDataExtension) },
	ExtensionSupportedVersions:          func() ExtensionBody { return new(SupportedVersionsExtension) },
	ExtensionCookie:                     func() ExtensionBody { return new(CookieExtension) },
	ExtensionPSKKeyExchangeModes:        func() ExtensionBody { return new(PSKKeyExchangeModesExtension) },
	ExtensionCertificateAuthorities:     func() ExtensionBody { return new(CertificateAuthoritiesExtension) },
	ExtensionOIDFilters:                 func() ExtensionBody { return new(OIDFiltersExtension) },
	ExtensionPostHandshakeAuth:          func() ExtensionBody { return new(PostHandshakeAuthExtension) },
	ExtensionSignatureAlgorithmsCert:    func() ExtensionBody { return new(SignatureAlgorithmsCertExtension) },
	ExtensionKeyShare:                   func() ExtensionBody { return new(KeyShareExtension) },
	ExtensionTransparencyInfo:           func() ExtensionBody { return new(TransparencyInfoExtension) },
	ExtensionConnectionIDDeprecated:     func() ExtensionBody { return new(ConnectionIDDeprecatedExtension) },
	ExtensionConnectionID:               func() ExtensionBody { return new(ConnectionIDExtension) },
	ExtensionExternalIDHash:             func() ExtensionBody { return new(ExternalIDHashExtension) },
	ExtensionExternalSessionID:          func() ExtensionBody { return new(ExternalSessionIDExtension) },
	ExtensionQUICTransportParameters:    func() ExtensionBody { return new(QUICTransportParametersExtension) },
	ExtensionTicketRequest:              func() ExtensionBody { return new(TicketRequestExtension) },
	ExtensionDNSSECChain:                func() ExtensionBody { return new(DNSSECChainExtension) },
	ExtensionSequenceNumberEncryptionAlgorithms: func() ExtensionBody {
		return new(SequenceNumberEncryptionAlgorithmsExtension)
	},
	ExtensionRRC:      func() ExtensionBody { return new(RRCExtension) },
	ExtensionTLSFlags: func() ExtensionBody { return new(TLSFlagsExtension) },
}

var newExtensionHigh = [...]struct {
	t   ExtensionType
	new func() ExtensionBody
}{
	{ExtensionNextProtocolNegotiation, func() ExtensionBody { return new(NextProtocolNegotiationExtension) }},
	{ExtensionApplicationSettingsOld, func() ExtensionBody { return new(ApplicationSettingsOldExtension) }},
	{ExtensionApplicationSettings, func() ExtensionBody { return new(ApplicationSettingsExtension) }},
	{ExtensionChannelIDOld, func() ExtensionBody { return new(ChannelIDOldExtension) }},
	{ExtensionChannelID, func() ExtensionBody { return new(ChannelIDExtension) }},
	{ExtensionECHOuterExtensions, func() ExtensionBody { return new(ECHOuterExtensionsExtension) }},
	{ExtensionEncryptedClientHello, func() ExtensionBody { return new(EncryptedClientHelloExtension) }},
	{ExtensionRenegotiationInfo, func() ExtensionBody { return new(RenegotiationInfoExtension) }},
	{ExtensionQUICTransportParametersDraft, func() ExtensionBody { return new(QUICTransportParametersDraftExtension) }},
	{ExtensionEncryptedServerName, func() ExtensionBody { return new(EncryptedServerNameExtension) }},
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
