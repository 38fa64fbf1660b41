package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// decodeJSON checks that b is valid JSON and decodes it into a map.
func decodeJSON(t *testing.T, what string, b []byte) map[string]any {
	t.Helper()
	if !json.Valid(b) {
		t.Fatalf("%s: invalid JSON: %s", what, b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v: %s", what, err, b)
	}
	return m
}

// checkTypeName checks the "type" and "name" members of a message or
// extension object.
func checkTypeName(t *testing.T, what string, m map[string]any, typ uint16, name string) {
	t.Helper()
	if got, ok := m["type"].(float64); !ok || got != float64(typ) {
		t.Errorf("%s: type = %v, want %d", what, m["type"], typ)
	}
	if got, ok := m["name"].(string); !ok || got != name {
		t.Errorf("%s: name = %v, want %q", what, m["name"], name)
	}
}

// renderedMessage is a decoded handshake message of a tlsgen conversation,
// rendered at once (the Decoder reuses its values).
type renderedMessage struct {
	scenario string
	raw      []byte
	json     []byte
	summary  string
}

var (
	realMsgsOnce sync.Once
	renderedMsgs []renderedMessage
	realMsgsErr  error
)

// renderedMessages returns every plaintext handshake message of the tlsgen
// scenarios (the hellos, and the TLS 1.2 flights), decoded with a Decoder
// that learned the connection's context from the ServerHello.
func renderedMessages(t *testing.T) []renderedMessage {
	t.Helper()
	realMsgsOnce.Do(func() {
		ss, err := tlsgen.Scenarios()
		if err != nil {
			realMsgsErr = err
			return
		}
		for _, s := range ss {
			conv, err := tlsgen.Run(s)
			if err != nil {
				realMsgsErr = err
				return
			}
			c2s, s2c := conv.Streams()
			var d Decoder
			// The server's flight first, so that the decoder knows the
			// key exchange before the client's ClientKeyExchange.
			for _, raw := range append(plaintextMessages(t, s2c), plaintextMessages(t, c2s)...) {
				m, err := d.Decode(raw)
				if err != nil {
					realMsgsErr = err
					return
				}
				renderedMsgs = append(renderedMsgs, renderedMessage{s.Name, raw, AppendMessageJSON(nil, m), FormatMessage(m)})
			}
		}
	})
	if realMsgsErr != nil {
		t.Fatal(realMsgsErr)
	}
	return renderedMsgs
}

// realClientHello returns the first tlsgen TLS 1.3 ClientHello, decoded.
func realClientHello(tb testing.TB) *ClientHello {
	tb.Helper()
	ss, err := tlsgen.Scenarios()
	if err != nil {
		tb.Fatal(err)
	}
	conv, err := tlsgen.Run(ss[1]) // tls13-alpn-rsa: SNI and ALPN
	if err != nil {
		tb.Fatal(err)
	}
	c2s, _ := conv.Streams()
	var ch ClientHello
	if err := ch.Unmarshal(plaintextMessages(tb, c2s)[0]); err != nil {
		tb.Fatal(err)
	}
	return &ch
}

// TestJSONCoversEveryExtension renders a zero value of every typed
// extension of the constructor tables: a type added to the tables without
// a case in appendExtensionBodyJSON fails here.
func TestJSONCoversEveryExtension(t *testing.T) {
	var types []ExtensionType
	for i, f := range newExtensionLow {
		if f != nil {
			types = append(types, ExtensionType(i))
		}
	}
	for _, h := range newExtensionHigh {
		types = append(types, h.t)
	}
	for _, typ := range types {
		body := NewExtensionBody(typ)
		if _, ok := appendExtensionBodyJSON(nil, body); !ok {
			t.Errorf("%v (%T): no JSON rendering", typ, body)
		}
	}
	if _, ok := appendExtensionBodyJSON(nil, NewExtensionBody(0xabcd)); !ok {
		t.Error("raw *Extension: no JSON rendering")
	}
}

// TestJSONCoversEveryMessage does the same for every message type of
// NewMessage, and UnknownMessage.
func TestJSONCoversEveryMessage(t *testing.T) {
	sc := new(extScratch)
	for i := range 256 {
		m := NewMessage(HandshakeType(i))
		if _, ok := appendMessageBodyJSON(nil, m, sc); !ok {
			t.Errorf("%v (%T): no JSON rendering", HandshakeType(i), m)
		}
		if s := FormatMessage(m); s == "" || strings.ContainsAny(s, "\n\r") {
			t.Errorf("%v: summary %q", HandshakeType(i), s)
		}
	}
}

// TestJSONExtensionCases renders every constructed extension form of
// extCases from its encoding: valid JSON, the right type and name, typed
// (no "data" or "error" member unless the form is raw), and the same
// members as rendering the constructed value directly.
func TestJSONExtensionCases(t *testing.T) {
	for _, c := range extCases() {
		typ := c.v.ExtensionType()
		data, err := c.v.Append(nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name(), err)
		}
		got := AppendExtensionJSON(nil, Extension{Type: typ, Data: data}, c.in)
		m := decodeJSON(t, c.name(), got)
		checkTypeName(t, c.name(), m, uint16(typ), regName(typ, grease16))
		if _, bad := m["error"]; bad {
			t.Errorf("%s: %s", c.name(), got)
		}
		if _, raw := m["data"]; raw {
			if ech, ok := c.v.(*EncryptedClientHelloExtension); !ok || ech.Other == nil {
				t.Errorf("%s: rendered raw: %s", c.name(), got)
			}
		}
		direct, ok := appendExtensionBodyJSON(nil, c.v)
		if !ok || !bytes.HasSuffix(got, append(direct, '}')) {
			t.Errorf("%s: decoded rendering %s does not end with the value's %s", c.name(), got, direct)
		}
	}
}

