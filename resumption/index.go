package resumption

import (
	"crypto/sha256"
	"net/netip"
)

// DefaultMaxEntries is the Index's bound when Options.MaxEntries is 0: one
// million issued or offered keys, about 145 MB (143 bytes per key measured
// by TestMemoryPerEntry, plus the evicted-key filter; docs/resumption.md).
const DefaultMaxEntries = 1_000_000

// Options configures an Index.
type Options struct {
	// MaxEntries bounds the keys (session IDs, tickets, PSK identities)
	// the Index holds; the least recently used is forgotten first. 0 means
	// DefaultMaxEntries.
	MaxEntries int
}

// Stats counts what an Index did.
type Stats struct {
	// Entries is the number of keys held now; Evicted the number dropped
	// to respect Options.MaxEntries.
	Entries int
	Evicted uint64
	// LinksLost counts resumed flows whose issuer had been fed but was
	// forgotten (Missing IssuerEvicted).
	LinksLost uint64
	// Resumed counts the resumed flows fed to Resume, by Kind.
	Resumed [4]uint64
	// Undecrypted counts TLS 1.3 flows fed without Handshake.Decrypted:
	// flows whose NewSessionTickets, if any, were not seen.
	Undecrypted uint64
	// Reissued counts keys issued by a second flow (the first is kept).
	Reissued uint64
}

// Index links resumed flows to the flows that issued their sessions. Feed
// it each flow's Handshake: Issue as soon as the flow issued something (it
// may still be open), Resume once per flow after its ServerHello, or Add
// for both when the flow has ended. Flows may be fed in any order: a
// resumed flow fed before its issuer is linked when the issuer comes (the
// *Flow that Resume returned then reports it). An Index is not safe for
// concurrent use.
type Index struct {
	t     *table
	stats Stats
}

// NewIndex returns an empty Index.
func NewIndex(o Options) *Index {
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	return &Index{t: newTable(o.MaxEntries)}
}

// Stats returns the counters so far.
func (x *Index) Stats() Stats {
	s := x.stats
	s.Entries = len(x.t.m)
	s.Evicted = x.t.evictedN
	return s
}

// Add feeds a flow that has ended: Issue, then Resume.
func (x *Index) Add(ref *FlowRef, h *Handshake) *Flow {
	x.Issue(ref, h)
	return x.Resume(ref, h)
}

// AddTo is Add for a caller that needs the Flow only until its next use
// of f: it fills f (overwriting it, reusing its memory) instead of
// allocating one, and f.Handshake takes h as it is, sharing its slices,
// instead of a copy. The caller must not change h while it uses f.
func (x *Index) AddTo(f *Flow, ref *FlowRef, h *Handshake) {
	x.Issue(ref, h)
	x.resume(f, ref, h)
}

// Issue records what ref's flow issued so far: the session ID of a full
// TLS <= 1.2 handshake and its NewSessionTickets. It may be called again as
// more tickets are seen; keys already issued by ref are skipped. ref must
// be the same pointer on every call for one flow.
func (x *Index) Issue(ref *FlowRef, h *Handshake) {
	if h.IssuedSessionIDLen > 0 && h.Full {
		x.issue(ref, sessionIDKey(ref.Server, h.IssuedSessionID), h.ServerHelloTime.UnixNano(), 0, 0, false)
	}
	for i := range h.Tickets {
		k := &h.Tickets[i]
		x.issue(ref, k.Hash, k.Time.UnixNano(), k.Lifetime, k.AgeAdd, k.TLS13)
	}
}

func (x *Index) issue(ref *FlowRef, key Hash, at int64, lifetime, ageAdd uint32, tls13 bool) {
	s := x.t.getOrAdd(key)
	switch s.issuer {
	case ref:
		return
	case nil:
		s.issuer, s.issuedAt, s.lifetime, s.ageAdd, s.tls13 = ref, at, lifetime, ageAdd, tls13
	default:
		x.stats.Reissued++
	}
}

// Resume records what ref's flow offered and how it resumed, and returns
// its Flow, linked to the issuer if it was fed already, or as soon as it
// is. Call it once per flow, when the ServerHello has been seen (or at the
// end of the flow); h is copied.
func (x *Index) Resume(ref *FlowRef, h *Handshake) *Flow {
	f := &Flow{Handshake: h.clone()}
	x.resume(f, ref, &f.Handshake)
	return f
}

// resume fills f for ref's flow; f.Handshake becomes *h (h may be it).
func (x *Index) resume(f *Flow, ref *FlowRef, h *Handshake) {
	if &f.Handshake != h {
		f.Handshake = *h
	}
	f.Ref, f.Kind, f.x = ref, h.Resumed(), x
	f.via, f.ticket, f.missing = nil, nil, Linked
	psks := f.psks[:0]
	f.psks = nil
	o := &f.Handshake.Offer
	if o.TicketLen > 0 {
		f.ticket = x.offer(o.Ticket)
	}
	if len(o.PSKs) > 0 {
		for i := range o.PSKs {
			psks = append(psks, x.offer(o.PSKs[i].Identity))
		}
		f.psks = psks
	}
	if wire13(f.Handshake.Version) && !h.Decrypted {
		x.stats.Undecrypted++
	}
	x.stats.Resumed[f.Kind]++
	switch f.Kind {
	case ByTicket:
		f.via = f.ticket
	case ByPSK:
		if i := h.Accept.PSK; i < len(f.psks) {
			f.via = f.psks[i]
		}
	case BySessionID:
		if ref.Server.IsValid() {
			f.via = x.t.getOrAdd(sessionIDKey(ref.Server, o.SessionID))
		}
	}
	switch {
	case f.Kind == NotResumed:
	case f.via == nil:
		f.missing = NoKey
	case f.via.issuer == nil && x.t.evicted.has(f.via.key):
		f.missing = IssuerEvicted
		x.stats.LinksLost++
	}
}

// offer counts one more flow offering key.
func (x *Index) offer(key Hash) *session {
	s := x.t.getOrAdd(key)
	s.offers++
	return s
}

// sessionIDKey is the table key of a session ID issued by server: session
// IDs are only meaningful to the server that assigned them.
func sessionIDKey(server netip.AddrPort, id Hash) Hash {
	var b [1 + 18 + sha256.Size]byte
	a := server.Addr().As16()
	b[0] = 's'
	copy(b[1:], a[:])
	b[17], b[18] = byte(server.Port()>>8), byte(server.Port())
	copy(b[19:], id[:])
	return HashOf(b[:])
}
