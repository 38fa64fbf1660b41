package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"reflect"
	"strconv"
	"testing"
)

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

func msgs1Cases() []msgCase {
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
		{name: "CertificateURL", msg: &CertificateURL{ChainType: IndividualCerts, URLAndHashList: []URLAndHash{
			{URL: url1, Padding: 1, Hash: hash1}, {URL: url2, Padding: 1, Hash: hash2}}},
			body: cat([]byte{0}, u16b(uint16(2*(2+1+20)+len(url1)+len(url2))),
				u16b(uint16(len(url1))), url1, []byte{1}, hash1, u16b(uint16(len(url2))), url2, []byte{1}, hash2)},
		{name: "CertificateURL/pkipath-odd-padding", msg: &CertificateURL{ChainType: PkiPath, URLAndHashList: []URLAndHash{
			{URL: []byte{'x'}, Padding: 0, Hash: hash1}}},
			body: cat([]byte{1}, u16b(24), u16b(1), []byte{'x', 0}, hash1)},
		{name: "CertificateStatus/ocsp", msg: &CertificateStatus{StatusType: StatusTypeOCSP, OCSPResponse: ocsp1},
			body: cat([]byte{1}, u24b(30), ocsp1)},
		{name: "CertificateStatus/ocsp_multi", msg: &CertificateStatus{StatusType: StatusTypeOCSPMulti,
			OCSPResponseList: [][]byte{ocsp1, {}, ocsp2}},
			body: cat([]byte{2}, u24b(3+30+3+3+5), u24b(30), ocsp1, u24b(0), u24b(5), ocsp2)},
		{name: "CertificateStatus/unknown", msg: &CertificateStatus{StatusType: 9, Response: []byte{1, 2, 3}},
			body: []byte{9, 1, 2, 3}, raw: true},
		{name: "CertificateStatus/unknown-empty", msg: &CertificateStatus{StatusType: 0, Response: []byte{}},
			body: []byte{0}, raw: true},
		{name: "SupplementalData", msg: &SupplementalData{Entries: []SupplementalDataEntry{
			{DataType: 0, Data: seq(6, 1)}, {DataType: 0x1234, Data: []byte{}}}},
			body: cat(u24b(4+6+4), u16b(0), u16b(6), seq(6, 1), u16b(0x1234), u16b(0))},
		{name: "KeyUpdate/not-requested", msg: &KeyUpdate{RequestUpdate: UpdateNotRequested}, body: []byte{0}},
		{name: "KeyUpdate/requested", msg: &KeyUpdate{RequestUpdate: UpdateRequested}, body: []byte{1}},
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

// TestMsgs1RoundTrip checks every constructed value against its expected
// encoding, decodes it back into a value from NewMessage, re-encodes, and
// checks reuse and allocations.
func TestMsgs1RoundTrip(t *testing.T) {
	for _, c := range msgs1Cases() {
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

// TestMsgs1Allocs checks that decoding into a used value and appending into
// a buffer with room allocate nothing.
func TestMsgs1Allocs(t *testing.T) {
	for _, c := range msgs1Cases() {
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

// TestMsgs1Truncated feeds every truncation of every encoding: cut
// messages (the header then disagrees with the data) and, for structured
// bodies, cut bodies under a header that matches. Each must fail with a
// located *Error and never panic. Bodies with a byte appended must fail
// with ErrTrailingData.
func TestMsgs1Truncated(t *testing.T) {
	for _, c := range msgs1Cases() {
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
