package resumption

import (
	"errors"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// opensslReconnect is tlsgen.OpenSSLReconnect, skipped without openssl.
func opensslReconnect(t *testing.T, serverFlags ...string) []*tlsgen.Conversation {
	convs, err := tlsgen.OpenSSLReconnect(serverFlags...)
	if errors.Is(err, tlsgen.ErrNoOpenSSL) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return convs
}

// TestOpenSSLSessionID: TLS 1.2 resumption by session ID (a server
// without tickets), which crypto/tls does not implement on either side.
func TestOpenSSLSessionID(t *testing.T) {
	convs := opensslReconnect(t, "-no_ticket")
	x := NewIndex(Options{})
	var fs []*Flow
	for i, c := range convs {
		r := ref(i, "")
		fs = append(fs, x.Add(r, tcpHandshake(t, c, r.Time)))
	}
	h0 := &fs[0].Handshake
	if fs[0].Kind != NotResumed || !h0.Full || h0.IssuedSessionIDLen == 0 || len(h0.Tickets) != 0 {
		t.Fatalf("first connection: %v, full %v, session ID %d bytes, %d tickets", fs[0].Kind, h0.Full, h0.IssuedSessionIDLen, len(h0.Tickets))
	}
	for _, f := range fs[1:] {
		l := wantLinked(t, f, BySessionID, fs[0].Ref)
		if l.Key != h0.IssuedSessionID || f.Reused() {
			t.Errorf("key %v, issued %v; reused %v", l.Key, h0.IssuedSessionID, f.Reused())
		}
	}
}

// TestOpenSSLTicketReuse: TLS 1.2 resumption by ticket, the same ticket
// offered by five connections.
func TestOpenSSLTicketReuse(t *testing.T) {
	convs := opensslReconnect(t)
	x := NewIndex(Options{})
	var fs []*Flow
	for i, c := range convs {
		r := ref(i, "")
		fs = append(fs, x.Add(r, tcpHandshake(t, c, r.Time)))
	}
	if h := &fs[0].Handshake; fs[0].Kind != NotResumed || len(h.Tickets) != 1 || !h.Accept.TicketExt {
		t.Fatalf("first connection: %v, %d tickets", fs[0].Kind, len(h.Tickets))
	}
	for _, f := range fs[1:] {
		wantLinked(t, f, ByTicket, fs[0].Ref)
		if !f.Reused() || f.TicketOffers() != len(fs)-1 {
			t.Errorf("ticket offered by %d flows, want %d", f.TicketOffers(), len(fs)-1)
		}
	}
}
