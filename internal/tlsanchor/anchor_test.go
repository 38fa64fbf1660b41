package tlsanchor

import (
	"bytes"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// firstMessage returns the first handshake message of a TLS stream whose
// first record holds it whole.
func firstMessage(t *testing.T, stream []byte) []byte {
	t.Helper()
	if len(stream) < 9 || stream[0] != 22 {
		t.Fatalf("stream does not start with a handshake record")
	}
	rec := stream[5 : 5+(int(stream[3])<<8|int(stream[4]))]
	n := 4 + (int(rec[1])<<16 | int(rec[2])<<8 | int(rec[3]))
	if len(rec) < n {
		t.Fatalf("first message spans records")
	}
	return rec[:n]
}

// TestHellosRoundTrip checks that the copied codec works: hellos written by
// crypto/tls decode, and re-encode to the same bytes.
func TestHellosRoundTrip(t *testing.T) {
	conv, err := tlsgen.Run(tlsgen.Scenario{Name: "anchor"})
	if err != nil {
		t.Fatal(err)
	}
	c2s, s2c := conv.Streams()
	ch := firstMessage(t, c2s)
	h, ok := UnmarshalClientHello(ch)
	if !ok || h.NumCipherSuites() == 0 {
		t.Fatalf("ClientHello did not decode")
	}
	if out, err := MarshalClientHello(h); err != nil || !bytes.Equal(out, ch) {
		t.Errorf("ClientHello re-encodes differently (%v)\n got %x\nwant %x", err, out, ch)
	}
	sh := firstMessage(t, s2c)
	s, ok := UnmarshalServerHello(sh)
	if !ok || s.CipherSuite() != conv.State.CipherSuite {
		t.Fatalf("ServerHello did not decode")
	}
	if out, err := MarshalServerHello(s); err != nil || !bytes.Equal(out, sh) {
		t.Errorf("ServerHello re-encodes differently (%v)\n got %x\nwant %x", err, out, sh)
	}
	if h.Unmarshal(ch[:len(ch)-1]) {
		t.Errorf("truncated ClientHello decoded")
	}
}
