package pcap

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gopacket/gopacket/layers"
)

// The Reader reads the capture in a goroutine of its own, ahead of the
// flow processing: reading (system calls, gzip, pcap/pcapng framing) and
// decoding (flow table, TCP, TLS) then run on two cores. Packets travel in
// batches, readBatches of them at most (a classic pcap is read into a
// batch and framed in place; pcapng packets are copied in), so the reading goroutine
// holds readBatches*(batchBytes+batchSlack) (1.25 MiB) whatever
// the capture's size (a packet larger than that has a batch of its own,
// filled as its bytes arrive, and dropped after use).
// The order of packets, and so everything the Reader reports, is the same
// as reading them one by one.
//
// A batch is handed over when it is full, or, from live input (a pipe,
// stdin), as soon as the decoding side has nothing else to do: a live
// capture (tcpdump -w - | ...) is decoded as its packets arrive, not when
// a batch happens to fill.
//
// When the two sides go at about the same speed, one of them often waits
// for the other for a moment. Waking a goroutine that went to sleep takes
// tens to hundreds of microseconds on a virtual machine, more than a
// batch takes: so a side that must wait first polls for up to spinWait,
// yielding its core to other goroutines between polls, and only then
// sleeps.
const (
	readBatches  = 4
	batchBytes   = 256 << 10 // a batch is full past this many packet bytes
	batchSlack   = 64 << 10  // room for the packet that crosses batchBytes
	batchPackets = 4096      // or this many packets
	spinWait     = 100 * time.Microsecond
)

// packetBatch is a run of consecutive packets: their bytes back to back
// in data, their metadata in pkts, and the read error that followed the
// last one (io.EOF at the end of the capture), if any.
type packetBatch struct {
	data []byte
	pkts []batchPacket
	err  error
	scan int // classic pcap: the end of the last record framed in data
	// cuts are the capture offsets of the packets marked cut, in order.
	cuts []int64
}

// tail returns the bytes read after the last framed record and drops them
// from b (classic pcap: the start of a record the next batch completes).
// It appends them to buf.
func (b *packetBatch) tail(buf []byte) []byte {
	buf = append(buf[:0], b.data[b.scan:]...)
	b.data = b.data[:b.scan]
	return buf
}

// batchPacket is one packet of a batch: 32 bytes without pointers, so a
// batch's metadata stays small and the garbage collector skips it.
type batchPacket struct {
	sec    int64  // capture time: Unix seconds
	nsec   int32  // and nanoseconds
	start  uint32 // the packet's bytes are packetBatch.data[start:end]
	end    uint32
	length uint32 // the packet's original length (data may be cut by the snap length)
	link   uint16 // the link type: the file's (pcap) or the interface's (pcapng)
	// cut: the record was longer than Limits.MaxPacketSize; data holds
	// its first MaxPacketSize bytes, the rest was skipped unread.
	cut bool
	// secrets: not a packet but the key log of a pcapng Decryption
	// Secrets Block, which the Reader adds to its keys in order.
	secrets bool
}

// bytes returns the packet's bytes in b.
func (p *batchPacket) bytes(b *packetBatch) []byte { return b.data[p.start:p.end] }

// time returns the packet's capture time (UTC, as every source gives it).
func (b *batchPacket) time() time.Time { return time.Unix(b.sec, int64(b.nsec)).UTC() }

func (b *packetBatch) full() bool {
	return len(b.data) >= batchBytes || len(b.pkts) >= batchPackets
}

func (b *packetBatch) reset() {
	if b.data == nil || cap(b.data) > batchBytes+batchSlack {
		// New, or grown for a packet longer than a batch: a batch
		// keeps no more than its usual size between uses.
		b.data = make([]byte, 0, batchBytes+batchSlack)
	}
	b.data, b.pkts, b.err, b.scan, b.cuts = b.data[:0], b.pkts[:0], nil, 0, b.cuts[:0]
}

