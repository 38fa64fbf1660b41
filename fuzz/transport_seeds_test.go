package fuzz

import (
	"bytes"
	"fmt"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// flight is the plaintext handshake messages one side sent.
type flight struct {
	origin string
	msgs   [][]byte
}

// transportSeeds builds the seeds of the record-layer targets that
// recorded TLS conversations do not give: DTLS datagrams, SSL 2.0
// hellos and QUIC Initial datagrams. flights are TLS 1.2 flights to
// re-frame as DTLS.
func transportSeeds(t *testing.T, flights []flight) []seed {
	var out []seed
	add := func(target, origin string, data []byte) {
		out = append(out, seed{Target: target, Data: data, Origin: origin})
	}

	// DTLS: captured datagrams (fuzz/vectors_test.go) with the CID length
	// their peer negotiated, and TLS 1.2 flights re-framed as DTLS 1.2.
	add(seedroute.TargetDTLS, "vector: dtls10ClientHello", seedroute.DTLSSeed(0, hexBytes(t, dtls10ClientHello)))
	add(seedroute.TargetDTLS, "vector: dtls10ServerFlight", seedroute.DTLSSeed(0, hexBytes(t, dtls10ServerFlight)))
	add(seedroute.TargetDTLS, "vector: dtls13ClientCID", seedroute.DTLSSeed(17, hexBytes(t, dtls13ClientCID)))
	add(seedroute.TargetDTLS, "vector: dtls13ServerCID", seedroute.DTLSSeed(16, hexBytes(t, dtls13ServerCID)))
	add(seedroute.TargetDTLS, "vector: dtls13Epoch3", seedroute.DTLSSeed(17, hexBytes(t, dtls13Epoch3)))
	add(seedroute.TargetDTLS, "constructed: tls12_cid record with a 4-byte CID (from wire FuzzDTLSRecords)",
		seedroute.DTLSSeed(4, []byte{25, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4, 0, 1, 0xaa, 0x2c, 1, 2, 3, 4, 9, 1}))
	for _, f := range flights {
		for _, order := range []string{"in order", "reversed, duplicated"} {
			add(seedroute.TargetDTLS, fmt.Sprintf("constructed: %s as DTLS 1.2, 400-byte fragments %s", f.origin, order),
				seedroute.DTLSSeed(0, dtlsFlight(f.msgs, 400, order != "in order")))
		}
	}

	// SSL 2.0 compatible ClientHello records.
	add(seedroute.TargetSSLv2, "vector: sslv2Capture", hexBytes(t, sslv2Capture))
	add(seedroute.TargetSSLv2, "constructed: minimal hello (from wire FuzzUnmarshalSSLv2)",
		[]byte{0x80, 0x0b, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x80})
	v2 := wire.ClientHello{LegacyVersion: wire.VersionTLS12, SSLv2: true, SSLv2CipherSpecs: []uint32{0x00c02b, 0x0700c0, 0x00002f, 0x0000ff}, CipherSuites: []uint16{0xc02b, 0x002f, 0x00ff},
		SessionID: bytes.Repeat([]byte{'s'}, 16), Random: bytes.Repeat([]byte{'c'}, 32)}
	rec, err := wire.AppendSSLv2Record(nil, &v2)
	if err != nil {
		t.Fatalf("SSLv2 seed: %v", err)
	}
	add(seedroute.TargetSSLv2, "constructed: TLS 1.2 hello with a session ID and an SSL 2.0-only spec", rec)

	// QUIC Initial datagrams: the RFC samples as sent, and their frames
	// sealed by the target (quicSeal) in other arrangements.
	c1, s1 := quicDatagram{quicFromClient, hexBytes(t, rfc9001Client)}, quicDatagram{0, hexBytes(t, rfc9001Server)}
	c2, s2 := quicDatagram{quicFromClient, hexBytes(t, rfc9369Client)}, quicDatagram{0, hexBytes(t, rfc9369Server)}
	crypto := hexBytes(t, rfcClientCrypto)
	hello := crypto[4:] // the ClientHello inside the CRYPTO frame
	sealed := func(flags byte, frames []byte) quicDatagram { return quicDatagram{flags | quicSeal, frames} }
	add(seedroute.TargetQUICInitial, "vector: RFC 9001 A.2 client Initial", quicSeed(c1))
	add(seedroute.TargetQUICInitial, "vector: RFC 9001 A.2 client and A.3 server Initials", quicSeed(c1, s1))
	add(seedroute.TargetQUICInitial, "vector: RFC 9369 A.2 client and A.3 server Initials", quicSeed(c2, s2))
	add(seedroute.TargetQUICInitial, "constructed: RFC 9001 client CRYPTO frame, sealed", quicSeed(sealed(quicFromClient, crypto)))
	add(seedroute.TargetQUICInitial, "constructed: RFC 9001 client and server frames sealed as QUIC v2, then the RFC 9369 client Initial again",
		quicSeed(sealed(quicFromClient|quicV2, crypto), sealed(quicV2, hexBytes(t, rfcServerPayload)), c2))
	add(seedroute.TargetQUICInitial, "constructed: RFC 9001 client then server payload, sealed",
		quicSeed(sealed(quicFromClient, crypto), sealed(0, hexBytes(t, rfcServerPayload))))
	half := len(hello) / 2
	add(seedroute.TargetQUICInitial, "constructed: ClientHello in two CRYPTO frames, second half first",
		quicSeed(sealed(quicFromClient, quicCrypto(half, hello[half:])), sealed(quicFromClient, quicCrypto(0, hello[:half]))))
	add(seedroute.TargetQUICInitial, "constructed: CONNECTION_CLOSE frame (from pcap FuzzQUICDecoder)",
		quicSeed(sealed(quicFromClient, []byte{0x1c, 0x41, 0x2a, 0x06, 0x05, 'o', 'o', 'p', 's', '!'})))
	add(seedroute.TargetQUICInitial, "constructed: PING, ACK with ECN counts, PADDING",
		quicSeed(sealed(quicFromClient, []byte{0x01, 0x03, 0x05, 0x00, 0x01, 0x02, 0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00})))
	return out
}

// quicCrypto is a CRYPTO frame (RFC 9000 §19.6) at offset off, with
// 2-byte varint offset and length.
func quicCrypto(off int, data []byte) []byte {
	b := []byte{0x06, 0x40 | byte(off>>8), byte(off), 0x40 | byte(len(data)>>8), byte(len(data))}
	return append(b, data...)
}

// dtlsFlight re-frames TLS handshake messages as a DTLS 1.2 flight (RFC
// 6347 §4.2.2): consecutive message_seq, fragments of at most frag bytes,
// one fragment per record, records back to back. With shuffle, the
// fragments are written in reverse order and the first one twice.
func dtlsFlight(msgs [][]byte, frag int, shuffle bool) []byte {
	var frags [][]byte
	for i, m := range msgs {
		body := m[4:]
		for off := 0; off == 0 || off < len(body); off += frag {
			n := min(frag, len(body)-off)
			h := wire.DTLSHandshakeHeader{MsgType: wire.HandshakeType(m[0]), Length: uint32(len(body)), MessageSeq: uint16(i),
				FragmentOffset: uint32(off), FragmentLength: uint32(n)}
			b, err := wire.AppendDTLSHandshake(nil, h, body[off:off+n])
			if err != nil {
				panic(err)
			}
			frags = append(frags, b)
		}
	}
	if shuffle {
		for i, j := 0, len(frags)-1; i < j; i, j = i+1, j-1 {
			frags[i], frags[j] = frags[j], frags[i]
		}
		frags = append(frags, frags[0])
	}
	var out []byte
	for i, f := range frags {
		r := wire.DTLSRecord{ContentType: wire.ContentHandshake, Version: wire.VersionDTLS12, SequenceNumber: uint64(i), Payload: f}
		var err error
		if out, err = r.Append(out); err != nil {
			panic(err)
		}
	}
	return out
}

// genericExtensionBodies are small bodies of the shapes TLS extensions are
// made of (RFC 8446 §3 vectors of the common element types).
var genericExtensionBodies = [][]byte{
	{},                                  // empty
	{1},                                 // uint8
	{0, 1},                              // uint16
	{0, 0, 0, 1},                        // uint32
	{2, 1, 2},                           // opaque<1..2^8-1>
	{4, 0, 1, 0, 2},                     // uint16<2..2^8-2>
	{0, 3, 'a', 'b', 'c'},               // opaque<1..2^16-1>
	{0, 4, 0, 1, 0, 2},                  // uint16<2..2^16-2>
	{0, 4, 3, 'a', 'b', 'c'},            // opaque<1..2^8-1><2..2^16-1>
	{0, 5, 0, 3, 'a', 'b', 'c'},         // opaque<1..2^16-1><2..2^16-1>
	{0, 6, 0, 0, 3, 'a', 'b', 'c'},      // (uint8, opaque<1..2^16-1>)<1..2^16-1>
	{0, 6, 0, 1, 0, 2, 'a', 'b'},        // (uint16, opaque<1..2^16-1>)<1..2^16-1>
	{1, 0, 0, 0, 0},                     // uint8, two empty uint16-prefixed vectors
	{0, 1, 0, 2, 0, 2, 'a', 'b'},        // uint16, uint16, opaque<0..2^16-1>
	{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0},   // QUIC transport parameters (varints)
	{0x01, 0x02, 0x40, 0x64},            // one QUIC transport parameter
	{0, 2, 0, 1, 0, 4, 0, 0, 0, 0},      // uint16 list, then a uint16-prefixed vector
	{3, 1, 2, 3},                        // uint8<1..2^8-1>
	{0, 0, 0x1d, 0, 0, 1, 0, 0, 0, 0},   // cipher suite, config id, enc, payload (ECH-like)
	{0, 0, 1, 0, 1, 0, 1, 0, 1, 0x41},   // ECH outer: type, suite, config_id, enc<0..>, payload<1..>
	{0, 0, 6, 0, 4, 'a', 'b', 'c', 'd'}, // uint16-prefixed list of uint16-prefixed names
	{0, 2, 0, 1, 0},                     // uint16<2..2^16-1>, opaque<0..255> (use_srtp)
	{0, 5, 2, 0x55, 0x1d, 0, 0},         // (opaque<1..2^8-1>, opaque<0..2^16-1>)<0..2^16-1> (oid_filters)
	{1, 0x70, 0, 1, 0x71, 0, 0, 0, 60},  // opaque<0..2^8-1>, opaque<0..2^16-1>, uint32 (ticket_pinning)
	{0x13, 0x01, 0, 0x1d, 0, 1, 0x42, 0, 1, 0xd1, 0, 1, 0xe5}, // suite, KeyShareEntry, two opaque<0..2^16-1> (ESNI)
	bytes.Repeat([]byte{0x4e}, 16),                            // opaque[16] (the ESNI nonce)
}

// genericExtensionSeeds gives every typed extension, in every message
// context, the first generic body that decodes there (and round-trips),
// so that the extension target starts from a valid form of every typed
// extension, including those no recorded handshake carries. It returns
// the seeds and the typed extension types no generic body decodes as.
func genericExtensionSeeds() (out []seed, unreached []wire.ExtensionType) {
	for _, info := range wire.ExtensionTypes() {
		if !wire.IsTypedExtension(info.Type) {
			continue
		}
		found := false
		for in := wire.InClientHello; in <= wire.InNewSessionTicket; in++ {
			for _, body := range genericExtensionBodies {
				v := wire.NewExtensionBody(info.Type)
				if v.Unmarshal(body, in) != nil {
					continue
				}
				if enc, err := v.Append(nil); err != nil || !bytes.Equal(enc, body) {
					continue
				}
				out = append(out, seed{Target: seedroute.TargetExtension, Data: seedroute.ExtensionSeed(in, info.Type, body),
					Origin: fmt.Sprintf("constructed: generic body %x as %s in %s", body, info.Name, in)})
				found = true
				break
			}
		}
		if !found {
			unreached = append(unreached, info.Type)
		}
	}
	return out, unreached
}
