// Package capgen writes large synthetic TLS captures for benchmarks: many
// interleaved TCP connections over Ethernet/IPv4, each replaying a real
// handshake recorded by internal/tlsgen (TLS 1.3 and 1.2, with
// certificates) followed by synthetic application data records, then
// closed by FIN. Writing streams: memory is proportional to the number of
// flows (about 100 bytes each), never to the size of the capture.
//
// The layout (which flow sends which packet when, addresses, ports,
// initial sequence numbers, record sizes) is a pure function of Config and
// of the handshakes' lengths. The handshakes are recorded once per process
// by crypto/tls, so their content (keys, signatures) differs between
// processes, and their lengths by a few bytes (ECDSA signatures): two
// processes write captures of the same structure, not the same bytes.
package capgen

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// Config describes a capture.
type Config struct {
	// Size is the approximate size of the capture file in bytes; the
	// application data of each flow is scaled to reach it.
	Size int64
	// Flows is the number of TCP connections.
	Flows int
	// Format is "pcap" (the default) or "pcapng".
	Format string
	// Open is the number of connections open at once (default 2,000, at
	// most Flows): a new one starts when one ends, so that Flows
	// connections interleave over the whole capture. Open = Flows starts
	// them all in the first part of the capture and keeps them all open
	// until near its end: the worst case for a reader's memory.
	Open int
	// Seed selects the layout; 0 is a valid seed.
	Seed uint64
	// Resume makes a third of the flows full TLS 1.2 handshakes that issue
	// a session ticket and a third resumptions with the ticket of one of
	// them (resume.go); the rest replay the usual templates.
	Resume bool
	// KeyLog, if set, receives the key log of every flow (keylog.go).
	KeyLog io.Writer
}

// DefaultOpen is the default Config.Open.
const DefaultOpen = 2000

// Stats describe a written capture.
type Stats struct {
	Bytes          int64 // bytes written
	Packets        int64
	Flows          int
	HandshakeBytes int64 // frame bytes (with pcap record headers) of the replayed handshakes
	AppRecords     int64 // synthetic application_data records
	AppBytes       int64 // payload bytes of those records (after their 5-byte headers)
}

// MSS is the TCP payload size of full segments.
const MSS = 1460

// Template is a recorded TLS conversation: the writes of both sides up to
// and including the application data the scenario exchanged, without the
// closing alerts.
type Template struct {
	Name   string
	TLS13  bool
	Writes []tlsgen.Write

	patches []ticketPatch // where the ticket bytes become the flow's (resume.go)
	random  []byte        // the first ClientHello's random
	keys    []keyLine     // the key log crypto/tls wrote for the connection
	appData bool          // the writes end with real application data
}

type tlsgenWrite = tlsgen.Write

// templateScenarios are the tlsgen scenarios replayed.
var templateScenarios = []string{
	"tls13-default", "tls13-alpn-rsa", "tls13-client-auth", "tls12-ecdhe-ecdsa", "tls12-ecdhe-rsa-alpn",
}

var (
	tmplOnce sync.Once
	tmpls    []Template
	tmplErr  error
)

// Templates returns the handshakes the generator replays, recorded on
// first use.
func Templates() ([]Template, error) {
	tmplOnce.Do(func() { tmpls, tmplErr = record() })
	return tmpls, tmplErr
}