// readLoop is the reading goroutine and the batches it shares with the
// decoding side. Every field below mu is guarded by it.
//
// When the input is a regular file (plain or gzip-compressed), a read
// never waits for packets to arrive: the batch being filled belongs to the
// reading goroutine alone, which takes the lock only to hand over a full
// batch. Other input (a pipe, stdin, a socket) may pause for any time:
// then the batch being filled is shared, packet by packet, so that the
// decoding side can take what was read as soon as it runs out of work.
type readLoop struct {
	src   packetSource
	links linkSource // src, when its packets have link types of their own (pcapng)
	cutAt int64      // the capture offset of the packet read last, when cut
	live  bool       // the input may block between packets (not a regular file)
	// shared: the batch being filled (cur) is shared packet by packet
	// with the decoding side, which may take it (run, for live pcapng).
	shared bool

	// changes counts the changes of the state below that a waiting side
	// may wait for; it is written with mu held and polled without it.
	changes atomic.Uint64

	mu          sync.Mutex
	cond        sync.Cond      // a sleeping side has something to look at
	cur         *packetBatch   // being filled; nil once the source ended
	ready       []*packetBatch // full batches, oldest first
	free        []*packetBatch
	readerWaits bool // the reading goroutine sleeps, waiting for a free batch
	userWaits   bool // the decoding side sleeps, waiting for packets
	stopped     bool
}

// changed records a change of the shared state and wakes the side
// sleeping for it; mu is held.
func (p *readLoop) changed(wake bool) {
	p.changes.Add(1)
	if wake {
		p.cond.Broadcast()
	}
}

// wait waits for the next change of the shared state; mu is held on entry
// and on return, and *sleeping is set while it sleeps. It polls for up to
// spinWait first (see the comment above readBatches).
func (p *readLoop) wait(sleeping *bool) {
	seen := p.changes.Load()
	p.mu.Unlock()
	for deadline := time.Now().Add(spinWait); time.Now().Before(deadline); {
		if p.changes.Load() != seen {
			p.mu.Lock()
			return
		}
		runtime.Gosched()
	}
	p.mu.Lock()
	if p.changes.Load() != seen {
		return
	}
	*sleeping = true
	p.cond.Wait()
	*sleeping = false
}

// linkSource is implemented by a packetSource whose packets each have a
// link type of their own (pcapngFile: that of the packet's interface). It
// tells the link type of the packet it returned last, so that the link
// type needs no CaptureInfo.AncillaryData, which boxes it for every packet,
// whether that packet was cut to Limits.MaxPacketSize, with the
// capture offset of its block, and whether it is a Decryption Secrets
// Block's key log rather than a packet.
type linkSource interface {
	lastLinkType() layers.LinkType
	lastCut() (at int64, cut bool)
	lastSecrets() bool
}

// startReadLoop starts reading: classic pcap records from pf, framed in
// place (runPcap), or else packets from src.
func startReadLoop(pf *pcapFile, src packetSource, live bool) *readLoop {
	p := &readLoop{src: src, live: live}
	p.links, _ = src.(linkSource)
	p.cond.L = &p.mu
	for range readBatches {
		p.free = append(p.free, &packetBatch{})
	}
	p.cur = p.takeFree()
	switch {
	case pf != nil:
		go p.runPcap(pf)
	case live:
		p.shared = true
		go p.run()
	default:
		go p.runFile()
	}
	return p
}

// runPcap reads a classic pcap into batches framed in place (pcapFile.fill),
// each handed over as fill returns it. Live input is handed over as it
// comes, so the decoding side never needs to take a batch being filled.
func (p *readLoop) runPcap(pf *pcapFile) {
	p.mu.Lock()
	b := p.cur
	p.mu.Unlock()
	var carry []byte
	for b != nil {
		err := pf.fill(b, p.live)
		if err == nil {
			carry = b.tail(carry)
		}
		if b = p.handOver(b, err); b != nil {
			b.data = append(b.data, carry...)
		}
	}
}

