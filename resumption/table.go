package resumption

// table holds at most max sessions by key, forgetting the least recently
// used; evicted remembers which issued keys were forgotten.
type table struct {
	m          map[Hash]*session
	head, tail *session // head: most recently used
	max        int
	evictedN   uint64
	evicted    evictedFilter
}

func newTable(max int) *table {
	return &table{m: make(map[Hash]*session), max: max}
}

// get returns the session of key k, moving it to the front, or nil.
func (t *table) get(k Hash) *session {
	s := t.m[k]
	if s != nil {
		t.unlink(s)
		t.pushFront(s)
	}
	return s
}

// getOrAdd returns the session of key k, adding it when absent.
func (t *table) getOrAdd(k Hash) *session {
	if s := t.get(k); s != nil {
		return s
	}
	s := &session{key: k, inTable: true}
	t.m[k] = s
	t.pushFront(s)
	for len(t.m) > t.max {
		t.evict()
	}
	return s
}

func (t *table) evict() {
	s := t.tail
	t.unlink(s)
	delete(t.m, s.key)
	s.inTable = false
	t.evictedN++
	if s.issuer != nil {
		t.evicted.add(s.key, t.max)
	}
}

func (t *table) pushFront(s *session) {
	s.prev, s.next = nil, t.head
	if t.head != nil {
		t.head.prev = s
	}
	t.head = s
	if t.tail == nil {
		t.tail = s
	}
}

func (t *table) unlink(s *session) {
	if s.prev != nil {
		s.prev.next = s.next
	} else {
		t.head = s.next
	}
	if s.next != nil {
		s.next.prev = s.prev
	} else {
		t.tail = s.prev
	}
	s.prev, s.next = nil, nil
}
