package wire

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"hash"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// The certificate and key exchange messages, whose form depends on the
// Context (Certificate, CertificateRequest, CertificateVerify,
// ServerKeyExchange, ClientKeyExchange): constructed values of every form,
// truncations, errors, allocations, reuse, and the messages of recorded and
// live TLS 1.2 and 1.3 handshakes.

// ctxMessage is the API shared by the context-dependent messages.
type ctxMessage interface {
	Message
	Unmarshal(msg []byte, ctx Context) error
	Append(b []byte) ([]byte, error)
	Len() int
}

// hx decodes a hex string, ignoring spaces and '|' separators.
func hx(s string) []byte {
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "|", "", "\n", "", "\t", "").Replace(s))
	if err != nil {
		panic(err)
	}
	return b
}

// withHeader prepends a TLS handshake header to body.
var (
	ctxSSL30 = Context{Version: VersionSSL30}
	ctxTLS10 = Context{Version: VersionTLS10}
	ctxTLS11 = Context{Version: VersionTLS11}
	ctxTLS12 = Context{Version: VersionTLS12}
	ctxTLS13 = Context{Version: VersionTLS13}
)

func kx(c Context, k KeyExchange) Context { c.KeyExchange = k; return c }

// certKeyExchangeCase is a constructed value with its expected body encoding.
type certKeyExchangeCase struct {
	name string
	ctx  Context
	m    ctxMessage
	body string // expected body, hex
	// prefixOK marks encodings that have shorter valid forms (raw bodies,
	// the SSL 3.0 RSA ciphertext, SRP's optional signature): a truncation
	// may then decode, but must re-encode to exactly the truncated bytes.
	prefixOK bool
}

