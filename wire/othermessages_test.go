package wire

import (
	"bytes"
	"compress/zlib"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// The handshake messages other than the hellos and the certificate and key
// exchange messages (certkeyexchange_test.go): constructed values of every
// form, truncations, errors, allocations, and recorded and generated
// traffic. The helpers at the top are shared by the package's tests.

// fullMessage is what every message type offers besides Message.
type fullMessage interface {
	Message
	Append([]byte) ([]byte, error)
	Len() int
}

// unmarshalFull decodes msg with the type's own Unmarshal method (which
// takes a Context only for the context-dependent messages).
func unmarshalFull(tb testing.TB, m Message, msg []byte, ctx Context) error {
	switch u := m.(type) {
	case interface{ Unmarshal([]byte) error }:
		return u.Unmarshal(msg)
	case interface {
		Unmarshal([]byte, Context) error
	}:
		return u.Unmarshal(msg, ctx)
	}
	tb.Fatalf("%T has no Unmarshal method", m)
	return nil
}

// cat concatenates byte slices (expected encodings in tests).
func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// seq returns n bytes start, start+1, ... (test data that shows misplaced bytes).
func seq(n int, start byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

func u16b(v uint16) []byte { return []byte{byte(v >> 8), byte(v)} }
func u24b(v int) []byte    { return []byte{byte(v >> 16), byte(v >> 8), byte(v)} }
func u32b(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }

// withHeader prefixes body with a handshake header of type t.
func withHeader(t HandshakeType, body []byte) []byte {
	return cat([]byte{byte(t)}, u24b(len(body)), body)
}

// checkParseError fails unless err is an *Error whose cause is one of
// causes and whose offset lies within the input of length n.
func checkParseError(tb testing.TB, what string, err error, n int, causes ...error) {
	tb.Helper()
	var e *Error
	if !errors.As(err, &e) {
		tb.Fatalf("%s: error %v (%T), want *Error", what, err, err)
	}
	if e.Message == "" || e.Field == "" || e.Offset < 0 || e.Offset > n {
		tb.Fatalf("%s: badly located error %q (offset %d, input %d bytes)", what, err, e.Offset, n)
	}
	for _, c := range causes {
		if errors.Is(err, c) {
			return
		}
	}
	tb.Fatalf("%s: error %q has an unexpected cause", what, err)
}

// msgCase is a constructed message and its expected body encoding.
type msgCase struct {
	name string
	ctx  Context
	msg  fullMessage
	body []byte
	// raw marks bodies kept whole (Finished, MessageHash, an unknown
	// CertificateStatus): any prefix or extension of them is valid too.
	raw bool
}

func tls13Ctx() Context { return Context{Version: VersionTLS13} }

func otherMessageCases() []msgCase {
	cookie := seq(20, 0xc0)
	ticket := seq(40, 0x10)
	url1, url2 := []byte("http://example.test/leaf.der"), []byte("http://example.test/ca.der")
	hash1, hash2 := seq(20, 0x80), seq(20, 0xa0)
	ocsp1, ocsp2 := seq(30, 0x30), seq(5, 0x50)
	compressed := zlibBytes(seq(100, 0))
	return []msgCase{
		{name: "HelloRequest", msg: &HelloRequest{}, body: []byte{}},
		{name: "ServerHelloDone", msg: &ServerHelloDone{}, body: []byte{}},
		{name: "EndOfEarlyData", msg: &EndOfEarlyData{}, body: []byte{}},
		{name: "HelloVerifyRequest", msg: &HelloVerifyRequest{ServerVersion: VersionDTLS10, Cookie: cookie},
			body: cat(u16b(0xfeff), []byte{20}, cookie)},
		{name: "HelloVerifyRequest/empty-cookie", msg: &HelloVerifyRequest{ServerVersion: VersionDTLS12, Cookie: []byte{}},
			body: cat(u16b(0xfefd), []byte{0})},
		{name: "NewSessionTicket/tls12", ctx: Context{Version: VersionTLS12},
			msg:  &NewSessionTicket{Lifetime: 7200, Ticket: ticket},
			body: cat(u32b(7200), u16b(40), ticket)},
		{name: "NewSessionTicket/tls12-empty", ctx: Context{Version: VersionTLS10},
			msg:  &NewSessionTicket{Ticket: []byte{}},
			body: cat(u32b(0), u16b(0))},
		{name: "NewSessionTicket/tls13", ctx: tls13Ctx(),
			msg: &NewSessionTicket{TLS13: true, Lifetime: 604800, AgeAdd: 0xdeadbeef, Nonce: []byte{0, 1},
				Ticket: ticket, Extensions: Extensions{{Type: 42, Data: u32b(0x4000)}, {Type: 0x3a3a, Data: []byte{}}}},
			body: cat(u32b(604800), u32b(0xdeadbeef), []byte{2, 0, 1}, u16b(40), ticket,
				u16b(12), u16b(42), u16b(4), u32b(0x4000), u16b(0x3a3a), u16b(0))},
		{name: "NewSessionTicket/dtls13-minimal", ctx: Context{Version: VersionDTLS13},
			msg:  &NewSessionTicket{TLS13: true, Nonce: []byte{}, Ticket: []byte{7}},
			body: cat(u32b(0), u32b(0), []byte{0}, u16b(1), []byte{7}, u16b(0))},
		{name: "EncryptedExtensions/empty", msg: &EncryptedExtensions{}, body: u16b(0)},
		{name: "EncryptedExtensions", msg: &EncryptedExtensions{Extensions: Extensions{
			{Type: 0, Data: []byte{}}, {Type: 16, Data: []byte{0, 3, 2, 'h', '2'}}, {Type: 0xfafa, Data: []byte{1}}}},
			body: cat(u16b(4+9+5), u16b(0), u16b(0), u16b(16), u16b(5), []byte{0, 3, 2, 'h', '2'}, u16b(0xfafa), u16b(1), []byte{1})},
		{name: "RequestConnectionID", msg: &RequestConnectionID{NumCIDs: 5}, body: []byte{5}},
		{name: "NewConnectionID", msg: &NewConnectionID{CIDs: [][]byte{{1, 2, 3, 4}, {}, seq(255, 1)}, Usage: CIDSpare},
			body: cat(u16b(5+1+256), []byte{4, 1, 2, 3, 4}, []byte{0}, []byte{255}, seq(255, 1), []byte{1})},
		{name: "NewConnectionID/none", msg: &NewConnectionID{Usage: CIDImmediate}, body: cat(u16b(0), []byte{0})},
		{name: "NewConnectionID/unknown-usage", msg: &NewConnectionID{CIDs: [][]byte{{9}}, Usage: 7},
			body: cat(u16b(2), []byte{1, 9}, []byte{7})},
		{name: "Finished/tls12", msg: &Finished{VerifyData: seq(12, 1)}, body: seq(12, 1), raw: true},
		{name: "Finished/ssl3", msg: &Finished{VerifyData: seq(36, 1)}, body: seq(36, 1), raw: true},
		{name: "Finished/tls13-sha384", msg: &Finished{VerifyData: seq(48, 1)}, body: seq(48, 1), raw: true},
		{name: "Finished/empty", msg: &Finished{VerifyData: []byte{}}, body: []byte{}, raw: true},
		{name: "CertificateURL", msg: &CertificateURL{ChainType: CertChainIndividualCerts, URLAndHashList: []URLAndHash{
			{URL: url1, Padding: 1, Hash: hash1}, {URL: url2, Padding: 1, Hash: hash2}}},
			body: cat([]byte{0}, u16b(uint16(2*(2+1+20)+len(url1)+len(url2))),
				u16b(uint16(len(url1))), url1, []byte{1}, hash1, u16b(uint16(len(url2))), url2, []byte{1}, hash2)},
		{name: "CertificateURL/pkipath-odd-padding", msg: &CertificateURL{ChainType: CertChainPKIPath, URLAndHashList: []URLAndHash{
			{URL: []byte{'x'}, Padding: 0, Hash: hash1}}},
			body: cat([]byte{1}, u16b(24), u16b(1), []byte{'x', 0}, hash1)},
		{name: "CertificateStatus/ocsp", msg: &CertificateStatus{StatusType: CertStatusOCSP, OCSPResponse: ocsp1},
			body: cat([]byte{1}, u24b(30), ocsp1)},
		{name: "CertificateStatus/ocsp_multi", msg: &CertificateStatus{StatusType: CertStatusOCSPMulti,
			OCSPResponseList: [][]byte{ocsp1, {}, ocsp2}},
			body: cat([]byte{2}, u24b(3+30+3+3+5), u24b(30), ocsp1, u24b(0), u24b(5), ocsp2)},
		{name: "CertificateStatus/unknown", msg: &CertificateStatus{StatusType: 9, Response: []byte{1, 2, 3}},
			body: []byte{9, 1, 2, 3}, raw: true},
		{name: "CertificateStatus/unknown-empty", msg: &CertificateStatus{StatusType: 0, Response: []byte{}},
			body: []byte{0}, raw: true},
		{name: "SupplementalData", msg: &SupplementalData{Entries: []SupplementalDataEntry{
			{DataType: 0, Data: seq(6, 1)}, {DataType: 0x1234, Data: []byte{}}}},
			body: cat(u24b(4+6+4), u16b(0), u16b(6), seq(6, 1), u16b(0x1234), u16b(0))},
		{name: "KeyUpdate/not-requested", msg: &KeyUpdate{RequestUpdate: KeyUpdateNotRequested}, body: []byte{0}},
		{name: "KeyUpdate/requested", msg: &KeyUpdate{RequestUpdate: KeyUpdateRequested}, body: []byte{1}},
		{name: "KeyUpdate/invalid", msg: &KeyUpdate{RequestUpdate: 0xff}, body: []byte{0xff}},
		{name: "CompressedCertificate/zlib", msg: &CompressedCertificate{Algorithm: CertCompressionZlib,
			UncompressedLength: 100, CompressedCertificateMessage: compressed},
			body: cat(u16b(1), u24b(100), u24b(len(compressed)), compressed)},
		{name: "CompressedCertificate/zstd", msg: &CompressedCertificate{Algorithm: CertCompressionZstd,
			UncompressedLength: 1<<24 - 1, CompressedCertificateMessage: []byte{0x28, 0xb5}},
			body: cat(u16b(3), u24b(1<<24-1), u24b(2), []byte{0x28, 0xb5})},
		{name: "EKTKey", msg: &EKTKey{EKTKeyValue: seq(16, 1), SRTPMasterSalt: seq(14, 0x41), EKTSPI: 0x1234, EKTTTL: 0xabcdef},
			body: cat(u16b(16), seq(16, 1), u16b(14), seq(14, 0x41), u16b(0x1234), u24b(0xabcdef))},
		{name: "EKTKey/max", msg: &EKTKey{EKTKeyValue: seq(256, 0), SRTPMasterSalt: []byte{1}, EKTTTL: 1<<24 - 1},
			body: cat(u16b(256), seq(256, 0), u16b(1), []byte{1}, u16b(0), u24b(1<<24-1))},
		{name: "MessageHash", msg: &MessageHash{Hash: seq(32, 1)}, body: seq(32, 1), raw: true},
		{name: "NextProtocol", msg: &NextProtocol{SelectedProtocol: []byte("h2"), Padding: make([]byte, 28)},
			body: cat([]byte{2, 'h', '2', 28}, make([]byte, 28))},
		{name: "NextProtocol/unpadded", msg: &NextProtocol{SelectedProtocol: []byte{}, Padding: []byte{}},
			body: []byte{0, 0}},
	}
}

// zlibBytes compresses b with zlib (RFC 1950).
func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// TestOtherMessagesRoundTrip checks every constructed value against its expected
// encoding, decodes it back into a value from NewMessage, re-encodes, and
// checks reuse and allocations.
func TestOtherMessagesRoundTrip(t *testing.T) {
	for _, c := range otherMessageCases() {
		t.Run(c.name, func(t *testing.T) {
			want := withHeader(c.msg.Type(), c.body)
			enc, err := c.msg.Append(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, want) {
				t.Fatalf("Append:\n got %x\nwant %x", enc, want)
			}
			if c.msg.Len() != len(enc) || c.msg.BodyLen() != len(c.body) {
				t.Fatalf("Len %d BodyLen %d, encoding %d bytes", c.msg.Len(), c.msg.BodyLen(), len(enc))
			}
			got := NewMessage(c.msg.Type())
			if reflect.TypeOf(got) != reflect.TypeOf(c.msg) {
				t.Fatalf("NewMessage(%v) is %T", c.msg.Type(), got)
			}
			if err := unmarshalFull(t, got, enc, c.ctx); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.msg) {
				t.Fatalf("decoded\n%#v\nwant\n%#v", got, c.msg)
			}
			re, err := got.(fullMessage).Append(nil)
			if err != nil || !bytes.Equal(re, enc) {
				t.Fatalf("re-encoded %x (%v), want %x", re, err, enc)
			}
			// Decoding the same bytes again into the used value gives the same value.
			if err := unmarshalFull(t, got, enc, c.ctx); err != nil || !reflect.DeepEqual(got, c.msg) {
				t.Fatalf("reused decode: %v\n%#v", err, got)
			}
			// The generic entry points agree.
			g2 := NewMessage(c.msg.Type())
			if err := UnmarshalMessage(g2, enc, c.ctx); err != nil || !reflect.DeepEqual(g2, c.msg) {
				t.Fatalf("UnmarshalMessage: %v", err)
			}
			if b2, err := AppendMessage(nil, c.msg); err != nil || !bytes.Equal(b2, enc) {
				t.Fatalf("AppendMessage: %x %v", b2, err)
			}
			if MessageLen(c.msg) != len(enc) {
				t.Fatalf("MessageLen %d", MessageLen(c.msg))
			}
			// Body-level entry points.
			g3 := NewMessage(c.msg.Type())
			if err := g3.UnmarshalBody(enc[4:], c.ctx); err != nil || !reflect.DeepEqual(g3, c.msg) {
				t.Fatalf("UnmarshalBody: %v", err)
			}
			if b3, err := c.msg.AppendBody([]byte{0xee}); err != nil || !bytes.Equal(b3, cat([]byte{0xee}, c.body)) {
				t.Fatalf("AppendBody: %x %v", b3, err)
			}
		})
	}
}

// TestOtherMessagesAllocs checks that decoding into a used value and appending into
// a buffer with room allocate nothing.
func TestOtherMessagesAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	for _, c := range otherMessageCases() {
		t.Run(c.name, func(t *testing.T) {
			enc, err := c.msg.Append(nil)
			if err != nil {
				t.Fatal(err)
			}
			m := NewMessage(c.msg.Type())
			if err := unmarshalFull(t, m, enc, c.ctx); err != nil {
				t.Fatal(err)
			}
			if n := testing.AllocsPerRun(100, func() {
				if err := unmarshalFull(t, m, enc, c.ctx); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("Unmarshal into a used value: %v allocations", n)
			}
			buf := make([]byte, 0, c.msg.Len())
			if n := testing.AllocsPerRun(100, func() {
				if _, err := c.msg.Append(buf[:0]); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("Append with capacity: %v allocations", n)
			}
		})
	}
}

// TestOtherMessagesTruncated feeds every truncation of every encoding: cut
// messages (the header then disagrees with the data) and, for structured
// bodies, cut bodies under a header that matches. Each must fail with a
// located *Error and never panic. Bodies with a byte appended must fail
// with ErrTrailingData.
func TestOtherMessagesTruncated(t *testing.T) {
	for _, c := range otherMessageCases() {
		t.Run(c.name, func(t *testing.T) {
			enc, err := c.msg.Append(nil)
			if err != nil {
				t.Fatal(err)
			}
			m := NewMessage(c.msg.Type())
			for i := range len(enc) {
				in := bytes.Clone(enc[:i])
				err := unmarshalFull(t, m, in, c.ctx)
				checkParseError(t, "message cut at "+strconv.Itoa(i), err, len(in), ErrTruncated, ErrLength)
			}
			if c.raw {
				return
			}
			body := enc[4:]
			for i := range len(body) {
				in := withHeader(c.msg.Type(), bytes.Clone(body[:i]))
				err := unmarshalFull(t, m, in, c.ctx)
				checkParseError(t, "body cut at "+strconv.Itoa(i), err, len(in), ErrTruncated, ErrLength, ErrVectorTooShort)
			}
			in := withHeader(c.msg.Type(), cat(body, []byte{0}))
			err = unmarshalFull(t, m, in, c.ctx)
			checkParseError(t, "trailing byte", err, len(in), ErrTrailingData)
			var e *Error
			if errors.As(err, &e); e.Offset != len(in)-1 {
				t.Errorf("trailing byte reported at offset %d, want %d", e.Offset, len(in)-1)
			}
		})
	}
}

// TestOtherMessagesEmptyBodies checks that the empty-body messages reject any body
// byte as trailing data, located at the first body byte.
func TestOtherMessagesEmptyBodies(t *testing.T) {
	for _, m := range []fullMessage{&HelloRequest{}, &ServerHelloDone{}, &EndOfEarlyData{}} {
		in := withHeader(m.Type(), []byte{0})
		err := unmarshalFull(t, m, in, Context{})
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrTrailingData) || e.Offset != 4 {
			t.Errorf("%T with a 1-byte body: %v", m, err)
		}
		// A header of another type is refused.
		if err := unmarshalFull(t, m, []byte{byte(TypeFinished), 0, 0, 0}, Context{}); !errors.Is(err, ErrValue) {
			t.Errorf("%T with msg_type finished: %v", m, err)
		}
	}
}

// TestOtherMessagesNewSessionTicketForms checks that the context chooses the form
// and that the TLS 1.3 rules are applied.
func TestOtherMessagesNewSessionTicketForms(t *testing.T) {
	tls12Body := cat(u32b(300), u16b(3), []byte{1, 2, 3})
	tls13Body := cat(u32b(300), u32b(5), []byte{1, 9}, u16b(3), []byte{1, 2, 3}, u16b(0))
	var m NewSessionTicket
	for _, v := range []uint16{0, VersionSSL30, VersionTLS10, VersionTLS11, VersionTLS12, VersionDTLS12} {
		if err := m.Unmarshal(withHeader(TypeNewSessionTicket, tls12Body), Context{Version: v}); err != nil || m.TLS13 {
			t.Fatalf("version %#x: %v (TLS13=%v)", v, err, m.TLS13)
		}
	}
	for _, v := range []uint16{VersionTLS13, VersionDTLS13, 0x7f17} {
		if err := m.Unmarshal(withHeader(TypeNewSessionTicket, tls13Body), Context{Version: v}); err != nil || !m.TLS13 {
			t.Fatalf("version %#x: %v (TLS13=%v)", v, err, m.TLS13)
		}
	}
	// Reusing a TLS 1.3 value for a TLS 1.2 ticket clears the 1.3 fields.
	if err := m.Unmarshal(withHeader(TypeNewSessionTicket, tls12Body), Context{Version: VersionTLS12}); err != nil {
		t.Fatal(err)
	}
	if m.AgeAdd != 0 || m.Nonce != nil || len(m.Extensions) != 0 || m.TLS13 {
		t.Fatalf("TLS 1.3 fields left over: %+v", m)
	}
	// Each body under the other context is malformed.
	err := m.Unmarshal(withHeader(TypeNewSessionTicket, tls13Body), Context{Version: VersionTLS12})
	checkParseError(t, "TLS 1.3 body as TLS 1.2", err, 4+len(tls13Body), ErrLength, ErrTrailingData)
	err = m.Unmarshal(withHeader(TypeNewSessionTicket, tls12Body), tls13Ctx())
	checkParseError(t, "TLS 1.2 body as TLS 1.3", err, 4+len(tls12Body), ErrTruncated, ErrLength)
	// TLS 1.3 requires a non-empty ticket.
	in := withHeader(TypeNewSessionTicket, cat(u32b(1), u32b(2), []byte{0}, u16b(0), u16b(0)))
	err = m.Unmarshal(in, tls13Ctx())
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrVectorTooShort) || e.Field != "ticket" || e.Offset != 4+9 {
		t.Fatalf("empty TLS 1.3 ticket: %v", err)
	}
	// The TLS 1.2 form cannot carry TLS 1.3 fields.
	for _, bad := range []NewSessionTicket{{AgeAdd: 1}, {Nonce: []byte{1}}, {Extensions: Extensions{{Type: 42}}}} {
		if b, err := bad.Append([]byte{0xaa}); !errors.Is(err, ErrValue) || !bytes.Equal(b, []byte{0xaa}) {
			t.Errorf("%+v as TLS 1.2: %x %v", bad, b, err)
		}
	}
}

