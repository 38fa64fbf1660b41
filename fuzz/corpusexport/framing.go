package corpusexport

import (
	"github.com/tlswire/tlswire/wire"
)

// maxFragment is the largest record payload written (RFC 8446 §5.1).
const maxFragment = 1 << 14

// dtlsFragment is the largest DTLS handshake fragment written: a message
// is split as a stack does for a 1280-byte path MTU, so that the fuzzer
// also reassembles.
const dtlsFragment = 1200

// TLSRecords frames handshake messages (4-byte headers) as the plaintext
// handshake records a peer sends: messages packed into records of at most
// 2^14 bytes, with the record version given.
func TLSRecords(version uint16, msgs [][]byte) []byte {
	var payload, out []byte
	for _, m := range msgs {
		payload = append(payload, m...)
	}
	for len(payload) > 0 {
		n := min(len(payload), maxFragment)
		r := wire.Record{ContentType: wire.ContentHandshake, LegacyVersion: version, Payload: payload[:n]}
		out, _ = r.Append(out) // a payload within 2^14 always encodes
		payload = payload[n:]
	}
	return out
}

// DTLSDatagrams frames handshake messages (4-byte TLS headers) as the
// epoch-0 DTLS datagrams a peer sends: one record per datagram, messages
// numbered from firstSeq and split into fragments of at most 1200 bytes,
// record sequence numbers from 0.
func DTLSDatagrams(version uint16, firstSeq uint16, msgs [][]byte) [][]byte {
	var out [][]byte
	var recSeq uint64
	for i, m := range msgs {
		if len(m) < 4 || len(m)-4 > 0xffffff {
			continue
		}
		body := m[4:]
		h := wire.DTLSHandshakeHeader{MsgType: wire.HandshakeType(m[0]), Length: uint32(len(body)), MessageSeq: firstSeq + uint16(i)}
		for off := 0; off == 0 || off < len(body); {
			n := min(len(body)-off, dtlsFragment)
			h.FragmentOffset, h.FragmentLength = uint32(off), uint32(n)
			frag, _ := wire.AppendDTLSHandshake(nil, h, body[off:off+n]) // lengths agree by construction
			r := wire.DTLSRecord{ContentType: wire.ContentHandshake, Version: version, SequenceNumber: recSeq, Payload: frag}
			dg, _ := r.Append(nil)
			out = append(out, dg)
			recSeq++
			off += n
			if n == 0 {
				break
			}
		}
	}
	return out
}

// appendU24 appends n as a 24-bit big-endian length.
func appendU24(b []byte, n int) []byte {
	return append(b, byte(n>>16), byte(n>>8), byte(n))
}
