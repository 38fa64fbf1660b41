package pcap

import (
	"net/netip"
	"sort"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// IP fragment reassembly: IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5),
// in one table bounded in datagrams (Limits.MaxIPFragments), in bytes per
// datagram (65535), in time (fragTimeout of capture time) and in bytes in
// all (a quarter of the memory budget, counted in it).

// fragment4 stores an IPv4 fragment and, when its datagram is complete,
// decodes the rebuilt transport payload.
func (d *decoder) fragment4(ts time.Time) {
	d.stats.IPv4Fragments++
	src, _ := netip.AddrFromSlice(d.ip4.SrcIP)
	dst, _ := netip.AddrFromSlice(d.ip4.DstIP)
	key := fragKey{src: src, dst: dst, id: uint32(d.ip4.Id), proto: uint8(d.ip4.Protocol)}
	payload, ok := d.frags.add(key, int(d.ip4.FragOffset)*8, d.ip4.Flags&layers.IPv4MoreFragments != 0, d.ip4.Payload, ts)
	if !ok {
		return
	}
	d.stats.IPv4Reassembled++
	d.reassembled(key, payload, ts)
}

// fragment6 stores an IPv6 fragment (the payload after its Fragment
// header) and, when its datagram is complete, decodes the rebuilt
// transport payload.
func (d *decoder) fragment6(ts time.Time) {
	d.stats.IPv6Fragments++
	src, _ := netip.AddrFromSlice(d.ip6.SrcIP)
	dst, _ := netip.AddrFromSlice(d.ip6.DstIP)
	h := &d.ip6frag
	key := fragKey{src: src, dst: dst, id: h.Identification, proto: uint8(h.NextHeader)}
	payload, ok := d.frags.add(key, int(h.FragmentOffset)*8, h.MoreFragments, h.Payload, ts)
	if !ok {
		return
	}
	d.stats.IPv6Reassembled++
	d.reassembled(key, payload, ts)
}

// reassembled decodes the transport header of a rebuilt datagram.
func (d *decoder) reassembled(key fragKey, payload []byte, ts time.Time) {
	var first gopacket.LayerType
	switch layers.IPProtocol(key.proto) {
	case layers.IPProtocolTCP:
		first = layers.LayerTypeTCP
	case layers.IPProtocolUDP:
		first = layers.LayerTypeUDP
	default:
		d.stats.NotIP++
		return
	}
	// The rebuilt datagram lives in d.fragBuf until the next one.
	d.fragBuf = append(d.fragBuf[:0], payload...)
	d.cut = 0
	err := d.run(first, d.fragBuf)
	d.dispatch(err, ts, key.src, key.dst)
}

// fragKey identifies a datagram being reassembled: addresses,
// Identification (16 bits in IPv4, 32 in IPv6) and protocol.
type fragKey struct {
	src, dst netip.Addr
	id       uint32
	proto    uint8
}

type fragPart struct {
	off  int
	data []byte
}

type fragEntry struct {
	first time.Time
	parts []fragPart
	total int // -1 until the last fragment (MF clear) is seen
	bytes int
}

// fragTable holds the datagrams being reassembled.
type fragTable struct {
	stats *Stats
	mem   *int // the Reader's memory count (flowEnv.mem)
	max   int  // datagrams (Limits.MaxIPFragments)
	limit int  // bytes held in all
	held  int  // bytes held, as counted in *mem
	m     map[fragKey]*fragEntry
	out   []byte
}

const (
	fragTimeout  = 30 * time.Second
	maxFragParts = 128
	// fragPartCost and fragEntryCost are the bookkeeping of a stored
	// fragment and of a datagram, beyond the fragment's bytes.
	fragPartCost  = 48
	fragEntryCost = 160
)

func (t *fragTable) init(stats *Stats, mem *int, max, limit int) {
	t.stats, t.mem, t.max, t.limit = stats, mem, max, limit
	t.m = make(map[fragKey]*fragEntry)
}

// count adds n bytes to what the table holds.
func (t *fragTable) count(n int) {
	t.held += n
	*t.mem += n
}

// drop forgets datagram k, counting its fragments as dropped.
func (t *fragTable) drop(k fragKey) {
	e := t.m[k]
	if k.src.Is4() {
		t.stats.IPv4FragsDropped += uint64(len(e.parts))
	} else {
		t.stats.IPv6FragsDropped += uint64(len(e.parts))
	}
	t.forget(k, e)
}

// forget removes datagram k.
func (t *fragTable) forget(k fragKey, e *fragEntry) {
	t.count(-(fragEntryCost + e.bytes + len(e.parts)*fragPartCost))
	delete(t.m, k)
}

// dropOldest drops the datagram whose first fragment is the oldest.
func (t *fragTable) dropOldest() {
	var oldest fragKey
	var ot time.Time
	for key, e := range t.m {
		if ot.IsZero() || e.first.Before(ot) {
			oldest, ot = key, e.first
		}
	}
	t.drop(oldest)
}

// add stores one fragment; it returns the datagram's payload when complete.
func (t *fragTable) add(k fragKey, off int, more bool, data []byte, ts time.Time) ([]byte, bool) {
	if len(t.m) > 0 && len(t.m)%64 == 0 {
		for key, e := range t.m {
			if ts.Sub(e.first) > fragTimeout {
				t.drop(key)
			}
		}
	}
	e := t.m[k]
	if e == nil {
		if len(t.m) >= t.max {
			t.dropOldest()
		}
		e = &fragEntry{first: ts, total: -1}
		t.m[k] = e
		t.count(fragEntryCost)
	}
	end := off + len(data)
	if end > 65535 || len(e.parts) >= maxFragParts || (!more && e.total >= 0 && e.total != end) {
		if k.src.Is4() {
			t.stats.IPv4FragsDropped++
		} else {
			t.stats.IPv6FragsDropped++
		}
		t.drop(k)
		return nil, false
	}
	if !more {
		e.total = end
	}
	e.parts = append(e.parts, fragPart{off: off, data: append([]byte(nil), data...)})
	e.bytes += len(data)
	t.count(len(data) + fragPartCost)
	for t.held > t.limit && len(t.m) > 1 {
		t.dropOldest()
		if t.m[k] == nil {
			return nil, false // this datagram was the oldest
		}
	}
	if e.total < 0 || e.bytes < e.total {
		return nil, false
	}
	// Stable sort keeps the first copy of an overlapping range first.
	sort.SliceStable(e.parts, func(i, j int) bool { return e.parts[i].off < e.parts[j].off })
	t.out = t.out[:0]
	for _, p := range e.parts {
		if p.off > len(t.out) {
			return nil, false // a hole: wait for more
		}
		if skip := len(t.out) - p.off; skip < len(p.data) {
			t.out = append(t.out, p.data[skip:]...)
		}
	}
	if len(t.out) < e.total {
		return nil, false
	}
	t.forget(k, e)
	return t.out[:e.total], true
}