// TestOtherMessagesErrorLocations checks the field and offset of some errors.
func TestOtherMessagesErrorLocations(t *testing.T) {
	hash := seq(20, 0)
	tests := []struct {
		name   string
		m      fullMessage
		ctx    Context
		body   []byte
		field  string
		offset int // within the body
		cause  error
	}{
		{"url empty", &CertificateURL{}, Context{}, cat([]byte{0}, u16b(23), u16b(0), []byte{1}, hash),
			"url", 3, ErrVectorTooShort},
		{"url list empty", &CertificateURL{}, Context{}, cat([]byte{0}, u16b(0)),
			"url_and_hash_list", 1, ErrVectorTooShort},
		{"hash short", &CertificateURL{}, Context{}, cat([]byte{0}, u16b(22), u16b(1), []byte{'u', 1}, hash[:18]),
			"SHA1Hash", 7, ErrTruncated},
		{"cid overruns list", &NewConnectionID{}, Context{}, cat(u16b(2), []byte{5, 1}, []byte{0}),
			"cids", 2, ErrLength},
		{"usage missing", &NewConnectionID{}, Context{}, cat(u16b(2), []byte{1, 1}),
			"usage", 4, ErrTruncated},
		{"ocsp empty", &CertificateStatus{}, Context{}, cat([]byte{1}, u24b(0)),
			"ocsp_response", 1, ErrVectorTooShort},
		{"ocsp_multi empty", &CertificateStatus{}, Context{}, cat([]byte{2}, u24b(0)),
			"ocsp_response_list", 1, ErrVectorTooShort},
		{"ocsp_multi entry overruns", &CertificateStatus{}, Context{}, cat([]byte{2}, u24b(4), u24b(2), []byte{1}),
			"OCSPResponse", 4, ErrLength},
		{"supp_data empty", &SupplementalData{}, Context{}, u24b(0),
			"supp_data", 0, ErrVectorTooShort},
		{"supp_data_length overruns", &SupplementalData{}, Context{}, cat(u24b(5), u16b(1), u16b(2), []byte{0}),
			"supp_data_length", 5, ErrLength},
		{"compressed empty", &CompressedCertificate{}, Context{}, cat(u16b(1), u24b(10), u24b(0)),
			"compressed_certificate_message", 5, ErrVectorTooShort},
		{"ekt salt empty", &EKTKey{}, Context{}, cat(u16b(1), []byte{1}, u16b(0), u16b(0), u24b(0)),
			"srtp_master_salt", 3, ErrVectorTooShort},
		{"ekt ttl short", &EKTKey{}, Context{}, cat(u16b(1), []byte{1}, u16b(1), []byte{1}, u16b(0), u16b(0)),
			"ekt_ttl", 8, ErrTruncated},
		{"padding missing", &NextProtocol{}, Context{}, []byte{1, 'x'},
			"padding", 2, ErrTruncated},
		{"cookie overruns", &HelloVerifyRequest{}, Context{}, cat(u16b(0xfeff), []byte{3, 1}),
			"cookie", 2, ErrLength},
		{"extension overruns", &EncryptedExtensions{}, Context{}, cat(u16b(4), u16b(16), u16b(1)),
			"extension_data", 4, ErrLength},
		{"key update empty", &KeyUpdate{}, Context{}, []byte{},
			"request_update", 0, ErrTruncated},
		{"num_cids trailing", &RequestConnectionID{}, Context{}, []byte{1, 2},
			"num_cids", 1, ErrTrailingData},
	}
	for _, tc := range tests {
		err := unmarshalFull(t, tc.m, withHeader(tc.m.Type(), tc.body), tc.ctx)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, tc.cause) || e.Field != tc.field || e.Offset != 4+tc.offset {
			t.Errorf("%s: got %v, want %s at offset %d: %v", tc.name, err, tc.field, 4+tc.offset, tc.cause)
		}
		// The body decoder reports the same error relative to the body.
		err = NewMessage(tc.m.Type()).UnmarshalBody(tc.body, tc.ctx)
		if !errors.As(err, &e) || e.Offset != tc.offset {
			t.Errorf("%s: UnmarshalBody: %v", tc.name, err)
		}
	}
}