func record() ([]Template, error) {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, name := range templateScenarios {
		for _, s := range ss {
			if s.Name != name {
				continue
			}
			var log bytes.Buffer
			s.Client = s.Client.Clone()
			s.Client.KeyLogWriter = &log
			c, err := tlsgen.Run(s)
			if err != nil {
				return nil, fmt.Errorf("capgen: scenario %s: %w", name, err)
			}
			random, err := clientRandom(c.Writes)
			if err != nil {
				return nil, err
			}
			keys, err := parseKeyLog(log.Bytes(), random)
			if err != nil {
				return nil, fmt.Errorf("capgen: scenario %s: %w", name, err)
			}
			w := c.Writes
			// Drop the trailing close_notify alerts (one short
			// protected record each): the flow closes after the
			// synthetic data instead.
			for len(w) > 0 && isCloseNotify(w[len(w)-1].Data) {
				w = w[:len(w)-1]
			}
			out = append(out, Template{Name: name, TLS13: c.State.Version == 0x0304, Writes: w, random: random, keys: keys, appData: len(s.AppData) > 0})
		}
	}
	if len(out) != len(templateScenarios) {
		return nil, errors.New("capgen: missing tlsgen scenarios")
	}
	return out, nil
}

// isCloseNotify reports whether b is a single protected record too short
// to be anything but an encrypted alert (2 bytes of plaintext plus at most
// 1 content-type byte, an 8-byte explicit nonce and a 16-byte tag).
func isCloseNotify(b []byte) bool {
	if len(b) < 5 || (b[0] != 21 && b[0] != 23) || b[1] != 3 {
		return false
	}
	n := int(b[3])<<8 | int(b[4])
	return len(b) == 5+n && n <= 2+1+8+16
}

// Frame layout: Ethernet II, IPv4 without options, TCP without options.
const (
	ethLen   = 14
	ipLen    = 20
	tcpLen   = 20
	hdrLen   = ethLen + ipLen + tcpLen
	maxFrame = hdrLen + MSS
)

// TCP flags.
const (
	flFIN = 0x01
	flSYN = 0x02
	flPSH = 0x08
	flACK = 0x10
)

// Synthetic application data: full records carry 16 KiB of plaintext plus
// the AEAD expansion (RFC 8446 §5.2: content type byte and 16-byte tag;
// TLS 1.2 GCM: 8-byte explicit nonce and tag).
const (
	maxPlain = 1 << 14
	randLen  = 1 << 16
)

// flow is the generator's state for one connection.
type flow struct {
	tmpl       *Template
	cli, srv   [4]byte
	cport      uint16
	seq        [2]uint32 // next sequence number per side (0 client, 1 server)
	step       int       // index in the script: SYN, SYN-ACK, ACK, writes, exchanges, FIN...
	off        int       // offset in the current write
	unacked    [2]int    // data segments of a side not yet acknowledged
	pendingAck int8      // side that owes a pure ACK, or -1
	exchanges  int       // request/response pairs after the template
	resumes    int       // Config.Resume: the flow whose ticket this one offers
	respLen    int       // bytes of each response (records included)
	reqLen     int       // bytes of each request (one record)
	ipid       uint16
	random     []byte // with Config.KeyLog, a TLS 1.3 flow's own ClientHello random
}

// script steps.
const (
	stepSYN = iota
	stepSYNACK
	stepACK
	stepData // template writes, then exchanges
)

// Write writes a capture described by cfg to w.
func Write(w io.Writer, cfg Config) (Stats, error) {
	if cfg.Flows <= 0 || cfg.Size <= 0 {
		return Stats{}, errors.New("capgen: Flows and Size must be positive")
	}
	if cfg.Flows > 1<<24 {
		return Stats{}, errors.New("capgen: at most 2^24 flows")
	}
	ng := false
	switch cfg.Format {
	case "", "pcap":
	case "pcapng":
		ng = true
	default:
		return Stats{}, fmt.Errorf("capgen: unknown format %q", cfg.Format)
	}
	tmpls, err := Templates()
	if err != nil {
		return Stats{}, err
	}
	g := newGen(w, ng, cfg, tmpls)
	if cfg.Resume {
		if g.resume, err = resumeTemplates(); err != nil {
			return Stats{}, err
		}
	}
	g.plan()
	return g.run()
}

