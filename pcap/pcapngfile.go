package pcap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// pcapngFile reads a pcapng capture with the checks of gopacket's
// pcapgo.NgReader (with WantMixedLinkType and SkipUnknownVersion, as the
// Reader used it), but returns each packet in place in the bufio.Reader's
// buffer, as pcapFile does for pcap: NgReader copies every packet out of
// its bufio.Reader into a buffer of its own, and then the readLoop
// copies it again into a batch, which made reading, not decoding, the
// slower side of a large pcapng capture. gopacket remains the reference:
// every block is interpreted as NgReader interprets it, and the tests
// (pcapngfile_test.go) compare the two packet by packet on generated,
// shipped, mutated and fuzzed captures.
//
// What pcapgo reads:
//   - Section Header Blocks in either byte order, any number of them; each
//     one forgets the interfaces of the previous section. A section of a
//     version other than 1.0 is skipped up to the next Section Header.
//   - Interface Description Blocks: link type, snap length, if_tsresol
//     (a power of 10 or of 2; 0 or missing is microseconds; an exponent
//     above 63 is an error) and if_tsoffset (seconds).
//   - Enhanced Packet Blocks, obsolete Packet Blocks (2-byte interface
//     id) and Simple Packet Blocks (first interface, no timestamp,
//     captured length = original length cut to the snap length, if any).
//     The captured length is not checked against the snap length or the
//     original length.
//   - Interface Statistics Blocks and Name Resolution Blocks are checked
//     (interface id, option and record framing) and otherwise ignored;
//     every other block type is skipped by its length.
//
// The end of the input at a block boundary is io.EOF; anywhere else it is
// io.ErrUnexpectedEOF.
//
// It is stricter than pcapgo where pcapgo misreads the file: pcapgo never
// checks a block's framing, and trusts the lengths inside a block even
// when they run over its end, reading on into the trailer or the following
// blocks (and then usually failing on a length that wrapped around, but
// sometimes returning garbage as packets). Here such blocks are errors,
// wrapping errNgMalformed:
//   - a block total length below 12 or not a multiple of 4, or too short
//     for the block type's fixed fields (SHB 28, IDB 20, EPB and Packet
//     Block 32, SPB 16, ISB 24; in a skipped section, only the SHB's);
//   - a trailing block total length other than the leading one;
//   - packet data, or an option, that runs into the trailing length or
//     past it.
//
// Memory follows the bytes present, never a length field: a block that
// fits in the bufio.Reader's buffer is read in place, a longer one in
// pieces (its packet data into a slice reused from call to call).
type pcapngFile struct {
	br        *bufio.Reader
	fileOrder                 // the current section's
	ifaces    []ngInterface   // interfaces of the current section
	link      layers.LinkType // the interface link type of the packet returned last
	b         ngBlock         // the block being read
	long      []byte          // the packet data of a block longer than br's buffer
	at        *countingReader // under br: with br.Buffered(), the capture offset (nil: unknown)
	maxPacket int             // Limits.MaxPacketSize: longer packet data is cut (0: no limit)
	blockAt   int64           // the capture offset of the block being read
	cut       bool            // the packet returned last was cut to maxPacket
	dsb       bool            // the packet returned last is a Decryption Secrets Block's key log
}

// ngInterface is what a packet needs of its Interface Description Block.
type ngInterface struct {
	link       layers.LinkType
	snaplen    uint32
	resol      uint8  // if_tsresol as given (0: none)
	offset     uint64 // if_tsoffset, seconds
	secondMask uint64 // timestamp units per second
	scaleUp    uint64 // units to nanoseconds: *scaleUp/scaleDown
	scaleDown  uint64
}

// ngBlock is the block being read: its whole bytes when it fits in the
// bufio.Reader's buffer (then the reader is positioned at its start until
// end discards it), else nil (then the reader is positioned at pos).
type ngBlock struct {
	typ    uint32
	length uint32 // total length, header and trailer included
	pos    uint32 // bytes of the block read so far
	mem    []byte
}

// Block types.
const (
	ngIDB = 1          // Interface Description Block
	ngPB  = 2          // Packet Block (obsolete)
	ngSPB = 3          // Simple Packet Block
	ngNRB = 4          // Name Resolution Block
	ngISB = 5          // Interface Statistics Block
	ngEPB = 6          // Enhanced Packet Block
	ngDSB = 0x0a       // Decryption Secrets Block
	ngSHB = 0x0a0d0d0a // Section Header Block (the same in both byte orders)

	ngByteOrderMagic = 0x1a2b3c4d
	ngMinBuffer      = 32 // the smallest bufio.Reader the block reading needs
)

