package pcap

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// decoder turns link-layer frames into TCP segments and UDP datagrams with
// gopacket's DecodingLayer machinery: one preallocated value per layer
// type, reused for every packet (gopacket.NewPacket allocates every layer
// of every packet and is several times slower). Tunnels are followed
// through the same values: the innermost IP and transport headers win.
type decoder struct {
	eth        layers.Ethernet
	dot1q      layers.Dot1Q
	sll        layers.LinuxSLL
	sll2       layers.LinuxSLL2
	loop       layers.Loopback
	ip4        layers.IPv4
	ip6        layers.IPv6
	ip6ext     layers.IPv6ExtensionSkipper
	ip6frag    layers.IPv6Fragment
	gre        layers.GRE
	vxlan      layers.VXLAN
	geneve     layers.Geneve
	gtp        layers.GTPv1U
	tcp        layers.TCP
	udp        layers.UDP
	ppp        pppLayer
	pppoe      pppoeLayer
	mpls       mplsLayer
	stats      *Stats     // the Reader's counters
	table      *flowTable // where segments and datagrams go
	frags      *fragTable // IPv4 fragments
	decoded    []gopacket.LayerType
	fns        map[gopacket.LayerType]gopacket.DecodingLayerFunc
	trunc      bool
	cut        int // bytes of the frame not captured (snap length)
	fragBuf    []byte
	noFast     bool   // tests: decode every frame with gopacket
	fastFrames uint64 // frames fastTCP handled (for tests)
}

// SetTruncated implements gopacket.DecodeFeedback.
func (d *decoder) SetTruncated() { d.trunc = true }

func newDecoder(stats *Stats, table *flowTable, frags *fragTable) *decoder {
	d := &decoder{stats: stats, table: table, frags: frags, decoded: make([]gopacket.LayerType, 0, 16)}
	var c gopacket.DecodingLayerContainer = gopacket.DecodingLayerSparse(nil)
	// The extension skipper claims every IPv6 extension header; the
	// fragment header is then given its own decoder so that a fragment is
	// recognised (NextLayerType Fragment) instead of being parsed as TCP.
	for _, l := range []gopacket.DecodingLayer{
		&d.eth, &d.dot1q, &d.sll, &d.sll2, &d.loop, &d.ip4, &d.ip6, &d.ip6ext, &d.ip6frag,
		&d.gre, &d.vxlan, &d.geneve, &d.gtp, &d.tcp, &d.udp, &d.ppp, &d.pppoe, &d.mpls,
	} {
		c = c.Put(l)
	}
	d.fns = make(map[gopacket.LayerType]gopacket.DecodingLayerFunc)
	for _, first := range []gopacket.LayerType{
		layers.LayerTypeEthernet, layers.LayerTypeLinuxSLL, layers.LayerTypeLinuxSLL2,
		layers.LayerTypeLoopback, layers.LayerTypeIPv4, layers.LayerTypeIPv6, layers.LayerTypePPP,
		layers.LayerTypeTCP, layers.LayerTypeUDP,
	} {
		d.fns[first] = c.LayersDecoder(first, d)
	}
	return d
}

// firstLayer maps a link type (DLT/LINKTYPE value) to the first layer, or
// to LayerTypeZero when it is not supported. Raw IP is resolved per packet.
func firstLayer(link layers.LinkType, data []byte) gopacket.LayerType {
	switch link {
	case layers.LinkTypeEthernet:
		return layers.LayerTypeEthernet
	case layers.LinkTypeLinuxSLL:
		return layers.LayerTypeLinuxSLL
	case layers.LinkTypeLinuxSLL2:
		return layers.LayerTypeLinuxSLL2
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		return layers.LayerTypeLoopback
	case layers.LinkTypePPP, layers.LinkTypePPP_HDLC:
		return layers.LayerTypePPP
	case layers.LinkTypeIPv4:
		return layers.LayerTypeIPv4
	case layers.LinkTypeIPv6:
		return layers.LayerTypeIPv6
	case layers.LinkTypeRaw, 12, 14:
		if len(data) > 0 {
			switch data[0] >> 4 {
			case 4:
				return layers.LayerTypeIPv4
			case 6:
				return layers.LayerTypeIPv6
			}
		}
	}
	return gopacket.LayerTypeZero
}