func certKeyExchangeCases() []certKeyExchangeCase {
	empty := []byte{}
	dh := func(m *ServerKeyExchange) *ServerKeyExchange {
		m.DHP, m.DHG, m.DHYs = []byte{0x17}, []byte{0x02}, []byte{0x05, 0x06}
		return m
	}
	const dhHex = "0001 17 0001 02 0002 0506"
	named := ECParameters{CurveType: CurveTypeNamedCurve, NamedCurve: 0x0017}
	prime := ECParameters{CurveType: CurveTypeExplicitPrime, Explicit: hx("0117 0102 0103 020401 0105 0101")}
	tri := ECParameters{CurveType: CurveTypeExplicitChar2, Explicit: hx("00a3 01 0107 0101 0101 0104 0105 0102")}
	penta := ECParameters{CurveType: CurveTypeExplicitChar2, Explicit: hx("00a3 02 0103 0106 0107 0101 0101 0104 0105 0102")}
	return []certKeyExchangeCase{
		// Certificate.
		{name: "Certificate/TLS12", ctx: ctxTLS12,
			m:    &Certificate{Entries: []CertificateEntry{{CertData: hx("3001")}, {CertData: hx("3002aa")}}},
			body: "00000b | 000002 3001 | 000003 3002aa"},
		{name: "Certificate/TLS10-empty", ctx: ctxTLS10, m: &Certificate{}, body: "000000"},
		{name: "Certificate/TLS13", ctx: ctxTLS13,
			m: &Certificate{TLS13: true, RequestContext: empty, Entries: []CertificateEntry{
				{CertData: hx("3001"), Extensions: Extensions{{Type: 5, Data: hx("0102")}}},
				{CertData: hx("3003")},
			}},
			body: "00 | 000014 | 000002 3001 0006 0005 0002 0102 | 000002 3003 0000"},
		{name: "Certificate/TLS13-client-RPK", ctx: ctxTLS13,
			m: &Certificate{TLS13: true, CertificateType: CertTypeRawPublicKey, RequestContext: hx("0102"),
				Entries: []CertificateEntry{{CertData: hx("3059")}}},
			body: "02 0102 | 000007 | 000002 3059 0000"},
		{name: "Certificate/TLS13-empty", ctx: ctxTLS13,
			m: &Certificate{TLS13: true, RequestContext: empty}, body: "00 000000"},

		// CertificateRequest.
		{name: "CertificateRequest/TLS10", ctx: ctxTLS10,
			m: &CertificateRequest{Form: CertificateRequestTLS10, CertificateTypes: hx("0140"),
				CertificateAuthorities: [][]byte{hx("aa"), hx("bbcc")}},
			body: "02 0140 | 0007 | 0001 aa | 0002 bbcc"},
		{name: "CertificateRequest/SSL30", ctx: ctxSSL30,
			m:    &CertificateRequest{Form: CertificateRequestTLS10, CertificateTypes: hx("01")},
			body: "01 01 | 0000"},
		{name: "CertificateRequest/TLS12", ctx: ctxTLS12,
			m: &CertificateRequest{Form: CertificateRequestTLS12, CertificateTypes: hx("01"),
				SignatureAlgorithms: []uint16{0x0401, 0x0804}},
			body: "01 01 | 0004 0401 0804 | 0000"},
		{name: "CertificateRequest/DTLS12", ctx: Context{Version: VersionDTLS12},
			m: &CertificateRequest{Form: CertificateRequestTLS12, CertificateTypes: hx("0140"),
				SignatureAlgorithms: []uint16{0x0403}, CertificateAuthorities: [][]byte{hx("30")}},
			body: "02 0140 | 0002 0403 | 0003 0001 30"},
		{name: "CertificateRequest/TLS13", ctx: ctxTLS13,
			m: &CertificateRequest{Form: CertificateRequestTLS13, RequestContext: empty,
				Extensions: Extensions{{Type: 13, Data: hx("00020403")}}},
			body: "00 | 0008 | 000d 0004 0002 0403"},
		{name: "CertificateRequest/TLS13-context", ctx: ctxTLS13,
			m: &CertificateRequest{Form: CertificateRequestTLS13, RequestContext: hx("ab"),
				Extensions: Extensions{{Type: 13, Data: hx("00020804")}, {Type: 0x1a1a, Data: empty}}},
			body: "01 ab | 000c | 000d 0004 0002 0804 | 1a1a 0000"},

		// CertificateVerify.
		{name: "CertificateVerify/TLS12", ctx: ctxTLS12,
			m: &CertificateVerify{HasAlgorithm: true, Algorithm: 0x0804, Signature: hx("aabb")}, body: "0804 0002 aabb"},
		{name: "CertificateVerify/TLS13", ctx: ctxTLS13,
			m: &CertificateVerify{HasAlgorithm: true, Algorithm: 0x0403, Signature: hx("cc")}, body: "0403 0001 cc"},
		{name: "CertificateVerify/TLS11", ctx: ctxTLS11,
			m: &CertificateVerify{Signature: hx("aabb")}, body: "0002 aabb"},
		{name: "CertificateVerify/SSL30", ctx: ctxSSL30,
			m: &CertificateVerify{Signature: hx("aabbcc")}, body: "0003 aabbcc"},
		{name: "CertificateVerify/TLS10-empty", ctx: ctxTLS10,
			m: &CertificateVerify{Signature: empty}, body: "0000"},

		// ServerKeyExchange, one per key exchange family and signature form.
		{name: "SKE/PSK", ctx: kx(ctxTLS12, KeyExchangePSK),
			m: &ServerKeyExchange{KeyExchange: KeyExchangePSK, PSKIdentityHint: hx("aa")}, body: "0001 aa"},
		{name: "SKE/PSK-empty-hint", ctx: kx(ctxTLS10, KeyExchangePSK),
			m: &ServerKeyExchange{KeyExchange: KeyExchangePSK, PSKIdentityHint: empty}, body: "0000"},
		{name: "SKE/RSA_PSK", ctx: kx(ctxTLS12, KeyExchangeRSAPSK),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeRSAPSK, PSKIdentityHint: hx("6869")}, body: "0002 6869"},
		{name: "SKE/DHE_PSK", ctx: kx(ctxTLS12, KeyExchangeDHEPSK),
			m:    dh(&ServerKeyExchange{KeyExchange: KeyExchangeDHEPSK, PSKIdentityHint: hx("aa")}),
			body: "0001 aa" + dhHex},
		{name: "SKE/ECDHE_PSK", ctx: kx(ctxTLS12, KeyExchangeECDHEPSK),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeECDHEPSK, PSKIdentityHint: empty,
				Curve: ECParameters{CurveType: CurveTypeNamedCurve, NamedCurve: 0x001d}, ECPoint: hx("09")},
			body: "0000 | 03 001d | 01 09"},
		{name: "SKE/DHE-TLS12", ctx: kx(ctxTLS12, KeyExchangeDHE),
			m: dh(&ServerKeyExchange{KeyExchange: KeyExchangeDHE, Signed: true, HasSignatureAlgorithm: true,
				SignatureAlgorithm: 0x0804, Signature: hx("aabb")}),
			body: dhHex + "0804 0002 aabb"},
		{name: "SKE/DHE-TLS10", ctx: kx(ctxTLS10, KeyExchangeDHE),
			m:    dh(&ServerKeyExchange{KeyExchange: KeyExchangeDHE, Signed: true, Signature: hx("aabb")}),
			body: dhHex + "0002 aabb"},
		{name: "SKE/DHE-SSL30", ctx: kx(ctxSSL30, KeyExchangeDHE),
			m:    dh(&ServerKeyExchange{KeyExchange: KeyExchangeDHE, Signed: true, Signature: empty}),
			body: dhHex + "0000"},
		{name: "SKE/DH_anon", ctx: kx(ctxTLS12, KeyExchangeDHanon),
			m: dh(&ServerKeyExchange{KeyExchange: KeyExchangeDHanon}), body: dhHex},
		{name: "SKE/ECDHE-named-TLS12", ctx: kx(ctxTLS12, KeyExchangeECDHE),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeECDHE, Curve: named, ECPoint: hx("0401"),
				Signed: true, HasSignatureAlgorithm: true, SignatureAlgorithm: 0x0403, Signature: hx("cc")},
			body: "03 0017 | 02 0401 | 0403 0001 cc"},
		{name: "SKE/ECDHE-explicit-prime-TLS11", ctx: kx(ctxTLS11, KeyExchangeECDHE),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeECDHE, Curve: prime, ECPoint: hx("04"),
				Signed: true, Signature: hx("cc")},
			body: "01 0117 0102 0103 020401 0105 0101 | 01 04 | 0001 cc"},
		{name: "SKE/ECDH_anon-named", ctx: kx(ctxTLS12, KeyExchangeECDHanon),
			m:    &ServerKeyExchange{KeyExchange: KeyExchangeECDHanon, Curve: named, ECPoint: hx("04")},
			body: "03 0017 | 01 04"},
		{name: "SKE/ECDH_anon-char2-trinomial", ctx: kx(ctxTLS10, KeyExchangeECDHanon),
			m:    &ServerKeyExchange{KeyExchange: KeyExchangeECDHanon, Curve: tri, ECPoint: hx("04")},
			body: "02 00a3 01 0107 0101 0101 0104 0105 0102 | 01 04"},
		{name: "SKE/ECDH_anon-char2-pentanomial", ctx: kx(ctxTLS12, KeyExchangeECDHanon),
			m:    &ServerKeyExchange{KeyExchange: KeyExchangeECDHanon, Curve: penta, ECPoint: hx("0405")},
			body: "02 00a3 02 0103 0106 0107 0101 0101 0104 0105 0102 | 02 0405"},
		{name: "SKE/RSA_EXPORT-TLS10", ctx: kx(ctxTLS10, KeyExchangeRSAExport),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeRSAExport, RSAModulus: hx("c1c3"), RSAExponent: hx("010001"),
				Signed: true, Signature: hx("aabb")},
			body: "0002 c1c3 | 0003 010001 | 0002 aabb"},
		{name: "SKE/RSA_EXPORT-SSL30", ctx: kx(ctxSSL30, KeyExchangeRSAExport),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeRSAExport, RSAModulus: hx("c1"), RSAExponent: hx("03"),
				Signed: true, Signature: hx("aa")},
			body: "0001 c1 | 0001 03 | 0001 aa"},
		{name: "SKE/SRP-unsigned", ctx: kx(ctxTLS12, KeyExchangeSRP),
			m:    &ServerKeyExchange{KeyExchange: KeyExchangeSRP, SRPN: hx("17"), SRPG: hx("02"), SRPSalt: hx("5a"), SRPB: hx("09")},
			body: "0001 17 | 0001 02 | 01 5a | 0001 09"},
		{name: "SKE/SRP-signed-TLS12", ctx: kx(ctxTLS12, KeyExchangeSRP),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeSRP, SRPN: hx("17"), SRPG: hx("02"), SRPSalt: hx("5a5a"), SRPB: hx("09"),
				Signed: true, HasSignatureAlgorithm: true, SignatureAlgorithm: 0x0401, Signature: hx("aa")},
			body: "0001 17 | 0001 02 | 02 5a5a | 0001 09 | 0401 0001 aa", prefixOK: true},
		{name: "SKE/SRP-signed-TLS10", ctx: kx(ctxTLS10, KeyExchangeSRP),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeSRP, SRPN: hx("17"), SRPG: hx("02"), SRPSalt: hx("5a"), SRPB: hx("09"),
				Signed: true, Signature: hx("aa")},
			body: "0001 17 | 0001 02 | 01 5a | 0001 09 | 0001 aa", prefixOK: true},
		{name: "SKE/ECCPWD", ctx: kx(ctxTLS12, KeyExchangeECCPWD),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeECCPWD, PWDSalt: hx("aa"),
				Curve: ECParameters{CurveType: CurveTypeNamedCurve, NamedCurve: 0x0013}, PWDElement: hx("0401"), PWDScalar: hx("05")},
			body: "01 aa | 03 0013 | 02 0401 | 01 05"},
		{name: "SKE/KRB5-raw", ctx: kx(ctxTLS10, KeyExchangeKRB5),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeKRB5, Raw: hx("dead")}, body: "dead", prefixOK: true},
		{name: "SKE/GOST-raw", ctx: kx(ctxTLS12, KeyExchangeGOST),
			m: &ServerKeyExchange{KeyExchange: KeyExchangeGOST, Raw: hx("0102")}, body: "0102", prefixOK: true},
		{name: "SKE/unknown-raw", ctx: ctxTLS12,
			m: &ServerKeyExchange{Raw: hx("030017 0104")}, body: "030017 0104", prefixOK: true},
		{name: "SKE/unknown-empty", ctx: ctxTLS12, m: &ServerKeyExchange{Raw: empty}, body: "", prefixOK: true},

		// ClientKeyExchange.
		{name: "CKE/RSA-TLS12", ctx: kx(ctxTLS12, KeyExchangeRSA),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeRSA, EncryptedPreMasterSecret: hx("aabb")}, body: "0002 aabb"},
		{name: "CKE/RSA-SSL30", ctx: kx(ctxSSL30, KeyExchangeRSA),
			m:    &ClientKeyExchange{KeyExchange: KeyExchangeRSA, SSL30: true, EncryptedPreMasterSecret: hx("aabbcc")},
			body: "aabbcc", prefixOK: true},
		{name: "CKE/RSA_EXPORT-TLS10", ctx: kx(ctxTLS10, KeyExchangeRSAExport),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeRSAExport, EncryptedPreMasterSecret: hx("aa")}, body: "0001 aa"},
		{name: "CKE/RSA_EXPORT-SSL30", ctx: kx(ctxSSL30, KeyExchangeRSAExport),
			m:    &ClientKeyExchange{KeyExchange: KeyExchangeRSAExport, SSL30: true, EncryptedPreMasterSecret: hx("aa")},
			body: "aa", prefixOK: true},
		{name: "CKE/DHE", ctx: kx(ctxTLS12, KeyExchangeDHE),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeDHE, DHYc: hx("0506")}, body: "0002 0506"},
		{name: "CKE/DH_anon", ctx: kx(ctxTLS10, KeyExchangeDHanon),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeDHanon, DHYc: hx("05")}, body: "0001 05"},
		{name: "CKE/DH-explicit", ctx: kx(ctxTLS12, KeyExchangeDH),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeDH, DHYc: hx("05")}, body: "0001 05"},
		{name: "CKE/DH-implicit", ctx: Context{Version: VersionTLS12, KeyExchange: KeyExchangeDH, ImplicitDH: true},
			m: &ClientKeyExchange{KeyExchange: KeyExchangeDH, Implicit: true}, body: ""},
		{name: "CKE/ECDH-implicit", ctx: Context{Version: VersionTLS11, KeyExchange: KeyExchangeECDH, ImplicitDH: true},
			m: &ClientKeyExchange{KeyExchange: KeyExchangeECDH, Implicit: true}, body: ""},
		{name: "CKE/ECDHE", ctx: kx(ctxTLS12, KeyExchangeECDHE),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeECDHE, ECPoint: hx("0401")}, body: "02 0401"},
		{name: "CKE/ECDH_anon", ctx: kx(ctxTLS10, KeyExchangeECDHanon),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeECDHanon, ECPoint: hx("04")}, body: "01 04"},
		{name: "CKE/PSK", ctx: kx(ctxTLS12, KeyExchangePSK),
			m: &ClientKeyExchange{KeyExchange: KeyExchangePSK, PSKIdentity: hx("6964")}, body: "0002 6964"},
		{name: "CKE/PSK-empty-identity", ctx: kx(ctxTLS12, KeyExchangePSK),
			m: &ClientKeyExchange{KeyExchange: KeyExchangePSK, PSKIdentity: empty}, body: "0000"},
		{name: "CKE/DHE_PSK", ctx: kx(ctxTLS12, KeyExchangeDHEPSK),
			m:    &ClientKeyExchange{KeyExchange: KeyExchangeDHEPSK, PSKIdentity: hx("6964"), DHYc: hx("05")},
			body: "0002 6964 | 0001 05"},
		{name: "CKE/RSA_PSK", ctx: kx(ctxTLS12, KeyExchangeRSAPSK),
			m:    &ClientKeyExchange{KeyExchange: KeyExchangeRSAPSK, PSKIdentity: hx("6964"), EncryptedPreMasterSecret: hx("aabb")},
			body: "0002 6964 | 0002 aabb"},
		{name: "CKE/ECDHE_PSK", ctx: kx(ctxTLS12, KeyExchangeECDHEPSK),
			m:    &ClientKeyExchange{KeyExchange: KeyExchangeECDHEPSK, PSKIdentity: empty, ECPoint: hx("0401")},
			body: "0000 | 02 0401"},
		{name: "CKE/SRP", ctx: kx(ctxTLS12, KeyExchangeSRP),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeSRP, SRPA: hx("07")}, body: "0001 07"},
		{name: "CKE/ECCPWD", ctx: kx(ctxTLS12, KeyExchangeECCPWD),
			m:    &ClientKeyExchange{KeyExchange: KeyExchangeECCPWD, PWDElement: hx("04"), PWDScalar: hx("05")},
			body: "01 04 | 01 05"},
		{name: "CKE/KRB5-raw", ctx: kx(ctxTLS10, KeyExchangeKRB5),
			m: &ClientKeyExchange{KeyExchange: KeyExchangeKRB5, Raw: hx("0001aa")}, body: "0001aa", prefixOK: true},
		{name: "CKE/unknown-raw", ctx: ctxTLS12,
			m: &ClientKeyExchange{Raw: hx("0102")}, body: "0102", prefixOK: true},
	}
}

