package wire

import (
	"errors"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// TestValidateRealHellos: every hello crypto/tls and OpenSSL exchanged in
// the recordings obeys the rules, so Validate must accept all of them.
func TestValidateRealHellos(t *testing.T) {
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	n := 0
	for _, r := range recs {
		c2s, s2c := r.Streams()
		for _, m := range append(plaintextMessages(t, c2s), plaintextMessages(t, s2c)...) {
			var v interface {
				Unmarshal([]byte) error
				Validate() error
			}
			switch HandshakeType(m[0]) {
			case TypeClientHello:
				v = new(ClientHello)
			case TypeServerHello:
				v = new(ServerHello)
			default:
				continue
			}
			if err := v.Unmarshal(m); err != nil {
				t.Fatalf("%s: %v", r.Name, err)
			}
			if err := v.Validate(); err != nil {
				t.Errorf("%s: %v", r.Name, err)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no hellos validated")
	}
}

func TestValidateClientHelloRules(t *testing.T) {
	base := func() *ClientHello {
		return &ClientHello{
			LegacyVersion:      VersionTLS12,
			Random:             make([]byte, 32),
			CipherSuites:       []uint16{0x1301},
			CompressionMethods: []byte{0},
			Extensions: Extensions{
				{Type: ExtensionSupportedVersions, Data: []byte{2, 0x03, 0x04}},
				{Type: ExtensionKeyShare, Data: []byte{0, 0}},
				{Type: ExtensionPreSharedKey, Data: []byte{0, 0, 0, 0}},
			},
		}
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("valid hello rejected: %v", err)
	}
	cases := []struct {
		name   string
		change func(*ClientHello)
		want   string
	}{
		{"duplicate", func(m *ClientHello) { m.Extensions = append(Extensions{m.Extensions[1]}, m.Extensions...) }, "more than once"},
		{"psk not last", func(m *ClientHello) { m.Extensions[1], m.Extensions[2] = m.Extensions[2], m.Extensions[1] }, "pre_shared_key"},
		{"long session id", func(m *ClientHello) { m.SessionID = make([]byte, 33) }, "32 bytes"},
		{"no null compression", func(m *ClientHello) { m.CompressionMethods = []byte{1} }, "null compression"},
		{"tls13 with deflate", func(m *ClientHello) { m.CompressionMethods = []byte{1, 0} }, "TLS 1.3 offered"},
	}
	for _, c := range cases {
		m := base()
		c.change(m)
		err := m.Validate()
		if err == nil || !errors.Is(err, ErrRule) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an ErrRule mentioning %q", c.name, err, c.want)
		}
	}
}

func TestValidateServerHelloRules(t *testing.T) {
	hrr := &ServerHello{LegacyVersion: VersionTLS12, Random: HelloRetryRequestRandom, CipherSuite: 0x1301}
	if err := hrr.Validate(); err == nil || !strings.Contains(err.Error(), "supported_versions") {
		t.Errorf("HRR without supported_versions: %v", err)
	}
	grease := &ServerHello{LegacyVersion: VersionTLS12, Random: make([]byte, 32), CipherSuite: 0x0a0a,
		Extensions: Extensions{{Type: 0x1a1a}}}
	err := grease.Validate()
	if err == nil || !strings.Contains(err.Error(), "cipher_suite") || !strings.Contains(err.Error(), "GREASE extension") {
		t.Errorf("GREASE selections: %v", err)
	}
}