// run decodes data starting at first, recovering from a panic in a layer
// decoder (a broken packet must never stop the run).
func (d *decoder) run(first gopacket.LayerType, data []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("pcap: panic in layer decoder")
		}
	}()
	d.trunc = false
	_, err = d.fns[first](data, &d.decoded)
	return err
}

// decode handles one frame of the given link type.
func (d *decoder) decode(link layers.LinkType, data []byte, cut int, ts time.Time) {
	if link == layers.LinkTypeEthernet && cut == 0 && !d.noFast && d.fastTCP(data, ts) {
		return
	}
	d.cut = cut
	first := firstLayer(link, data)
	if first == gopacket.LayerTypeZero {
		d.stats.UnsupportedLink++
		return
	}
	err := d.run(first, data)
	d.dispatch(err, ts, netip.Addr{}, netip.Addr{})
}

// fastTCP handles the most common frames without gopacket: those
// fastFrame takes. It reads what gopacket's Ethernet, Dot1Q, IPv4/IPv6 and
// TCP decoders would and hands the segment to the flow table. Anything
// else, or anything gopacket would report as an error, returns false: the
// general path then decodes the frame.
func (d *decoder) fastTCP(data []byte, ts time.Time) bool {
	seg, src, dst, ok := fastFrame(data)
	if !ok {
		return false
	}
	hl := int(seg[12]>>4) * 4
	if hl < 20 || hl > len(seg) {
		return false
	}
	h := &d.tcp
	h.SrcPort = layers.TCPPort(binary.BigEndian.Uint16(seg[0:2]))
	h.DstPort = layers.TCPPort(binary.BigEndian.Uint16(seg[2:4]))
	h.Seq = binary.BigEndian.Uint32(seg[4:8])
	h.Ack = binary.BigEndian.Uint32(seg[8:12])
	h.DataOffset = seg[12] >> 4
	fl := seg[13]
	h.FIN, h.SYN, h.RST, h.PSH = fl&0x01 != 0, fl&0x02 != 0, fl&0x04 != 0, fl&0x08 != 0
	h.ACK, h.URG, h.ECE, h.CWR, h.NS = fl&0x10 != 0, fl&0x20 != 0, fl&0x40 != 0, fl&0x80 != 0, seg[12]&0x01 != 0
	h.Window = binary.BigEndian.Uint16(seg[14:16])
	h.Checksum = binary.BigEndian.Uint16(seg[16:18])
	h.Urgent = binary.BigEndian.Uint16(seg[18:20])
	h.Options, h.Padding = h.Options[:0], h.Padding[:0]
	h.Contents, h.Payload = seg[:hl], seg[hl:]
	var key flowKey
	var side uint8
	if len(src) == 4 {
		key, side = makeKey4(src, dst, uint16(h.SrcPort), uint16(h.DstPort), uint8(layers.IPProtocolTCP))
	} else {
		key, side = makeKey16(src, dst, uint16(h.SrcPort), uint16(h.DstPort), uint8(layers.IPProtocolTCP))
	}
	d.fastFrames++
	d.table.tcpKeyed(key, side, h, h.Payload, 0, ts)
	return true
}