// errNgMalformed is wrapped by the errors for the blocks that pcapgo
// misreads (see pcapngFile).
var errNgMalformed = errors.New("pcapng: malformed block")

// newPcapngFile reads the first Section Header Block.
func newPcapngFile(br *bufio.Reader) (*pcapngFile, error) {
	if br.Size() < ngMinBuffer {
		br = bufio.NewReaderSize(br, ngMinBuffer)
	}
	p := &pcapngFile{br: br}
	h, err := br.Peek(8)
	if err != nil {
		return nil, boundaryErr(h, err)
	}
	if typ := binary.LittleEndian.Uint32(h[0:4]); typ != ngSHB {
		return nil, fmt.Errorf("pcapng: unknown magic %x", typ)
	}
	if err := p.sectionHeader(); err != nil {
		return nil, err
	}
	return p, nil
}

// boundaryErr is the error of reading a block header that returned got:
// nothing at all is the end of the capture (pcapgo also takes a bare
// io.ErrUnexpectedEOF from the underlying reader for one).
func boundaryErr(got []byte, err error) error {
	if len(got) == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return io.EOF
	}
	return unexpectedEOF(err)
}

// unexpectedEOF turns the end of the input inside a block into
// io.ErrUnexpectedEOF.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func malformed(typ uint32, format string, args ...any) error {
	return fmt.Errorf("%w: block type %#x: %s", errNgMalformed, typ, fmt.Sprintf(format, args...))
}

// ngMinLength is the smallest total length of a block of type typ that
// holds its fixed fields.
func ngMinLength(typ uint32) uint32 {
	switch typ {
	case ngSHB:
		return 28
	case ngIDB:
		return 20
	case ngEPB, ngPB:
		return 32
	case ngSPB:
		return 16
	case ngISB:
		return 24
	}
	return 12
}

// ZeroCopyReadPacketData returns the next packet; data is valid until the
// next call. ci.AncillaryData is not set: the link type of the packet's
// interface is lastLinkType.
func (p *pcapngFile) ZeroCopyReadPacketData() (data []byte, ci gopacket.CaptureInfo, err error) {
	p.cut, p.dsb = false, false
	for {
		h, err := p.br.Peek(8)
		if err != nil {
			return nil, ci, boundaryErr(h, err)
		}
		if p.at != nil {
			p.blockAt = p.at.n - int64(p.br.Buffered())
		}
		typ := p.u32(h[0:4])
		if typ == ngSHB {
			if err := p.sectionHeader(); err != nil {
				return nil, ci, err
			}
			continue
		}
		if err := p.open(typ, p.u32(h[4:8]), ngMinLength(typ)); err != nil {
			return nil, ci, err
		}
		switch typ {
		case ngEPB, ngPB, ngSPB:
			return p.packet()
		case ngDSB:
			if data, ok, err := p.secrets(); err != nil || ok {
				return data, ci, err
			}
			continue
		case ngIDB:
			err = p.interfaceDescription()
		case ngISB:
			err = p.interfaceStatistics()
		case ngNRB:
			err = p.nameResolution()
		default:
			err = p.end()
		}
		if err != nil {
			return nil, ci, err
		}
	}
}

// lastLinkType returns the link type of the interface of the packet
// returned last (see linkSource).
func (p *pcapngFile) lastLinkType() layers.LinkType { return p.link }

// lastSecrets reports whether the "packet" returned last is the key log
// of a Decryption Secrets Block (see linkSource).
func (p *pcapngFile) lastSecrets() bool { return p.dsb }

// lastCut reports whether the packet returned last was cut to maxPacket,
// and the capture offset of its block (see linkSource).
func (p *pcapngFile) lastCut() (int64, bool) { return p.blockAt, p.cut }

// open starts reading a block whose header is next in the input, after
// checking its length (at least minLength).
func (p *pcapngFile) open(typ, length, minLength uint32) error {
	if length%4 != 0 {
		return malformed(typ, "total length %d is not a multiple of 4", length)
	}
	if length < minLength {
		return malformed(typ, "total length %d is too short", length)
	}
	p.b = ngBlock{typ: typ, length: length}
	if int64(length) <= int64(p.br.Size()) {
		mem, err := p.br.Peek(int(length))
		if err != nil {
			return unexpectedEOF(err)
		}
		p.b.mem = mem
	}
	return nil
}

