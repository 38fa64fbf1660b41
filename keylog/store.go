package keylog

import "sync"

// RandomLen is the length of a ClientHello random, the key every line is
// filed under (RFC 8446 §4.1.2, RFC 9850 §2).
const RandomLen = 32

// Secrets are the secrets a key log holds for one connection, the one
// whose ClientHello.random is ClientRandom. A *Secrets returned by a Store
// is never modified afterwards (a later line makes a new one), so it may be
// read while the Store is being added to.
type Secrets struct {
	ClientRandom [RandomLen]byte
	secrets      [NumLabels][]byte
}

// Get returns the secret of label l, or nil if the key log has none.
func (s *Secrets) Get(l Label) []byte {
	if s == nil || l >= NumLabels {
		return nil
	}
	return s.secrets[l]
}

// MasterSecret returns the TLS 1.0-1.2 master secret (CLIENT_RANDOM), or nil.
func (s *Secrets) MasterSecret() []byte { return s.Get(ClientRandom) }

// Store files secrets by ClientHello random. Its zero value is empty and
// ready. It is safe for concurrent use: secrets may be added (from a
// pcapng Decryption Secrets Block met mid-capture, say) while other
// goroutines look keys up. Lookup does not allocate.
type Store struct {
	mu sync.RWMutex
	m  map[[RandomLen]byte]*Secrets
}

// Lookup returns the secrets filed under the ClientHello random, or nil
// when there are none (or random is not 32 bytes long). It does not
// allocate.
func (s *Store) Lookup(random []byte) *Secrets {
	if len(random) != RandomLen {
		return nil
	}
	s.mu.RLock()
	e := s.m[[RandomLen]byte(random)]
	s.mu.RUnlock()
	return e
}

// Add files a copy of secret under label l for the connection whose
// ClientHello random is random. A later secret for the same label and
// random replaces the earlier one. Secrets already returned by Lookup
// keep their values.
func (s *Store) Add(random [RandomLen]byte, l Label, secret []byte) {
	if l >= NumLabels {
		return
	}
	v := append([]byte(nil), secret...)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[[RandomLen]byte]*Secrets)
	}
	e := new(Secrets)
	if old := s.m[random]; old != nil {
		*e = *old
	} else {
		e.ClientRandom = random
	}
	e.secrets[l] = v
	s.m[random] = e
}

// Len returns the number of connections the store has secrets for.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}