type gen struct {
	bw      *bufio.Writer
	ng      bool
	cfg     Config
	tmpls   []Template
	rng     *rand.Rand
	flows   []flow
	active  []int32 // indexes of started, unfinished flows
	started int
	ts      time.Time
	frame   [maxFrame + 32]byte
	random  []byte
	resume  [2]Template // Config.Resume: the issuing and the resuming template
	patch   []byte      // a segment with ticket bytes written in
	st      Stats
	logged  map[*Template]bool // TLS 1.2 templates whose key log line was written
	keyBuf  []byte             // key log lines of a flow
	seg     []byte             // a client segment with the flow's ClientHello random
	err     error
}

func newGen(w io.Writer, ng bool, cfg Config, tmpls []Template) *gen {
	g := &gen{
		bw:     bufio.NewWriterSize(w, 1<<20),
		ng:     ng,
		cfg:    cfg,
		tmpls:  tmpls,
		rng:    rand.New(rand.NewPCG(cfg.Seed, 0x7c41b2)),
		ts:     time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		logged: map[*Template]bool{},
	}
	g.random = make([]byte, randLen+maxFrame)
	for i := 0; i+8 <= len(g.random); i += 8 {
		binary.LittleEndian.PutUint64(g.random[i:], g.rng.Uint64())
	}
	return g
}

// frameBytes is the capture size of a frame carrying n payload bytes.
func (g *gen) frameBytes(n int) int64 {
	if g.ng {
		return int64(28 + (hdrLen+n+3)&^3 + 4)
	}
	return int64(16 + hdrLen + n)
}

// dataFrames is the capture size of a stream of n bytes sent as MSS
// segments, with a pure ACK from the peer for every second segment.
func (g *gen) dataFrames(n int) int64 {
	segs := (n + MSS - 1) / MSS
	return int64(n) + int64(segs)*g.frameBytes(0) + int64(segs/2)*g.frameBytes(0)
}

// plan draws each flow's template, addresses and data sizes, scaling the
// application data so that the capture reaches cfg.Size.
func (g *gen) plan() {
	n := g.cfg.Flows
	g.flows = make([]flow, n)
	weights := make([]float64, n)
	var fixed int64 = 24
	if g.ng {
		fixed = 28 + 20 // SHB and IDB
	}
	cost := func(t *Template) int64 {
		var c int64
		for _, w := range t.Writes {
			c += g.dataFrames(len(w.Data))
		}
		return c
	}
	// With a key log, only templates whose handshake is followed by real
	// application data: a reader decrypts up to the first application
	// record of each direction, and the synthetic ones do not decrypt.
	var eligible []int
	for i := range g.tmpls {
		if g.cfg.KeyLog == nil || g.tmpls[i].appData {
			eligible = append(eligible, i)
		}
	}
	var wsum float64
	for i := range g.flows {
		f := &g.flows[i]
		t := eligible[g.rng.IntN(len(eligible))]
		f.tmpl = &g.tmpls[t]
		if g.cfg.Resume {
			g.assignResume(i, f)
		}
		f.cli = [4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}
		f.srv = [4]byte{192, 0, 2, byte(1 + g.rng.IntN(200))}
		f.cport = uint16(32768 + g.rng.IntN(28000))
		f.seq = [2]uint32{g.rng.Uint32(), g.rng.Uint32()}
		f.pendingAck = -1
		f.exchanges = 1 + g.rng.IntN(4)
		f.reqLen = 5 + 200 + g.rng.IntN(600)
		weights[i] = 0.25 + 1.5*g.rng.Float64()
		wsum += weights[i]
		// SYN, SYN-ACK, ACK, 2 FINs, last ACK; the template; requests.
		c := cost(f.tmpl)
		fixed += 6*g.frameBytes(0) + c + int64(f.exchanges)*g.dataFrames(f.reqLen)
		g.st.HandshakeBytes += c
	}
	budget := max(g.cfg.Size-fixed, 0)
	for i := range g.flows {
		f := &g.flows[i]
		// Frame bytes for this flow's responses, back to stream bytes.
		share := float64(budget) * weights[i] / wsum / float64(f.exchanges)
		per := float64(MSS) / float64(g.dataFrames(MSS*2)/2)
		f.respLen = max(int(share*per), 64)
		// The last record carries at least one byte of plaintext.
		full := 5 + maxPlain + f.expand()
		if rem := f.respLen % full; rem > 0 && rem < 5+f.expand()+1 {
			f.respLen += 5 + f.expand() + 1 - rem
		}
	}
}