// inPlace returns the next n bytes of a block held whole in the
// bufio.Reader's buffer (mem), and ok; false for a block read in pieces.
func (b *ngBlock) inPlace(n uint32) ([]byte, bool) {
	if b.mem == nil {
		return nil, false
	}
	s := b.mem[b.pos : b.pos+n]
	b.pos += n
	return s, true
}

// take returns the next n bytes of the block (n <= ngMinBuffer), valid
// until the next read. The caller has checked that the block holds them.
func (p *pcapngFile) take(n uint32) ([]byte, error) {
	if s, ok := p.b.inPlace(n); ok {
		return s, nil
	}
	b := &p.b
	s, err := p.br.Peek(int(n))
	if err != nil {
		return nil, unexpectedEOF(err)
	}
	p.br.Discard(int(n))
	b.pos += n
	return s, nil
}

// skip passes over the next n bytes of the block.
func (p *pcapngFile) skip(n uint32) error {
	b := &p.b
	b.pos += n
	if b.mem != nil {
		return nil
	}
	for n > 0 {
		k := min(n, 1<<30)
		if _, err := p.br.Discard(int(k)); err != nil {
			return unexpectedEOF(err)
		}
		n -= k
	}
	return nil
}

// data returns the next n bytes of the block: in place, or read in pieces
// into p.long, so that memory follows the bytes present.
func (p *pcapngFile) data(n uint32) ([]byte, error) {
	if s, ok := p.b.inPlace(n); ok {
		return s, nil
	}
	var err error
	if p.long, err = readPieces(p.br, p.long[:0], int(n)); err != nil {
		return nil, err
	}
	p.b.pos += n
	return p.long, nil
}

// end checks the trailing length of the block and passes over the rest of
// it.
func (p *pcapngFile) end() error {
	b := &p.b
	if err := p.skip(b.length - 4 - b.pos); err != nil {
		return err
	}
	t, err := p.take(4)
	if err != nil {
		return err
	}
	if v := p.u32(t); v != b.length {
		return malformed(b.typ, "trailing total length %d, leading %d", v, b.length)
	}
	if b.mem != nil {
		p.br.Discard(int(b.length))
	}
	return nil
}

// options reads the options from the current position of the block to
// opt_endofopt, or to the trailer when opt_endofopt is missing, as
// pcapgo's readOption loop does. For an interface description block, ifc
// takes if_tsresol and if_tsoffset (the last one of each that is long
// enough, as pcapgo).
func (p *pcapngFile) options(ifc *ngInterface) error {
	b := &p.b
	for {
		// pos and length are multiples of 4 and pos <= length-4 (the
		// block length checks and those of packet data and options).
		left := b.length - 4 - b.pos
		if left == 0 {
			return nil
		}
		h, err := p.take(4)
		if err != nil {
			return err
		}
		code, olen := p.u16(h[0:2]), p.u16(h[2:4])
		if code == 0 {
			if olen != 0 {
				return errors.New("pcapng: end of options must be zero length")
			}
			return nil
		}
		n := (uint32(olen) + 3) &^ 3
		if n > left-4 {
			return malformed(b.typ, "option %d of %d bytes runs past the end of the block", code, olen)
		}
		if ifc != nil {
			switch {
			case code == 9 && olen >= 1: // if_tsresol
				v, err := p.take(1)
				if err != nil {
					return err
				}
				ifc.resol = v[0]
				n--
			case code == 14 && olen >= 8: // if_tsoffset
				v, err := p.take(8)
				if err != nil {
					return err
				}
				ifc.offset = p.u64(v)
				n -= 8
			}
		}
		if err := p.skip(n); err != nil {
			return err
		}
	}
}

// sectionHeader reads a Section Header Block, next in the input, and
// skips the sections of an unknown version that follow it (pcapgo's
// SkipUnknownVersion) up to one of version 1.0.
func (p *pcapngFile) sectionHeader() error {
	p.ifaces = p.ifaces[:0]
	for {
		h, err := p.br.Peek(12)
		if err != nil {
			return unexpectedEOF(err)
		}
		switch {
		case binary.BigEndian.Uint32(h[8:12]) == ngByteOrderMagic:
			p.big = true
		case binary.LittleEndian.Uint32(h[8:12]) == ngByteOrderMagic:
			p.big = false
		default:
			return errors.New("pcapng: wrong byte order value in section header")
		}
		if err := p.open(ngSHB, p.u32(h[4:8]), ngMinLength(ngSHB)); err != nil {
			return err
		}
		if err := p.skip(12); err != nil {
			return err
		}
		v, err := p.take(12) // major and minor version, section length
		if err != nil {
			return err
		}
		if p.u16(v[0:2]) == 1 && p.u16(v[2:4]) == 0 {
			if err := p.options(nil); err != nil {
				return err
			}
			return p.end()
		}
		if err := p.end(); err != nil {
			return err
		}
		for {
			h, err := p.br.Peek(8)
			if err != nil {
				return boundaryErr(h, err)
			}
			typ := p.u32(h[0:4])
			if typ == ngSHB {
				break
			}
			// A section of another version may lay its blocks out
			// otherwise: only the framing common to all is checked.
			if err := p.open(typ, p.u32(h[4:8]), 12); err != nil {
				return err
			}
			if err := p.end(); err != nil {
				return err
			}
		}
	}
}

