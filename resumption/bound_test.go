package resumption

import (
	"encoding/binary"
	"runtime"
	"testing"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// ticketBytes is a distinct 128-byte ticket for each n.
func ticketBytes(n int) []byte {
	b := make([]byte, 128)
	binary.BigEndian.PutUint64(b, uint64(n)+1)
	return b
}

// issuing returns a TLS 1.2 full handshake that issued ticket n.
func issuing(n int, at time.Time) *Handshake {
	var h Handshake
	h.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12, Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket}}}, at)
	h.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket}}}, at)
	h.Observe(&wire.Certificate{}, at)
	h.Observe(&wire.ServerHelloDone{}, at)
	h.Observe(&wire.NewSessionTicket{Lifetime: 7200, Ticket: ticketBytes(n)}, at)
	return &h
}

// resuming returns a TLS 1.2 abbreviated handshake offering ticket n.
func resuming(n int, at time.Time) *Handshake {
	var h Handshake
	h.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12, Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket, Data: ticketBytes(n)}}}, at)
	h.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32)}, at)
	return &h
}

func TestBound(t *testing.T) {
	x := NewIndex(Options{MaxEntries: 2})
	refs := []*FlowRef{ref(0, ""), ref(1, ""), ref(2, "")}
	for i, r := range refs {
		x.Add(r, issuing(i, r.Time))
	}
	// The most recent issuer is still there.
	wantLinked(t, x.Resume(ref(5, ""), resuming(2, ref(5, "").Time)), ByTicket, refs[2])
	lost := x.Resume(ref(3, ""), resuming(0, ref(3, "").Time))
	if l := lost.Link(); l.By != ByTicket || l.From != nil || l.Missing != IssuerEvicted {
		t.Errorf("evicted issuer: %+v", l)
	}
	never := x.Resume(ref(4, ""), resuming(99, ref(4, "").Time))
	if l := never.Link(); l.Missing != IssuerNotSeen {
		t.Errorf("never issued: %+v", l)
	}
	s := x.Stats()
	if s.LinksLost != 1 || s.Entries != 2 || s.Evicted != 3 {
		// Ticket 0 for ticket 2, ticket 1 for the lost offer's key,
		// ticket 2 for the key of ticket 99: offered keys count too.
		t.Errorf("stats %+v", s)
	}
}

// TestEvictedFilter: the filter of forgotten keys keeps the last
// MaxEntries evictions at least, with few false positives.
func TestEvictedFilter(t *testing.T) {
	const max = 1000
	var f evictedFilter
	for i := range 2 * max {
		f.add(HashOf(ticketBytes(i)), max)
	}
	for i := max; i < 2*max; i++ {
		if !f.has(HashOf(ticketBytes(i))) {
			t.Fatalf("key %d forgotten", i)
		}
	}
	fp := 0
	for i := 10 * max; i < 20*max; i++ {
		if f.has(HashOf(ticketBytes(i))) {
			fp++
		}
	}
	if rate := float64(fp) / (10 * max); rate > 0.02 {
		t.Errorf("false positives %.3f, want <= 0.02", rate)
	}
}

// bytesPerEntry fills an Index with n issuing flows of one ticket each and
// returns the heap growth per entry (FlowRef, session, map slot, list).
func bytesPerEntry(n int) float64 {
	hs := make([]*Handshake, n)
	refs := make([]FlowRef, n)
	for i := range hs {
		hs[i] = issuing(i, t0)
		refs[i] = *ref(i%60000, "")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := NewIndex(Options{MaxEntries: n})
	for i := range hs {
		x.Issue(&refs[i], hs[i])
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(x)
	runtime.KeepAlive(hs)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// TestMemoryPerEntry checks the figure docs/resumption.md gives: an
// issued key costs at most 250 bytes of heap, the FlowRef excepted (it is
// the caller's).
func TestMemoryPerEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("fills an index of 200,000 entries")
	}
	b := bytesPerEntry(200_000)
	t.Logf("%.0f bytes per entry", b)
	if b > 250 {
		t.Errorf("%.0f bytes per entry, documented <= 250", b)
	}
}

// BenchmarkIndex: issue one ticket and resume with it, per flow pair;
// reports the heap bytes per entry of a full index.
func BenchmarkIndex(b *testing.B) {
	b.Run("issue+resume", func(b *testing.B) {
		const n = 1 << 16
		iss, res := make([]*Handshake, n), make([]*Handshake, n)
		for i := range n {
			iss[i], res[i] = issuing(i, t0), resuming(i, t0.Add(gap))
		}
		r1, r2 := ref(0, ""), ref(1, "")
		x := NewIndex(Options{MaxEntries: n / 2})
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			x.Issue(r1, iss[i%n])
			x.Resume(r2, res[i%n])
		}
	})
	b.Run("anchor-sha256-ticket", func(b *testing.B) {
		// What hashing one 128-byte ticket costs: the floor of Issue.
		k := ticketBytes(1)
		b.ReportAllocs()
		for range b.N {
			_ = HashOf(k)
		}
	})
	b.Run("bytes-per-entry", func(b *testing.B) {
		var v float64
		for range b.N {
			v = bytesPerEntry(100_000)
		}
		b.ReportMetric(v, "B/entry")
	})
}

// TestTicketFallsBackToSessionID: a client offers a ticket to a server that
// does not take tickets but resumes the session ID it assigned.
func TestTicketFallsBackToSessionID(t *testing.T) {
	sid := make([]byte, 32)
	sid[0] = 9
	random := make([]byte, 32)
	var full, resumed Handshake
	full.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12}, t0)
	full.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: random, SessionID: sid}, t0)
	full.Observe(&wire.ServerHelloDone{}, t0)
	resumed.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12, SessionID: sid,
		Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket, Data: ticketBytes(3)}}}, t0.Add(gap))
	resumed.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: random, SessionID: sid}, t0.Add(gap))
	x := NewIndex(Options{})
	r0 := ref(0, "")
	x.Add(r0, &full)
	f := x.Add(ref(1, ""), &resumed)
	if f.Kind != ByTicket {
		t.Fatalf("kind %v", f.Kind)
	}
	if l := wantLinked(t, f, BySessionID, r0); l.Key != full.IssuedSessionID {
		t.Errorf("key %v, issued %v", l.Key, full.IssuedSessionID)
	}
}