// read returns the next packet of the source and its metadata for a batch.
func (p *readLoop) read() ([]byte, batchPacket, error) {
	data, ci, err := p.src.ZeroCopyReadPacketData()
	if err != nil {
		return nil, batchPacket{}, err
	}
	var link layers.LinkType
	m := batchPacket{sec: ci.Timestamp.Unix(), nsec: int32(ci.Timestamp.Nanosecond()), length: uint32(max(ci.Length, len(data)))}
	if p.links != nil {
		link = p.links.lastLinkType()
		p.cutAt, m.cut = p.links.lastCut()
		m.secrets = p.links.lastSecrets()
	}
	m.link = uint16(link)
	return data, m, nil
}

// add appends a packet to b.
func (p *readLoop) add(b *packetBatch, data []byte, m batchPacket) {
	if m.cut {
		b.cuts = append(b.cuts, p.cutAt)
	}
	m.start = uint32(len(b.data))
	b.data = append(b.data, data...)
	m.end = uint32(len(b.data))
	b.pkts = append(b.pkts, m)
}

// runFile reads a source that never blocks into batches that only this
// goroutine touches until they are handed over full.
func (p *readLoop) runFile() {
	p.mu.Lock()
	b := p.cur
	p.mu.Unlock()
	for b != nil {
		data, m, err := p.read()
		if err == nil {
			p.add(b, data, m)
			if !b.full() {
				continue
			}
		}
		b = p.handOver(b, err)
	}
}

// handOver queues b, which ended with err (nil: more follows), for the
// decoding side, and returns the batch to fill next, once one is free;
// nil when reading ends (err set, or stop called).
func (p *readLoop) handOver(b *packetBatch, err error) *packetBatch {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.handOverLocked(b, err)
}

// handOverLocked is handOver with mu held.
func (p *readLoop) handOverLocked(b *packetBatch, err error) *packetBatch {
	if p.stopped {
		return nil
	}
	b.err = err
	p.ready = append(p.ready, b)
	p.changed(p.userWaits)
	if err != nil {
		p.cur = nil
		return nil
	}
	for len(p.free) == 0 && !p.stopped {
		p.wait(&p.readerWaits)
	}
	if p.stopped {
		return nil
	}
	p.cur = p.takeFree()
	return p.cur
}

// takeFree returns a reset free batch; there must be one.
func (p *readLoop) takeFree() *packetBatch {
	b := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	b.reset()
	return b
}

// run reads packets from live input into the current batch, shared with
// the decoding side, until the source fails or ends, or stop is called.
func (p *readLoop) run() {
	for {
		data, m, err := p.read()
		p.mu.Lock()
		if p.stopped {
			p.mu.Unlock()
			return
		}
		b := p.cur
		if err == nil {
			p.add(b, data, m)
			if !b.full() {
				p.changed(p.userWaits) // a packet the decoding side may take
				p.mu.Unlock()
				continue
			}
		}
		next := p.handOverLocked(b, err)
		p.mu.Unlock()
		if next == nil {
			return
		}
	}
}

// next returns the next batch of packets, after taking back done (the
// batch the caller finished, or nil). It waits while nothing was read;
// a batch with err set is the last one.
func (p *readLoop) next(done *packetBatch) *packetBatch {
	p.mu.Lock()
	defer p.mu.Unlock()
	if done != nil {
		p.free = append(p.free, done)
		p.changed(p.readerWaits)
	}
	for {
		if len(p.ready) > 0 {
			b := p.ready[0]
			n := copy(p.ready, p.ready[1:])
			p.ready[n] = nil
			p.ready = p.ready[:n]
			return b
		}
		// Nothing full yet: from live pcapng input, take what the reader
		// has, and let it go on in a free batch (the caller holds none
		// now, so one is free).
		if p.shared && p.cur != nil && len(p.cur.pkts) > 0 && len(p.free) > 0 {
			b := p.cur
			p.cur = p.takeFree()
			return b
		}
		p.wait(&p.userWaits)
	}
}

// stop ends the reading goroutine once its current read returns; what it
// read is dropped.
func (p *readLoop) stop() {
	p.mu.Lock()
	p.stopped = true
	p.changed(true)
	p.mu.Unlock()
}
