package pcap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Limits bound the memory and work the Reader spends on one capture. A
// zero field takes its default. When a limit is hit, the flow concerned
// records a ProblemLimit (or ProblemEvicted) and reading goes on.
//
// What the Reader holds follows the bytes present, never a length field.
// A tracked TCP flow costs about 1.3 KB plus what it buffers (per
// direction at most MaxBufferedPerFlow of out-of-order data, MaxPreamble
// of preamble, one plaintext record and one message being reassembled)
// and the Messages it keeps; a QUIC flow about 5.5 KB (its Initial keys);
// protected records are never buffered. MaxMemory bounds the sum
// (docs/performance.md has the measured costs).
type Limits struct {
	// MaxFlows is the number of flows tracked at once (default 65536).
	// When a new flow would exceed it, the least recently active flow is
	// reported early with ProblemEvicted.
	MaxFlows int
	// MaxBufferedPerFlow bounds the bytes buffered per flow direction for
	// out-of-order TCP segments and preambles (default 1 MiB). When it is
	// exceeded the missing range is declared a gap.
	MaxBufferedPerFlow int
	// MaxMessageSize is the largest handshake message kept (default
	// 256 KiB); a larger one is skipped with ProblemLimit.
	MaxMessageSize int
	// MaxMessagesPerFlow bounds Flow.Messages (default 1024).
	MaxMessagesPerFlow int
	// MaxPreamble bounds the cleartext read per direction before TLS
	// starts when a STARTTLS-like preamble was recognised (default
	// 16 KiB). Without a recognised preamble a direction is given up after
	// its first 64 bytes.
	MaxPreamble int
	// IdleTimeout ends a flow after this much capture time without a
	// packet (default 5 minutes).
	IdleTimeout time.Duration
	// MaxIPFragments is the number of IPv4 and IPv6 datagrams being
	// reassembled at once (default 1024); the oldest is dropped when a new
	// one would exceed it, or when the fragments held pass a quarter of
	// the memory budget. Fragments older than 30 s of capture time are
	// dropped.
	MaxIPFragments int
	// MaxPacketSize is the most bytes taken of one packet record (default
	// 262144, tcpdump's and tshark's bound). A longer record, whatever the
	// file's snap length or block length says, is cut to it: the rest is
	// skipped unread and counted in Stats.OversizedPackets.
	MaxPacketSize int
	// MaxMemory bounds everything the Reader holds: flows, their buffers
	// and kept messages, tombstones, IPv4 fragments, the batches read
	// ahead (default 256 MiB). The Reader counts the live bytes and keeps
	// them under a third of MaxMemory, so that with the Go collector's
	// default GOGC (which lets the heap reach about 2.5 times the live
	// bytes) the process stays under MaxMemory. When the count would
	// pass it, the least recently active flows are reported early with
	// ProblemEvicted and counted in Stats.FlowsEvictedMemory, and reading
	// goes on. Measured costs: docs/performance.md.
	MaxMemory int
}

// Default limits.
const (
	DefaultMaxFlows           = 65536
	DefaultMaxBufferedPerFlow = 1 << 20
	DefaultMaxMessageSize     = 256 << 10
	DefaultMaxMessagesPerFlow = 1024
	DefaultMaxPreamble        = 16 << 10
	DefaultIdleTimeout        = 5 * time.Minute
	DefaultMaxIPFragments     = 1024
	DefaultMaxPacketSize      = 262144
	DefaultMaxMemory          = 256 << 20
)

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxFlows, DefaultMaxFlows)
	def(&l.MaxBufferedPerFlow, DefaultMaxBufferedPerFlow)
	def(&l.MaxMessageSize, DefaultMaxMessageSize)
	def(&l.MaxMessagesPerFlow, DefaultMaxMessagesPerFlow)
	def(&l.MaxPreamble, DefaultMaxPreamble)
	def(&l.MaxIPFragments, DefaultMaxIPFragments)
	def(&l.MaxPacketSize, DefaultMaxPacketSize)
	def(&l.MaxMemory, DefaultMaxMemory)
	if l.IdleTimeout <= 0 {
		l.IdleTimeout = DefaultIdleTimeout
	}
	return l
}

