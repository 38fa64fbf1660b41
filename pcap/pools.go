package pcap

import "github.com/tlswire/tlswire/wire"

// bufPools keeps the buffers flows give back, for the next flows: reset
// handshake reassemblers and record buffers grown for records that spanned
// segments. Both lists are short (maxFreeReassemblers, maxFreeRecordBufs),
// so idle pools hold little.
type bufPools struct {
	raFree         []*wire.Reassembler // reset handshake reassemblers
	recFree        [][]byte            // record buffers (getRecordBuf)
	maxMessageSize int                 // Limits.MaxMessageSize of new reassemblers
}

// maxKeptRecordBuf is the largest record buffer a stream keeps between
// records; a larger one, grown for a record that spanned segments, is
// dropped once the record is handled.
const maxKeptRecordBuf = 512

// maxFreeReassemblers bounds the Reader's free list of reassemblers.
const maxFreeReassemblers = 16

// getReassembler returns a reset reassembler from the free list or a new one.
func (p *bufPools) getReassembler() *wire.Reassembler {
	if n := len(p.raFree); n > 0 {
		ra := p.raFree[n-1]
		p.raFree = p.raFree[:n-1]
		return ra
	}
	return &wire.Reassembler{MaxMessageSize: p.maxMessageSize}
}

// putReassembler resets ra and keeps it for reuse.
func (p *bufPools) putReassembler(ra *wire.Reassembler) {
	if len(p.raFree) < maxFreeReassemblers {
		ra.Reset()
		p.raFree = append(p.raFree, ra)
	}
}

// maxFreeRecordBufs bounds the Reader's free list of record buffers.
const maxFreeRecordBufs = 16

// getRecordBuf returns an empty buffer for the first n bytes of a record
// that spans segments: one from the free list when its top one is large
// enough, else one of exactly n bytes; it grows as the record's bytes
// arrive (memory follows the bytes present, never the announced length).
func (p *bufPools) getRecordBuf(n int) []byte {
	if k := len(p.recFree); k > 0 && cap(p.recFree[k-1]) >= n {
		b := p.recFree[k-1]
		p.recFree[k-1] = nil
		p.recFree = p.recFree[:k-1]
		return b
	}
	return make([]byte, 0, n)
}

// putRecordBuf keeps b, a record buffer no longer used, for reuse.
func (p *bufPools) putRecordBuf(b []byte) {
	if len(p.recFree) < maxFreeRecordBufs && cap(b) > maxKeptRecordBuf {
		p.recFree = append(p.recFree, b[:0])
	}
}
