package wire

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// extCase is a constructed extension value in one of its forms.
type extCase struct {
	in ExtMessage
	v  ExtensionBody
	// open is set for bodies that are not closed by a length prefix (a
	// truncation may then still be well-formed).
	open bool
}

func rep(c byte, n int) []byte { return bytes.Repeat([]byte{c}, n) }

// extCases covers every typed extension in every form.
func extCases() []extCase {
	binder := rep(0xbb, 32)
	ech := ECHConfigList{
		{Version: ECHConfigVersion, ConfigID: 7, KEMID: 0x20, PublicKey: rep(0x11, 32),
			CipherSuites:      []HPKESymmetricCipherSuite{{1, 1}, {1, 3}},
			MaximumNameLength: 0, PublicName: []byte("public.example"),
			Extensions: Extensions{{Type: 0xfe00, Data: []byte{1, 2}}}},
		{Version: 0xfe0a, Contents: []byte{9, 9, 9}},
	}
	return []extCase{
		{in: InClientHello, v: &ServerNameExtension{In: InClientHello, Names: []ServerName{{0, []byte("example.test")}, {7, []byte{}}}}},
		{in: InServerHello, v: &ServerNameExtension{In: InServerHello}},
		{in: InEncryptedExtensions, v: &ServerNameExtension{In: InEncryptedExtensions}},
		{in: InClientHello, v: &MaxFragmentLengthExtension{Length: 2}},
		{in: InClientHello, v: &ClientCertificateURLExtension{}},
		{in: InClientHello, v: &TrustedCAKeysExtension{In: InClientHello, Authorities: []TrustedAuthority{
			{TrustedAuthorityPreAgreed, []byte{}}, {TrustedAuthorityKeySHA1Hash, rep(1, 20)},
			{TrustedAuthorityX509Name, []byte{0x30, 0}}, {TrustedAuthorityCertSHA1Hash, rep(2, 20)}}}},
		{in: InServerHello, v: &TrustedCAKeysExtension{In: InServerHello}},
		{in: InClientHello, v: &TruncatedHMACExtension{}},
		{in: InClientHello, v: &StatusRequestExtension{In: InClientHello, StatusType: CertStatusOCSP,
			ResponderIDs: [][]byte{{1, 2}, {3}}, RequestExtensions: []byte{0x30, 0}}},
		{in: InClientHello, v: &StatusRequestExtension{In: InClientHello, StatusType: CertStatusOCSP,
			ResponderIDs: nil, RequestExtensions: []byte{}}},
		{in: InClientHello, v: &StatusRequestExtension{In: InClientHello, StatusType: 9, Other: []byte{1, 2, 3}}, open: true},
		{in: InServerHello, v: &StatusRequestExtension{In: InServerHello}},
		{in: InCertificateRequest, v: &StatusRequestExtension{In: InCertificateRequest}},
		{in: InCertificate, v: &StatusRequestExtension{In: InCertificate, StatusType: CertStatusOCSP, OCSPResponse: rep(0x30, 40)}},
		{in: InClientHello, v: &UserMappingExtension{Types: []byte{64}}},
		{in: InClientHello, v: &ClientAuthzExtension{Formats: []byte{0, 1}}},
		{in: InServerHello, v: &ServerAuthzExtension{Formats: []byte{2}}},
		{in: InClientHello, v: &CertTypeExtension{In: InClientHello, Types: []byte{0, 1}}},
		{in: InServerHello, v: &CertTypeExtension{In: InServerHello, Selected: 1}},
		{in: InClientHello, v: &SupportedGroupsExtension{Groups: []uint16{0x0a0a, 0x11ec, 29, 23}}},
		{in: InEncryptedExtensions, v: &SupportedGroupsExtension{Groups: []uint16{29}}},
		{in: InClientHello, v: &ECPointFormatsExtension{Formats: []byte{0, 1, 2}}},
		{in: InClientHello, v: &SRPExtension{Identity: []byte("user")}},
		{in: InClientHello, v: &SignatureAlgorithmsExtension{Algorithms: []uint16{0x0403, 0x0804, 0x0401}}},
		{in: InClientHello, v: &UseSRTPExtension{Profiles: []uint16{1, 2}, MKI: []byte{}}},
		{in: InServerHello, v: &UseSRTPExtension{Profiles: []uint16{7}, MKI: []byte{5, 6}}},
		{in: InClientHello, v: &HeartbeatExtension{Mode: 1}},
		{in: InClientHello, v: &ALPNExtension{Protocols: [][]byte{[]byte("h2"), []byte("http/1.1")}}},
		{in: InEncryptedExtensions, v: &ALPNExtension{Protocols: [][]byte{[]byte("h2")}}},
		{in: InClientHello, v: &StatusRequestV2Extension{In: InClientHello, Items: []StatusRequestV2Item{
			{CertStatusOCSPMulti, []byte{0, 0, 0, 0}}, {CertStatusOCSP, []byte{}}}}},
		{in: InServerHello, v: &StatusRequestV2Extension{In: InServerHello}},
		{in: InClientHello, v: &SignedCertificateTimestampExtension{In: InClientHello}},
		{in: InServerHello, v: &SignedCertificateTimestampExtension{In: InServerHello, SCTs: [][]byte{rep(0, 47), {1}}}},
		{in: InCertificate, v: &SignedCertificateTimestampExtension{In: InCertificate, SCTs: [][]byte{{1, 2, 3}}}},
		{in: InClientHello, v: &ClientCertificateTypeExtension{In: InClientHello, Types: []byte{2, 0}}},
		{in: InEncryptedExtensions, v: &ClientCertificateTypeExtension{In: InEncryptedExtensions, Selected: 2}},
		{in: InClientHello, v: &ServerCertificateTypeExtension{In: InClientHello, Types: []byte{2}}},
		{in: InServerHello, v: &ServerCertificateTypeExtension{In: InServerHello, Selected: 0}},
		{in: InClientHello, v: &PaddingExtension{Padding: make([]byte, 100)}, open: true},
		{in: InClientHello, v: &PaddingExtension{Padding: []byte{0, 1, 0, 0xff}}, open: true},
		{in: InClientHello, v: &EncryptThenMACExtension{}},
		{in: InClientHello, v: &ExtendedMasterSecretExtension{}},
		{in: InClientHello, v: &TokenBindingExtension{Major: 0, Minor: 13, KeyParameters: []byte{2, 1, 0}}},
		{in: InClientHello, v: &CachedInfoExtension{In: InClientHello, Objects: []CachedObject{{1, rep(3, 32)}, {2, []byte{4}}}}},
		{in: InServerHello, v: &CachedInfoExtension{In: InServerHello, Objects: []CachedObject{{1, nil}}}},
		{in: InClientHello, v: &TLSLTSExtension{}},
		{in: InClientHello, v: &CompressCertificateExtension{Algorithms: []uint16{1, 2, 3}}},
		{in: InClientHello, v: &RecordSizeLimitExtension{Limit: 16385}},
		{in: InClientHello, v: &PwdProtectExtension{Username: rep(7, 33)}},
		{in: InClientHello, v: &PwdClearExtension{Username: []byte("fred")}},
		{in: InServerHello, v: &PasswordSaltExtension{Salt: rep(8, 16)}},
		// ticket_pinning in the ClientHello: a truncation to nothing is the
		// well-formed omitted-ticket form (TestExtTicketPinningClientForms).
		{in: InClientHello, v: &TicketPinningExtension{In: InClientHello, Ticket: rep(0x71, 48)}, open: true},
		{in: InClientHello, v: &TicketPinningExtension{In: InClientHello, Ticket: []byte{}}, open: true},
		{in: InClientHello, v: &TicketPinningExtension{In: InClientHello, TicketOmitted: true}},
		{in: InEncryptedExtensions, v: &TicketPinningExtension{In: InEncryptedExtensions,
			Proof: rep(0x70, 32), Ticket: rep(0x71, 60), Lifetime: 14 * 86400}},
		{in: InEncryptedExtensions, v: &TicketPinningExtension{In: InEncryptedExtensions,
			Proof: []byte{}, Ticket: []byte{}, Lifetime: 0}},
		{in: InClientHello, v: &TLSCertWithExternPSKExtension{}},
		{in: InClientHello, v: &DelegatedCredentialExtension{In: InClientHello, Algorithms: []uint16{0x0403, 0x0807}}},
		{in: InCertificate, v: &DelegatedCredentialExtension{In: InCertificate, Credential: DelegatedCredential{
			ValidTime: 86400, DCCertVerifyAlgorithm: 0x0403, SubjectPublicKeyInfo: rep(0x30, 91),
			Algorithm: 0x0804, Signature: rep(5, 64)}}},
		{in: InClientHello, v: &SessionTicketExtension{Ticket: rep(0x5a, 70)}, open: true},
		{in: InServerHello, v: &SessionTicketExtension{Ticket: []byte{}}, open: true},
		{in: InClientHello, v: &SupportedEKTCiphersExtension{In: InClientHello, Types: []byte{1, 2}}},
		{in: InServerHello, v: &SupportedEKTCiphersExtension{In: InServerHello, Selected: 2}},
		{in: InClientHello, v: &PreSharedKeyExtension{In: InClientHello,
			Identities: []PSKIdentity{{rep(1, 40), 12345}, {[]byte{9}, 0}}, Binders: [][]byte{binder, rep(0xcc, 48)}}},
		{in: InServerHello, v: &PreSharedKeyExtension{In: InServerHello, SelectedIdentity: 1}},
		{in: InClientHello, v: &EarlyDataExtension{In: InClientHello}},
		{in: InEncryptedExtensions, v: &EarlyDataExtension{In: InEncryptedExtensions}},
		{in: InNewSessionTicket, v: &EarlyDataExtension{In: InNewSessionTicket, MaxEarlyDataSize: 16384}},
		{in: InClientHello, v: &SupportedVersionsExtension{In: InClientHello, Versions: []uint16{0x3a3a, 0x0304, 0x0303}}},
		{in: InServerHello, v: &SupportedVersionsExtension{In: InServerHello, Selected: 0x0304}},
		{in: InHelloRetryRequest, v: &SupportedVersionsExtension{In: InHelloRetryRequest, Selected: 0x0304}},
		{in: InHelloRetryRequest, v: &CookieExtension{Cookie: rep(0xc0, 100)}},
		{in: InClientHello, v: &PSKKeyExchangeModesExtension{Modes: []byte{1}}},
		{in: InCertificateRequest, v: &CertificateAuthoritiesExtension{Authorities: [][]byte{{0x30, 0x01, 0x00}, rep(0x31, 10)}}},
		{in: InCertificateRequest, v: &OIDFiltersExtension{Filters: []OIDFilter{{[]byte{0x55, 0x1d, 0x25}, []byte{0x30, 0}}, {[]byte{1}, []byte{}}}}},
		{in: InCertificateRequest, v: &OIDFiltersExtension{}},
		{in: InClientHello, v: &PostHandshakeAuthExtension{}},
		{in: InCertificateRequest, v: &SignatureAlgorithmsCertExtension{Algorithms: []uint16{0x0804}}},
		{in: InClientHello, v: &KeyShareExtension{In: InClientHello, ClientShares: []KeyShareEntry{
			{0x4588, rep(0x42, 1216)}, {29, rep(0x29, 32)}}}},
		{in: InClientHello, v: &KeyShareExtension{In: InClientHello}},
		{in: InServerHello, v: &KeyShareExtension{In: InServerHello, ServerShare: KeyShareEntry{29, rep(0x31, 32)}}},
		{in: InHelloRetryRequest, v: &KeyShareExtension{In: InHelloRetryRequest, SelectedGroup: 24}},
		{in: InClientHello, v: &TransparencyInfoExtension{In: InClientHello}},
		{in: InCertificate, v: &TransparencyInfoExtension{In: InCertificate, Items: [][]byte{{1, 2}, rep(3, 300)}}},
		{in: InClientHello, v: &ConnectionIDDeprecatedExtension{ConnectionIDExtension{CID: []byte{1, 2, 3, 4}}}},
		{in: InServerHello, v: &ConnectionIDExtension{CID: []byte{}}},
		{in: InClientHello, v: &QUICTransportParametersExtension{Parameters: []QUICTransportParameter{
			{ID: QUICParamMaxIdleTimeout, Value: []byte{0x80, 0, 0x75, 0x30}},
			{ID: QUICParamInitialMaxData, Value: []byte{0x40, 0x10}, IDLen: 2},
			{ID: QUICParamDisableActiveMigration, Value: []byte{}, LengthLen: 4},
			{ID: 0x1b * 31, Value: rep(0xee, 70), IDLen: 8, LengthLen: 4}}}, open: true},
		{in: InEncryptedExtensions, v: &QUICTransportParametersDraftExtension{QUICTransportParametersExtension{
			Parameters: []QUICTransportParameter{{ID: QUICParamStatelessResetToken, Value: rep(1, 16)}}}}, open: true},
		{in: InClientHello, v: &ExternalIDHashExtension{BindingHash: []byte{}}},
		{in: InEncryptedExtensions, v: &ExternalIDHashExtension{BindingHash: rep(0x5a, 32)}},
		{in: InClientHello, v: &ExternalSessionIDExtension{SessionID: []byte("dfe3b2a1c4d5e6f708192a3b4c5d6e7f")}},
		{in: InClientHello, v: &DNSSECChainExtension{In: InClientHello, Port: 853}},
		{in: InCertificate, v: &DNSSECChainExtension{In: InCertificate, Lifetime: 720, Chain: testDNSSECChain()}, open: true},
		{in: InServerHello, v: &DNSSECChainExtension{In: InServerHello, Chain: testDNSSECChain(), ChainLengthPrefixed: true}, open: true},
		{in: InClientHello, v: &TicketRequestExtension{In: InClientHello, NewSessionCount: 2, ResumptionCount: 1}},
		{in: InEncryptedExtensions, v: &TicketRequestExtension{In: InEncryptedExtensions, ExpectedCount: 3}},
		{in: InClientHello, v: &RRCExtension{}},
		{in: InServerHello, v: &RRCExtension{}},
		{in: InClientHello, v: &TLSFlagsExtension{Flags: []byte{0x01, 0x80}}},
		{in: InEncryptedExtensions, v: &TLSFlagsExtension{Flags: []byte{0x04}}},
		{in: InServerHello, v: &NextProtocolNegotiationExtension{In: InServerHello, Protocols: [][]byte{[]byte("spdy/3"), []byte("http/1.1")}}, open: true},
		{in: InClientHello, v: &NextProtocolNegotiationExtension{In: InClientHello}},
		{in: InClientHello, v: &ApplicationSettingsExtension{In: InClientHello, Protocols: [][]byte{[]byte("h2")}}},
		{in: InEncryptedExtensions, v: &ApplicationSettingsExtension{In: InEncryptedExtensions, Settings: []byte{0, 0, 1}}, open: true},
		{in: InClientHello, v: &ApplicationSettingsOldExtension{ApplicationSettingsExtension{In: InClientHello, Protocols: [][]byte{[]byte("h2"), []byte("h3")}}}},
		{in: InClientHello, v: &ChannelIDOldExtension{}},
		{in: InServerHello, v: &ChannelIDOldExtension{}},
		{in: InClientHello, v: &ChannelIDExtension{}},
		{in: InEncryptedExtensions, v: &ChannelIDExtension{}},
		{in: InClientHello, v: &ECHOuterExtensionsExtension{Types: []ExtensionType{10, 13, 51}}},
		{in: InClientHello, v: &EncryptedClientHelloExtension{In: InClientHello, Type: ECHClientHelloOuter,
			CipherSuite: HPKESymmetricCipherSuite{1, 1}, ConfigID: 0x7f, Enc: rep(0xe, 32), Payload: rep(0xf, 200)}},
		{in: InClientHello, v: &EncryptedClientHelloExtension{In: InClientHello, Type: ECHClientHelloInner}},
		{in: InClientHello, v: &EncryptedClientHelloExtension{In: InClientHello, Type: 5, Other: []byte{1}}, open: true},
		{in: InEncryptedExtensions, v: &EncryptedClientHelloExtension{In: InEncryptedExtensions, RetryConfigs: ech}},
		{in: InHelloRetryRequest, v: &EncryptedClientHelloExtension{In: InHelloRetryRequest, Confirmation: rep(0xcf, 8)}},
		{in: InClientHello, v: &EncryptedServerNameExtension{In: InClientHello, CipherSuite: 0x1301,
			KeyShare: KeyShareEntry{29, rep(0x29, 32)}, RecordDigest: rep(0xd1, 32), EncryptedSNI: rep(0xe5, 276)}},
		{in: InClientHello, v: &EncryptedServerNameExtension{In: InClientHello, CipherSuite: 0x1303,
			KeyShare: KeyShareEntry{23, rep(0x04, 65)}, RecordDigest: []byte{}, EncryptedSNI: []byte{}}},
		{in: InEncryptedExtensions, v: &EncryptedServerNameExtension{In: InEncryptedExtensions, Nonce: rep(0x4e, ESNINonceLen)}},
		// The draft -04 to -06 server forms: a truncation to 16 bytes is
		// the well-formed nonce of -01 to -03 (TestExtEncryptedServerNameServerForm
		// checks the other truncations).
		{in: InEncryptedExtensions, v: &EncryptedServerNameExtension{In: InEncryptedExtensions, HasResponseType: true,
			ResponseType: ESNIResponseAccept, Nonce: rep(0x4f, ESNINonceLen)}, open: true},
		{in: InEncryptedExtensions, v: &EncryptedServerNameExtension{In: InEncryptedExtensions, HasResponseType: true,
			ResponseType: ESNIResponseRetryRequest, RetryKeys: testESNIKeys()}, open: true},
		{in: InClientHello, v: &SequenceNumberEncryptionAlgorithmsExtension{In: InClientHello,
			Algorithms: []uint32{SeqNumEncPlaintext, SeqNumEncDefaultCipher, 0x0a0b0c}}},
		{in: InServerHello, v: &SequenceNumberEncryptionAlgorithmsExtension{In: InServerHello, Selected: SeqNumEncPlaintext}},
		{in: InHelloRetryRequest, v: &SequenceNumberEncryptionAlgorithmsExtension{In: InHelloRetryRequest, Selected: SeqNumEncDefaultCipher}},
		{in: InServerHello, v: &RenegotiationInfoExtension{RenegotiatedConnection: rep(0x12, 24)}},
		{in: InClientHello, v: &RenegotiationInfoExtension{RenegotiatedConnection: []byte{}}},
	}
}