// freshLike returns a new value of m's type, carrying over the fields that
// are not on the wire (Certificate.CertificateType).
func freshLike(m ctxMessage) ctxMessage {
	v := NewMessage(m.Type()).(ctxMessage)
	if c, ok := m.(*Certificate); ok {
		v.(*Certificate).CertificateType = c.CertificateType
	}
	return v
}

func TestCertKeyExchangeConstructed(t *testing.T) {
	for _, c := range certKeyExchangeCases() {
		t.Run(c.name, func(t *testing.T) {
			want := withHeader(c.m.Type(), hx(c.body))
			got, err := c.m.Append(nil)
			if err != nil {
				t.Fatalf("Append: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Append = %x, want %x", got, want)
			}
			if c.m.Len() != len(want) {
				t.Fatalf("Len = %d, want %d", c.m.Len(), len(want))
			}
			v := freshLike(c.m)
			if err := v.Unmarshal(want, c.ctx); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(v, c.m) {
				t.Fatalf("Unmarshal = %+v, want %+v", v, c.m)
			}
			if vv, ok := v.(interface{ Validate() error }); ok {
				if err := vv.Validate(); err != nil {
					t.Fatalf("Validate: %v", err)
				}
			}
			// Through the generic entry points too.
			g := NewMessage(c.m.Type())
			if err := UnmarshalMessage(g, want, c.ctx); err != nil {
				t.Fatal(err)
			}
			if out, err := AppendMessage(nil, g); err != nil || !bytes.Equal(out, want) {
				t.Fatalf("AppendMessage = %x, %v", out, err)
			}
		})
	}
}