// interfaceDescription reads an Interface Description Block.
func (p *pcapngFile) interfaceDescription() error {
	if err := p.skip(8); err != nil {
		return err
	}
	h, err := p.take(8)
	if err != nil {
		return err
	}
	ifc := ngInterface{link: layers.LinkType(p.u16(h[0:2])), snaplen: p.u32(h[4:8])}
	if err := p.options(&ifc); err != nil {
		return err
	}
	if err := p.end(); err != nil {
		return err
	}
	res := ifc.resol
	if res == 0 {
		res = 6
	}
	exp := res & 0x7f
	if res&0x80 != 0 {
		if exp > 63 {
			return fmt.Errorf("pcapng: timestamp resolution 2^-%d is too high", exp)
		}
		ifc.secondMask = 1 << exp
	} else {
		// 10^20 to 10^63 overflow secondMask, but pcapgo accepts them.
		if exp > 63 {
			return fmt.Errorf("pcapng: timestamp resolution 10^-%d is too high", exp)
		}
		ifc.secondMask = 1
		for range exp {
			ifc.secondMask *= 10
		}
	}
	ifc.scaleUp, ifc.scaleDown = 1, 1
	if ifc.secondMask < 1e9 {
		ifc.scaleUp = 1e9 / ifc.secondMask
	} else {
		ifc.scaleDown = ifc.secondMask / 1e9
	}
	p.ifaces = append(p.ifaces, ifc)
	return nil
}

// secrets reads a Decryption Secrets Block (pcapng §4.7): its secrets
// type, length and data. A block of TLS key log secrets (0x544c534b)
// within maxSecretsBlock is returned as a packet marked lastSecrets (ok),
// so that it reaches the Reader in order with the packets around
// it; any other (another secrets type, a length running past the block,
// a larger block) is skipped, as pcapgo skips the block type. A block
// read in pieces costs its bytes, never its length field.
func (p *pcapngFile) secrets() (data []byte, ok bool, err error) {
	b := &p.b
	if b.length < 20 {
		return nil, false, p.end()
	}
	if err := p.skip(8); err != nil {
		return nil, false, err
	}
	h, err := p.take(8)
	if err != nil {
		return nil, false, err
	}
	typ, n := p.u32(h[0:4]), p.u32(h[4:8])
	if typ != secretsTLS || n > b.length-4-b.pos || n > maxSecretsBlock {
		return nil, false, p.end()
	}
	if data, err = p.data(n); err != nil {
		return nil, false, err
	}
	if err := p.end(); err != nil {
		return nil, false, err
	}
	p.dsb, p.cut = true, false
	return data, true, nil
}

// time converts a timestamp of the interface as pcapgo does.
func (ifc *ngInterface) time(ts uint64) time.Time {
	return time.Unix(int64(ts/ifc.secondMask+ifc.offset), int64(ts%ifc.secondMask*ifc.scaleUp/ifc.scaleDown)).UTC()
}

// iface returns the interface of a packet or statistics block.
func (p *pcapngFile) iface(id uint32) (*ngInterface, error) {
	if uint64(id) >= uint64(len(p.ifaces)) {
		return nil, fmt.Errorf("pcapng: interface id %d not present in section (have only %d interfaces)", id, len(p.ifaces))
	}
	return &p.ifaces[id], nil
}

// interfaceStatistics reads an Interface Statistics Block: only its
// interface id and its options' framing matter.
func (p *pcapngFile) interfaceStatistics() error {
	if err := p.skip(8); err != nil {
		return err
	}
	h, err := p.take(12)
	if err != nil {
		return err
	}
	if _, err := p.iface(p.u32(h[0:4])); err != nil {
		return err
	}
	if err := p.options(nil); err != nil {
		return err
	}
	return p.end()
}

