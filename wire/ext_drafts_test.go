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

func TestExtEncryptedServerNameServerForm(t *testing.T) {
	var e EncryptedServerNameExtension
	// draft-ietf-tls-esni-04 and later prefix the nonce with response_type.
	later := append([]byte{0}, rep(0x4e, ESNINonceLen)...)
	if err := e.Unmarshal(later, InEncryptedExtensions); !errors.Is(err, ErrTrailingData) {
		t.Fatalf("response_type form: %v", err)
	}
	e = EncryptedServerNameExtension{In: InEncryptedExtensions, Nonce: rep(1, ESNINonceLen-1)}
	if _, err := e.Append(nil); !errors.Is(err, ErrLength) {
		t.Fatalf("short nonce: %v", err)
	}
	got := AppendExtensionJSON(nil, Extension{Type: ExtensionEncryptedServerName, Data: rep(0xab, ESNINonceLen)}, InEncryptedExtensions)
	want := `{"type":65486,"name":"encrypted_server_name","nonce":"abababababababababababababababab"}`
	if string(got) != want {
		t.Fatalf("JSON\n%s\nwant\n%s", got, want)
	}
}