func (g *gen) run() (Stats, error) {
	g.header()
	open := g.cfg.Open
	if open <= 0 {
		open = DefaultOpen
	}
	open = min(open, g.cfg.Flows)
	// While fewer than open flows are open, a new one starts on average
	// every startEvery packets (with Open = Flows, the starts spread over
	// the first third of the capture).
	perFlow := max(g.cfg.Size/int64(g.cfg.Flows)/int64(maxFrame), 1)
	startEvery := max(int(perFlow/3), 1)
	g.active = make([]int32, 0, open)
	for g.err == nil && (g.started < len(g.flows) || len(g.active) > 0) {
		if g.started < len(g.flows) && len(g.active) < open && (len(g.active) == 0 || g.rng.IntN(startEvery) == 0) {
			g.active = append(g.active, int32(g.started))
			g.writeKeys(&g.flows[g.started], g.started)
			g.started++
		}
		k := g.rng.IntN(len(g.active))
		if !g.next(&g.flows[g.active[k]]) {
			g.active[k] = g.active[len(g.active)-1]
			g.active = g.active[:len(g.active)-1]
		}
	}
	if g.err == nil {
		g.err = g.bw.Flush()
	}
	g.st.Flows = g.started
	return g.st, g.err
}

// next emits the flow's next packet; false when the flow is finished.
func (g *gen) next(f *flow) bool {
	if f.pendingAck >= 0 {
		s := uint8(f.pendingAck)
		f.pendingAck = -1
		g.emit(f, s, flACK, nil, 0)
		return true
	}
	nw := len(f.tmpl.Writes)
	switch {
	case f.step == stepSYN:
		g.emit(f, 0, flSYN, nil, 0)
		f.seq[0]++
	case f.step == stepSYNACK:
		g.emit(f, 1, flSYN|flACK, nil, 0)
		f.seq[1]++
	case f.step == stepACK:
		g.emit(f, 0, flACK, nil, 0)
	case f.step < stepData+nw:
		w := &f.tmpl.Writes[f.step-stepData]
		side := uint8(1)
		if w.ClientToServer {
			side = 0
		}
		n := min(MSS, len(w.Data)-f.off)
		p := w.Data[f.off : f.off+n]
		if len(f.tmpl.patches) > 0 {
			p = g.patched(f, f.index(), f.step-stepData, f.off, p)
		}
		if side == 0 {
			p = g.clientPayload(f, p)
		}
		g.data(f, side, p)
		f.off += n
		if f.off < len(w.Data) {
			return true
		}
	case f.step < stepData+nw+2*f.exchanges:
		k := f.step - stepData - nw
		total := f.reqLen
		if k&1 == 1 {
			total = f.respLen
		}
		f.off += g.records(f, total, f.off)
		if f.off < total {
			return true
		}
	case f.step == stepData+nw+2*f.exchanges:
		g.emit(f, 0, flFIN|flACK, nil, 0)
		f.seq[0]++
	case f.step == stepData+nw+2*f.exchanges+1:
		g.emit(f, 1, flFIN|flACK, nil, 0)
		f.seq[1]++
	case f.step == stepData+nw+2*f.exchanges+2:
		g.emit(f, 0, flACK, nil, 0)
	default:
		return false
	}
	f.step++
	f.off = 0
	return true
}

