package wire

import (
	"bytes"
	"errors"
	"testing"
)

// TestExtTicketPinningClientForms checks the two readings of RFC 8672
// §2.1's "empty PinningTicket extension" in the ClientHello, which
// TestExtConstructed cannot check by truncation (a truncation to nothing
// is the omitted form).
func TestExtTicketPinningClientForms(t *testing.T) {
	var e TicketPinningExtension
	if err := e.Unmarshal(nil, InClientHello); err != nil || !e.TicketOmitted || e.Ticket != nil || e.Len() != 0 {
		t.Fatalf("empty body: %v %+v", err, e)
	}
	if err := e.Unmarshal([]byte{0, 0}, InClientHello); err != nil || e.TicketOmitted || e.Ticket == nil || len(e.Ticket) != 0 {
		t.Fatalf("empty ticket vector: %v %+v", err, e)
	}
	if out, err := e.Append(nil); err != nil || !bytes.Equal(out, []byte{0, 0}) {
		t.Fatalf("empty ticket vector Append: %x %v", out, err)
	}
	data := append([]byte{0, 3}, 7, 8, 9)
	for i := 1; i < len(data); i++ {
		var pe *Error
		if err := e.Unmarshal(data[:i], InClientHello); !errors.As(err, &pe) || pe.Field != "ticket" {
			t.Fatalf("truncation to %d: %v", i, err)
		}
	}
	if err := e.Unmarshal(append(data[:len(data):len(data)], 0), InClientHello); !errors.Is(err, ErrTrailingData) {
		t.Fatalf("trailing byte: %v", err)
	}
	bad := TicketPinningExtension{In: InClientHello, TicketOmitted: true, Ticket: []byte{1}}
	if out, err := bad.Append([]byte{5}); !errors.Is(err, ErrValue) || !bytes.Equal(out, []byte{5}) {
		t.Fatalf("omitted with a ticket: %x %v", out, err)
	}
	// The server form has no omitted reading: an empty body is truncated.
	if err := e.Unmarshal(nil, InEncryptedExtensions); !errors.Is(err, ErrTruncated) {
		t.Fatalf("empty server body: %v", err)
	}
}

func TestExtTLSFlags(t *testing.T) {
	e := TLSFlagsExtension{Flags: []byte{0x01, 0x80}}
	for n, want := range map[uint]bool{0: true, 1: false, 7: false, 8: false, 15: true, 16: false, 1000: false} {
		if e.Has(n) != want {
			t.Errorf("Has(%d) = %v", n, !want)
		}
	}
	if err := e.Unmarshal([]byte{0}, InClientHello); !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("empty flags: %v", err)
	}
	var pe *Error
	e.Flags = []byte{1, 0, 0}
	if err := e.Validate(); !errors.As(err, &pe) || pe.Offset != 3 || !errors.Is(err, ErrValue) {
		t.Fatalf("trailing zero byte: %v", err)
	}
	got := AppendExtensionJSON(nil, Extension{Type: ExtensionTLSFlags, Data: []byte{2, 0x05, 0x01}}, InEncryptedExtensions)
	want := `{"type":62,"name":"tls_flags","flags":"0501","set_flags":[0,2,8]}`
	if string(got) != want {
		t.Fatalf("JSON\n%s\nwant\n%s", got, want)
	}
}

// testESNIKeys is a draft-ietf-tls-esni-04 ESNIKeys (§4.1): version,
// public_name, one x25519 KeyShareEntry, one cipher suite, padded_length
// and no extensions, followed by a second one with two suites, as a
// retry_keys list holds them.
func testESNIKeys() []byte {
	one := func(suites ...byte) []byte {
		b := []byte{0xff, 0x03, 0, 11}
		b = append(b, "example.com"...)
		b = append(b, 0, 36, 0, 29, 0, 32)
		b = append(b, rep(0x25, 32)...)
		b = append(b, 0, byte(len(suites)))
		b = append(b, suites...)
		return append(b, 0, 0xa0, 0, 0)
	}
	return append(one(0x13, 0x01), one(0x13, 0x01, 0x13, 0x03)...)
}

