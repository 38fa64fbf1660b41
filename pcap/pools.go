package pcap

import "github.com/tlswire/tlswire/wire"

// maxKeptRecordBuf is the largest record buffer a stream keeps between
// records; a larger one, grown for a record that spanned segments, is
// dropped once the record is handled.
const maxKeptRecordBuf = 512

// maxFreeReassemblers bounds the Reader's free list of reassemblers.
const maxFreeReassemblers = 16

// getReassembler returns a reset reassembler from the free list or a new one.
func (r *Reader) getReassembler() *wire.Reassembler {
	if n := len(r.raFree); n > 0 {
		ra := r.raFree[n-1]
		r.raFree = r.raFree[:n-1]
		return ra
	}
	return &wire.Reassembler{MaxMessageSize: r.lim.MaxMessageSize}
}

// putReassembler resets ra and keeps it for reuse.
func (r *Reader) putReassembler(ra *wire.Reassembler) {
	if len(r.raFree) < maxFreeReassemblers {
		ra.Reset()
		r.raFree = append(r.raFree, ra)
	}
}

// maxFreeRecordBufs bounds the Reader's free list of record buffers.
const maxFreeRecordBufs = 16

// getRecordBuf returns an empty buffer for a record of n bytes that spans
// segments: one from the Reader's free list when its top one is large
// enough, else one of exactly n bytes (memory follows the record lengths
// of the flows in progress, never more).
func (r *Reader) getRecordBuf(n int) []byte {
	if k := len(r.recFree); k > 0 && cap(r.recFree[k-1]) >= n {
		b := r.recFree[k-1]
		r.recFree[k-1] = nil
		r.recFree = r.recFree[:k-1]
		return b
	}
	return make([]byte, 0, n)
}

// putRecordBuf keeps b, a record buffer no longer used, for reuse.
func (r *Reader) putRecordBuf(b []byte) {
	if len(r.recFree) < maxFreeRecordBufs && cap(b) > maxKeptRecordBuf {
		r.recFree = append(r.recFree, b[:0])
	}
}