// TestOtherMessagesAppendErrors checks values that cannot be encoded: the error
// names the field and the buffer is returned unextended.
func TestOtherMessagesAppendErrors(t *testing.T) {
	tests := []struct {
		name  string
		m     fullMessage
		field string
		cause error
	}{
		{"cookie 256", &HelloVerifyRequest{Cookie: make([]byte, 256)}, "cookie", ErrTooLarge},
		{"cid 256", &NewConnectionID{CIDs: [][]byte{make([]byte, 256)}}, "cids", ErrTooLarge},
		{"hash 19", &CertificateURL{URLAndHashList: []URLAndHash{{URL: []byte{'u'}, Padding: 1, Hash: make([]byte, 19)}}},
			"SHA1Hash", ErrLength},
		{"protocol 256", &NextProtocol{SelectedProtocol: make([]byte, 256)}, "selected_protocol", ErrTooLarge},
		{"nonce 256", &NewSessionTicket{TLS13: true, Nonce: make([]byte, 256), Ticket: []byte{1}}, "ticket_nonce", ErrTooLarge},
		{"ttl 2^24", &EKTKey{EKTKeyValue: []byte{1}, SRTPMasterSalt: []byte{1}, EKTTTL: 1 << 24}, "ekt_ttl", ErrTooLarge},
		{"uncompressed_length 2^24", &CompressedCertificate{UncompressedLength: 1 << 24, CompressedCertificateMessage: []byte{1}},
			"uncompressed_length", ErrTooLarge},
		{"ocsp with list", &CertificateStatus{StatusType: CertStatusOCSP, OCSPResponse: []byte{1}, OCSPResponseList: [][]byte{{1}}},
			"status_type", ErrValue},
		{"ocsp_multi with response", &CertificateStatus{StatusType: CertStatusOCSPMulti, OCSPResponse: []byte{1}},
			"status_type", ErrValue},
		{"unknown status with response", &CertificateStatus{StatusType: 7, OCSPResponse: []byte{1}},
			"status_type", ErrValue},
	}
	for _, tc := range tests {
		orig := []byte{0xaa, 0xbb}
		b, err := tc.m.Append(orig)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, tc.cause) || e.Field != tc.field || e.Offset != -1 {
			t.Errorf("%s: got %v, want %s: %v", tc.name, err, tc.field, tc.cause)
		}
		if !bytes.Equal(b, orig) {
			t.Errorf("%s: buffer extended to %x", tc.name, b)
		}
	}
}