// TestJSONExtensionRawAndMalformed: an extension without a typed form, one
// rendered without a message, and a malformed typed body.
func TestJSONExtensionRawAndMalformed(t *testing.T) {
	for _, tc := range []struct {
		e    Extension
		in   ExtMessage
		want string
	}{
		{Extension{Type: 0x0a0a, Data: nil}, InClientHello, `{"type":2570,"name":"GREASE","data":""}`},
		{Extension{Type: 0xabcd, Data: []byte{0xde, 0xad}}, InClientHello, `{"type":43981,"name":"unassigned","data":"dead"}`},
		{Extension{Type: ExtensionALPN, Data: []byte{0, 3, 2, 'h', '2'}}, 0, `{"type":16,"name":"application_layer_protocol_negotiation","data":"0003026832"}`},
		{Extension{Type: ExtensionALPN, Data: []byte{0, 3, 2, 'h', '2'}}, InClientHello, `{"type":16,"name":"application_layer_protocol_negotiation","protocols":["h2"]}`},
	} {
		got := string(AppendExtensionJSON(nil, tc.e, tc.in))
		if got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
	// A truncated key_share: typed decoding fails, the object says why and
	// keeps the bytes.
	got := AppendExtensionJSON(nil, Extension{Type: ExtensionKeyShare, Data: []byte{0, 9, 0}}, InClientHello)
	m := decodeJSON(t, "malformed", got)
	if m["data"] != "000900" || m["error"] == nil || m["name"] != "key_share" {
		t.Errorf("malformed key_share: %s", got)
	}
}

// TestJSONMessageCases renders every constructed message form of the
// message tests: valid JSON with the type and name of the message.
func TestJSONMessageCases(t *testing.T) {
	var msgs []Message
	for _, c := range otherMessageCases() {
		msgs = append(msgs, c.msg)
	}
	for _, c := range certKeyExchangeCases() {
		msgs = append(msgs, c.m)
	}
	msgs = append(msgs, helloForms()...)
	msgs = append(msgs, realClientHello(t), &UnknownMessage{HandshakeType: 99, Body: []byte{1, 2}},
		&UnknownMessage{HandshakeType: TypeClientHello, Body: []byte{3}})
	for _, m := range msgs {
		what := FormatMessage(m)
		got := AppendMessageJSON(nil, m)
		obj := decodeJSON(t, what, got)
		checkTypeName(t, what, obj, uint16(m.Type()), regName(m.Type(), greaseNone))
		if strings.ContainsAny(what, "\n\r") {
			t.Errorf("summary not one line: %q", what)
		}
		if _, isRaw := m.(*UnknownMessage); isRaw != (obj["body"] != nil) {
			t.Errorf("%s: %s", what, got)
		}
		if mj, ok := m.(json.Marshaler); !ok {
			t.Errorf("%T does not implement json.Marshaler", m)
		} else if b, err := mj.MarshalJSON(); err != nil || !bytes.Equal(b, got) {
			t.Errorf("%T.MarshalJSON = %s, %v", m, b, err)
		}
	}
	// Every registered message type has constructed cases.
	for i, f := range newMessageFuncs {
		if f != nil && !slices.ContainsFunc(msgs, func(m Message) bool { return m.Type() == HandshakeType(i) }) {
			t.Errorf("no constructed %v to render", HandshakeType(i))
		}
	}
	got := string(AppendMessageJSON(nil, &UnknownMessage{HandshakeType: 99, Body: []byte{1, 2}}))
	if want := `{"type":99,"name":"unassigned","body":"0102"}`; got != want {
		t.Errorf("unknown message: %s, want %s", got, want)
	}
}

// helloForms are constructed hellos of the forms the real handshakes do
// not show: DTLS, SSL 2.0 compatible, without extensions.
func helloForms() []Message {
	return []Message{
		&ClientHello{LegacyVersion: VersionDTLS12, Random: seq(32, 0), SessionID: []byte{}, Cookie: []byte{0xc0, 0x0c},
			CipherSuites: []uint16{0xc02b}, CompressionMethods: []byte{0}},
		&ClientHello{SSLv2: true, LegacyVersion: VersionTLS10, Random: seq(16, 0x10), SessionID: []byte{},
			SSLv2CipherSpecs: []uint32{0x010080, 0x00002f}, CipherSuites: []uint16{0x002f}},
		&ServerHello{LegacyVersion: VersionTLS10, Random: seq(32, 0x20), SessionID: []byte{1}, CipherSuite: 0x002f},
	}
}

// TestJSONHelloForms pins the rendering of the hello forms.
func TestJSONHelloForms(t *testing.T) {
	want := []string{
		`{"type":1,"name":"client_hello","legacy_version":65277,"legacy_version_name":"DTLS 1.2",` +
			`"random":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","legacy_session_id":"",` +
			`"cookie":"c00c","cipher_suites":[49195],"cipher_suite_names":["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],` +
			`"legacy_compression_methods":[0],"legacy_compression_method_names":["null"],"extensions":[]}`,
		`{"type":1,"name":"client_hello","legacy_version":769,"legacy_version_name":"TLS 1.0","sslv2":true,` +
			`"cipher_specs":[65664,47],"cipher_spec_names":["SSL_CK_RC4_128_WITH_MD5","TLS_RSA_WITH_AES_128_CBC_SHA"],` +
			`"session_id":"","challenge":"101112131415161718191a1b1c1d1e1f",` +
			`"cipher_suites":[47],"cipher_suite_names":["TLS_RSA_WITH_AES_128_CBC_SHA"],"extensions":[]}`,
		`{"type":2,"name":"server_hello","legacy_version":769,"legacy_version_name":"TLS 1.0",` +
			`"random":"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f","hello_retry_request":false,` +
			`"legacy_session_id_echo":"01","cipher_suite":47,"cipher_suite_name":"TLS_RSA_WITH_AES_128_CBC_SHA",` +
			`"legacy_compression_method":0,"legacy_compression_method_name":"null","extensions":[]}`,
	}
	summaries := []string{
		"ClientHello DTLS 1.2 cookie=2B suites=1 exts=0",
		"ClientHello SSLv2-compat TLS 1.0 specs=2",
		"ServerHello TLS 1.0 TLS_RSA_WITH_AES_128_CBC_SHA exts=0",
	}
	for i, m := range helloForms() {
		got := AppendMessageJSON(nil, m)
		decodeJSON(t, want[i], got)
		if string(got) != want[i] {
			t.Errorf("got  %s\nwant %s", got, want[i])
		}
		if s := FormatMessage(m); s != summaries[i] {
			t.Errorf("summary %q, want %q", s, summaries[i])
		}
	}
}

// TestJSONRealHandshakes renders every plaintext message of the tlsgen
// handshakes and checks the schema tlsdump relies on: client_hello has
// cipher_suites as [int] and extensions as [{type, name, ...}], server_hello
// has cipher_suite as an int; no extension of a real hello renders raw or
// with an error.
func TestJSONRealHandshakes(t *testing.T) {
	seen := map[HandshakeType]bool{}
	for _, r := range renderedMessages(t) {
		typ := HandshakeType(r.raw[0])
		seen[typ] = true
		what := r.scenario + " " + r.summary
		m := decodeJSON(t, what, r.json)
		checkTypeName(t, what, m, uint16(typ), typ.String())
		switch typ {
		case TypeClientHello:
			suites, ok := m["cipher_suites"].([]any)
			names, _ := m["cipher_suite_names"].([]any)
			if !ok || len(suites) == 0 || len(names) != len(suites) {
				t.Fatalf("%s: cipher_suites %v / %v", what, m["cipher_suites"], m["cipher_suite_names"])
			}
			for _, s := range suites {
				if f, ok := s.(float64); !ok || f != float64(uint16(f)) {
					t.Errorf("%s: cipher suite %v is not a uint16", what, s)
				}
			}
			for _, k := range []string{"legacy_version", "legacy_version_name", "random", "legacy_session_id", "legacy_compression_methods"} {
				if _, ok := m[k]; !ok {
					t.Errorf("%s: no %q", what, k)
				}
			}
		case TypeServerHello:
			if f, ok := m["cipher_suite"].(float64); !ok || f == 0 {
				t.Errorf("%s: cipher_suite %v", what, m["cipher_suite"])
			}
			if _, ok := m["cipher_suite_name"].(string); !ok {
				t.Errorf("%s: cipher_suite_name %v", what, m["cipher_suite_name"])
			}
		}
		if typ == TypeClientHello || typ == TypeServerHello {
			exts, ok := m["extensions"].([]any)
			if !ok || len(exts) == 0 {
				t.Fatalf("%s: extensions %v", what, m["extensions"])
			}
			for _, e := range exts {
				eo := e.(map[string]any)
				if _, ok := eo["type"].(float64); !ok {
					t.Errorf("%s: extension without type: %v", what, eo)
				}
				if _, ok := eo["name"].(string); !ok {
					t.Errorf("%s: extension without name: %v", what, eo)
				}
				if eo["error"] != nil || (eo["data"] != nil && IsTypedExtension(ExtensionType(eo["type"].(float64)))) {
					t.Errorf("%s: extension not rendered typed: %v", what, eo)
				}
			}
		}
	}
	for _, typ := range []HandshakeType{TypeClientHello, TypeServerHello, TypeCertificate, TypeServerKeyExchange,
		TypeCertificateRequest, TypeServerHelloDone, TypeCertificateVerify, TypeClientKeyExchange} {
		if !seen[typ] {
			t.Errorf("no real %v rendered", typ)
		}
	}
}

// TestJSONClientHelloExample checks the rendering of a real ClientHello in
// detail.
func TestJSONClientHelloExample(t *testing.T) {
	ch := realClientHello(t)
	m := decodeJSON(t, "ClientHello", AppendMessageJSON(nil, ch))
	byName := map[string]map[string]any{}
	for _, e := range m["extensions"].([]any) {
		eo := e.(map[string]any)
		byName[eo["name"].(string)] = eo
	}
	sni := byName["server_name"]["server_name_list"].([]any)[0].(map[string]any)
	if sni["host_name"] != "example.test" || sni["name_type_name"] != "host_name" {
		t.Errorf("server_name: %v", byName["server_name"])
	}
	if got := byName["application_layer_protocol_negotiation"]["protocols"]; !slices.Equal(got.([]any), []any{"h2", "http/1.1"}) {
		t.Errorf("alpn: %v", got)
	}
	sv := byName["supported_versions"]
	if !slices.Contains(sv["versions"].([]any), any(float64(VersionTLS13))) || !slices.Contains(sv["version_names"].([]any), any("TLS 1.3")) {
		t.Errorf("supported_versions: %v", sv)
	}
	shares := byName["key_share"]["client_shares"].([]any)
	first := shares[0].(map[string]any)
	if first["group_name"] != "X25519MLKEM768" || len(first["key_exchange"].(string)) != 2*(1184+32) {
		t.Errorf("key_share: %v", first["group_name"])
	}
}

// TestJSONGREASEAndUnassigned: the naming rule on every kind of list.
func TestJSONGREASEAndUnassigned(t *testing.T) {
	ch := &ClientHello{
		LegacyVersion: VersionTLS12, Random: make([]byte, 32),
		CipherSuites:       []uint16{0x1a1a, 0x1301, 0x0b0b},
		CompressionMethods: []byte{0, 0x42},
		ExtensionsPresent:  true,
		Extensions: Extensions{
			{Type: 0x2a2a},
			{Type: ExtensionSupportedGroups, Data: []byte{0, 6, 0x3a, 0x3a, 0, 29, 0x12, 0x34}},
			{Type: ExtensionPSKKeyExchangeModes, Data: []byte{3, 0x2a, 1, 0x77}},
			{Type: ExtensionSupportedVersions, Data: []byte{6, 0x4a, 0x4a, 3, 4, 0x03, 0x09}},
		},
	}
	got := string(AppendMessageJSON(nil, ch))
	for _, want := range []string{
		`"cipher_suites":[6682,4865,2827],"cipher_suite_names":["GREASE","TLS_AES_128_GCM_SHA256","unassigned"]`,
		`"legacy_compression_methods":[0,66],"legacy_compression_method_names":["null","unassigned"]`,
		`{"type":10794,"name":"GREASE","data":""}`,
		`"groups":[14906,29,4660],"group_names":["GREASE","x25519","unassigned"]`,
		`"ke_modes":[42,1,119],"ke_mode_names":["GREASE","psk_dhe_ke","unassigned"]`,
		`"versions":[19018,772,777],"version_names":["GREASE","TLS 1.3","unassigned"]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	decodeJSON(t, "grease", []byte(got))
}

// TestJSONText: hostile bytes in text fields always give valid JSON that
// decodes to the valid UTF-8 parts unchanged and each invalid byte as \xNN.
func TestJSONText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"example.com", `"example.com"`},
		{"", `""`},
		{"a\"b\\c", `"a\"b\\c"`},
		{"\x00\x01\n\r\t\x1f\x7f", `"\u0000\u0001\n\r\t\u001f\u007f"`},
		{"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92\""},
		{"\xff\xfe", `"\\xff\\xfe"`},
		{"\xc3", `"\\xc3"`},                            // truncated sequence
		{"\xc0\xaf", `"\\xc0\\xaf"`},                   // overlong '/'
		{"\xed\xa0\x80", `"\\xed\\xa0\\x80"`},          // surrogate
		{"\xf4\x90\x80\x80", `"\\xf4\\x90\\x80\\x80"`}, // above U+10FFFF
		{"a\xe2\x82", `"a\\xe2\\x82"`},
	} {
		if got := string(appendJSONText(nil, []byte(tc.in))); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.in, got, tc.want)
		}
		if got := string(appendJSONText(nil, tc.in)); got != tc.want {
			t.Errorf("%q (string): got %s, want %s", tc.in, got, tc.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 0, 64)
	for range 20000 {
		buf = buf[:rng.IntN(24)]
		for i := range buf {
			buf[i] = byte(rng.Uint32())
			if rng.IntN(3) == 0 {
				buf[i] &= 0x7f
			}
		}
		out := appendJSONText(nil, buf)
		var s string
		if err := json.Unmarshal(out, &s); err != nil {
			t.Fatalf("%q: %v: %s", buf, err, out)
		}
		if utf8.Valid(buf) && s != string(buf) {
			t.Fatalf("%q: valid UTF-8 changed to %q", buf, s)
		}
		if !utf8.ValidString(s) {
			t.Fatalf("%q: decoded to invalid UTF-8 %q", buf, s)
		}
	}
	// A host name and an ALPN protocol of hostile bytes in a full message.
	sni := []byte{0, 12, 0, 0, 9, 'a', 0, '"', 0xff, '\\', '\n', 0xc3, 0x28, '}'}
	alpn := []byte{0, 5, 4, 0xfa, 0xfa, '"', 0}
	ch := &ClientHello{LegacyVersion: VersionTLS12, Random: make([]byte, 32), CipherSuites: []uint16{0x1301},
		CompressionMethods: []byte{0}, ExtensionsPresent: true,
		Extensions: Extensions{{Type: ExtensionServerName, Data: sni}, {Type: ExtensionALPN, Data: alpn}}}
	got := AppendMessageJSON(nil, ch)
	decodeJSON(t, "hostile", got)
	if want := `"host_name":"a\u0000\"\\xff\\\n\\xc3(}"`; !bytes.Contains(got, []byte(want)) {
		t.Errorf("hostile SNI: %s", got)
	}
	if want := `"protocols":["\\xfa\\xfa\"\u0000"]`; !bytes.Contains(got, []byte(want)) {
		t.Errorf("hostile ALPN: %s", got)
	}
	s := FormatMessage(ch)
	for i := range len(s) {
		if s[i] < 0x20 || s[i] >= 0x7f {
			t.Fatalf("summary %q has byte %#x", s, s[i])
		}
	}
	if !strings.Contains(s, `sni=a\x00"\xff\x5c\x0a\xc3(}`) {
		t.Errorf("summary %q", s)
	}
}

// TestJSONRecordLayer renders records, DTLS headers, alerts,
// ChangeCipherSpec and heartbeats.
func TestJSONRecordLayer(t *testing.T) {
	for _, tc := range []struct {
		got  []byte
		want string
	}{
		{AppendRecordJSON(nil, &Record{ContentType: ContentHandshake, LegacyVersion: VersionTLS10, Payload: make([]byte, 512)}),
			`{"content_type":22,"content_type_name":"handshake","legacy_record_version":769,"legacy_record_version_name":"TLS 1.0","length":512}`},
		{AppendRecordJSON(nil, &Record{ContentType: 99, LegacyVersion: 0x0a0a}),
			`{"content_type":99,"content_type_name":"unassigned","legacy_record_version":2570,"legacy_record_version_name":"GREASE","length":0}`},
		{AppendDTLSRecordJSON(nil, &DTLSRecord{ContentType: ContentHandshake, Version: VersionDTLS12, Epoch: 1, SequenceNumber: 7, Payload: []byte{1}}),
			`{"content_type":22,"content_type_name":"handshake","version":65277,"version_name":"DTLS 1.2","epoch":1,"sequence_number":7,"length":1}`},
		{AppendDTLSRecordJSON(nil, &DTLSRecord{ContentType: ContentTLS12CID, Version: VersionDTLS12, Epoch: 1, SequenceNumber: 7, ConnectionID: []byte{0xc1}}),
			`{"content_type":25,"content_type_name":"tls12_cid","version":65277,"version_name":"DTLS 1.2","epoch":1,"sequence_number":7,"connection_id":"c1","length":0}`},
		{AppendDTLSRecordJSON(nil, &DTLSRecord{Unified: true, Epoch: 3, SequenceNumber: 0x1234, Seq16: true, LengthPresent: true, CIDPresent: true, ConnectionID: []byte{0xab}, Payload: make([]byte, 20)}),
			`{"unified":true,"epoch":3,"sequence_number":4660,"seq16":true,"length_present":true,"connection_id":"ab","length":20}`},
		{AppendDTLSHandshakeHeaderJSON(nil, &DTLSHandshakeHeader{MsgType: TypeClientHello, Length: 300, MessageSeq: 1, FragmentOffset: 100, FragmentLength: 200}),
			`{"msg_type":1,"msg_type_name":"client_hello","length":300,"message_seq":1,"fragment_offset":100,"fragment_length":200}`},
		{AppendAlertJSON(nil, &Alert{Level: AlertLevelFatal, Description: 40}),
			`{"level":2,"level_name":"fatal","description":40,"description_name":"handshake_failure"}`},
		{AppendAlertJSON(nil, &Alert{Level: 7, Description: 254}),
			`{"level":7,"level_name":"unassigned","description":254,"description_name":"unassigned"}`},
		{AppendChangeCipherSpecJSON(nil, &ChangeCipherSpec{Value: 1}), `{"value":1}`},
		{AppendHeartbeatJSON(nil, &Heartbeat{Type: 1, Payload: []byte{0xbe, 0xef}, Padding: make([]byte, 16)}),
			`{"heartbeat_type":1,"heartbeat_type_name":"heartbeat_request","payload_length":2,"payload":"beef","padding_length":16}`},
	} {
		if string(tc.got) != tc.want {
			t.Errorf("got  %s\nwant %s", tc.got, tc.want)
		}
		decodeJSON(t, tc.want, tc.got)
	}
	// json.Marshaler, also inside a caller's struct.
	type flow struct {
		Alert  *Alert       `json:"alert"`
		Record *Record      `json:"record"`
		Hello  *ClientHello `json:"client_hello"`
	}
	out, err := json.Marshal(flow{&Alert{Level: 1, Description: 0}, &Record{ContentType: ContentAlert, LegacyVersion: VersionTLS12}, realClientHello(t)})
	if err != nil {
		t.Fatal(err)
	}
	m := decodeJSON(t, "flow", out)
	if m["alert"].(map[string]any)["description_name"] != "close_notify" || m["client_hello"].(map[string]any)["name"] != "client_hello" {
		t.Errorf("json.Marshal: %s", out)
	}
}

// TestJSONAllocs: rendering into a buffer with room allocates nothing,
// for a real ClientHello and for every real handshake message.
func TestJSONAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	ch := realClientHello(t)
	buf := make([]byte, 0, 64<<10)
	buf = AppendMessageJSON(buf[:0], ch) // warm the pool
	if n := testing.AllocsPerRun(50, func() { buf = AppendMessageJSON(buf[:0], ch) }); n != 0 {
		t.Errorf("AppendMessageJSON(ClientHello): %v allocs", n)
	}
	if n := testing.AllocsPerRun(50, func() { buf = AppendMessageSummary(buf[:0], ch) }); n != 0 {
		t.Errorf("AppendMessageSummary(ClientHello): %v allocs", n)
	}
	for _, r := range renderedMessages(t) {
		m := NewMessage(HandshakeType(r.raw[0]))
		var d Decoder
		d.Context = Context{Version: VersionTLS12, KeyExchange: KeyExchangeECDHE}
		if err := UnmarshalMessage(m, r.raw, d.Context); err != nil {
			continue // needs another context; covered by TestJSONRealHandshakes
		}
		buf = AppendMessageJSON(buf[:0], m)
		if n := testing.AllocsPerRun(10, func() { buf = AppendMessageJSON(buf[:0], m) }); n != 0 {
			t.Errorf("%s %s: %v allocs", r.scenario, r.summary, n)
		}
	}
}