// TestCertKeyExchangeTruncation cuts every constructed body at every length: the
// result is an *Error with an offset inside the input, never a panic,
// unless the case has valid shorter forms, which must then re-encode
// to exactly the shorter input.
func TestCertKeyExchangeTruncation(t *testing.T) {
	for _, c := range certKeyExchangeCases() {
		body := hx(c.body)
		msg := withHeader(c.m.Type(), body)
		v := freshLike(c.m)
		for i := range len(body) {
			err := v.UnmarshalBody(body[:i:i], c.ctx)
			if err == nil {
				out, aerr := v.AppendBody(nil)
				if !c.prefixOK || aerr != nil || !bytes.Equal(out, body[:i]) {
					t.Errorf("%s: body[:%d] decoded without error (re-encodes to %x, %v)", c.name, i, out, aerr)
				}
				continue
			}
			var e *Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > i || e.Field == "" {
				t.Errorf("%s: body[:%d]: %#v", c.name, i, err)
			}
		}
		for i := range len(msg) {
			var e *Error
			if err := v.Unmarshal(msg[:i:i], c.ctx); !errors.As(err, &e) {
				t.Errorf("%s: msg[:%d]: %v", c.name, i, err)
			}
		}
		// A trailing byte is rejected unless the layout may be followed by
		// more (raw bodies; SRP, where it starts a signature).
		long := append(append([]byte(nil), body...), 0)
		var e *Error
		if err := v.UnmarshalBody(long, c.ctx); err == nil {
			if !c.prefixOK {
				t.Errorf("%s: trailing byte accepted", c.name)
			}
		} else if !errors.As(err, &e) {
			t.Errorf("%s: trailing byte: %v", c.name, err)
		}
	}
}

func TestCertKeyExchangeAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	for _, c := range certKeyExchangeCases() {
		msg := withHeader(c.m.Type(), hx(c.body))
		v := freshLike(c.m)
		if err := v.Unmarshal(msg, c.ctx); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(50, func() { _ = v.Unmarshal(msg, c.ctx) }); n != 0 {
			t.Errorf("%s: Unmarshal into a reused value: %v allocs", c.name, n)
		}
		buf := make([]byte, 0, c.m.Len())
		if n := testing.AllocsPerRun(50, func() { _, _ = c.m.Append(buf[:0]) }); n != 0 {
			t.Errorf("%s: Append: %v allocs", c.name, n)
		}
	}
}

func TestCertKeyExchangeRegistered(t *testing.T) {
	for _, m := range []Message{new(Certificate), new(ServerKeyExchange), new(CertificateRequest),
		new(CertificateVerify), new(ClientKeyExchange)} {
		if got := NewMessage(m.Type()); reflect.TypeOf(got) != reflect.TypeOf(m) {
			t.Errorf("NewMessage(%v) = %T, want %T", m.Type(), got, m)
		}
	}
}