// Options configure a Reader.
type Options struct {
	Limits Limits
	// OnMessage, if set, is called as each handshake message completes,
	// before the flow ends. The Flow is still being filled: read it, do
	// not modify it (the one Flows yields later is the same value,
	// complete). During the call its endpoints, Transport, Protocol,
	// Preamble, First, Last and Messages are current (directions as far
	// as the roles are known yet); counters, Alerts and Problems are filled
	// in when the flow ends. The *Message points into the Flow and is
	// valid during the call; m.Raw is owned and stays valid afterwards.
	OnMessage func(f *Flow, m *Message)
	// DiscardMessages, with OnMessage set, hands every handshake message
	// to OnMessage only: Flow.Messages stays empty, MaxMessagesPerFlow
	// does not apply, and m.Raw is valid during the call only (copy what
	// you keep). Memory then no longer grows with the handshakes of the
	// flows open at once: for streaming consumers of large captures.
	// Without OnMessage it is ignored.
	DiscardMessages bool
	// OnHandshakeDone, if set, is called once per flow, as soon as its
	// handshake has completed or failed (see handshake.go): protected
	// records seen in both directions, a fatal alert, or for QUIC the
	// ServerHello. It gets a snapshot, a Flow of its own that the Reader
	// never touches again, with everything known so far and End empty;
	// Flows yields the complete flow when it ends, as always. It is
	// called in the goroutine iterating Flows, between two yields: for
	// live output of handshakes as they happen.
	OnHandshakeDone func(snapshot *Flow)
	// Keys are the key sources for decrypting the protected handshake
	// records of TLS over TCP (see Keys; docs/decryption.md). A pcapng
	// capture's Decryption Secrets Blocks are used without them.
	Keys Keys
}

// Stats are reader-level counters. Packets that cannot be decoded are
// counted here and skipped; they never stop the run.
type Stats struct {
	Packets            uint64 // packet records read
	Bytes              uint64 // captured bytes of those packets
	Malformed          uint64 // packets whose headers failed to decode
	UnsupportedLink    uint64 // packets of a link type this package does not decode
	NotIP              uint64 // packets without an IPv4/IPv6 TCP or UDP payload (ARP, ICMP, ...)
	Truncated          uint64 // packets cut short by the snap length
	IPv4Fragments      uint64 // IPv4 fragments seen
	IPv4Reassembled    uint64 // IPv4 datagrams rebuilt from fragments
	IPv4FragsDropped   uint64 // fragments dropped (limit, timeout, overlap, oversize)
	IPv6Fragments      uint64 // IPv6 fragments seen
	IPv6Reassembled    uint64 // IPv6 datagrams rebuilt from fragments
	IPv6FragsDropped   uint64 // IPv6 fragments dropped (limit, timeout, overlap, oversize)
	FlowsReported      uint64 // flows yielded by Flows
	FlowsNotTLS        uint64 // flows that ended without TLS, DTLS or QUIC being found
	FlowsEvicted       uint64 // flows evicted because of MaxFlows
	FlowsEvictedMemory uint64 // flows evicted because of MaxMemory
	FlowsExpired       uint64 // flows ended by IdleTimeout
	PacketsIgnored     uint64 // TCP/UDP packets of flows that are not TLS
	TCPSegmentsNoStart uint64 // segments dropped before a mid-flow start was found
	// OversizedPackets counts packet records longer than
	// Limits.MaxPacketSize: each was cut to it, the rest skipped unread.
	OversizedPackets uint64
	// OversizedAt is the capture offset (in the decompressed stream) of
	// the first such record or block; 0 when there was none.
	OversizedAt int64
	// SecretsBlocks counts the pcapng Decryption Secrets Blocks of type
	// TLS read, SecretsErrors their malformed key log lines (skipped).
	SecretsBlocks uint64
	SecretsErrors uint64
	// FlowsDecrypted counts the flows of which protected records were
	// decrypted, FlowsUndecryptable those with keys tried that opened
	// none (Flow.Decryption).
	FlowsDecrypted     uint64
	FlowsUndecryptable uint64
}