// TestFormatMessage checks the one-line summaries of real and constructed
// hellos.
func TestFormatMessage(t *testing.T) {
	ch := realClientHello(t)
	got := FormatMessage(ch)
	for _, want := range []string{"ClientHello TLS 1.3 (legacy TLS 1.2) ", " sni=example.test", " alpn=h2,http/1.1", " suites=", " exts=", " groups=X25519MLKEM768,"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	shExt := func(t ExtensionType, d ...byte) Extension { return Extension{Type: t, Data: d} }
	sh := &ServerHello{LegacyVersion: VersionTLS12, Random: make([]byte, 32), CipherSuite: 0x1301, ExtensionsPresent: true,
		Extensions: Extensions{shExt(ExtensionSupportedVersions, 3, 4), shExt(ExtensionKeyShare, 0x11, 0xec, 0, 1, 9)}}
	if got, want := FormatMessage(sh), "ServerHello TLS 1.3 TLS_AES_128_GCM_SHA256 group=X25519MLKEM768"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	hrr := &ServerHello{LegacyVersion: VersionTLS12, Random: HelloRetryRequestRandom, CipherSuite: 0x1302, ExtensionsPresent: true,
		Extensions: Extensions{shExt(ExtensionSupportedVersions, 3, 4), shExt(ExtensionKeyShare, 0, 23)}}
	if got, want := FormatMessage(hrr), "HelloRetryRequest TLS 1.3 TLS_AES_256_GCM_SHA384 group=secp256r1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if m := decodeJSON(t, "hrr", AppendMessageJSON(nil, hrr)); m["hello_retry_request"] != true {
		t.Errorf("HRR not marked: %v", m)
	}
	tls12 := &ServerHello{LegacyVersion: VersionTLS12, Random: make([]byte, 32), CipherSuite: 0xc02f, ExtensionsPresent: true,
		Extensions: Extensions{shExt(ExtensionALPN, 0, 3, 2, 'h', '2'), shExt(ExtensionExtendedMasterSecret)}}
	if got, want := FormatMessage(tls12), "ServerHello TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 alpn=h2 exts=2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	cert := &Certificate{TLS13: true, Entries: []CertificateEntry{{CertData: make([]byte, 812)}, {CertData: make([]byte, 900)}}}
	if got, want := FormatMessage(cert), "Certificate TLS 1.3 certs=2 first=812B"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := FormatMessage(&UnknownMessage{HandshakeType: 99, Body: []byte{1}}), "Handshake(99) body=1B"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, r := range renderedMessages(t) {
		if r.summary == "" || strings.ContainsAny(r.summary, "\n\r") || strings.Contains(r.summary, "Handshake(") {
			t.Errorf("%s: summary %q", r.scenario, r.summary)
		}
	}
}