// TestOtherMessagesValidate checks the semantic rules kept out of Unmarshal.
func TestOtherMessagesValidate(t *testing.T) {
	type validator interface{ Validate() error }
	hash := seq(20, 0)
	good := []validator{
		&NewSessionTicket{Lifetime: 1 << 31, Ticket: []byte{}},
		&NewSessionTicket{TLS13: true, Lifetime: 604800, Ticket: []byte{1}},
		&NewConnectionID{Usage: CIDImmediate},
		&NewConnectionID{Usage: CIDSpare},
		&CertificateURL{ChainType: CertChainIndividualCerts, URLAndHashList: []URLAndHash{{URL: []byte{'a'}, Padding: 1, Hash: hash}, {URL: []byte{'b'}, Padding: 1, Hash: hash}}},
		&CertificateURL{ChainType: CertChainPKIPath, URLAndHashList: []URLAndHash{{URL: []byte{'a'}, Padding: 1, Hash: hash}}},
		&CertificateStatus{StatusType: CertStatusOCSP, OCSPResponse: []byte{1}},
		&CertificateStatus{StatusType: CertStatusOCSPMulti, OCSPResponseList: [][]byte{{}}},
		&SupplementalData{Entries: []SupplementalDataEntry{{}}},
		&KeyUpdate{RequestUpdate: KeyUpdateRequested},
		&EKTKey{EKTKeyValue: make([]byte, 256), SRTPMasterSalt: []byte{1}, EKTTTL: 1<<24 - 1},
		&NextProtocol{SelectedProtocol: []byte("http/1.1"), Padding: make([]byte, 22)},
		&NextProtocol{SelectedProtocol: make([]byte, 30), Padding: make([]byte, 32)},
	}
	for _, v := range good {
		if err := v.Validate(); err != nil {
			t.Errorf("%+v: %v", v, err)
		}
	}
	bad := []struct {
		v     validator
		field string
		cause error
	}{
		{&NewSessionTicket{TLS13: true, Lifetime: 604801, Ticket: []byte{1}}, "ticket_lifetime", ErrValue},
		{&NewSessionTicket{TLS13: true}, "ticket", ErrVectorTooShort},
		{&NewSessionTicket{TLS13: true, Ticket: []byte{1}, Extensions: Extensions{{Data: make([]byte, 1<<16-5)}}}, "extensions", ErrTooLarge},
		{&NewConnectionID{Usage: 2}, "usage", ErrValue},
		{&CertificateURL{ChainType: 2, URLAndHashList: []URLAndHash{{URL: []byte{'a'}, Padding: 1, Hash: hash}}}, "type", ErrValue},
		{&CertificateURL{}, "url_and_hash_list", ErrVectorTooShort},
		{&CertificateURL{ChainType: CertChainPKIPath, URLAndHashList: []URLAndHash{{URL: []byte{'a'}, Padding: 1, Hash: hash}, {URL: []byte{'b'}, Padding: 1, Hash: hash}}}, "url_and_hash_list", ErrValue},
		{&CertificateURL{URLAndHashList: []URLAndHash{{Padding: 1, Hash: hash}}}, "url", ErrVectorTooShort},
		{&CertificateURL{URLAndHashList: []URLAndHash{{URL: []byte{'a'}, Hash: hash}}}, "padding", ErrValue},
		{&CertificateURL{URLAndHashList: []URLAndHash{{URL: []byte{'a'}, Padding: 1}}}, "SHA1Hash", ErrLength},
		{&CertificateStatus{StatusType: CertStatusOCSP}, "ocsp_response", ErrVectorTooShort},
		{&CertificateStatus{StatusType: CertStatusOCSPMulti}, "ocsp_response_list", ErrVectorTooShort},
		{&CertificateStatus{StatusType: 3}, "status_type", ErrValue},
		{&SupplementalData{}, "supp_data", ErrVectorTooShort},
		{&KeyUpdate{RequestUpdate: 2}, "request_update", ErrValue},
		{&EKTKey{SRTPMasterSalt: []byte{1}}, "ekt_key_value", ErrVectorTooShort},
		{&EKTKey{EKTKeyValue: make([]byte, 257), SRTPMasterSalt: []byte{1}}, "ekt_key_value", ErrTooLarge},
		{&EKTKey{EKTKeyValue: []byte{1}}, "srtp_master_salt", ErrVectorTooShort},
		{&EKTKey{EKTKeyValue: []byte{1}, SRTPMasterSalt: make([]byte, 257)}, "srtp_master_salt", ErrTooLarge},
		{&EKTKey{EKTKeyValue: []byte{1}, SRTPMasterSalt: []byte{1}, EKTTTL: 1 << 24}, "ekt_ttl", ErrTooLarge},
		{&NextProtocol{SelectedProtocol: []byte("h2"), Padding: make([]byte, 27)}, "padding", ErrLength},
		{&NextProtocol{SelectedProtocol: []byte("h2"), Padding: append(make([]byte, 27), 1)}, "padding", ErrValue},
	}
	for _, tc := range bad {
		err := tc.v.Validate()
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, tc.cause) || e.Field != tc.field {
			t.Errorf("%+v: got %v, want %s: %v", tc.v, err, tc.field, tc.cause)
		}
	}
}

