package wire

// newExtensionLow maps the extension code points below 64 that this
// package decodes to a constructor; newExtensionHigh lists the others.
// To add a typed extension, add its constructor to one of them.
//
// Typed from draft text found after earlier searches had failed:
//   - 60 sequence_number_encryption_algorithms (ext_seqnumencryption.go):
//     the published -00, -01 and -02 text (§3, the same in all three) is
//     in the draft's own repository,
//     BorisPis/draft-pismenny-tls-dtls-plaintext-sequence-number
//     (draft-pismenny-tls-dtls-plaintext-sequence-number-0N/*.txt, .html);
//     the ietf.org and datatracker copies in the page corpus show only
//     their first page. Its enum closes with (65536), which makes each
//     value three bytes (see SeqNumEncAlgLen).
//   - 0xffce encrypted_server_name (ext_esni.go) decodes the
//     EncryptedExtensions form of draft-ietf-tls-esni-04 to -06
//     (response_type, then the nonce or retry_keys) besides the bare
//     nonce of -01 to -03, from draft-ietf-tls-esni.md in
//     tlswg/draft-ietf-tls-esni.
//
// Registered code points deliberately kept raw (*Extension), because no
// specification text or implementation available when they were
// considered gave their exact wire format:
//   - 36-38 TLMSP, TLMSP_proxying, TLMSP_delegate (ETSI TS 103 523-2):
//     the ETSI text is not in the sources searched, and no general
//     implementation (Wireshark, OpenSSL, BoringSSL) decodes them. The
//     ETSI reference implementation (the OpenSSL fork tlmsp-openssl)
//     never uses 36-38: its include/openssl/tls1.h puts TLMSP and its
//     separate ContextList extension (both clause 4.3.5) at the
//     private-use 0xff06 and 0xff07, TLMSP_proxying and TLMSP_delegate
//     (B.2.2.1) at 0xff08 and 0xff09, and GBA client authentication
//     (C.2.2) at 0xff08 again. Only TLMSP and ContextList have a body
//     there (ssl/tlmsp_ext.c), and nothing shows that body is the one
//     registered at 36; there are signs it is not: the ClientHello form
//     differs between the fork's own commits (one of them adds a
//     discovery-ack byte before the middlebox list and, when it is set,
//     a Sid, a hash and a second middlebox list after it), the fork's
//     comments wait for a "position marker field" a later draft adds to
//     the extension, and IANA registers no code point for the
//     ContextList that the fork sends as an extension of its own. Typing
//     36 with the fork's layout would be a guess; 37 and 38 have no body
//     in any source.
//     Searched again for the ETSI text, without result: the page corpus
//     ("ETSI TS 103 523-2 TLMSP Transport Layer Middlebox Security
//     Protocol", "TLMSP extension ClientHello middlebox_list
//     MiddleboxInfo address contexts struct", "TLMSP extension code
//     point registration tls-reg-review ETSI 36 37 38") holds only
//     catalogue entries (standards.globalspec.com; standards.iteh.ai's
//     preview of V1.1.1, whose stored copy stops at the front matter)
//     and press releases; the docs corpus ("etsi.org deliver etsi_ts
//     103500_103599 10352302 ts_10352302v010101p.pdf", "ETSI TS 103
//     523-2 TLMSP extension definition clause 4.3.5 MiddleboxList
//     ContextList", "TLMSP extension middlebox list TLMSP_proxying
//     TLMSP_delegate extension_data struct") has no copy of the PDF; the
//     issues corpus ("TLMSP wireshark dissector middlebox security
//     protocol", "TLMSP TLS extension type ETSI middlebox") has no
//     thread on them. In code, find_repos "tlmsp" gives the forks
//     ricnava00/tlmsp-openssl and ricnava00/tlmsp-tools (configuration
//     and demo programs, no extension code) and
//     bonsai-lab-polimi/tlmsp-dc-middlebox; find_string "TLMSP_proxying"
//     and "103 523-2" give registry tables only, and cryptlib's
//     session/tls_ext_rw.c, whose extension table bounds the bodies
//     (TLMSP at least 5 bytes, TLMSP_proxying exactly 4, TLMSP_delegate
//     at least 4+1+1) without a structure or a source.
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