func (c extCase) name() string { return fmt.Sprintf("%T/%s", c.v, c.in) }

// TestExtConstructed checks every constructed value: Append, Len,
// Unmarshal into a fresh value from NewExtensionBody, DeepEqual, and that
// every truncation fails (or, for open-ended bodies, at least never panics).
func TestExtConstructed(t *testing.T) {
	covered := map[ExtensionType]bool{}
	for _, c := range extCases() {
		data, err := c.v.Append([]byte{0xaa})
		if err != nil {
			t.Fatalf("%s: Append: %v", c.name(), err)
		}
		if data[0] != 0xaa {
			t.Fatalf("%s: Append overwrote the buffer", c.name())
		}
		data = data[1:]
		if c.v.Len() != len(data) {
			t.Fatalf("%s: Len %d, Append wrote %d", c.name(), c.v.Len(), len(data))
		}
		got := NewExtensionBody(c.v.ExtensionType())
		if reflect.TypeOf(got) != reflect.TypeOf(c.v) {
			t.Fatalf("%s: NewExtensionBody returned %T", c.name(), got)
		}
		if err := got.Unmarshal(data, c.in); err != nil {
			t.Fatalf("%s: Unmarshal(%x): %v", c.name(), data, err)
		}
		if !reflect.DeepEqual(got, c.v) {
			t.Fatalf("%s: decoded\n%#v\nwant\n%#v", c.name(), got, c.v)
		}
		again, err := got.Append(nil)
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("%s: second Append differs", c.name())
		}
		for i := range data {
			err := got.Unmarshal(data[:i], c.in)
			if c.open {
				continue
			}
			var e *Error
			if err == nil || !errors.As(err, &e) {
				t.Fatalf("%s: truncation to %d bytes: err = %v", c.name(), i, err)
			}
		}
		// Trailing data is rejected by closed bodies.
		if !c.open {
			if err := got.Unmarshal(append(append([]byte(nil), data...), 0), c.in); err == nil {
				t.Fatalf("%s: trailing byte accepted", c.name())
			}
		}
		covered[c.v.ExtensionType()] = true
	}
	for i := 0; i < 1<<16; i++ {
		if IsTypedExtension(ExtensionType(i)) && !covered[ExtensionType(i)] {
			t.Errorf("typed extension %d has no constructed case", i)
		}
	}
}

