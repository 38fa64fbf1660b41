package decrypt

import (
	"sync"

	"github.com/tlswire/tlswire/wire"
)

// MaxSessions bounds the master secrets a Sessions keeps per kind (session
// ID, ticket); beyond it the oldest are forgotten.
const MaxSessions = 1 << 16

// Sessions remembers the master secrets of TLS 1.0-1.2 connections by
// session ID and by session ticket (RFC 5246 §7.4.1.2, RFC 5077), so that
// a connection resuming one of them can be decrypted: its master secret is
// the earlier connection's, and crypto/tls, for one, writes no
// CLIENT_RANDOM line for a resumed connection. The zero value is empty and
// ready; it is safe for concurrent use and bounded (MaxSessions).
type Sessions struct {
	mu     sync.Mutex
	byID   sessionMap
	byTick sessionMap
}

// sessionMap is a bounded map of master secrets with first-in first-out
// eviction.
type sessionMap struct {
	m     map[string][]byte
	order []string
}

func (s *sessionMap) put(k, v []byte) {
	if len(k) == 0 {
		return
	}
	if s.m == nil {
		s.m = make(map[string][]byte)
	}
	key := string(k)
	if _, ok := s.m[key]; !ok {
		if len(s.order) == MaxSessions {
			delete(s.m, s.order[0])
			s.order = s.order[1:]
		}
		s.order = append(s.order, key)
	}
	s.m[key] = append([]byte(nil), v...)
}

// Remember files the master secret of a full handshake under the session
// ID of its ServerHello and under the ticket of its NewSessionTicket
// (either may be empty).
func (s *Sessions) Remember(sessionID, ticket, masterSecret []byte) {
	if len(masterSecret) != MasterSecretLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID.put(sessionID, masterSecret)
	s.byTick.put(ticket, masterSecret)
}

// Resumed returns the master secret of the session a connection resumes,
// or nil when it does not resume a remembered session. A server resumes by
// echoing the client's non-empty session ID (RFC 5246 §7.4.1.3; with a
// ticket the client sends a session ID of its own for this, RFC 5077
// §3.4); the session is then found by the ticket of the ClientHello's
// session_ticket extension, or else by that session ID.
func (s *Sessions) Resumed(ch *wire.ClientHello, sh *wire.ServerHello) []byte {
	if len(sh.SessionID) == 0 || string(sh.SessionID) != string(ch.SessionID) {
		return nil // a full handshake
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ticket, ok := ch.Extensions.Find(wire.ExtensionSessionTicket); ok && len(ticket) > 0 {
		if ms := s.byTick.m[string(ticket)]; ms != nil {
			return ms
		}
	}
	return s.byID.m[string(sh.SessionID)]
}
