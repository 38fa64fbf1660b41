package pcap

import (
	"sync"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// The Reader reads the capture in a goroutine of its own, ahead of the
// flow processing: reading (system calls, gzip, pcap/pcapng framing) and
// decoding (flow table, TCP, TLS) then run on two cores. Packets travel in
// batches of copies, prefetchBatches of them at most, so the read-ahead
// holds prefetchBatches*(prefetchBytes+prefetchSlack) (768 KiB) whatever
// the capture's size (a packet larger than the slack grows its batch).
// The order of packets, and so everything the Reader reports, is the same
// as reading them one by one.
//
// A batch is handed over when it is full, or as soon as the decoding side
// has nothing else to do: a live capture (tcpdump -w - | ...) is decoded
// as its packets arrive, not when a batch happens to fill.
const (
	prefetchBatches = 4
	prefetchBytes   = 128 << 10 // a batch is full past this many packet bytes
	prefetchSlack   = 64 << 10  // room for the packet that crosses prefetchBytes
	prefetchPackets = 2048      // or this many packets
)

// packetBatch is a run of consecutive packets: their bytes back to back
// in data, their metadata in pkts, and the read error that followed the
// last one (io.EOF at the end of the capture), if any.
type packetBatch struct {
	data []byte
	pkts []batchPacket
	err  error
}

// batchPacket is one packet of a batch.
type batchPacket struct {
	end  int // end of the packet's bytes in packetBatch.data
	ci   gopacket.CaptureInfo
	link layers.LinkType // pcapng: the interface's link type (0: not given)
}

func (b *packetBatch) full() bool {
	return len(b.data) >= prefetchBytes || len(b.pkts) >= prefetchPackets
}

func (b *packetBatch) reset() {
	if b.data == nil {
		b.data = make([]byte, 0, prefetchBytes+prefetchSlack)
	}
	b.data, b.pkts, b.err = b.data[:0], b.pkts[:0], nil
}

// prefetcher is the reading goroutine and the batches it shares with the
// decoding side. Every field below mu is guarded by it.
type prefetcher struct {
	src packetSource
	ng  bool

	mu          sync.Mutex
	cond        sync.Cond      // a waiting side has something to look at
	cur         *packetBatch   // being filled; nil once the source ended
	ready       []*packetBatch // full batches, oldest first
	free        []*packetBatch
	readerWaits bool // the reading goroutine waits for a free batch
	userWaits   bool // the decoding side waits for packets
	stopped     bool
}

func startPrefetch(src packetSource, ng bool) *prefetcher {
	p := &prefetcher{src: src, ng: ng}
	p.cond.L = &p.mu
	for range prefetchBatches {
		p.free = append(p.free, &packetBatch{})
	}
	p.cur = p.takeFree()
	go p.run()
	return p
}

// takeFree returns a reset free batch; there must be one.
func (p *prefetcher) takeFree() *packetBatch {
	b := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	b.reset()
	return b
}

// run reads packets into the current batch until the source fails or
// ends, or stop is called.
func (p *prefetcher) run() {
	for {
		data, ci, err := p.src.ZeroCopyReadPacketData()
		var link layers.LinkType
		if err == nil && p.ng && len(ci.AncillaryData) > 0 {
			if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
				link = lt
			}
		}
		ci.AncillaryData = nil
		p.mu.Lock()
		if p.stopped {
			p.mu.Unlock()
			return
		}
		b := p.cur
		if err != nil {
			b.err = err
			p.ready = append(p.ready, b)
			p.cur = nil
			p.cond.Broadcast()
			p.mu.Unlock()
			return
		}
		b.data = append(b.data, data...)
		b.pkts = append(b.pkts, batchPacket{end: len(b.data), ci: ci, link: link})
		if b.full() {
			p.ready = append(p.ready, b)
			for len(p.free) == 0 && !p.stopped {
				p.readerWaits = true
				p.cond.Wait()
				p.readerWaits = false
			}
			if p.stopped {
				p.mu.Unlock()
				return
			}
			p.cur = p.takeFree()
		}
		if p.userWaits {
			p.cond.Broadcast()
		}
		p.mu.Unlock()
	}
}

// next returns the next batch of packets, after taking back done (the
// batch the caller finished, or nil). It waits while nothing was read;
// a batch with err set is the last one.
func (p *prefetcher) next(done *packetBatch) *packetBatch {
	p.mu.Lock()
	defer p.mu.Unlock()
	if done != nil {
		p.free = append(p.free, done)
		if p.readerWaits {
			p.cond.Broadcast()
		}
	}
	for {
		if len(p.ready) > 0 {
			b := p.ready[0]
			n := copy(p.ready, p.ready[1:])
			p.ready[n] = nil
			p.ready = p.ready[:n]
			return b
		}
		// Nothing full yet: take what the reader has, and let it go on
		// in a free batch (the caller holds none now, so one is free).
		if p.cur != nil && len(p.cur.pkts) > 0 && len(p.free) > 0 {
			b := p.cur
			p.cur = p.takeFree()
			return b
		}
		p.userWaits = true
		p.cond.Wait()
		p.userWaits = false
	}
}

// stop ends the reading goroutine once its current read returns; what it
// read is dropped.
func (p *prefetcher) stop() {
	p.mu.Lock()
	p.stopped = true
	p.cond.Broadcast()
	p.mu.Unlock()
}
