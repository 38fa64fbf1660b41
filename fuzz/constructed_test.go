package fuzz

import (
	"bytes"
	"fmt"
	"github.com/tlswire/tlswire/fuzz/seedroute"

	"github.com/tlswire/tlswire/wire"
)

// constructed is a message value built for a form that real stacks in the
// test environment (crypto/tls, the OpenSSL recordings) never send.
type constructed struct {
	name string
	msg  wire.Message
	ctx  wire.Context
}

// constructedSeeds encodes one value of every such form and routes it.
func constructedSeeds() []seed {
	b := func(n int, c byte) []byte { return bytes.Repeat([]byte{c}, n) }
	exts := wire.Extensions{{Type: 0x000a, Data: []byte{0, 2, 0, 0x1d}}, {Type: 0x5a5a, Data: nil}}
	named := wire.ECParameters{CurveType: wire.CurveTypeNamedCurve, NamedCurve: 23}
	sig12 := func(m *wire.ServerKeyExchange) *wire.ServerKeyExchange {
		m.Signed, m.HasSignatureAlgorithm, m.SignatureAlgorithm, m.Signature = true, true, 0x0804, b(64, 's')
		return m
	}
	tls10ctx := func(kx wire.KeyExchange) wire.Context {
		return wire.Context{Version: wire.VersionTLS10, KeyExchange: kx}
	}
	tls12ctx := func(kx wire.KeyExchange) wire.Context {
		return wire.Context{Version: wire.VersionTLS12, KeyExchange: kx}
	}
	hint := []byte("psk hint")
	list := []constructed{
		{"HelloRequest", &wire.HelloRequest{}, wire.Context{}},
		{"HelloVerifyRequest", &wire.HelloVerifyRequest{ServerVersion: wire.VersionDTLS12, Cookie: b(20, 'c')}, wire.Context{}},
		{"DTLS ClientHello with cookie", &wire.ClientHello{LegacyVersion: wire.VersionDTLS12, Random: b(32, 'r'), Cookie: b(20, 'c'),
			CipherSuites: []uint16{0xc02b, 0x0a0a}, CompressionMethods: []byte{0}, Extensions: exts}, wire.Context{}},
		{"NewSessionTicket TLS 1.3", &wire.NewSessionTicket{TLS13: true, Lifetime: 7200, AgeAdd: 0x01020304, Nonce: []byte{0},
			Ticket: b(48, 't'), Extensions: wire.Extensions{{Type: 42, Data: []byte{0, 0, 0x40, 0}}}}, wire.Context{Version: wire.VersionTLS13}},
		{"EndOfEarlyData", &wire.EndOfEarlyData{}, wire.Context{}},
		{"EncryptedExtensions", &wire.EncryptedExtensions{Extensions: wire.Extensions{{Type: 16, Data: []byte{0, 3, 2, 'h', '2'}},
			{Type: 55, Data: append([]byte{32}, b(32, 'i')...)}, {Type: 56, Data: append([]byte{24}, b(24, 's')...)}}}, wire.Context{}},
		{"RequestConnectionID", &wire.RequestConnectionID{NumCIDs: 3}, wire.Context{}},
		{"NewConnectionID", &wire.NewConnectionID{CIDs: [][]byte{b(8, 1), b(4, 2), {}}, Usage: wire.CIDSpare}, wire.Context{}},
		{"Certificate TLS 1.3 with entry extensions", &wire.Certificate{TLS13: true, RequestContext: []byte{1, 2},
			Entries: []wire.CertificateEntry{{CertData: b(40, 'x'), Extensions: wire.Extensions{{Type: 5, Data: b(10, 'o')},
				{Type: 59, Data: dnssecChainBody}}}, {CertData: b(30, 'y')}}},
			wire.Context{Version: wire.VersionTLS13}},
		{"CertificateRequest TLS 1.0", &wire.CertificateRequest{Form: wire.CertificateRequestTLS10, CertificateTypes: []byte{1, 64},
			CertificateAuthorities: [][]byte{b(12, 'd')}}, wire.Context{Version: wire.VersionTLS10}},
		{"CertificateRequest TLS 1.3", &wire.CertificateRequest{Form: wire.CertificateRequestTLS13, RequestContext: b(8, 'q'),
			Extensions: wire.Extensions{{Type: 13, Data: []byte{0, 2, 8, 4}}}}, wire.Context{Version: wire.VersionTLS13}},
		{"CertificateVerify TLS 1.0", &wire.CertificateVerify{Signature: b(64, 's')}, wire.Context{Version: wire.VersionTLS10}},
		{"ServerKeyExchange PSK", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangePSK, PSKIdentityHint: hint}, tls12ctx(wire.KeyExchangePSK)},
		{"ServerKeyExchange DHE_PSK", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeDHEPSK, PSKIdentityHint: hint,
			DHP: b(32, 'p'), DHG: []byte{2}, DHYs: b(32, 'y')}, tls12ctx(wire.KeyExchangeDHEPSK)},
		{"ServerKeyExchange RSA_PSK", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeRSAPSK, PSKIdentityHint: hint}, tls12ctx(wire.KeyExchangeRSAPSK)},
		{"ServerKeyExchange ECDHE_PSK", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeECDHEPSK, PSKIdentityHint: hint,
			Curve: named, ECPoint: b(65, 4)}, tls12ctx(wire.KeyExchangeECDHEPSK)},
		{"ServerKeyExchange DHE TLS 1.2", sig12(&wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeDHE, DHP: b(64, 'p'), DHG: []byte{2},
			DHYs: b(64, 'y')}), tls12ctx(wire.KeyExchangeDHE)},
		{"ServerKeyExchange DHE TLS 1.0", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeDHE, DHP: b(64, 'p'), DHG: []byte{2},
			DHYs: b(64, 'y'), Signed: true, Signature: b(36, 's')}, tls10ctx(wire.KeyExchangeDHE)},
		{"ServerKeyExchange DH_anon", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeDHanon, DHP: b(64, 'p'), DHG: []byte{5},
			DHYs: b(64, 'y')}, tls12ctx(wire.KeyExchangeDHanon)},
		{"ServerKeyExchange ECDH_anon", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeECDHanon, Curve: named, ECPoint: b(65, 4)},
			tls12ctx(wire.KeyExchangeECDHanon)},
		{"ServerKeyExchange ECDHE explicit curve", sig12(&wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeECDHE,
			Curve: wire.ECParameters{CurveType: wire.CurveTypeExplicitPrime, Explicit: explicitPrimeCurve()}, ECPoint: b(65, 4)}),
			tls12ctx(wire.KeyExchangeECDHE)},
		{"ServerKeyExchange RSA_EXPORT", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeRSAExport, RSAModulus: b(64, 'n'),
			RSAExponent: []byte{1, 0, 1}, Signed: true, Signature: b(64, 's')}, tls10ctx(wire.KeyExchangeRSAExport)},
		{"ServerKeyExchange SRP signed", sig12(&wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeSRP, SRPN: b(128, 'n'),
			SRPG: []byte{2}, SRPSalt: b(16, 's'), SRPB: b(128, 'b')}), tls12ctx(wire.KeyExchangeSRP)},
		{"ServerKeyExchange SRP unsigned", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeSRP, SRPN: b(128, 'n'),
			SRPG: []byte{2}, SRPSalt: b(16, 's'), SRPB: b(128, 'b')}, tls12ctx(wire.KeyExchangeSRP)},
		{"ServerKeyExchange ECCPWD", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeECCPWD, PWDSalt: b(32, 's'), Curve: named,
			PWDElement: b(65, 4), PWDScalar: b(32, 'k')}, tls12ctx(wire.KeyExchangeECCPWD)},
		{"ServerKeyExchange unknown key exchange", &wire.ServerKeyExchange{KeyExchange: wire.KeyExchangeKRB5, Raw: b(20, 'r')}, tls12ctx(wire.KeyExchangeKRB5)},
		{"ClientKeyExchange SSL 3.0 RSA", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeRSA, SSL30: true, EncryptedPreMasterSecret: b(128, 'e')},
			wire.Context{Version: wire.VersionSSL30, KeyExchange: wire.KeyExchangeRSA}},
		{"ClientKeyExchange DHE", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeDHE, DHYc: b(64, 'y')}, tls12ctx(wire.KeyExchangeDHE)},
		{"ClientKeyExchange implicit DH", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeDH, Implicit: true},
			wire.Context{Version: wire.VersionTLS12, KeyExchange: wire.KeyExchangeDH, ImplicitDH: true}},
		{"ClientKeyExchange PSK", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangePSK, PSKIdentity: []byte("client1")}, tls12ctx(wire.KeyExchangePSK)},
		{"ClientKeyExchange DHE_PSK", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeDHEPSK, PSKIdentity: []byte("client1"), DHYc: b(64, 'y')},
			tls12ctx(wire.KeyExchangeDHEPSK)},
		{"ClientKeyExchange RSA_PSK", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeRSAPSK, PSKIdentity: []byte("client1"),
			EncryptedPreMasterSecret: b(128, 'e')}, tls12ctx(wire.KeyExchangeRSAPSK)},
		{"ClientKeyExchange ECDHE_PSK", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeECDHEPSK, PSKIdentity: []byte("client1"),
			ECPoint: b(65, 4)}, tls12ctx(wire.KeyExchangeECDHEPSK)},
		{"ClientKeyExchange SRP", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeSRP, SRPA: b(128, 'a')}, tls12ctx(wire.KeyExchangeSRP)},
		{"ClientKeyExchange ECCPWD", &wire.ClientKeyExchange{KeyExchange: wire.KeyExchangeECCPWD, PWDElement: b(65, 4), PWDScalar: b(32, 'k')},
			tls12ctx(wire.KeyExchangeECCPWD)},
		{"Finished TLS 1.3", &wire.Finished{VerifyData: b(32, 'f')}, wire.Context{}},
		{"CertificateURL", &wire.CertificateURL{ChainType: wire.CertChainIndividualCerts, URLAndHashList: []wire.URLAndHash{
			{URL: []byte("http://example.test/c.der"), Padding: 1, Hash: b(20, 'h')}}}, wire.Context{}},
		{"CertificateStatus ocsp", &wire.CertificateStatus{StatusType: wire.CertStatusOCSP, OCSPResponse: b(50, 'o')}, wire.Context{}},
		{"CertificateStatus ocsp_multi", &wire.CertificateStatus{StatusType: wire.CertStatusOCSPMulti,
			OCSPResponseList: [][]byte{b(50, 'o'), {}, b(20, 'p')}}, wire.Context{}},
		{"SupplementalData", &wire.SupplementalData{Entries: []wire.SupplementalDataEntry{{DataType: 16386, Data: b(12, 'u')}}}, wire.Context{}},
		{"KeyUpdate", &wire.KeyUpdate{RequestUpdate: wire.KeyUpdateRequested}, wire.Context{}},
		{"CompressedCertificate", &wire.CompressedCertificate{Algorithm: wire.CertCompressionBrotli, UncompressedLength: 1000,
			CompressedCertificateMessage: b(100, 'z')}, wire.Context{}},
		{"EKTKey", &wire.EKTKey{EKTKeyValue: b(16, 'k'), SRTPMasterSalt: b(14, 's'), EKTSPI: 7, EKTTTL: 3600}, wire.Context{}},
		{"NextProtocol", &wire.NextProtocol{SelectedProtocol: []byte("h2"), Padding: make([]byte, 28)}, wire.Context{}},
		{"MessageHash", &wire.MessageHash{Hash: b(32, 'm')}, wire.Context{}},
		{"DTLS 1.3 ClientHello with sequence_number_encryption_algorithms", &wire.ClientHello{LegacyVersion: wire.VersionDTLS12,
			Random: b(32, 'r'), Cookie: []byte{}, CipherSuites: []uint16{0x1301}, CompressionMethods: []byte{0},
			Extensions: wire.Extensions{{Type: 43, Data: []byte{2, 0xfe, 0xfc}}, {Type: 60, Data: []byte{6, 0, 0, 1, 0, 0, 0}}}}, wire.Context{}},
		{"DTLS 1.3 ServerHello with sequence_number_encryption_algorithms", &wire.ServerHello{LegacyVersion: wire.VersionDTLS12,
			Random: b(32, 'R'), SessionID: []byte{}, CipherSuite: 0x1301, ExtensionsPresent: true,
			Extensions: wire.Extensions{{Type: 43, Data: []byte{0xfe, 0xfc}}, {Type: 60, Data: []byte{0, 0, 1}}}}, wire.Context{}},
		{"EncryptedExtensions with encrypted_server_name esni_accept (draft-ietf-tls-esni-04)", &wire.EncryptedExtensions{
			Extensions: wire.Extensions{{Type: 0xffce, Data: append([]byte{0}, b(16, 'n')...)}}}, wire.Context{}},
		{"EncryptedExtensions with encrypted_server_name esni_retry_request (draft-ietf-tls-esni-04)", &wire.EncryptedExtensions{
			Extensions: wire.Extensions{{Type: 0xffce, Data: esniRetryRequestBody()}}}, wire.Context{}},
	}
	var out []seed
	for _, c := range list {
		msg, err := wire.AppendMessage(nil, c.msg)
		if err != nil {
			panic(fmt.Sprintf("constructed %s: %v", c.name, err))
		}
		if target, data, ok := seedroute.TargetFor(c.msg.Type(), c.ctx, msg); ok {
			out = append(out, seed{Target: target, Data: data, Origin: "constructed: " + c.name})
		}
		in, lists := seedroute.ExtensionsOf(c.msg)
		for _, exts := range lists {
			for _, e := range exts {
				out = append(out, seed{Target: seedroute.TargetExtension, Data: seedroute.ExtensionSeed(in, e.Type, e.Data),
					Origin: fmt.Sprintf("constructed: %s ext %d in %s", c.name, e.Type, in)})
			}
		}
	}
	return out
}

