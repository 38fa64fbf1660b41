package decrypt

import (
	"bytes"
	"crypto/tls"
	"slices"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// TestSessionsResumption: crypto/tls TLS 1.2 connections that resume by
// ticket and by session ID are decrypted with the master secret the first
// connection's key log line gave, remembered under its NewSessionTicket's
// ticket or its ServerHello's session ID.
func TestSessionsResumption(t *testing.T) {
	for _, byTicket := range []bool{true, false} {
		// crypto/tls servers resume only by ticket: without tickets the
		// second connection is a full handshake, which must not be taken
		// for a resumption.
		server := &tls.Config{MinVersion: tls.VersionTLS12, SessionTicketsDisabled: !byTicket}
		server.SetSessionTicketKeys([][32]byte{{1, 2, 3}})
		cache := tls.NewLRUClientSessionCache(4)
		client := &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, ClientSessionCache: cache}
		first := record(t, tlsgen.Scenario{Client: client, Server: server})
		second := record(t, tlsgen.Scenario{Client: client, Server: server})

		var store keylog.Store
		store.Parse(first.log)
		var ticket []byte
		var dec wire.Decoder
		for _, rec := range first.records[1] {
			if rec[0] != byte(wire.ContentHandshake) || rec[5] != byte(wire.TypeNewSessionTicket) {
				continue
			}
			m, err := dec.Decode(rec[5:])
			if err != nil {
				t.Fatal(err)
			}
			ticket = m.(*wire.NewSessionTicket).Ticket
		}
		if byTicket && ticket == nil {
			t.Fatal("no NewSessionTicket")
		}
		var sessions Sessions
		sessions.Remember(first.sh.SessionID, ticket, store.Lookup(first.random).MasterSecret())

		var ch wire.ClientHello
		if err := ch.Unmarshal(second.records[0][0][5:]); err != nil {
			t.Fatal(err)
		}
		ms := sessions.Resumed(&ch, &second.sh)
		if !byTicket {
			if ms != nil {
				t.Fatal("a full handshake taken for a resumption")
			}
			continue
		}
		if ms == nil {
			t.Fatal("resumption not found")
		}
		conn, err := NewConn(second.params(), Secrets{MasterSecret: ms})
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 0, 1<<14)
		for dir := range 2 {
			var types []wire.HandshakeType
			for _, rec := range second.records[dir] {
				typ, out, enc, err := conn.Open(dir == 0, buf[:0], rec)
				if err != nil {
					t.Fatalf("direction %d: %v", dir, err)
				}
				if enc && typ == wire.ContentHandshake {
					types = append(types, wire.HandshakeType(out[0]))
				}
			}
			if !slices.Equal(types, []wire.HandshakeType{wire.TypeFinished}) {
				t.Errorf("direction %d: decrypted %v", dir, types)
			}
		}
	}
	// Bounded: the oldest are forgotten.
	var s Sessions
	ms := bytes.Repeat([]byte{1}, MasterSecretLen)
	for i := range MaxSessions + 10 {
		s.Remember([]byte{byte(i), byte(i >> 8), byte(i >> 16)}, nil, ms)
	}
	if len(s.byID.m) != MaxSessions || s.byID.m[string([]byte{0, 0, 0})] != nil {
		t.Errorf("%d sessions kept", len(s.byID.m))
	}
}