// TestOtherMessagesFieldsDoNotClobber checks that appending to a decoded field
// copies instead of overwriting the input that follows it.
func TestOtherMessagesFieldsDoNotClobber(t *testing.T) {
	in := withHeader(TypeNextProtocol, cat([]byte{2, 'h', '2', 2}, []byte{0, 0}))
	orig := bytes.Clone(in)
	var m NextProtocol
	if err := m.Unmarshal(in); err != nil {
		t.Fatal(err)
	}
	_ = append(m.SelectedProtocol, 'X', 'X')
	var u CertificateURL
	in2 := withHeader(TypeCertificateURL, cat([]byte{0}, u16b(24), u16b(1), []byte{'u', 1}, seq(20, 0)))
	orig2 := bytes.Clone(in2)
	if err := u.Unmarshal(in2); err != nil {
		t.Fatal(err)
	}
	_ = append(u.URLAndHashList[0].URL, 'X')
	if !bytes.Equal(in, orig) || !bytes.Equal(in2, orig2) {
		t.Fatal("appending to a decoded field changed the input")
	}
}

// compressedCert builds a CompressedCertificate of plain with zlib.
func compressedCert(plain []byte) *CompressedCertificate {
	return &CompressedCertificate{Algorithm: CertCompressionZlib,
		UncompressedLength: uint32(len(plain)), CompressedCertificateMessage: zlibBytes(plain)}
}