// TestExtEncryptedServerNameServerForm checks how the EncryptedExtensions
// forms of drafts -01 to -03 (the nonce) and -04 to -06 (response_type
// first) are told apart, which TestExtConstructed cannot check by
// truncation: a later-form body cut to 16 bytes is an earlier-form one.
func TestExtEncryptedServerNameServerForm(t *testing.T) {
	var e EncryptedServerNameExtension
	accept := append([]byte{ESNIResponseAccept}, rep(0x4e, ESNINonceLen)...)
	if err := e.Unmarshal(accept, InEncryptedExtensions); err != nil || !e.HasResponseType ||
		e.ResponseType != ESNIResponseAccept || !bytes.Equal(e.Nonce, accept[1:]) || e.RetryKeys != nil {
		t.Fatalf("esni_accept: %v %+v", err, e)
	}
	keys := testESNIKeys()
	retry := append([]byte{ESNIResponseRetryRequest, 0, byte(len(keys))}, keys...)
	if err := e.Unmarshal(retry, InEncryptedExtensions); err != nil || !e.HasResponseType ||
		e.ResponseType != ESNIResponseRetryRequest || !bytes.Equal(e.RetryKeys, keys) || e.Nonce != nil {
		t.Fatalf("esni_retry_request: %v %+v", err, e)
	}
	for _, body := range [][]byte{accept, retry} {
		for i := range body {
			err := e.Unmarshal(body[:i], InEncryptedExtensions)
			if i == ESNINonceLen {
				if err != nil || e.HasResponseType || !bytes.Equal(e.Nonce, body[:i]) {
					t.Fatalf("%x cut to 16 bytes: %v %+v", body[0], err, e)
				}
				continue
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("%x cut to %d bytes: %v", body[0], i, err)
			}
		}
		if err := e.Unmarshal(append(body[:len(body):len(body)], 0), InEncryptedExtensions); !errors.Is(err, ErrTrailingData) {
			t.Fatalf("%x with a trailing byte: %v", body[0], err)
		}
	}
	var pe *Error
	if err := e.Unmarshal(append([]byte{2}, rep(0, 20)...), InEncryptedExtensions); !errors.As(err, &pe) ||
		!errors.Is(err, ErrValue) || pe.Field != "response_type" || pe.Offset != 0 {
		t.Fatalf("unknown response_type: %v", err)
	}
	if err := e.Unmarshal([]byte{ESNIResponseRetryRequest, 0, 0}, InEncryptedExtensions); !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("empty retry_keys: %v", err)
	}
	if err := e.Unmarshal(nil, InEncryptedExtensions); !errors.As(err, &pe) || pe.Field != "response_type" || !errors.Is(err, ErrTruncated) {
		t.Fatalf("empty body: %v", err)
	}
	for _, bad := range []struct {
		v    EncryptedServerNameExtension
		want error
	}{
		{EncryptedServerNameExtension{In: InEncryptedExtensions, Nonce: rep(1, ESNINonceLen-1)}, ErrLength},
		{EncryptedServerNameExtension{In: InEncryptedExtensions, HasResponseType: true, Nonce: rep(1, ESNINonceLen+1)}, ErrLength},
		{EncryptedServerNameExtension{In: InEncryptedExtensions, HasResponseType: true,
			ResponseType: ESNIResponseRetryRequest, RetryKeys: rep(1, ESNINonceLen-3)}, ErrLength},
		{EncryptedServerNameExtension{In: InEncryptedExtensions, HasResponseType: true, ResponseType: 2}, ErrValue},
	} {
		if out, err := bad.v.Append([]byte{5}); !errors.Is(err, bad.want) || !bytes.Equal(out, []byte{5}) {
			t.Errorf("Append %+v: %x %v", bad.v, out, err)
		}
	}
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{rep(0xab, ESNINonceLen), `{"type":65486,"name":"encrypted_server_name","nonce":"abababababababababababababababab"}`},
		{accept, `{"type":65486,"name":"encrypted_server_name","response_type":0,"response_type_name":"esni_accept","nonce":"4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e"}`},
		{[]byte{1, 0, 20, 0xff, 3, 0, 1, 'x', 0, 5, 0, 29, 0, 1, 9, 0, 2, 0x13, 1, 0, 0xa0, 0, 0},
			`{"type":65486,"name":"encrypted_server_name","response_type":1,"response_type_name":"esni_retry_request","retry_keys":"ff030001780005001d0001090002130100a00000"}`},
	} {
		got := AppendExtensionJSON(nil, Extension{Type: ExtensionEncryptedServerName, Data: tc.data}, InEncryptedExtensions)
		if string(got) != tc.want {
			t.Errorf("JSON\n%s\nwant\n%s", got, tc.want)
		}
	}
}

