package pcap

// lru orders the flows in progress by their last activity: the value of
// flowTable.clock (one tick per touch, that is per packet) when a packet
// last touched them. Touching a flow only writes that number: no list is
// relinked for every packet, which cost several cache misses per packet
// with thousands of flows open. The order is a binary heap of entries
// brought up to date lazily: an entry holds the flow's activity as it was
// when the entry was placed, and one that reaches the top although its
// flow was touched since is updated and sifted down. The top is then
// exactly the least recently active flow, the head of a list moved to its
// back on every touch; a flow costs O(log n) when it is added, removed or
// found stale at the top (at most once per IdleTimeout while it is
// active), nothing per packet.
type lru struct {
	h []lruEntry
}

// lruEntry is a flow's place in the heap.
type lruEntry struct {
	seq uint64 // the flow's lastSeq when the entry was placed or updated
	ns  int64  // its lastNS then
	f   *flow
}

func (l *lru) len() int { return len(l.h) }

// push adds f, which must not be in the heap.
func (l *lru) push(f *flow) {
	l.h = append(l.h, lruEntry{f.lastSeq, f.lastNS, f})
	f.hpos = len(l.h)
	l.up(len(l.h) - 1)
}

// remove takes f out of the heap; nothing happens when it is not in it.
func (l *lru) remove(f *flow) {
	if f.hpos == 0 {
		return
	}
	i, n := f.hpos-1, len(l.h)-1
	if i != n {
		l.swap(i, n)
	}
	l.h[n] = lruEntry{}
	l.h = l.h[:n]
	f.hpos = 0
	if i < n {
		l.down(i)
		l.up(i)
	}
}

// front returns the least recently active flow, or nil when there is none.
func (l *lru) front() *flow {
	for len(l.h) > 0 {
		if e := &l.h[0]; !l.refresh(e) {
			return e.f
		}
	}
	return nil
}

// idle returns the least recently active flow when its last packet is
// more than idle nanoseconds before nowNS, or nil. It runs for every
// packet: in the common case it reads the top entry only.
func (l *lru) idle(nowNS, idle int64) *flow {
	for len(l.h) > 0 && nowNS-l.h[0].ns > idle {
		if e := &l.h[0]; !l.refresh(e) {
			return e.f
		}
	}
	return nil
}

// refresh updates the top entry e when its flow was touched since it was
// placed, and restores the heap; it reports whether it did.
func (l *lru) refresh(e *lruEntry) bool {
	if e.seq == e.f.lastSeq {
		return false
	}
	e.seq, e.ns = e.f.lastSeq, e.f.lastNS
	l.down(0)
	return true
}

func (l *lru) swap(i, j int) {
	l.h[i], l.h[j] = l.h[j], l.h[i]
	l.h[i].f.hpos, l.h[j].f.hpos = i+1, j+1
}

func (l *lru) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if l.h[p].seq <= l.h[i].seq {
			return
		}
		l.swap(i, p)
		i = p
	}
}

func (l *lru) down(i int) {
	n := len(l.h)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && l.h[c+1].seq < l.h[c].seq {
			c++
		}
		if l.h[i].seq <= l.h[c].seq {
			return
		}
		l.swap(i, c)
		i = c
	}
}