func TestOtherMessagesDecompress(t *testing.T) {
	plain := cat(u24b(0), seq(200, 0), bytes.Repeat([]byte("certificate "), 500)) // 6203 bytes
	m := compressedCert(plain)
	prefix := []byte{0xaa}
	out, err := m.Decompress(prefix, len(plain))
	if err != nil || !bytes.Equal(out, cat(prefix, plain)) {
		t.Fatalf("Decompress: %v", err)
	}
	// Into a buffer with room: no reallocation of the output.
	buf := make([]byte, 0, len(plain))
	if out, err := m.Decompress(buf, 1<<20); err != nil || &out[0] != &buf[:1][0] || !bytes.Equal(out, plain) {
		t.Fatalf("Decompress into a buffer: %v", err)
	}

	fails := []struct {
		name  string
		m     *CompressedCertificate
		limit int
		field string
		cause error
	}{
		{"over limit", m, len(plain) - 1, "uncompressed_length", ErrTooLarge},
		{"length too small", &CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: uint32(len(plain) - 1),
			CompressedCertificateMessage: m.CompressedCertificateMessage}, 1 << 20, "uncompressed_length", ErrTooLarge},
		{"length too large", &CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: uint32(len(plain) + 1),
			CompressedCertificateMessage: m.CompressedCertificateMessage}, 1 << 20, "uncompressed_length", ErrLength},
		{"brotli", &CompressedCertificate{Algorithm: CertCompressionBrotli, UncompressedLength: 1, CompressedCertificateMessage: []byte{1}},
			1 << 20, "algorithm", ErrUnsupportedAlgorithm},
		{"zstd", &CompressedCertificate{Algorithm: CertCompressionZstd, UncompressedLength: 1, CompressedCertificateMessage: []byte{1}},
			1 << 20, "algorithm", ErrUnsupportedAlgorithm},
		{"unassigned", &CompressedCertificate{Algorithm: 0x1234, UncompressedLength: 1, CompressedCertificateMessage: []byte{1}},
			1 << 20, "algorithm", ErrUnsupportedAlgorithm},
		{"not zlib", &CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: 3, CompressedCertificateMessage: []byte{1, 2, 3}},
			1 << 20, "compressed_certificate_message", ErrDecompress},
		{"truncated stream", &CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: uint32(len(plain)),
			CompressedCertificateMessage: m.CompressedCertificateMessage[:len(m.CompressedCertificateMessage)-6]},
			1 << 20, "compressed_certificate_message", ErrDecompress},
		{"bad checksum", &CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: uint32(len(plain)),
			CompressedCertificateMessage: flipLast(m.CompressedCertificateMessage)},
			1 << 20, "compressed_certificate_message", ErrDecompress},
		{"trailing garbage", &CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: uint32(len(plain)),
			CompressedCertificateMessage: cat(m.CompressedCertificateMessage, []byte{0})},
			1 << 20, "compressed_certificate_message", ErrTrailingData},
	}
	for _, tc := range fails {
		out, err := tc.m.Decompress(prefix, tc.limit)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, tc.cause) || e.Field != tc.field {
			t.Errorf("%s: got %v, want %s: %v", tc.name, err, tc.field, tc.cause)
		}
		if !bytes.Equal(out, prefix) {
			t.Errorf("%s: dst extended on error", tc.name)
		}
	}
	var de *DecompressError
	_, err = fails[6].m.Decompress(nil, 100)
	if !errors.As(err, &de) || !errors.Is(err, zlib.ErrHeader) ||
		err.Error() != "tlswire: CompressedCertificate.compressed_certificate_message: decompression failed: zlib: invalid header" {
		t.Errorf("corrupt header: %v does not carry zlib.ErrHeader", err)
	}
}