// TestCertKeyExchangeDecodeErrors checks the cause and field of structural errors.
func TestCertKeyExchangeDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		m     ctxMessage
		ctx   Context
		body  string
		field string
		cause error
	}{
		{"empty cert", new(Certificate), ctxTLS12, "000003 000000", "ASN.1Cert", ErrVectorTooShort},
		{"empty cert_data", new(Certificate), ctxTLS13, "00 000005 000000 0000", "cert_data", ErrVectorTooShort},
		{"cert list overrun", new(Certificate), ctxTLS12, "000009 000002 3001", "certificate_list", ErrLength},
		{"cert trailing", new(Certificate), ctxTLS12, "000000 00", "certificate_list", ErrTrailingData},
		{"cert entry ext overrun", new(Certificate), ctxTLS13, "00 000007 000001 30 0005 00", "extensions", ErrLength},
		{"CR no types", new(CertificateRequest), ctxTLS11, "00 0000", "certificate_types", ErrVectorTooShort},
		{"CR odd sigalgs", new(CertificateRequest), ctxTLS12, "01 01 0003 040108 0000", "supported_signature_algorithms", ErrOddLength},
		{"CR short sigalgs", new(CertificateRequest), ctxTLS12, "01 01 0000 0000", "supported_signature_algorithms", ErrVectorTooShort},
		{"CR empty DN", new(CertificateRequest), ctxTLS10, "01 01 0002 0000", "DistinguishedName", ErrVectorTooShort},
		{"CR13 no extensions", new(CertificateRequest), ctxTLS13, "00 0000", "extensions", ErrVectorTooShort},
		{"CV trailing", new(CertificateVerify), ctxTLS12, "0804 0000 00", "signature", ErrTrailingData},
		{"SKE curve type", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeECDHE), "04 0017", "curve_type", ErrValue},
		{"SKE char2 basis", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeECDHanon), "02 00a3 03 0101", "basis", ErrValue},
		{"SKE empty point", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeECDHanon), "03 0017 00", "point", ErrVectorTooShort},
		{"SKE empty dh_p", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeDHanon), "0000 0001 02 0001 05", "dh_p", ErrVectorTooShort},
		{"SKE DHE unsigned", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeDHE), "0001 17 0001 02 0001 05", "algorithm", ErrTruncated},
		{"SKE anon trailing", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeDHanon), "0001 17 0001 02 0001 05 0000", "signed_params", ErrTrailingData},
		{"SKE PSK trailing", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangePSK), "0000 00", "signed_params", ErrTrailingData},
		{"SKE ECCPWD empty salt", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeECCPWD), "00 030017 0104 0105", "salt", ErrVectorTooShort},
		{"SKE SRP empty N", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeSRP), "0000 0001 02 01 5a 0001 09", "srp_N", ErrVectorTooShort},
		{"SKE SRP empty salt", new(ServerKeyExchange), kx(ctxTLS12, KeyExchangeSRP), "0001 17 0001 02 00 0001 09", "srp_s", ErrVectorTooShort},
		{"CKE empty dh_Yc", new(ClientKeyExchange), kx(ctxTLS12, KeyExchangeDHE), "0000", "dh_Yc", ErrVectorTooShort},
		{"CKE implicit not empty", new(ClientKeyExchange), Context{Version: VersionTLS12, KeyExchange: KeyExchangeDH, ImplicitDH: true}, "0001 05", "exchange_keys", ErrTrailingData},
		{"CKE RSA TLS10 unprefixed", new(ClientKeyExchange), kx(ctxTLS10, KeyExchangeRSA), "aabbcc", "EncryptedPreMasterSecret", ErrLength},
		{"CKE PSK trailing", new(ClientKeyExchange), kx(ctxTLS12, KeyExchangePSK), "0000 00", "exchange_keys", ErrTrailingData},
	}
	for _, tt := range tests {
		err := tt.m.UnmarshalBody(hx(tt.body), tt.ctx)
		var e *Error
		if !errors.As(err, &e) || e.Field != tt.field || !errors.Is(err, tt.cause) {
			t.Errorf("%s: got %v, want %s: %v", tt.name, err, tt.field, tt.cause)
		}
	}
	// Offsets of the full-message form count the handshake header.
	var m ServerKeyExchange
	err := m.Unmarshal(withHeader(TypeServerKeyExchange, hx("0001 17 0001 02 0000")), kx(ctxTLS12, KeyExchangeDHanon))
	var e *Error
	if !errors.As(err, &e) || e.Field != "dh_Ys" || e.Offset != 4+6 {
		t.Errorf("offset: %v", err)
	}
	if err := m.UnmarshalBody(hx("0001 aa 04 0017"), kx(ctxTLS12, KeyExchangeECDHEPSK)); !errors.As(err, &e) ||
		e.Field != "curve_type" || e.Offset != 3 {
		t.Errorf("curve_type offset: %v", err)
	}
	// Spare capacity after the input (a reused read buffer) must not shift
	// the offsets of errors inside nested vectors.
	buf := append(make([]byte, 0, 64), hx("000008 000002 3001 000000")...)
	var c Certificate
	if err := c.UnmarshalBody(buf, ctxTLS12); !errors.As(err, &e) || e.Field != "ASN.1Cert" || e.Offset != 8 {
		t.Errorf("offset with spare capacity: %v", err)
	}
	if err := m.Unmarshal(withHeader(TypeClientKeyExchange, nil), kx(ctxTLS12, KeyExchangeRSA)); !errors.Is(err, ErrValue) {
		t.Errorf("wrong msg_type: %v", err)
	}
}