// nameResolution walks the records of a Name Resolution Block as pcapgo
// does, for the errors it finds there: a record is cut to what is left of
// the block, trailer included, and an address record shorter than its
// address is an error. Without nrb_record_end, pcapgo reads the trailer
// as one more record header (of a record of length 0), which is an error
// when the type it reads there is an address type.
func (p *pcapngFile) nameResolution() error {
	b := &p.b
	if err := p.skip(8); err != nil {
		return err
	}
	for b.pos < b.length-4 {
		h, err := p.take(4)
		if err != nil {
			return err
		}
		typ := p.u16(h[0:2])
		n := min(uint32(p.u16(h[2:4])), b.length-b.pos)
		if n < ngAddressLength(typ) {
			return fmt.Errorf("pcapng: name record of type %d is too short for its address", typ)
		}
		if typ == 0 { // nrb_record_end
			return p.end()
		}
		n = (n + 3) &^ 3
		if n > b.length-4-b.pos {
			// It takes in the rest of the block, trailer included.
			return p.end()
		}
		if err := p.skip(n); err != nil {
			return err
		}
	}
	// The trailer read as a record header: its type is half of the block
	// length (end checks that the trailer is the block length).
	var t [4]byte
	if p.big {
		binary.BigEndian.PutUint32(t[:], b.length)
	} else {
		binary.LittleEndian.PutUint32(t[:], b.length)
	}
	if typ := p.u16(t[0:2]); ngAddressLength(typ) > 0 {
		if err := p.end(); err != nil {
			return err
		}
		return fmt.Errorf("pcapng: name record of type %d is too short for its address", typ)
	}
	return p.end()
}

// ngAddressLength is the address length of a name record type.
func ngAddressLength(typ uint16) uint32 {
	switch typ {
	case 1: // IPv4
		return 4
	case 2: // IPv6
		return 16
	case 3: // EUI-48
		return 6
	case 4: // EUI-64
		return 8
	}
	return 0
}

// packet reads an Enhanced, Simple or obsolete Packet Block.
func (p *pcapngFile) packet() (data []byte, ci gopacket.CaptureInfo, err error) {
	b := &p.b
	if err := p.skip(8); err != nil {
		return nil, ci, err
	}
	var ifc *ngInterface
	if b.typ == ngSPB {
		h, err := p.take(4)
		if err != nil {
			return nil, ci, err
		}
		if len(p.ifaces) == 0 {
			return nil, ci, errors.New("pcapng: at least one interface is needed for a packet")
		}
		ifc = &p.ifaces[0]
		n := p.u32(h)
		ci.Length = int(n)
		if ifc.snaplen != 0 && n > ifc.snaplen {
			n = ifc.snaplen
		}
		ci.CaptureLength = int(n)
	} else {
		h, err := p.take(20)
		if err != nil {
			return nil, ci, err
		}
		id := p.u32(h[0:4])
		if b.typ == ngPB {
			id = uint32(p.u16(h[0:2]))
		}
		if ifc, err = p.iface(id); err != nil {
			return nil, ci, err
		}
		ci.InterfaceIndex = int(id)
		ci.Timestamp = ifc.time(uint64(p.u32(h[4:8]))<<32 | uint64(p.u32(h[8:12])))
		ci.CaptureLength = int(p.u32(h[12:16]))
		ci.Length = int(p.u32(h[16:20]))
	}
	n := uint32(ci.CaptureLength)
	padded := (uint64(n) + 3) &^ 3
	if padded > uint64(b.length-4-b.pos) {
		return nil, ci, malformed(b.typ, "captured length %d runs past the end of the block (total length %d)", n, b.length)
	}
	keep := n
	if p.maxPacket > 0 && n > uint32(p.maxPacket) {
		// Cut: the packet's first maxPacket bytes, the rest skipped
		// unread, so that one block never costs more than maxPacket.
		keep, p.cut = uint32(p.maxPacket), true
		ci.CaptureLength = int(keep)
		ci.Length = max(ci.Length, int(n))
	}
	if data, err = p.data(keep); err != nil {
		return nil, ci, err
	}
	if err := p.skip(uint32(padded) - keep); err != nil {
		return nil, ci, err
	}
	if b.typ == ngEPB {
		if err := p.options(nil); err != nil {
			return nil, ci, err
		}
	}
	if err := p.end(); err != nil {
		return nil, ci, err
	}
	p.link = ifc.link
	return data, ci, nil
}