// fastFrame locates the TCP segment of a complete Ethernet II frame,
// untagged or with one or two 802.1Q/802.1ad VLAN tags, that carries an
// IPv4 packet without options that is not a fragment, or an IPv6 packet
// without extension headers, and TCP: the segment (at least 20 bytes,
// bounded by the IP length, so Ethernet padding is dropped) and the
// source and destination addresses (4 or 16 bytes). ok is false for any
// other frame.
func fastFrame(data []byte) (seg, src, dst []byte, ok bool) {
	const eth, vlanTag, ip4, ip6 = 14, 4, 20, 40
	if len(data) < eth {
		return nil, nil, nil, false
	}
	etype, ip := binary.BigEndian.Uint16(data[12:14]), data[eth:]
	for range 2 {
		if etype != uint16(layers.EthernetTypeDot1Q) && etype != uint16(layers.EthernetTypeQinQ) || len(ip) < vlanTag {
			break
		}
		etype, ip = binary.BigEndian.Uint16(ip[2:4]), ip[vlanTag:]
	}
	switch etype {
	case uint16(layers.EthernetTypeIPv4):
		if len(ip) < ip4 {
			return nil, nil, nil, false
		}
		total := int(binary.BigEndian.Uint16(ip[2:4]))
		if ip[0] != 0x45 || ip[9] != byte(layers.IPProtocolTCP) || binary.BigEndian.Uint16(ip[6:8])&0x3fff != 0 ||
			total < ip4+20 || total > len(ip) {
			return nil, nil, nil, false
		}
		return ip[ip4:total], ip[12:16], ip[16:20], true
	case uint16(layers.EthernetTypeIPv6):
		if len(ip) < ip6 {
			return nil, nil, nil, false
		}
		n := int(binary.BigEndian.Uint16(ip[4:6]))
		// A payload length of 0 is a jumbogram's (RFC 2675): left to gopacket.
		if ip[0]>>4 != 6 || ip[6] != byte(layers.IPProtocolTCP) || n < 20 || ip6+n > len(ip) {
			return nil, nil, nil, false
		}
		return ip[ip6 : ip6+n], ip[8:24], ip[24:40], true
	}
	return nil, nil, nil, false
}

// dispatch looks at the layers just decoded: the last TCP or UDP header
// and the IP header before it.
func (d *decoder) dispatch(err error, ts time.Time, src, dst netip.Addr) {
	last := -1
	for i := len(d.decoded) - 1; i >= 0; i-- {
		if t := d.decoded[i]; t == layers.LayerTypeTCP || t == layers.LayerTypeUDP {
			last = i
			break
		}
	}
	if last < 0 {
		// A fragment stops the decoding after its IP header.
		if n := len(d.decoded); n > 0 {
			switch d.decoded[n-1] {
			case layers.LayerTypeIPv4:
				if d.ip4.Flags&layers.IPv4MoreFragments != 0 || d.ip4.FragOffset != 0 {
					d.fragment4(ts)
					return
				}
			case layers.LayerTypeIPv6Fragment:
				d.fragment6(ts)
				return
			}
		}
		if err != nil && !isUnsupported(err) {
			d.stats.Malformed++
		} else {
			d.stats.NotIP++
		}
		return
	}
	if err != nil && !isUnsupported(err) && !d.trunc {
		// A layer after the transport header failed (e.g. a port-guessed
		// VXLAN that is not VXLAN): the transport header itself is fine.
		err = nil
	}
	// The IP header is the last IPv4/IPv6 layer before the transport.
	var ipPayload []byte
	declared := -1
	for i := last - 1; i >= 0; i-- {
		switch d.decoded[i] {
		case layers.LayerTypeIPv4:
			src, _ = netip.AddrFromSlice(d.ip4.SrcIP)
			dst, _ = netip.AddrFromSlice(d.ip4.DstIP)
			ipPayload, declared = d.ip4.Payload, int(d.ip4.Length)-len(d.ip4.Contents)
		case layers.LayerTypeIPv6:
			src, _ = netip.AddrFromSlice(d.ip6.SrcIP)
			dst, _ = netip.AddrFromSlice(d.ip6.DstIP)
			ipPayload, declared = d.ip6.Payload, int(d.ip6.Length)
			if d.ip6.HopByHop != nil {
				declared -= d.ip6.HopByHop.ActualLength
			}
		default:
			continue
		}
		break
	}
	if !src.IsValid() || !dst.IsValid() {
		d.stats.NotIP++
		return
	}
	if d.decoded[last] == layers.LayerTypeTCP {
		payload := d.tcp.Payload
		missing := 0
		// Offsets within the frame come from slice capacities: the TCP
		// header and its payload are subslices of the IP payload.
		// Only a frame cut by the snap length misses bytes: an IP length
		// beyond the frame of a complete frame is just wrong.
		if hdr := d.tcp.Contents; d.cut > 0 && ipPayload != nil && declared > 0 && len(hdr) > 0 && cap(hdr) <= cap(ipPayload) {
			end := cap(ipPayload) - cap(hdr) + len(hdr) + len(payload)
			if declared > end {
				missing = declared - end
			}
		}
		missing = min(missing, d.cut)
		d.table.tcp(src, dst, &d.tcp, payload, missing, ts)
		return
	}
	d.table.udp(netip.AddrPortFrom(src, uint16(d.udp.SrcPort)), netip.AddrPortFrom(dst, uint16(d.udp.DstPort)), d.udp.Payload, ts)
}