// TestExtConstructedAllocs checks that Unmarshal into a reused value,
// Append into a buffer with room, Len and Extensions.Decode do not allocate.
func TestExtConstructedAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	buf := make([]byte, 0, 4096)
	for _, c := range extCases() {
		data, err := c.v.Append(nil)
		if err != nil {
			t.Fatal(err)
		}
		v := NewExtensionBody(c.v.ExtensionType())
		in := c.in
		if err := v.Unmarshal(data, in); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(10, func() { _ = v.Unmarshal(data, in) }); n != 0 {
			t.Errorf("%s: Unmarshal allocates %v", c.name(), n)
		}
		if n := testing.AllocsPerRun(10, func() { _, _ = v.Append(buf[:0]); _ = v.Len() }); n != 0 {
			t.Errorf("%s: Append allocates %v", c.name(), n)
		}
		list := Extensions{{Type: 0x1a1a, Data: nil}, {Type: c.v.ExtensionType(), Data: data}}
		if n := testing.AllocsPerRun(10, func() { _, _ = list.Decode(c.v.ExtensionType(), in, v) }); n != 0 {
			t.Errorf("%s: Decode allocates %v", c.name(), n)
		}
	}
}

func TestExtRawAndGrease(t *testing.T) {
	for _, typ := range []ExtensionType{0x0a0a, 0xfafa, 36, 40, 0x1234} {
		v := NewExtensionBody(typ)
		raw, ok := v.(*Extension)
		if !ok || raw.Type != typ || IsTypedExtension(typ) {
			t.Fatalf("NewExtensionBody(%#x) = %#v", typ, v)
		}
		data := []byte{1, 2, 3}
		if err := v.Unmarshal(data, InClientHello); err != nil {
			t.Fatal(err)
		}
		out, err := v.Append([]byte{9})
		if err != nil || !bytes.Equal(out, []byte{9, 1, 2, 3}) || v.Len() != 3 || v.ExtensionType() != typ {
			t.Fatalf("%#x: raw round trip %x %v", typ, out, err)
		}
	}
}

