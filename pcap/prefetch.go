package pcap

import (
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// The Reader reads the capture in a goroutine of its own, ahead of the
// flow processing: reading (system calls, gzip, pcap/pcapng framing) and
// decoding (flow table, TCP, TLS) then run on two cores. Packets travel in
// batches of copies, prefetchBatches of them at most, so the read-ahead
// holds prefetchBatches*(prefetchBytes+prefetchSlack) (768 KiB) whatever
// the capture's size (a packet larger than the slack grows its batch). The order of packets, and so everything the Reader reports, is the
// same as reading them one by one.
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

// prefetcher runs the reading goroutine.
type prefetcher struct {
	src  packetSource
	ng   bool
	full chan *packetBatch // batches read, in order
	free chan *packetBatch // batches consumed, for reuse
	done chan struct{}     // closed when the consumer stops early
}

func startPrefetch(src packetSource, ng bool) *prefetcher {
	p := &prefetcher{
		src:  src,
		ng:   ng,
		full: make(chan *packetBatch, prefetchBatches),
		free: make(chan *packetBatch, prefetchBatches),
		done: make(chan struct{}),
	}
	for range prefetchBatches {
		p.free <- &packetBatch{}
	}
	go p.run()
	return p
}

// run fills free batches until the source fails or ends. full has room
// for every batch, so sending never blocks; only waiting for a free batch
// does, and stop ends that wait.
func (p *prefetcher) run() {
	for {
		var b *packetBatch
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		if b.data == nil {
			b.data = make([]byte, 0, prefetchBytes+prefetchSlack)
		}
		b.data, b.pkts, b.err = b.data[:0], b.pkts[:0], nil
		for len(b.data) < prefetchBytes && len(b.pkts) < prefetchPackets {
			data, ci, err := p.src.ZeroCopyReadPacketData()
			if err != nil {
				b.err = err
				break
			}
			var link layers.LinkType
			if p.ng && len(ci.AncillaryData) > 0 {
				if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					link = lt
				}
			}
			ci.AncillaryData = nil
			b.data = append(b.data, data...)
			b.pkts = append(b.pkts, batchPacket{end: len(b.data), ci: ci, link: link})
		}
		p.full <- b
		if b.err != nil {
			return
		}
	}
}

// stop ends the goroutine once its current read returns; batches already
// read are dropped.
func (p *prefetcher) stop() { close(p.done) }
