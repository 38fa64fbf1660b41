package wire

import (
	"bytes"
	"testing"
)

// TestClientHelloDTLSFormFromContext checks that a DTLS ClientHello whose
// legacy_version is not a DTLS version (BoringSSL's fuzz corpora have
// 0xfdff and 0xffff, versions below DTLS 1.2 that a server answers with
// its own) is read in the DTLS form, cookie included, when the context
// says DTLS: through UnmarshalMessage and a Decoder with a DTLS context.
// Without that context legacy_version alone decides, and the TLS form
// does not fit the bytes.
func TestClientHelloDTLSFormFromContext(t *testing.T) {
	for _, v := range []uint16{0xfdff, 0xffff, VersionTLS12} {
		want := ClientHello{
			LegacyVersion:      v,
			DTLS:               true,
			Random:             bytes.Repeat([]byte{7}, 32),
			SessionID:          []byte{},
			Cookie:             []byte{0xc0, 0x0c, 0x1e},
			CipherSuites:       []uint16{0xc02b, 0x002f},
			CompressionMethods: []byte{0},
			Extensions:         Extensions{{Type: ExtensionExtendedMasterSecret, Data: []byte{}}},
			ExtensionsPresent:  true,
		}
		msg, err := want.Append(nil)
		if err != nil {
			t.Fatal(err)
		}
		var tlsForm ClientHello
		if err := tlsForm.Unmarshal(msg); err == nil {
			t.Errorf("%#04x: the TLS form decoded the DTLS hello: cookie %x, suites %x", v, tlsForm.Cookie, tlsForm.CipherSuites)
		}
		dtls := Context{Version: VersionDTLS12}
		var ch ClientHello
		if err := UnmarshalMessage(&ch, msg, dtls); err != nil {
			t.Fatalf("%#04x: DTLS context: %v", v, err)
		}
		if !ch.DTLS || !ch.IsDTLS() || !bytes.Equal(ch.Cookie, want.Cookie) || len(ch.CipherSuites) != 2 {
			t.Errorf("%#04x: decoded %+v", v, ch)
		}
		if out, err := ch.Append(nil); err != nil || !bytes.Equal(out, msg) {
			t.Errorf("%#04x: round trip %x, %v; want %x", v, out, err, msg)
		}
		d := Decoder{Context: dtls}
		m, err := d.Decode(msg)
		if c, ok := m.(*ClientHello); err != nil || !ok || !bytes.Equal(c.Cookie, want.Cookie) {
			t.Errorf("%#04x: Decoder with a DTLS context: %T %v", v, m, err)
		}
		// A reused value decoded without the DTLS context forgets the form.
		if err := ch.Unmarshal(msg); err == nil || ch.DTLS {
			t.Errorf("%#04x: reused value: DTLS %v, err %v", v, ch.DTLS, err)
		}
	}
}