func TestExtensionsDecode(t *testing.T) {
	var sv SupportedVersionsExtension
	list := Extensions{
		{Type: 0x0a0a, Data: nil},
		{Type: ExtensionSupportedVersions, Data: []byte{0, 0x03, 0x04}}, // 3 bytes: trailing data for selected_version
		{Type: ExtensionKeyShare, Data: []byte{0, 29}},
	}
	found, err := list.Decode(ExtensionSupportedVersions, InServerHello, &sv)
	if !found || err == nil {
		t.Fatalf("malformed supported_versions: found=%v err=%v", found, err)
	}
	var ks KeyShareExtension
	if found, err := list.Decode(ExtensionKeyShare, InHelloRetryRequest, &ks); !found || err != nil || ks.SelectedGroup != 29 {
		t.Fatalf("key_share: %v %v %+v", found, err, ks)
	}
	if found, err := list.Decode(ExtensionCookie, InHelloRetryRequest, new(CookieExtension)); found || err != nil {
		t.Fatalf("absent cookie: %v %v", found, err)
	}
	if _, err := list.Decode(ExtensionKeyShare, InServerHello, &sv); !errors.Is(err, ErrValue) {
		t.Fatalf("mismatched dst: %v", err)
	}
	var raw Extension
	if found, err := list.Decode(0x0a0a, InClientHello, &raw); !found || err != nil || raw.Type != 0x0a0a {
		t.Fatalf("raw: %v %v %+v", found, err, raw)
	}
}