// data emits one data segment from side and schedules the peer's ACK.
func (g *gen) data(f *flow, side uint8, payload []byte) {
	g.emit(f, side, flACK|flPSH, payload, 0)
	f.seq[side] += uint32(len(payload))
	f.unacked[side]++
	if f.unacked[side] == 2 {
		f.unacked[side] = 0
		f.pendingAck = int8(1 - side)
	}
}

// expand is the ciphertext expansion of the flow's records.
func (f *flow) expand() int {
	if f.tmpl.TLS13 {
		return 1 + 16
	}
	return 8 + 16
}

// records emits the next segment of a synthetic message of total bytes of
// application_data records, starting at byte off of the message, and
// returns the number of message bytes it carried. The message is full
// records then one shorter record; header bytes are computed from the
// offset, bodies are slices of a random block.
func (g *gen) records(f *flow, total, off int) int {
	side := uint8((f.step - stepData - len(f.tmpl.Writes)) & 1) // requests from the client, responses from the server
	full := 5 + maxPlain + f.expand()
	n := min(MSS, total-off)
	p := g.frame[hdrLen : hdrLen+n]
	for i := 0; i < n; {
		pos := (off + i) % full
		recStart := off + i - pos
		recLen := min(full, total-recStart) // bytes of this record with its header
		if pos < 5 {
			bodyLen := recLen - 5
			hdr := [5]byte{23, 3, 3, byte(bodyLen >> 8), byte(bodyLen)}
			k := copy(p[i:], hdr[pos:])
			i += k
			if pos+k == 5 {
				g.st.AppRecords++
				g.st.AppBytes += int64(bodyLen)
			}
			continue
		}
		k := min(recLen-pos, n-i)
		r := (recStart*7 + pos) & (randLen - 1)
		copy(p[i:i+k], g.random[r:r+k])
		i += k
	}
	g.emit(f, side, flACK|flPSH, nil, n)
	f.seq[side] += uint32(n)
	f.unacked[side]++
	if f.unacked[side] == 2 {
		f.unacked[side] = 0
		f.pendingAck = int8(1 - side)
	}
	return n
}

// header writes the file header: pcap (microseconds, LINKTYPE_ETHERNET),
// or a pcapng Section Header Block and Interface Description Block.
func (g *gen) header() {
	var b []byte
	if g.ng {
		b = binary.LittleEndian.AppendUint32(b, 0x0a0d0d0a)
		b = binary.LittleEndian.AppendUint32(b, 28)
		b = binary.LittleEndian.AppendUint32(b, 0x1a2b3c4d)
		b = binary.LittleEndian.AppendUint16(b, 1)
		b = binary.LittleEndian.AppendUint16(b, 0)
		b = binary.LittleEndian.AppendUint64(b, ^uint64(0)) // section length unknown
		b = binary.LittleEndian.AppendUint32(b, 28)
		b = binary.LittleEndian.AppendUint32(b, 1) // IDB
		b = binary.LittleEndian.AppendUint32(b, 20)
		b = binary.LittleEndian.AppendUint16(b, 1) // LINKTYPE_ETHERNET
		b = binary.LittleEndian.AppendUint16(b, 0)
		b = binary.LittleEndian.AppendUint32(b, 65535)
		b = binary.LittleEndian.AppendUint32(b, 20)
	} else {
		b = binary.LittleEndian.AppendUint32(b, 0xa1b2c3d4)
		b = binary.LittleEndian.AppendUint16(b, 2)
		b = binary.LittleEndian.AppendUint16(b, 4)
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint32(b, 65535)
		b = binary.LittleEndian.AppendUint32(b, 1)
	}
	g.write(b)
}

func (g *gen) write(b []byte) {
	if g.err != nil {
		return
	}
	_, g.err = g.bw.Write(b)
	g.st.Bytes += int64(len(b))
}