func isUnsupported(err error) bool {
	var u gopacket.UnsupportedLayerType
	return errors.As(err, &u)
}

// pppLayer decodes a PPP header (RFC 1661 §2): an optional HDLC-like
// address/control pair 0xff 0x03 (RFC 1662), then a one- or two-byte
// protocol field. gopacket's PPP is not a DecodingLayer.
type pppLayer struct {
	layers.BaseLayer
	proto uint16
}

func (p *pppLayer) LayerType() gopacket.LayerType  { return layers.LayerTypePPP }
func (p *pppLayer) CanDecode() gopacket.LayerClass { return layers.LayerTypePPP }
func (p *pppLayer) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	n := 0
	if len(data) >= 2 && data[0] == 0xff && data[1] == 0x03 {
		n = 2
	}
	if len(data) < n+1 {
		df.SetTruncated()
		return errors.New("ppp: short header")
	}
	if data[n]&1 == 1 { // compressed one-byte protocol field
		p.proto = uint16(data[n])
		n++
	} else {
		if len(data) < n+2 {
			df.SetTruncated()
			return errors.New("ppp: short header")
		}
		p.proto = binary.BigEndian.Uint16(data[n:])
		n += 2
	}
	p.BaseLayer = layers.BaseLayer{Contents: data[:n], Payload: data[n:]}
	return nil
}
func (p *pppLayer) NextLayerType() gopacket.LayerType {
	switch p.proto {
	case 0x0021:
		return layers.LayerTypeIPv4
	case 0x0057:
		return layers.LayerTypeIPv6
	case 0x0281:
		return layers.LayerTypeMPLS
	}
	return gopacket.LayerTypeZero
}

// pppoeLayer decodes a PPPoE session header (RFC 2516 §4): 6 bytes, then PPP.
type pppoeLayer struct {
	layers.BaseLayer
}

func (p *pppoeLayer) LayerType() gopacket.LayerType  { return layers.LayerTypePPPoE }
func (p *pppoeLayer) CanDecode() gopacket.LayerClass { return layers.LayerTypePPPoE }
func (p *pppoeLayer) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if len(data) < 6 {
		df.SetTruncated()
		return errors.New("pppoe: short header")
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	end := 6 + n
	if end > len(data) {
		df.SetTruncated()
		end = len(data)
	}
	p.BaseLayer = layers.BaseLayer{Contents: data[:6], Payload: data[6:end]}
	return nil
}
func (p *pppoeLayer) NextLayerType() gopacket.LayerType { return layers.LayerTypePPP }

// mplsLayer decodes an MPLS label stack (RFC 3032) to its bottom, then
// guesses IPv4 or IPv6 from the version nibble, as routers do.
type mplsLayer struct {
	layers.BaseLayer
	next gopacket.LayerType
}

func (m *mplsLayer) LayerType() gopacket.LayerType  { return layers.LayerTypeMPLS }
func (m *mplsLayer) CanDecode() gopacket.LayerClass { return layers.LayerTypeMPLS }
func (m *mplsLayer) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	n := 0
	for {
		if len(data) < n+4 {
			df.SetTruncated()
			return errors.New("mpls: short label stack")
		}
		bottom := data[n+2]&1 == 1
		n += 4
		if bottom {
			break
		}
	}
	m.BaseLayer = layers.BaseLayer{Contents: data[:n], Payload: data[n:]}
	m.next = gopacket.LayerTypeZero
	if len(m.Payload) > 0 {
		switch m.Payload[0] >> 4 {
		case 4:
			m.next = layers.LayerTypeIPv4
		case 6:
			m.next = layers.LayerTypeIPv6
		}
	}
	return nil
}
func (m *mplsLayer) NextLayerType() gopacket.LayerType { return m.next }
