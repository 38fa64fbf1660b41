package wire

import (
	"bytes"
	"testing"
)

// TestServerHelloDraftForm: TLS 1.3 drafts up to 21 sent a ServerHello
// without session ID and compression method (draft-ietf-tls-tls13-21
// §4.1.3); such hellos (Chrome 55 / Firefox 52 era captures) must decode
// and round-trip, and the selected version is the draft's.
func TestServerHelloDraftForm(t *testing.T) {
	body := []byte{0x7f, 0x12} // draft 18
	body = append(body, bytes.Repeat([]byte{0xab}, 32)...)
	body = append(body, 0x13, 0x01)                       // TLS_AES_128_GCM_SHA256
	body = append(body, 0, 8, 0, 51, 0, 4, 0, 0x1d, 0, 0) // key_share (truncated share, structure only)
	msg := append([]byte{2, 0, 0, byte(len(body))}, body...)
	var sh ServerHello
	if err := sh.Unmarshal(msg); err != nil {
		t.Fatal(err)
	}
	if !sh.IsDraftForm() || sh.CipherSuite != 0x1301 || sh.SelectedVersion() != 0x7f12 || len(sh.Extensions) != 1 {
		t.Fatalf("decoded %+v", sh)
	}
	out, err := sh.Append(nil)
	if err != nil || !bytes.Equal(out, msg) {
		t.Fatalf("round trip: %x (%v)", out, err)
	}
	sh.SessionID = []byte{1}
	if _, err := sh.Append(nil); err == nil {
		t.Fatal("a session ID in the draft layout must not be dropped silently")
	}
	// Draft 22 and later use the TLS 1.2 shape.
	if UsesDraftServerHello(0x7f16) || !UsesDraftServerHello(0x7f15) || UsesDraftServerHello(VersionTLS12) {
		t.Fatal("draft boundary")
	}
}
