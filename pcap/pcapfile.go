package pcap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// pcapFile reads the records of a classic pcap file (the format of
// libpcap's pcap-savefile(5)) with the same checks as pcapgo.Reader, but
// returns each packet in place in the bufio.Reader's buffer: pcapgo copies
// every packet twice more (through a bufio.Reader of its own, then into
// its packet buffer), a third of the reading time of a large capture.
type pcapFile struct {
	br       *bufio.Reader
	big      bool   // big-endian header fields
	nsFactor uint32 // 1000 for microsecond timestamps, 1 for nanoseconds
	snaplen  uint32
	link     layers.LinkType
	long     []byte // a record longer than br's buffer
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

func (p *pcapFile) u16(b []byte) uint16 {
	if p.big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (p *pcapFile) u32(b []byte) uint32 {
	if p.big {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

// ZeroCopyReadPacketData returns the next packet; data is valid until the
// next call. A file that ends inside a record is io.ErrUnexpectedEOF.
func (p *pcapFile) ZeroCopyReadPacketData() (data []byte, ci gopacket.CaptureInfo, err error) {
	h, err := p.br.Peek(16)
	if err != nil {
		if len(h) > 0 && err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, ci, err
	}
	ci.Timestamp = time.Unix(int64(p.u32(h[0:4])), int64(p.u32(h[4:8])*p.nsFactor)).UTC()
	ci.CaptureLength = int(p.u32(h[8:12]))
	ci.Length = int(p.u32(h[12:16]))
	if _, err := p.br.Discard(16); err != nil {
		return nil, ci, err
	}
	if limit := max(p.snaplen, pcapMaxCaptureLength); uint64(ci.CaptureLength) > uint64(limit) {
		return nil, ci, fmt.Errorf("capture length exceeds snap length: %d > %d", ci.CaptureLength, p.snaplen)
	}
	if ci.CaptureLength > ci.Length {
		return nil, ci, fmt.Errorf("capture length exceeds original packet length: %d > %d", ci.CaptureLength, ci.Length)
	}
	n := ci.CaptureLength
	if n <= p.br.Size() {
		data, err = p.br.Peek(n)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, ci, err
		}
		_, err = p.br.Discard(n)
		return data, ci, err
	}
	// A record longer than the buffer: read it in pieces, so that memory
	// follows the bytes present, not the length field.
	p.long = p.long[:0]
	for len(p.long) < n {
		k := min(n-len(p.long), 1<<20)
		p.long = slices.Grow(p.long, k)[:len(p.long)+k]
		if _, err := io.ReadFull(p.br, p.long[len(p.long)-k:]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, ci, err
		}
	}
	return p.long, ci, nil
}