// ErrFormat is returned by NewReader for input that is neither pcap,
// pcapng, nor a gzip-compressed one of them.
var ErrFormat = errors.New("pcap: not a pcap or pcapng capture")

type packetSource interface {
	ZeroCopyReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// Reader reads a capture and reassembles the TLS, DTLS and QUIC handshakes
// in it. It reads its input once, forward only, and never holds the whole
// capture in memory. A Reader is not safe for concurrent use.
type Reader struct {
	env     *flowEnv     // limits, counters, pools, the queue of ended flows
	src     packetSource // pcapng
	pcap    *pcapFile    // classic pcap, framed in place by the reading goroutine (readloop.go)
	live    bool         // the input may pause between packets (see readLoop)
	dec     *decoder
	table   flowTable
	frags   fragTable
	npkt    uint64
	started bool
	ahead   [aheadRing]aheadEntry // the packets being prepared (readAhead)
	noAhead bool                  // tests: no cache prefetching ahead (cacheprefetch.go)
}

// NewReader reads the capture header from r. The format is detected by
// its magic number: pcap (microsecond or nanosecond timestamps, either
// byte order), pcapng (any number of sections and interfaces, mixed link
// types), or either of them gzip-compressed.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	at := &countingReader{r: r}
	br := bufio.NewReaderSize(at, 1<<16)
	magic, err := br.Peek(4)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("pcap: gzip: %w", err)
		}
		at = &countingReader{r: gzipErrors{zr}} // offsets in the decompressed capture
		br = bufio.NewReaderSize(at, 1<<16)
		if magic, err = br.Peek(4); err != nil {
			return nil, fmt.Errorf("%w: gzip content: %v", ErrFormat, err)
		}
	}
	rd := &Reader{env: newFlowEnv(opts), live: mayBlock(r)}
	switch m := uint32(magic[0])<<24 | uint32(magic[1])<<16 | uint32(magic[2])<<8 | uint32(magic[3]); m {
	case 0x0a0d0d0a:
		ng, err := newPcapngFile(br)
		if err != nil {
			return nil, fmt.Errorf("pcap: pcapng header: %w", err)
		}
		ng.at, ng.maxPacket = at, rd.env.lim.MaxPacketSize
		rd.src = ng
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		pr, err := newPcapFile(br)
		if err != nil {
			return nil, fmt.Errorf("pcap: pcap header: %w", err)
		}
		pr.at, pr.maxPacket = at, rd.env.lim.MaxPacketSize
		rd.pcap = pr
	default:
		return nil, fmt.Errorf("%w (magic %08x)", ErrFormat, m)
	}
	rd.table.init(rd.env)
	rd.frags.init(&rd.env.stats, &rd.env.mem, rd.env.lim.MaxIPFragments, rd.env.budget()/4)
	rd.dec = newDecoder(&rd.env.stats, &rd.table, &rd.frags)
	return rd, nil
}

// Stats returns the reader-level counters so far.
func (r *Reader) Stats() Stats { return r.env.stats }

