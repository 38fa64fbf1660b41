package pcap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/gopacket/gopacket/layers"
)

// pcapFile reads the records of a classic pcap file (the format of
// libpcap's pcap-savefile(5)) with the same checks as pcapgo.Reader, but
// returns each packet in place in the bufio.Reader's buffer: pcapgo copies
// every packet twice more (through a bufio.Reader of its own, then into
// its packet buffer), a third of the reading time of a large capture.
type pcapFile struct {
	br *bufio.Reader
	at *countingReader // under br: with br.Buffered(), the capture offset
	// maxPacket is Limits.MaxPacketSize: a longer record is cut to it and
	// the rest skipped unread (0: no limit).
	maxPacket int
	fileOrder
	nsFactor uint32 // 1000 for microsecond timestamps, 1 for nanoseconds
	snaplen  uint32
	link     layers.LinkType
}

// pcapMaxCaptureLength is the longest record taken when the header's snap
// length is smaller (pcapgo's limit: writers such as dpkt declare a snap
// length they do not enforce).
const pcapMaxCaptureLength = 262144

func newPcapFile(br *bufio.Reader) (*pcapFile, error) {
	var h [24]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		return nil, err
	}
	p := &pcapFile{br: br}
	switch binary.LittleEndian.Uint32(h[0:4]) {
	case 0xa1b2c3d4:
		p.nsFactor = 1000
	case 0xd4c3b2a1:
		p.big, p.nsFactor = true, 1000
	case 0xa1b23c4d:
		p.nsFactor = 1
	case 0x4d3cb2a1:
		p.big, p.nsFactor = true, 1
	default:
		return nil, fmt.Errorf("unknown magic %x", h[0:4])
	}
	if v := p.u16(h[4:6]); v != 2 {
		return nil, fmt.Errorf("unknown major version %d", v)
	}
	if v := p.u16(h[6:8]); v != 4 {
		return nil, fmt.Errorf("unknown minor version %d", v)
	}
	p.snaplen = p.u32(h[16:20])
	p.link = layers.LinkType(p.u32(h[20:24]))
	return p, nil
}

// fileOrder reads the integers of a capture file in its byte order.
type fileOrder struct {
	big bool // big-endian (pcap: the whole file; pcapng: the current section)
}

