package wire

import (
	"bytes"
	"errors"
	"testing"
)

// TestAppendWithExtensions checks that encoding every real ClientHello
// from typed values of its extensions (decoded in the ClientHello context)
// gives the input back, and that AppendExtension writes each extension as
// the raw list does.
func TestAppendWithExtensions(t *testing.T) {
	n := 0
	for _, rm := range uniqueMessages(t) {
		if rm.Type() != TypeClientHello {
			continue
		}
		var ch ClientHello
		if err := ch.Unmarshal(rm.Data); err != nil || !ch.ExtensionsPresent {
			continue
		}
		var bodies []ExtensionBody
		for _, e := range ch.Extensions {
			v := NewExtensionBody(e.Type)
			if err := v.Unmarshal(e.Data, InClientHello); err != nil {
				t.Fatalf("%s: %v: %v", rm.Source, e.Type, err)
			}
			bodies = append(bodies, v)
			one, err := AppendExtension([]byte{0xaa}, v)
			want := append([]byte{0xaa, byte(e.Type >> 8), byte(e.Type), byte(len(e.Data) >> 8), byte(len(e.Data))}, e.Data...)
			if err != nil || !bytes.Equal(one, want) {
				t.Fatalf("%s: AppendExtension(%v) = %x, %v; want %x", rm.Source, e.Type, one, err, want)
			}
		}
		out, err := ch.AppendWithExtensions([]byte{1, 2}, bodies)
		if err != nil || !bytes.Equal(out[2:], rm.Data) || out[0] != 1 || out[1] != 2 {
			t.Fatalf("%s: AppendWithExtensions: %v\n got %x\nwant %x", rm.Source, err, out, rm.Data)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no ClientHello with extensions")
	}
}

// TestAppendWithExtensionsErrors checks the refusals: an SSLv2 hello, and
// an extension body over 2^16-1 bytes; the buffer is returned unextended.
func TestAppendWithExtensionsErrors(t *testing.T) {
	ch := ClientHello{LegacyVersion: VersionTLS12, Random: make([]byte, 32), CipherSuites: []uint16{0x1301}, CompressionMethods: []byte{0}}
	big := &Extension{Type: 0xff00, Data: make([]byte, 1<<16)}
	for _, c := range []struct {
		name   string
		m      ClientHello
		bodies []ExtensionBody
		field  string
	}{
		{"body too large", ch, []ExtensionBody{big}, "extension_data"},
		{"SSLv2", ClientHello{SSLv2: true}, nil, "extensions"},
	} {
		buf := []byte{9}
		out, err := c.m.AppendWithExtensions(buf, c.bodies)
		var e *Error
		if !errors.As(err, &e) || e.Field != c.field || !bytes.Equal(out, buf) {
			t.Errorf("%s: %x, %v", c.name, out, err)
		}
	}
	if out, err := AppendExtension([]byte{9}, big); err == nil || !bytes.Equal(out, []byte{9}) {
		t.Errorf("AppendExtension of a body too large: %x, %v", out, err)
	}
}