func TestExtErrorsNameField(t *testing.T) {
	var ks KeyShareExtension
	// The input has spare capacity: offsets must still be relative to its start.
	err := ks.Unmarshal(append(make([]byte, 0, 64), 0, 6, 0, 29, 0, 5, 1, 2), InClientHello)
	var e *Error
	if !errors.As(err, &e) || e.Message != "key_share" || e.Field != "key_exchange" || e.Offset != 4 || !errors.Is(err, ErrLength) {
		t.Fatalf("got %v (%+v)", err, e)
	}
	var psk PreSharedKeyExtension
	err = psk.Unmarshal([]byte{0, 7, 0, 1, 'x', 0, 0, 0, 0, 0, 3, 2, 1, 2}, InClientHello)
	if !errors.As(err, &e) || e.Field != "binders" || !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("got %v", err)
	}
	var pad PaddingExtension
	pad.Padding = []byte{0, 0, 3}
	if err := pad.Validate(); !errors.As(err, &e) || e.Offset != 2 {
		t.Fatalf("padding Validate: %v", err)
	}
	alpn := ALPNExtension{Protocols: [][]byte{[]byte("a"), []byte("b")}}
	if alpn.Validate(InClientHello) != nil || alpn.Validate(InEncryptedExtensions) == nil {
		t.Fatal("ALPN Validate")
	}
}