// Flows reads the capture and yields each TLS, DTLS or QUIC flow when it
// ends: both FINs or a RST, IdleTimeout of capture time, eviction, or the
// end of the capture (then in order of last activity). Flows that never
// showed TLS, DTLS or QUIC are not yielded (see Stats.FlowsNotTLS).
//
// A read error of the capture itself (a truncated file, a block length
// past the end, a corrupt gzip stream) ends the reading: the flows in
// progress are reported with End EndEOF and then the error is yielded
// once with a nil Flow. Broken packets inside a readable capture are not
// errors: they are counted in Stats. Flows may be called only once.
func (r *Reader) Flows() iter.Seq2[*Flow, error] {
	return func(yield func(*Flow, error) bool) {
		if r.started {
			yield(nil, errors.New("pcap: Flows called twice on one Reader"))
			return
		}
		r.started = true
		pf := startReadLoop(r.pcap, r.src, r.live)
		defer pf.stop()
		var rerr error
		var b *packetBatch
		for {
			b = pf.next(b)
			r.startBatch()
			r.oversized(b)
			for i := range b.pkts {
				pkt := &b.pkts[i]
				if !r.noAhead {
					r.readAhead(b, i)
					r.hintFor(i)
				}
				if pkt.secrets {
					r.env.secretsBlock(pkt.bytes(b))
					continue
				}
				r.npkt++
				r.packet(pkt.bytes(b), pkt.time(), int(pkt.length), layers.LinkType(pkt.link))
				if !r.flush(yield) {
					return
				}
			}
			if b.err != nil {
				if b.err != io.EOF {
					rerr = fmt.Errorf("pcap: after packet %d: %w", r.npkt, b.err)
				}
				break
			}
		}
		r.table.endAll(EndEOF)
		if !r.flush(yield) {
			return
		}
		if rerr != nil {
			yield(nil, rerr)
		}
	}
}

// oversized counts the packets of b cut to Limits.MaxPacketSize.
func (r *Reader) oversized(b *packetBatch) {
	if len(b.cuts) == 0 {
		return
	}
	st := &r.env.stats
	if st.OversizedPackets == 0 {
		st.OversizedAt = b.cuts[0]
	}
	st.OversizedPackets += uint64(len(b.cuts))
}

// flush yields the flows that ended; false when the consumer stopped.
func (r *Reader) flush(yield func(*Flow, error) bool) bool {
	// By index, so that the queue keeps its backing array: slicing it
	// from the front would make every flush reallocate it.
	ended := r.env.ended
	for i := 0; i < len(ended); i++ {
		f := ended[i]
		ended[i] = nil
		if !yield(f, nil) {
			return false // the consumer stopped: nothing is read or yielded again
		}
	}
	r.env.ended = ended[:0]
	return true
}

// packet decodes one captured packet of link type link, captured at ts,
// length bytes long on the wire (data may be cut shorter by the snap
// length).
func (r *Reader) packet(data []byte, ts time.Time, length int, link layers.LinkType) {
	e := r.env
	e.stats.Packets++
	e.stats.Bytes += uint64(len(data))
	e.tsNS = unixNano(ts)
	if e.tsNS > e.nowNS || e.now.IsZero() {
		e.now, e.nowNS = ts, e.tsNS
	}
	cut := 0
	if len(data) < length {
		e.stats.Truncated++
		cut = length - len(data)
	}
	r.table.expire(e.now, e.nowNS)
	r.dec.decode(link, data, cut, ts)
}

// mayBlock reports whether reading r may wait for data to arrive: false
// for a regular file and for in-memory readers, true for anything else
// (a pipe, stdin, a socket, an unknown io.Reader).
func mayBlock(r io.Reader) bool {
	switch r := r.(type) {
	case *bytes.Reader, *bytes.Buffer, *strings.Reader:
		return false
	case *os.File:
		fi, err := r.Stat()
		return err != nil || !fi.Mode().IsRegular()
	}
	return true
}

// countingReader counts the bytes read through it. Under a bufio.Reader,
// n minus the bytes buffered is the offset of the reading position.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// gzipErrors wraps errors of the decompressor other than io.EOF. A gzip
// stream cut short returns io.ErrUnexpectedEOF, which the pcapng reader
// takes for a clean end of file when it comes at a block boundary; wrapped,
// it is reported.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}