// TestOtherMessagesDecompressBomb checks that neither a false uncompressed_length
// nor a highly compressible stream makes Decompress allocate more than the
// output it is allowed to produce.
func TestOtherMessagesDecompressBomb(t *testing.T) {
	bomb := zlibBytes(make([]byte, 64<<20)) // 64 MiB of zeros, about 64 KiB compressed
	measure := func(m *CompressedCertificate, limit int) (uint64, error) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := m.Decompress(nil, limit)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, err
	}
	// Claims 1000 bytes, inflates to 64 MiB.
	n, err := measure(&CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: 1000,
		CompressedCertificateMessage: bomb}, 1<<24)
	if !errors.Is(err, ErrTooLarge) || n > 1<<20 {
		t.Errorf("bomb with a small uncompressed_length: %v, %d bytes allocated", err, n)
	}
	// Claims the maximum, inflates to 10 bytes.
	n, err = measure(&CompressedCertificate{Algorithm: CertCompressionZlib, UncompressedLength: 1<<24 - 1,
		CompressedCertificateMessage: zlibBytes(seq(10, 0))}, 1<<24)
	if !errors.Is(err, ErrLength) || n > 1<<20 {
		t.Errorf("false maximal uncompressed_length: %v, %d bytes allocated", err, n)
	}
}

// flipLast returns a copy of b with its last byte inverted.
func flipLast(b []byte) []byte {
	c := bytes.Clone(b)
	c[len(c)-1] ^= 0xff
	return c
}

// otherMessageTypes are the handshake types this file tests.
var otherMessageTypes = []HandshakeType{TypeHelloRequest, TypeHelloVerifyRequest, TypeNewSessionTicket,
	TypeEndOfEarlyData, TypeEncryptedExtensions, TypeRequestConnectionID, TypeNewConnectionID,
	TypeServerHelloDone, TypeFinished, TypeCertificateURL, TypeCertificateStatus, TypeSupplementalData,
	TypeKeyUpdate, TypeCompressedCertificate, TypeEKTKey, TypeNextProtocol, TypeMessageHash}

func isOtherMessageType(t HandshakeType) bool {
	for _, x := range otherMessageTypes {
		if x == t {
			return true
		}
	}
	return false
}

// roundTripReal decodes a recorded message with the type NewMessage picks,
// re-encodes it and compares; it returns the decoded value.
func roundTripReal(t *testing.T, where string, msg []byte, ctx Context) Message {
	t.Helper()
	m := NewMessage(HandshakeType(msg[0]))
	if err := unmarshalFull(t, m, msg, ctx); err != nil {
		t.Fatalf("%s: %v: %v", where, HandshakeType(msg[0]), err)
	}
	out, err := m.(fullMessage).Append(nil)
	if err != nil || !bytes.Equal(out, msg) {
		t.Fatalf("%s: %v round trip differs (%v)\n got %x\nwant %x", where, HandshakeType(msg[0]), err, out, msg)
	}
	return m
}

// TestOtherMessagesRecorded round-trips the messages of these types found in the
// clear in the crypto/tls testdata recordings (crypto/tls against
// OpenSSL): TLS 1.2 and earlier NewSessionTicket, ServerHelloDone and
// CertificateStatus.
func TestOtherMessagesRecorded(t *testing.T) {
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	counts := map[HandshakeType]int{}
	for _, r := range recs {
		c2s, s2c := r.Streams()
		for _, msg := range append(plaintextMessages(t, c2s), plaintextMessages(t, s2c)...) {
			typ := HandshakeType(msg[0])
			if !isOtherMessageType(typ) {
				continue
			}
			// Only pre-TLS 1.3 messages are in the clear after the hellos.
			m := roundTripReal(t, r.Name, msg, Context{Version: VersionTLS12})
			if nst, ok := m.(*NewSessionTicket); ok && (nst.TLS13 || len(nst.Ticket) == 0) {
				t.Fatalf("%s: unexpected ticket %+v", r.Name, nst)
			}
			counts[typ]++
		}
	}
	t.Logf("%v", counts)
	for _, typ := range []HandshakeType{TypeNewSessionTicket, TypeServerHelloDone} {
		if counts[typ] == 0 {
			t.Errorf("no %v in the recordings", typ)
		}
	}
}