func TestExtValidate(t *testing.T) {
	bad := []interface{ Validate() error }{
		&ServerNameExtension{In: InClientHello, Names: []ServerName{{0, []byte("a.test.")}}},
		&ServerNameExtension{In: InClientHello, Names: []ServerName{{0, []byte("a")}, {0, []byte("b")}}},
		&KeyShareExtension{In: InClientHello, ClientShares: []KeyShareEntry{{29, []byte{1}}, {29, []byte{2}}}},
		&PreSharedKeyExtension{In: InClientHello, Identities: []PSKIdentity{{[]byte{1}, 0}}},
		&QUICTransportParametersExtension{Parameters: []QUICTransportParameter{{ID: 1}, {ID: 4}, {ID: 1}}},
		&PaddingExtension{Padding: []byte{0, 1}},
		&TLSFlagsExtension{Flags: []byte{1, 0}},
	}
	for _, v := range bad {
		if err := v.Validate(); !errors.Is(err, ErrValue) {
			t.Errorf("%T: Validate = %v", v, err)
		}
	}
	for _, c := range extCases() {
		if v, ok := c.v.(interface{ Validate() error }); ok {
			if _, isPad := v.(*PaddingExtension); isPad {
				continue
			}
			if err := v.Validate(); err != nil {
				t.Errorf("%s: Validate = %v", c.name(), err)
			}
		}
		if v, ok := c.v.(*ALPNExtension); ok {
			if err := v.Validate(c.in); err != nil {
				t.Errorf("%s: Validate = %v", c.name(), err)
			}
		}
	}
}
