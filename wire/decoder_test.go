package wire

import (
	"bytes"
	"testing"

	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// TestDecoderLearnsContext decodes each recording's plaintext messages,
// server flight first, with one Decoder per conversation: every message
// must decode into its typed value (no raw fallbacks), and re-encode
// exactly. Key-exchange messages only decode with the context the
// ServerHello taught the decoder.
func TestDecoderLearnsContext(t *testing.T) {
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	counts := map[HandshakeType]int{}
	for _, r := range recs {
		c2s, s2c := r.Streams()
		var d Decoder
		sawServerHello := false
		for _, m := range append(plaintextMessages(t, s2c), plaintextMessages(t, c2s)...) {
			sawServerHello = sawServerHello || HandshakeType(m[0]) == TypeServerHello
			v, err := d.Decode(m)
			if err != nil {
				t.Fatalf("%s: %s: %v", r.Name, HandshakeType(m[0]), err)
			}
			if _, raw := v.(*UnknownMessage); raw {
				t.Fatalf("%s: %s decoded raw", r.Name, HandshakeType(m[0]))
			}
			out, err := AppendMessage(nil, v)
			if err != nil || !bytes.Equal(out, m) {
				t.Fatalf("%s: %s: round trip differs (%v)", r.Name, v.Type(), err)
			}
			counts[v.Type()]++
		}
		if sawServerHello && d.Context.Version == 0 {
			t.Errorf("%s: no version learned", r.Name)
		}
	}
	for _, typ := range []HandshakeType{TypeServerKeyExchange, TypeClientKeyExchange, TypeCertificate} {
		if counts[typ] == 0 {
			t.Errorf("no %s decoded", typ)
		}
	}
	t.Logf("decoded: %v", counts)
}

// TestDecoderRawOnError: a structurally broken body comes back raw with
// the error, never as a half-filled typed value.
func TestDecoderRawOnError(t *testing.T) {
	var d Decoder
	msg := []byte{byte(TypeServerHello), 0, 0, 3, 3, 3, 0}
	v, err := d.Decode(msg)
	if err == nil {
		t.Fatal("truncated ServerHello decoded")
	}
	u, ok := v.(*UnknownMessage)
	if !ok || u.HandshakeType != TypeServerHello || !bytes.Equal(u.Body, msg[4:]) {
		t.Fatalf("got %#v", v)
	}
	if e, ok := err.(*Error); !ok || e.Offset < 4 {
		t.Fatalf("offset not relative to the message: %v", err)
	}
}

// TestDecoderAllocs: once each type's value has grown, decoding a whole
// conversation allocates nothing.
func TestDecoderAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	for _, name := range []string{"Client-TLSv12-ClientCert-RSA-ECDSA", "Server-TLSv13-HelloRetryRequest"} {
		var r tlstestdata.Recording
		for _, x := range recs {
			if x.Name == name {
				r = x
			}
		}
		c2s, s2c := r.Streams()
		msgs := append(plaintextMessages(t, s2c), plaintextMessages(t, c2s)...)
		if len(msgs) == 0 {
			t.Fatalf("%s: no messages", name)
		}
		var d Decoder
		allocs := testing.AllocsPerRun(20, func() {
			d.Reset()
			for _, m := range msgs {
				if _, err := d.Decode(m); err != nil {
					t.Fatal(err)
				}
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per conversation", name, allocs)
		}
	}
}