// TestCertKeyExchangeAppendErrors covers values Append cannot encode.
func TestCertKeyExchangeAppendErrors(t *testing.T) {
	big := make([]byte, 256)
	tests := []struct {
		name  string
		m     ctxMessage
		cause error
	}{
		{"TLS12 cert with extensions", &Certificate{Entries: []CertificateEntry{{CertData: hx("30"), Extensions: Extensions{{Type: 5}}}}}, ErrValue},
		{"TLS12 cert with context", &Certificate{RequestContext: hx("01")}, ErrValue},
		{"CR without form", &CertificateRequest{CertificateTypes: hx("01")}, ErrContext},
		{"CR TLS10 with sigalgs", &CertificateRequest{Form: CertificateRequestTLS10, CertificateTypes: hx("01"), SignatureAlgorithms: []uint16{0x0401}}, ErrValue},
		{"CR TLS13 with types", &CertificateRequest{Form: CertificateRequestTLS13, CertificateTypes: hx("01")}, ErrValue},
		{"CR TLS12 with extensions", &CertificateRequest{Form: CertificateRequestTLS12, Extensions: Extensions{{Type: 13}}}, ErrValue},
		{"CV algorithm without form", &CertificateVerify{Algorithm: 0x0804}, ErrValue},
		{"CV signature too long", &CertificateVerify{Signature: make([]byte, 1<<16)}, ErrTooLarge},
		{"SKE point too long", &ServerKeyExchange{KeyExchange: KeyExchangeECDHanon, Curve: ECParameters{CurveType: CurveTypeNamedCurve}, ECPoint: big}, ErrTooLarge},
		{"SKE bad curve type", &ServerKeyExchange{KeyExchange: KeyExchangeECDHanon, ECPoint: hx("04")}, ErrValue},
		{"SKE unsigned with signature", &ServerKeyExchange{KeyExchange: KeyExchangePSK, Signature: hx("aa")}, ErrValue},
		{"SKE raw on decoded layout", &ServerKeyExchange{KeyExchange: KeyExchangePSK, Raw: hx("aa")}, ErrValue},
		{"CKE implicit with value", &ClientKeyExchange{KeyExchange: KeyExchangeDH, Implicit: true, DHYc: hx("05")}, ErrValue},
		{"CKE point too long", &ClientKeyExchange{KeyExchange: KeyExchangeECDHE, ECPoint: big}, ErrTooLarge},
	}
	for _, tt := range tests {
		orig := []byte{1, 2}
		out, err := tt.m.Append(orig)
		if !errors.Is(err, tt.cause) || !bytes.Equal(out, orig) {
			t.Errorf("%s: Append = %x, %v; want the input back and %v", tt.name, out, err, tt.cause)
		}
	}
}

func TestCertKeyExchangeValidate(t *testing.T) {
	tests := []struct {
		name string
		m    interface{ Validate() error }
	}{
		{"RPK chain", &Certificate{TLS13: true, CertificateType: CertTypeRawPublicKey,
			Entries: []CertificateEntry{{CertData: hx("30")}, {CertData: hx("30")}}}},
		{"duplicate entry extension", &Certificate{TLS13: true,
			Entries: []CertificateEntry{{CertData: hx("30"), Extensions: Extensions{{Type: 5}, {Type: 5}}}}}},
		{"empty cert_data", &Certificate{Entries: []CertificateEntry{{}}}},
		{"OpenPGP in TLS 1.3", &Certificate{TLS13: true, CertificateType: CertTypeOpenPGP,
			Entries: []CertificateEntry{{CertData: hx("99")}}}},
		{"CR13 without signature_algorithms", &CertificateRequest{Form: CertificateRequestTLS13,
			Extensions: Extensions{{Type: 47, Data: hx("0000")}}}},
		{"CR13 duplicate extension", &CertificateRequest{Form: CertificateRequestTLS13,
			Extensions: Extensions{{Type: 13, Data: hx("00020403")}, {Type: 13, Data: hx("00020403")}}}},
		{"CR without form", &CertificateRequest{CertificateTypes: hx("01")}},
		{"CR12 without sigalgs", &CertificateRequest{Form: CertificateRequestTLS12, CertificateTypes: hx("01")}},
		{"CR10 without types", &CertificateRequest{Form: CertificateRequestTLS10}},
		{"CR10 empty DN", &CertificateRequest{Form: CertificateRequestTLS10, CertificateTypes: hx("01"), CertificateAuthorities: [][]byte{{}}}},
		{"DHE unsigned", &ServerKeyExchange{KeyExchange: KeyExchangeDHE, DHP: hx("17"), DHG: hx("02"), DHYs: hx("05")}},
		{"ECDH_anon signed", &ServerKeyExchange{KeyExchange: KeyExchangeECDHanon, Curve: ECParameters{CurveType: CurveTypeNamedCurve}, ECPoint: hx("04"), Signed: true}},
		{"RSA_EXPORT empty modulus", &ServerKeyExchange{KeyExchange: KeyExchangeRSAExport, RSAExponent: hx("03"), Signed: true}},
		{"SRP empty B", &ServerKeyExchange{KeyExchange: KeyExchangeSRP, SRPN: hx("17"), SRPG: hx("02"), SRPSalt: hx("5a")}},
		{"SRP empty salt", &ServerKeyExchange{KeyExchange: KeyExchangeSRP, SRPN: hx("17"), SRPG: hx("02"), SRPB: hx("09")}},
		{"CKE implicit DHE", &ClientKeyExchange{KeyExchange: KeyExchangeDHE, Implicit: true}},
		{"CKE SSL30 PSK", &ClientKeyExchange{KeyExchange: KeyExchangePSK, SSL30: true}},
		{"CKE empty point", &ClientKeyExchange{KeyExchange: KeyExchangeECDHEPSK}},
		{"CKE ECCPWD empty scalar", &ClientKeyExchange{KeyExchange: KeyExchangeECCPWD, PWDElement: hx("04")}},
	}
	for _, tt := range tests {
		var e *Error
		if err := tt.m.Validate(); !errors.As(err, &e) {
			t.Errorf("%s: Validate = %v, want an *Error", tt.name, err)
		}
	}
}

// TestCertKeyExchangeReuse decodes different forms into one value and checks that
// nothing of an earlier message survives.
func TestCertKeyExchangeReuse(t *testing.T) {
	var c Certificate
	tls13 := withHeader(TypeCertificate, hx("00 000014 000002 3001 0006 0005 0002 0102 000002 3003 0000"))
	tls12 := withHeader(TypeCertificate, hx("000005 000002 3009"))
	one13 := withHeader(TypeCertificate, hx("00 000007 000002 3007 0000"))
	for _, step := range []struct {
		msg  []byte
		ctx  Context
		n    int
		exts int
	}{{tls13, ctxTLS13, 2, 1}, {tls12, ctxTLS12, 1, 0}, {tls13, ctxTLS13, 2, 1}, {one13, ctxTLS13, 1, 0}} {
		if err := c.Unmarshal(step.msg, step.ctx); err != nil {
			t.Fatal(err)
		}
		if len(c.Entries) != step.n || len(c.Entries[0].Extensions) != step.exts {
			t.Fatalf("after reuse: %+v", c)
		}
		if out, err := c.Append(nil); err != nil || !bytes.Equal(out, step.msg) {
			t.Fatalf("after reuse: %x, %v", out, err)
		}
	}
	var r CertificateRequest
	for _, step := range []struct {
		msg []byte
		ctx Context
	}{
		{withHeader(TypeCertificateRequest, hx("01 01 0004 0401 0804 0005 0003 aabbcc")), ctxTLS12},
		{withHeader(TypeCertificateRequest, hx("00 0008 000d 0004 0002 0403")), ctxTLS13},
		{withHeader(TypeCertificateRequest, hx("01 02 0000")), ctxTLS10},
	} {
		if err := r.Unmarshal(step.msg, step.ctx); err != nil {
			t.Fatal(err)
		}
		if out, err := r.Append(nil); err != nil || !bytes.Equal(out, step.msg) {
			t.Fatalf("after reuse: %x, %v", out, err)
		}
	}
}