// TestJSONDocExamples prints the examples of docs/json.md from real
// handshakes when TLSWIRE_JSON_EXAMPLES is set (go test -run
// TestJSONDocExamples -v ./wire); otherwise it only checks they render.
// The printed form keeps member order, puts arrays of scalars on one line
// and shortens hex strings of more than 64 digits (docs only: the
// renderer never shortens anything).
func TestJSONDocExamples(t *testing.T) {
	show := os.Getenv("TLSWIRE_JSON_EXAMPLES") != ""
	done := map[string]bool{}
	for _, r := range renderedMessages(t) {
		key := r.scenario + "/" + HandshakeType(r.raw[0]).String()
		if done[key] || (r.scenario != "tls13-alpn-rsa" && r.scenario != "tls13-hrr" && r.scenario != "tls12-ecdhe-rsa-alpn") {
			continue
		}
		done[key] = true
		var out strings.Builder
		d := json.NewDecoder(bytes.NewReader(r.json))
		d.UseNumber()
		if err := docPrint(&out, d, ""); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if show {
			t.Logf("%s: %s\n%s", key, r.summary, out.String())
		}
	}
	if len(done) < 5 {
		t.Errorf("only %d examples", len(done))
	}
}

// docPrint pretty-prints the next JSON value of d for the documentation.
func docPrint(w *strings.Builder, d *json.Decoder, indent string) error {
	tok, err := d.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			w.WriteString("{")
			for n := 0; d.More(); n++ {
				key, err := d.Token()
				if err != nil {
					return err
				}
				if n > 0 {
					w.WriteString(",")
				}
				k, _ := json.Marshal(key)
				fmt.Fprintf(w, "\n%s  %s: ", indent, k)
				if err := docPrint(w, d, indent+"  "); err != nil {
					return err
				}
			}
			_, err := d.Token()
			fmt.Fprintf(w, "\n%s}", indent)
			return err
		}
		// An array: scalars on one line, anything else one per line.
		var elems []json.RawMessage
		for d.More() {
			var e json.RawMessage
			if err := d.Decode(&e); err != nil {
				return err
			}
			elems = append(elems, e)
		}
		if _, err := d.Token(); err != nil {
			return err
		}
		scalar := true
		for _, e := range elems {
			if e[0] == '{' || e[0] == '[' {
				scalar = false
			}
		}
		w.WriteString("[")
		for i, e := range elems {
			if i > 0 {
				w.WriteString(",")
				if scalar {
					w.WriteString(" ")
				}
			}
			if !scalar {
				fmt.Fprintf(w, "\n%s  ", indent)
			}
			sub := json.NewDecoder(bytes.NewReader(e))
			sub.UseNumber()
			if err := docPrint(w, sub, indent+"  "); err != nil {
				return err
			}
		}
		if !scalar && len(elems) > 0 {
			fmt.Fprintf(w, "\n%s", indent)
		}
		w.WriteString("]")
	case string:
		if len(v) > 64 && strings.Trim(v, hexDigits) == "" {
			v = fmt.Sprintf("%s…(%d bytes)", v[:32], len(v)/2)
		}
		b, _ := json.Marshal(v)
		w.Write(b)
	default:
		b, _ := json.Marshal(v)
		w.Write(b)
	}
	return nil
}

// BenchmarkAppendMessageJSON renders a real TLS 1.3 ClientHello (with its
// X25519MLKEM768 key share) into a reused buffer.
func BenchmarkAppendMessageJSON(b *testing.B) {
	ch := realClientHello(b)
	buf := AppendMessageJSON(nil, ch)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendMessageJSON(buf[:0], ch)
	}
}

// BenchmarkAppendMessageSummary renders the one-line form of the same hello.
func BenchmarkAppendMessageSummary(b *testing.B) {
	ch := realClientHello(b)
	buf := AppendMessageSummary(nil, ch)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendMessageSummary(buf[:0], ch)
	}
}