// TestExtSequenceNumberEncryptionAlgorithms checks the three-byte
// SeqNumEncAlgs values: two-byte encodings fail, values that do not fit
// fail to encode, and the JSON names.
func TestExtSequenceNumberEncryptionAlgorithms(t *testing.T) {
	var e SequenceNumberEncryptionAlgorithmsExtension
	var pe *Error
	if err := e.Unmarshal([]byte{4, 0, 1, 0, 0}, InClientHello); !errors.As(err, &pe) ||
		!errors.Is(err, ErrLength) || pe.Field != "supported_algs" || pe.Offset != 0 {
		t.Fatalf("two-byte list: %v", err)
	}
	if err := e.Unmarshal([]byte{0}, InClientHello); !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("empty list: %v", err)
	}
	if err := e.Unmarshal([]byte{0, 1}, InServerHello); !errors.As(err, &pe) || !errors.Is(err, ErrTruncated) || pe.Field != "selected_alg" {
		t.Fatalf("two-byte selected_alg: %v", err)
	}
	for _, in := range []ExtMessage{InServerHello, InHelloRetryRequest, InEncryptedExtensions} {
		if err := e.Unmarshal([]byte{0, 0, 1}, in); err != nil || e.Selected != SeqNumEncPlaintext || e.Algorithms != nil {
			t.Fatalf("selected_alg in %s: %v %+v", in, err, e)
		}
	}
	for _, bad := range []SequenceNumberEncryptionAlgorithmsExtension{
		{In: InClientHello, Algorithms: []uint32{1, 1 << 24}},
		{In: InServerHello, Selected: 1 << 24},
	} {
		if out, err := bad.Append([]byte{5}); !errors.Is(err, ErrTooLarge) || !bytes.Equal(out, []byte{5}) {
			t.Errorf("Append %+v: %x %v", bad, out, err)
		}
	}
	for _, tc := range []struct {
		in   ExtMessage
		data []byte
		want string
	}{
		{InClientHello, []byte{6, 0, 0, 1, 0, 0, 0}, `{"type":60,"name":"sequence_number_encryption_algorithms","supported_algs":[1,0],"supported_alg_names":["plaintext","default_cipher"]}`},
		{InServerHello, []byte{0, 0, 1}, `{"type":60,"name":"sequence_number_encryption_algorithms","selected_alg":1,"selected_alg_name":"plaintext"}`},
		{InServerHello, []byte{1, 0, 0}, `{"type":60,"name":"sequence_number_encryption_algorithms","selected_alg":65536,"selected_alg_name":"unassigned"}`},
	} {
		got := AppendExtensionJSON(nil, Extension{Type: ExtensionSequenceNumberEncryptionAlgorithms, Data: tc.data}, tc.in)
		if string(got) != tc.want {
			t.Errorf("JSON\n%s\nwant\n%s", got, tc.want)
		}
	}
}