// testdataKeyExchange maps the cipher suites negotiated in the GOROOT
// crypto/tls recordings to their key exchange. A suite missing here fails
// the test rather than being skipped.
var testdataKeyExchange = map[uint16]KeyExchange{
	0x0005: KeyExchangeRSA, 0x000a: KeyExchangeRSA, 0x002f: KeyExchangeRSA, 0x0035: KeyExchangeRSA,
	0x003c: KeyExchangeRSA, 0x009c: KeyExchangeRSA, 0x009d: KeyExchangeRSA,
	0xc007: KeyExchangeECDHE, 0xc009: KeyExchangeECDHE, 0xc00a: KeyExchangeECDHE, 0xc023: KeyExchangeECDHE,
	0xc02b: KeyExchangeECDHE, 0xc02c: KeyExchangeECDHE, 0xcca9: KeyExchangeECDHE,
	0xc011: KeyExchangeECDHE, 0xc012: KeyExchangeECDHE, 0xc013: KeyExchangeECDHE, 0xc014: KeyExchangeECDHE,
	0xc027: KeyExchangeECDHE, 0xc02f: KeyExchangeECDHE, 0xc030: KeyExchangeECDHE, 0xcca8: KeyExchangeECDHE,
}

// TestCertKeyExchangeTestdata round-trips every plaintext Certificate,
// ServerKeyExchange, CertificateRequest, ClientKeyExchange and
// CertificateVerify of the crypto/tls recordings, under the context of the
// recording's ServerHello.
func TestCertKeyExchangeTestdata(t *testing.T) {
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	var (
		sh    ServerHello
		cert  Certificate
		ske   ServerKeyExchange
		cr    CertificateRequest
		cke   ClientKeyExchange
		cv    CertificateVerify
		count = map[HandshakeType]int{}
	)
	for _, r := range recs {
		c2s, s2c := r.Streams()
		server := plaintextMessages(t, s2c)
		var ctx Context
		for _, m := range server {
			if HandshakeType(m[0]) == TypeServerHello {
				if err := sh.Unmarshal(m); err != nil {
					t.Fatalf("%s: %v", r.Name, err)
				}
				ctx.Version = sh.SelectedVersion()
				if !ctx.tls13() {
					k, ok := testdataKeyExchange[sh.CipherSuite]
					if !ok {
						t.Fatalf("%s: cipher suite %#04x missing from the test table", r.Name, sh.CipherSuite)
					}
					ctx.KeyExchange = k
				}
			}
		}
		for _, m := range append(server, plaintextMessages(t, c2s)...) {
			var v ctxMessage
			switch HandshakeType(m[0]) {
			case TypeCertificate:
				v = &cert
			case TypeServerKeyExchange:
				v = &ske
			case TypeCertificateRequest:
				v = &cr
			case TypeClientKeyExchange:
				v = &cke
			case TypeCertificateVerify:
				v = &cv
			default:
				continue
			}
			if ctx.Version == 0 {
				t.Fatalf("%s: %v before a ServerHello", r.Name, v.Type())
			}
			if err := v.Unmarshal(m, ctx); err != nil {
				t.Fatalf("%s: %v: %v", r.Name, v.Type(), err)
			}
			if out, err := v.Append(nil); err != nil || !bytes.Equal(out, m) {
				t.Fatalf("%s: %v: round trip differs (%v)", r.Name, v.Type(), err)
			}
			if vv, ok := v.(interface{ Validate() error }); ok {
				if err := vv.Validate(); err != nil {
					t.Fatalf("%s: %v: Validate: %v", r.Name, v.Type(), err)
				}
			}
			count[v.Type()]++
		}
		if ske.KeyExchange == KeyExchangeECDHE && (ske.Curve.CurveType != CurveTypeNamedCurve || !ske.Signed) {
			t.Fatalf("%s: ECDHE ServerKeyExchange decoded as %+v", r.Name, ske)
		}
	}
	for _, typ := range []HandshakeType{TypeCertificate, TypeServerKeyExchange, TypeCertificateRequest,
		TypeClientKeyExchange, TypeCertificateVerify} {
		if count[typ] < 10 {
			t.Errorf("only %d %v messages in testdata", count[typ], typ)
		}
	}
	t.Logf("round-tripped: %v", count)
}