// dnssecChainBody is a server dnssec_chain body (RFC 9102): a lifetime of
// 720 hours, then one A record for a.example (uncompressed owner name,
// type, class, TTL, RDATA) standing in for the TLSA and RRSIG records.
var dnssecChainBody = []byte{0x02, 0xd0,
	1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1}

// esniRetryRequestBody is an EncryptedExtensions encrypted_server_name
// body of draft-ietf-tls-esni-04 (§5): response_type esni_retry_request,
// then retry_keys holding one ESNIKeys (§4.1: version, public_name, one
// x25519 KeyShareEntry, one cipher suite, padded_length, no extensions).
func esniRetryRequestBody() []byte {
	keys := append([]byte{0xff, 0x03, 0, 11}, "example.com"...)
	keys = append(append(keys, 0, 36, 0, 29, 0, 32), bytes.Repeat([]byte{0x25}, 32)...)
	keys = append(keys, 0, 2, 0x13, 0x01, 0, 0xa0, 0, 0)
	return append([]byte{1, 0, byte(len(keys))}, keys...)
}

// explicitPrimeCurve is an ECParameters body for an explicit prime curve
// (RFC 4492 §5.4): prime_p, curve (a, b), base point, order, cofactor,
// with small made-up values (the codec checks structure, not arithmetic).
func explicitPrimeCurve() []byte {
	v := func(n int, c byte) []byte { return append([]byte{byte(n)}, bytes.Repeat([]byte{c}, n)...) }
	var out []byte
	for _, part := range [][]byte{v(32, 'p'), v(32, 'a'), v(32, 'b'), v(65, 4), v(32, 'n'), v(1, 1)} {
		out = append(out, part...)
	}
	return out
}