func (o fileOrder) u16(b []byte) uint16 {
	if o.big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (o fileOrder) u32(b []byte) uint32 {
	if o.big {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func (o fileOrder) u64(b []byte) uint64 {
	if o.big {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}

// pcapRecordHeaderLen is the size of a record header.
const pcapRecordHeaderLen = 16

// header decodes the record header h with pcapgo.Reader's checks: the
// packet's metadata for a batch (start and end not set) and its captured
// length.
func (p *pcapFile) header(h []byte) (m batchPacket, caplen int, err error) {
	sec, frac := p.u32(h[0:4]), p.u32(h[4:8])*p.nsFactor
	// As time.Unix normalises them (the fraction may exceed a second).
	m.sec, m.nsec = int64(sec)+int64(frac/1e9), int32(frac%1e9)
	capLen, length := p.u32(h[8:12]), p.u32(h[12:16])
	if limit := max(p.snaplen, pcapMaxCaptureLength); capLen > limit {
		return m, 0, fmt.Errorf("capture length exceeds snap length: %d > %d", capLen, p.snaplen)
	}
	if capLen > length {
		return m, 0, fmt.Errorf("capture length exceeds original packet length: %d > %d", capLen, length)
	}
	m.length, m.link = length, uint16(p.link)
	return m, int(capLen), nil
}

// fill reads records into b, in place: the file is read straight into
// b.data (a bufio.Reader hands a read as large as its buffer through, so
// the kernel's copy is the only one) and each packet is a slice of it. It
// returns when b is full, or, from live input (which may pause), as soon
// as b holds a packet and nothing more is buffered; or on an error (io.EOF
// at the end of the file, io.ErrUnexpectedEOF inside a record), with the
// packets before it in b. The bytes of a record not yet complete stay in
// b.data after b.scan, for the next batch (see packetBatch.tail).
func (p *pcapFile) fill(b *packetBatch, live bool) error {
	for {
		if err := p.frame(b); err != nil {
			return err
		}
		if len(b.pkts) > 0 && (len(b.data) == cap(b.data) || live && p.br.Buffered() == 0) {
			return nil
		}
		k, err := p.br.Read(b.data[len(b.data):cap(b.data)])
		b.data = b.data[:len(b.data)+k]
		if err != nil {
			if ferr := p.frame(b); ferr != nil {
				return ferr
			}
			if err == io.EOF && b.scan < len(b.data) {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
}

// frame adds to b the packets of the complete records in b.data after
// b.scan. A record too long for a batch that starts the batch is read
// whole (see long).
func (p *pcapFile) frame(b *packetBatch) error {
	for len(b.data)-b.scan >= pcapRecordHeaderLen {
		m, n, err := p.header(b.data[b.scan : b.scan+pcapRecordHeaderLen])
		if err != nil {
			return err
		}
		start := b.scan + pcapRecordHeaderLen
		if start+n > cap(b.data) && b.scan == 0 {
			return p.long(b, m, n)
		}
		if start+n > len(b.data) {
			return nil
		}
		m.start, m.end = uint32(start), uint32(start+n)
		if p.maxPacket > 0 && n > p.maxPacket {
			// Whole in the batch (shorter than a batch): cut in place.
			m.end, m.cut = uint32(start+p.maxPacket), true
			b.cuts = append(b.cuts, p.offset(b, b.scan))
		}
		b.pkts = append(b.pkts, m)
		b.scan = start + n
	}
	return nil
}

// offset returns the capture offset of b.data[i].
func (p *pcapFile) offset(b *packetBatch, i int) int64 {
	if p.at == nil {
		return 0
	}
	return p.at.n - int64(p.br.Buffered()) - int64(len(b.data)-i)
}

// long reads a record of n bytes, longer than a batch, whose header m
// starts b.data: b becomes a batch of that one packet, in a buffer of its
// own filled in pieces, so that memory follows the bytes present, not
// the length field.
//
// A record longer than maxPacket is cut: its first maxPacket bytes are
// the packet (marked cut, its offset in b.cuts) and the rest is skipped
// unread, so that one record never costs more than maxPacket.
func (p *pcapFile) long(b *packetBatch, m batchPacket, n int) error {
	at := p.offset(b, 0)
	have := b.data[pcapRecordHeaderLen:]
	got := len(have) // bytes of the record read so far
	keep := n
	if p.maxPacket > 0 && n > p.maxPacket {
		keep, m.cut = p.maxPacket, true
		have = have[:min(len(have), keep)]
	}
	buf, err := readPieces(p.br, append([]byte(nil), have...), keep-len(have))
	if err == nil && m.cut {
		err = discard(p.br, n-max(got, keep))
	}
	if err != nil {
		b.data, b.scan = b.data[:0], 0
		return err
	}
	b.data, b.scan = buf, len(buf)
	m.start, m.end = 0, uint32(len(buf))
	if m.cut {
		b.cuts = append(b.cuts, at)
	}
	b.pkts = append(b.pkts, m)
	return nil
}

// discard skips the next n bytes of br; input that ends first is
// io.ErrUnexpectedEOF.
func discard(br *bufio.Reader, n int) error {
	if _, err := br.Discard(n); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return nil
}

// readPieces appends the next n bytes of r to buf, growing buf by at most
// 1 MiB at a time as the bytes arrive, so that memory follows the bytes
// present, never a length field. Input that ends first is
// io.ErrUnexpectedEOF.
func readPieces(r io.Reader, buf []byte, n int) ([]byte, error) {
	for end := len(buf) + n; len(buf) < end; {
		k := min(end-len(buf), 1<<20)
		buf = slices.Grow(buf, k)[:len(buf)+k]
		if _, err := io.ReadFull(r, buf[len(buf)-k:]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return buf[:len(buf)-k], err
		}
	}
	return buf, nil
}
