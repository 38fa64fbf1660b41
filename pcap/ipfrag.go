package pcap

import (
	"net/netip"
	"sort"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// fragment stores an IPv4 fragment and, when its datagram is complete,
// decodes the rebuilt transport payload.
func (d *decoder) fragment(ts time.Time) {
	d.stats.IPv4Fragments++
	src, _ := netip.AddrFromSlice(d.ip4.SrcIP)
	dst, _ := netip.AddrFromSlice(d.ip4.DstIP)
	key := fragKey{src: src, dst: dst, id: d.ip4.Id, proto: uint8(d.ip4.Protocol)}
	payload, ok := d.frags.add(key, int(d.ip4.FragOffset)*8, d.ip4.Flags&layers.IPv4MoreFragments != 0, d.ip4.Payload, ts)
	if !ok {
		return
	}
	d.stats.IPv4Reassembled++
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
	d.dispatch(err, ts, src, dst)
}

// fragKey identifies an IPv4 datagram being reassembled (RFC 791).
type fragKey struct {
	src, dst netip.Addr
	id       uint16
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

// fragTable reassembles IPv4 fragments, bounded in datagrams, in bytes per
// datagram (65535) and in time (fragTimeout of capture time).
type fragTable struct {
	stats *Stats
	max   int
	m     map[fragKey]*fragEntry
	out   []byte
}

const (
	fragTimeout  = 30 * time.Second
	maxFragParts = 128
)

func (t *fragTable) init(stats *Stats, max int) {
	t.stats, t.max = stats, max
	t.m = make(map[fragKey]*fragEntry)
}

func (t *fragTable) drop(k fragKey) {
	t.stats.IPv4FragsDropped += uint64(len(t.m[k].parts))
	delete(t.m, k)
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
			var oldest fragKey
			var ot time.Time
			for key, e := range t.m {
				if ot.IsZero() || e.first.Before(ot) {
					oldest, ot = key, e.first
				}
			}
			t.drop(oldest)
		}
		e = &fragEntry{first: ts, total: -1}
		t.m[k] = e
	}
	end := off + len(data)
	if end > 65535 || len(e.parts) >= maxFragParts || (!more && e.total >= 0 && e.total != end) {
		t.stats.IPv4FragsDropped++
		t.drop(k)
		return nil, false
	}
	if !more {
		e.total = end
	}
	e.parts = append(e.parts, fragPart{off: off, data: append([]byte(nil), data...)})
	e.bytes += len(data)
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
	delete(t.m, k)
	return t.out[:e.total], true
}