// emit writes one frame from side. The payload is either payload or, when
// payload is nil, the n bytes already placed in g.frame after the headers.
func (g *gen) emit(f *flow, side uint8, flags byte, payload []byte, n int) {
	if payload != nil {
		n = copy(g.frame[hdrLen:], payload)
	}
	fr := g.frame[:hdrLen+n]
	src, dst := f.cli, f.srv
	sport, dport := f.cport, uint16(443)
	if side == 1 {
		src, dst, sport, dport = dst, src, dport, sport
	}
	// Ethernet: locally administered MACs derived from the IPs.
	copy(fr[0:6], []byte{0x02, 0, dst[0], dst[1], dst[2], dst[3]})
	copy(fr[6:12], []byte{0x02, 0, src[0], src[1], src[2], src[3]})
	fr[12], fr[13] = 0x08, 0x00
	ip := fr[ethLen : ethLen+ipLen]
	ip[0], ip[1] = 0x45, 0
	binary.BigEndian.PutUint16(ip[2:], uint16(ipLen+tcpLen+n))
	f.ipid++
	binary.BigEndian.PutUint16(ip[4:], f.ipid)
	ip[6], ip[7] = 0x40, 0 // DF
	ip[8], ip[9] = 64, 6
	ip[10], ip[11] = 0, 0
	copy(ip[12:16], src[:])
	copy(ip[16:20], dst[:])
	binary.BigEndian.PutUint16(ip[10:], ipChecksum(ip))
	tcp := fr[ethLen+ipLen : hdrLen]
	binary.BigEndian.PutUint16(tcp[0:], sport)
	binary.BigEndian.PutUint16(tcp[2:], dport)
	binary.BigEndian.PutUint32(tcp[4:], f.seq[side])
	ack := uint32(0)
	if flags&flACK != 0 {
		ack = f.seq[1-side]
	}
	binary.BigEndian.PutUint32(tcp[8:], ack)
	tcp[12], tcp[13] = tcpLen/4<<4, flags
	binary.BigEndian.PutUint16(tcp[14:], 64240)
	// Checksum left zero, as in captures taken with checksum offload;
	// urgent pointer zero.
	tcp[16], tcp[17], tcp[18], tcp[19] = 0, 0, 0, 0

	g.ts = g.ts.Add(time.Duration(1+g.rng.IntN(8)) * time.Microsecond)
	var rh [28]byte
	if g.ng {
		total := 28 + (len(fr)+3)&^3 + 4
		us := uint64(g.ts.UnixMicro())
		binary.LittleEndian.PutUint32(rh[0:], 6) // Enhanced Packet Block
		binary.LittleEndian.PutUint32(rh[4:], uint32(total))
		binary.LittleEndian.PutUint32(rh[8:], 0)
		binary.LittleEndian.PutUint32(rh[12:], uint32(us>>32))
		binary.LittleEndian.PutUint32(rh[16:], uint32(us))
		binary.LittleEndian.PutUint32(rh[20:], uint32(len(fr)))
		binary.LittleEndian.PutUint32(rh[24:], uint32(len(fr)))
		g.write(rh[:28])
		g.write(fr)
		var pad [8]byte
		p := (4 - len(fr)&3) & 3
		binary.LittleEndian.PutUint32(pad[p:], uint32(total))
		g.write(pad[:p+4])
	} else {
		binary.LittleEndian.PutUint32(rh[0:], uint32(g.ts.Unix()))
		binary.LittleEndian.PutUint32(rh[4:], uint32(g.ts.Nanosecond()/1000))
		binary.LittleEndian.PutUint32(rh[8:], uint32(len(fr)))
		binary.LittleEndian.PutUint32(rh[12:], uint32(len(fr)))
		g.write(rh[:16])
		g.write(fr)
	}
	g.st.Packets++
}

// ipChecksum is the IPv4 header checksum (RFC 791) of a header whose
// checksum field is zero.
func ipChecksum(h []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(h); i += 2 {
		s += uint32(h[i])<<8 | uint32(h[i+1])
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}