// tls13HandshakeMessages decrypts the handshake-encrypted records of one
// direction of a TLS 1.3 stream (RFC 8446 §5.2, §7.3) with the handshake
// traffic secret from a key log, and returns the handshake messages up to
// and including that side's Finished.
func tls13HandshakeMessages(t *testing.T, stream []byte, suite uint16, secret []byte) [][]byte {
	t.Helper()
	var newHash func() hash.Hash
	var keyLen int
	var aead func(key []byte) (cipher.AEAD, error)
	gcm := func(key []byte) (cipher.AEAD, error) {
		b, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		return cipher.NewGCM(b)
	}
	switch suite {
	case 0x1301:
		newHash, keyLen, aead = sha256.New, 16, gcm
	case 0x1302:
		newHash, keyLen, aead = sha512.New384, 32, gcm
	case 0x1303:
		newHash, keyLen, aead = sha256.New, 32, chacha20poly1305.New
	default:
		t.Fatalf("suite %#04x", suite)
	}
	expandLabel := func(label string, n int) []byte {
		l := "tls13 " + label
		info := append([]byte{byte(n >> 8), byte(n), byte(len(l))}, l...)
		out, err := hkdf.Expand(newHash, secret, string(append(info, 0)), n)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	c, err := aead(expandLabel("key", keyLen))
	if err != nil {
		t.Fatal(err)
	}
	iv := expandLabel("iv", 12)
	var msgs [][]byte
	var buf []byte
	var seq uint64
	rs := Records{Data: stream}
	for rs.Next() {
		r := rs.Record()
		if r.ContentType != ContentApplicationData {
			continue
		}
		nonce := append([]byte(nil), iv...)
		for i := range 8 {
			nonce[4+i] ^= byte(seq >> (56 - 8*i))
		}
		seq++
		hdr := []byte{byte(r.ContentType), byte(r.LegacyVersion >> 8), byte(r.LegacyVersion), byte(len(r.Payload) >> 8), byte(len(r.Payload))}
		plain, err := c.Open(nil, nonce, r.Payload, hdr)
		if err != nil {
			t.Fatalf("record %d: %v", seq-1, err)
		}
		plain = bytes.TrimRight(plain, "\x00")
		if len(plain) == 0 || ContentType(plain[len(plain)-1]) != ContentHandshake {
			t.Fatalf("record %d: inner type %v", seq-1, plain)
		}
		buf = append(buf, plain[:len(plain)-1]...)
		for len(buf) >= 4 {
			n := 4 + (int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3]))
			if len(buf) < n {
				break
			}
			msgs = append(msgs, buf[:n:n])
			if HandshakeType(buf[0]) == TypeFinished {
				return msgs
			}
			buf = buf[n:]
		}
	}
	t.Fatal("no Finished")
	return nil
}

// keyLogSecret returns the secret of label for clientRandom from an
// NSS key log.
func keyLogSecret(t *testing.T, log []byte, label string, clientRandom []byte) []byte {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(log))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == label && f[1] == hex.EncodeToString(clientRandom) {
			return hx(f[2])
		}
	}
	t.Fatalf("no %s in key log", label)
	return nil
}

// TestCertKeyExchangeTLS13Live runs the TLS 1.3 handshakes of internal/tlsgen (plus
// client authentication with certificate_authorities), decrypts their
// handshake records with a key log, and round-trips every Certificate,
// CertificateRequest and CertificateVerify under the TLS 1.3 context.
func TestCertKeyExchangeTLS13Live(t *testing.T) {
	scenarios, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	for _, max := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		scenarios = append(scenarios, tlsgen.Scenario{
			Name: "client-auth-with-CAs",
			Client: &tls.Config{ServerName: "example.test", RootCAs: pki.Pool, MaxVersion: max,
				Certificates: []tls.Certificate{pki.Client}},
			Server: &tls.Config{Certificates: []tls.Certificate{pki.RSA}, ClientAuth: tls.RequireAndVerifyClientCert,
				ClientCAs: pki.Pool},
		})
	}
	var (
		sh    ServerHello
		cert  Certificate
		cr    CertificateRequest
		cv    CertificateVerify
		count = map[HandshakeType]int{}
		cas   int
	)
	for _, s := range scenarios {
		if s.Client != nil && len(s.Client.EncryptedClientHelloConfigList) > 0 {
			// The key log names the inner ClientHello's random, which the
			// wire never shows, so these cannot be decrypted from outside.
			continue
		}
		conv, keyLog, err := tlsgen.RunWithKeyLog(s)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		c2s, s2c := conv.Streams()
		var clientRandom []byte
		for _, m := range plaintextMessages(t, c2s) {
			if HandshakeType(m[0]) == TypeClientHello {
				clientRandom = m[4+2 : 4+2+32]
				break
			}
		}
		var ctx Context
		for _, m := range plaintextMessages(t, s2c) {
			if HandshakeType(m[0]) == TypeServerHello {
				if err := sh.Unmarshal(m); err != nil {
					t.Fatal(err)
				}
				ctx.Version = sh.SelectedVersion()
			}
		}
		var msgs [][]byte
		if ctx.tls13() {
			msgs = append(tls13HandshakeMessages(t, s2c, sh.CipherSuite,
				keyLogSecret(t, keyLog, "SERVER_HANDSHAKE_TRAFFIC_SECRET", clientRandom)),
				tls13HandshakeMessages(t, c2s, sh.CipherSuite,
					keyLogSecret(t, keyLog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", clientRandom))...)
		} else {
			// TLS 1.2: only the CertificateRequest (plaintext) is of interest here;
			// TestCertKeyExchangeTestdata covers the rest of the TLS 1.2 messages.
			msgs = plaintextMessages(t, s2c)
		}
		for _, m := range msgs {
			var v ctxMessage
			switch HandshakeType(m[0]) {
			case TypeCertificate:
				v = &cert
			case TypeCertificateRequest:
				v = &cr
			case TypeCertificateVerify:
				v = &cv
			default:
				continue
			}
			if err := v.Unmarshal(m, ctx); err != nil {
				t.Fatalf("%s: %v: %v", s.Name, v.Type(), err)
			}
			if out, err := v.Append(nil); err != nil || !bytes.Equal(out, m) {
				t.Fatalf("%s: %v: round trip differs (%v)", s.Name, v.Type(), err)
			}
			if vv, ok := v.(interface{ Validate() error }); ok {
				if err := vv.Validate(); err != nil {
					t.Fatalf("%s: %v: Validate: %v", s.Name, v.Type(), err)
				}
			}
			if v == &cr {
				cas += len(cr.CertificateAuthorities)
				if cr.Extensions.Has(47) {
					cas++
				}
			}
			if ctx.tls13() {
				count[v.Type()]++
			}
		}
	}
	if count[TypeCertificate] < 6 || count[TypeCertificateRequest] < 2 || count[TypeCertificateVerify] < 6 {
		t.Errorf("TLS 1.3 messages seen: %v", count)
	}
	if cas < 2 {
		t.Errorf("certificate_authorities seen %d times, want both forms", cas)
	}
	t.Logf("TLS 1.3 round-tripped: %v", count)
}