// TestOtherMessagesGenerated round-trips the plaintext messages of these types in
// fresh crypto/tls TLS 1.0-1.2 handshakes (tlsgen scenarios).
func TestOtherMessagesGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs handshakes")
	}
	scenarios, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[HandshakeType]int{}
	for _, s := range scenarios {
		if s.Client.MaxVersion == 0 || s.Client.MaxVersion > tls.VersionTLS12 {
			continue // TLS 1.3: encrypted; see TestOtherMessagesQUIC
		}
		conv, err := tlsgen.Run(s)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		c2s, s2c := conv.Streams()
		for _, msg := range append(plaintextMessages(t, c2s), plaintextMessages(t, s2c)...) {
			if isOtherMessageType(HandshakeType(msg[0])) {
				roundTripReal(t, s.Name, msg, Context{Version: conv.State.Version})
				counts[HandshakeType(msg[0])]++
			}
		}
	}
	t.Logf("%v", counts)
	for _, typ := range []HandshakeType{TypeNewSessionTicket, TypeServerHelloDone} {
		if counts[typ] == 0 {
			t.Errorf("no %v generated", typ)
		}
	}
}

// TestOtherMessagesQUIC round-trips crypto/tls's TLS 1.3 EncryptedExtensions,
// Finished and NewSessionTicket, taken in the clear from the QUIC API, and
// checks what they carry.
func TestOtherMessagesQUIC(t *testing.T) {
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	configs := []struct {
		name           string
		client, server *tls.Config
	}{
		{"default", nil, nil},
		// The client's default key shares do not include P-384: HelloRetryRequest.
		{"hrr", nil, &tls.Config{CurvePreferences: []tls.CurveID{tls.CurveP384}}},
		{"client-auth", &tls.Config{Certificates: []tls.Certificate{pki.Client}},
			&tls.Config{ClientAuth: tls.RequireAnyClientCert}},
	}
	ctx := tls13Ctx()
	for _, c := range configs {
		msgs := quicMessages(t, quicHandshake(t, c.client, c.server))
		seen := map[HandshakeType]int{}
		for _, qm := range msgs {
			typ := HandshakeType(qm.Msg[0])
			seen[typ]++
			if !isOtherMessageType(typ) {
				continue
			}
			switch m := roundTripReal(t, c.name, qm.Msg, ctx).(type) {
			case *EncryptedExtensions:
				if _, ok := m.Extensions.Find(16); !ok { // ALPN
					t.Errorf("%s: EncryptedExtensions without ALPN: %+v", c.name, m.Extensions)
				}
				if _, ok := m.Extensions.Find(57); !ok { // quic_transport_parameters
					t.Errorf("%s: EncryptedExtensions without transport parameters", c.name)
				}
			case *Finished:
				// crypto/tls picks AES-128-GCM or ChaCha20-Poly1305: SHA-256.
				if n := len(m.VerifyData); n != 32 {
					t.Errorf("%s: Finished of %d bytes", c.name, n)
				}
			case *NewSessionTicket:
				if !m.TLS13 || len(m.Ticket) == 0 || m.Lifetime == 0 || m.Lifetime > maxTicketLifetime {
					t.Errorf("%s: NewSessionTicket %+v", c.name, m)
				}
				if err := m.Validate(); err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
				// quicHandshake's ticket allows 0-RTT: early_data with
				// max_early_data_size 0xffffffff (RFC 9001 §4.6.1).
				if d, ok := m.Extensions.Find(42); !ok || !bytes.Equal(d, u32b(0xffffffff)) {
					t.Errorf("%s: NewSessionTicket extensions %+v", c.name, m.Extensions)
				}
			}
		}
		hellos := 1
		if c.name == "hrr" {
			hellos = 2
		}
		if seen[TypeClientHello] != hellos || seen[TypeEncryptedExtensions] != 1 ||
			seen[TypeFinished] != 2 || seen[TypeNewSessionTicket] != 1 {
			t.Errorf("%s: messages seen %v", c.name, seen)
		}
	}
}

// TestOtherMessagesMutations decodes random mutations of every test encoding (both
// NewSessionTicket forms for each): decoding must not panic, and whatever
// decodes must re-encode to exactly the input.
func TestOtherMessagesMutations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range otherMessageCases() {
		enc, err := c.msg.Append(nil)
		if err != nil {
			t.Fatal(err)
		}
		m := NewMessage(c.msg.Type())
		for range 2000 {
			in := bytes.Clone(enc)
			for range 1 + rng.IntN(3) {
				i := 1 + rng.IntN(len(in)-1) // keep msg_type
				switch rng.IntN(3) {
				case 0:
					in[i] = byte(rng.Uint32())
				case 1:
					in[i] ^= 1 << rng.IntN(8)
				default:
					in[i]++
				}
			}
			if body := len(in) - 4; rng.IntN(2) == 0 {
				// Usually keep the header length consistent, to reach the body.
				copy(in[1:4], u24b(body))
			}
			for _, ctx := range []Context{c.ctx, {Version: VersionTLS12}, tls13Ctx()} {
				if err := unmarshalFull(t, m, in, ctx); err != nil {
					checkParseError(t, c.name+" mutation", err, len(in),
						ErrTruncated, ErrLength, ErrVectorTooShort, ErrTrailingData, ErrValue)
					continue
				}
				out, err := m.(fullMessage).Append(nil)
				if err != nil || !bytes.Equal(out, in) {
					t.Fatalf("%s: %x decodes but re-encodes to %x (%v)", c.name, in, out, err)
				}
			}
		}
	}
}
