package fuzz

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"io"
	"testing"

	"golang.org/x/crypto/hkdf"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// Short names for the datagram flags of a FuzzQUICInitial input.
const (
	quicFromClient = seedroute.QUICFromClient
	quicSeal       = seedroute.QUICSeal
	quicV2         = seedroute.QUICV2
)

// quicDCID is the Destination Connection ID of the RFC 9001 Appendix A
// samples, used for every packet the target seals.
var quicDCID = []byte{0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08}

// quicDatagram is one datagram of a FuzzQUICInitial input.
type quicDatagram struct {
	flags byte
	data  []byte
}

// quicSeed encodes datagrams as a FuzzQUICInitial input.
func quicSeed(dgs ...quicDatagram) []byte {
	var b []byte
	for _, d := range dgs {
		b = seedroute.AppendQUICDatagram(b, d.flags, d.data)
	}
	return b
}

// quicSplit decodes a FuzzQUICInitial input.
func quicSplit(in []byte) []quicDatagram {
	var out []quicDatagram
	for len(in) >= 3 {
		n := min(int(in[1])<<8|int(in[2]), len(in)-3)
		out = append(out, quicDatagram{flags: in[0], data: in[3 : 3+n]})
		in = in[3+n:]
	}
	return out
}

// FuzzQUICInitial feeds the datagrams of the input to a
// pcap.QUICInitialDecoder. Properties:
//
//   - no datagram panics the decoder; an error is a *wire.Error placed
//     within the datagram;
//   - every message NextMessage returns is framed as its header says and
//     lies within QUICMaxCryptoStream, as do all the messages of one
//     direction together for each connection attempt (the stream restarts
//     after Version Negotiation and Retry); messages keep their bytes until
//     Reset even as more datagrams arrive;
//   - every message the Decoder decodes appends back to the same bytes;
//   - decoding is deterministic: a Reset decoder fed the same datagrams
//     returns the same messages.
func FuzzQUICInitial(f *testing.F) {
	addSeeds(f, seedroute.TargetQUICInitial)
	var d pcap.QUICInitialDecoder
	var md wire.Decoder
	f.Fuzz(func(t *testing.T, in []byte) {
		dgs := quicSplit(in)
		if len(dgs) > 64 {
			return
		}
		for i, dg := range dgs {
			if dg.flags&quicSeal != 0 {
				dgs[i].data = sealInitial(dg.flags, dg.data)
			}
		}
		run := func() [2][][]byte {
			d.Reset()
			var got [2][][]byte
			var kept [2][][]byte // the returned slices themselves
			for _, dg := range dgs {
				fromClient := dg.flags&quicFromClient != 0
				if err := d.HandleDatagram(dg.data, fromClient); err != nil {
					checkWireError(t, err, len(dg.data), true)
				}
				dir := 1
				if fromClient {
					dir = 0
				}
				for {
					m, ok := d.NextMessage(fromClient)
					if !ok {
						break
					}
					if len(m) < 4 || len(m) != 4+(int(m[1])<<16|int(m[2])<<8|int(m[3])) || len(m) > pcap.QUICMaxCryptoStream {
						t.Fatalf("message %x framed wrongly", m)
					}
					got[dir] = append(got[dir], append([]byte(nil), m...))
					kept[dir] = append(kept[dir], m)
					checkQUICMessage(t, &md, m)
				}
			}
			st := d.Stats()
			attempts := 1 + st.VersionNegotiation + st.Retry
			for dir := range got {
				total := 0
				for i, m := range got[dir] {
					total += len(m)
					if !bytes.Equal(kept[dir][i], m) {
						t.Fatalf("message %d changed after it was returned", i)
					}
				}
				if total > attempts*pcap.QUICMaxCryptoStream {
					t.Fatalf("%d bytes of messages in %d connection attempts", total, attempts)
				}
			}
			return got
		}
		first := run()
		second := run()
		for dir := range first {
			if len(first[dir]) != len(second[dir]) {
				t.Fatalf("second run: %d messages, first %d", len(second[dir]), len(first[dir]))
			}
			for i := range first[dir] {
				if !bytes.Equal(first[dir][i], second[dir][i]) {
					t.Fatalf("second run: message %d differs", i)
				}
			}
		}
	})
}

// checkQUICMessage decodes a message from the CRYPTO stream (TLS 1.3
// forms) and checks that it encodes back to the same bytes.
func checkQUICMessage(t *testing.T, d *wire.Decoder, m []byte) {
	t.Helper()
	d.Context = wire.Context{Version: wire.VersionTLS13}
	v, err := d.Decode(m)
	if err != nil {
		checkWireError(t, err, len(m), false)
		return
	}
	out, err := wire.AppendMessage(nil, v)
	if err != nil || !bytes.Equal(out, m) {
		t.Fatalf("%v from the CRYPTO stream re-encodes differently (%v):\n in %x\nout %x", v.Type(), err, m, out)
	}
}

// sealInitial protects frames as an Initial packet (RFC 9001 §5, RFC 9369
// §3.3) of the version and direction flags gives, keyed by quicDCID, with
// packet number 0 in one byte; PADDING is added so that the header
// protection sample exists. It is the inverse of what the decoder removes,
// written independently of pcap.
func sealInitial(flags byte, frames []byte) []byte {
	version, salt, label, typ := uint32(1), quicSaltV1, "quic ", byte(0)
	if flags&quicV2 != 0 {
		version, salt, label, typ = 0x6b3343cf, quicSaltV2, "quicv2 ", 1
	}
	initial := hkdf.Extract(sha256.New, quicDCID, salt)
	secretLabel := "server in"
	if flags&quicFromClient != 0 {
		secretLabel = "client in"
	}
	secret := expandLabel(initial, secretLabel, 32)
	key, iv, hp := expandLabel(secret, label+"key", 16), expandLabel(secret, label+"iv", 12), expandLabel(secret, label+"hp", 16)

	payload := append([]byte(nil), frames...)
	for len(payload) < 3 { // pn (1 byte) + payload >= 4 bytes before the sample
		payload = append(payload, 0)
	}
	b := []byte{0xc0 | typ<<4, byte(version >> 24), byte(version >> 16), byte(version >> 8), byte(version)}
	b = append(b, byte(len(quicDCID)))
	b = append(b, quicDCID...)
	b = append(b, 0, 0) // empty Source Connection ID, no token
	n := 1 + len(payload) + 16
	b = append(b, 0x40|byte(n>>8&0x3f), byte(n))
	pnOffset := len(b)
	b = append(b, 0) // packet number 0
	block, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(block)
	b = aead.Seal(b, iv, payload, b) // nonce = iv XOR 0
	hpBlock, _ := aes.NewCipher(hp)
	var mask [16]byte
	hpBlock.Encrypt(mask[:], b[pnOffset+4:pnOffset+20])
	b[0] ^= mask[0] & 0x0f
	b[pnOffset] ^= mask[1]
	return b
}

// Initial salts: RFC 9001 §5.2 and RFC 9369 §3.3.1.
var (
	quicSaltV1 = []byte{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
		0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a}
	quicSaltV2 = []byte{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
		0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9}
)

// expandLabel is HKDF-Expand-Label (RFC 8446 §7.1) with an empty context.
func expandLabel(secret []byte, label string, n int) []byte {
	info := []byte{byte(n >> 8), byte(n), byte(6 + len(label))}
	info = append(info, "tls13 "+label...)
	info = append(info, 0)
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.Expand(sha256.New, secret, info), out); err != nil {
		panic(err)
	}
	return out
}

// TestSealInitialDecodes checks that pcap's decoder opens what
// sealInitial protects, in both versions, and returns the RFC 9001
// Appendix A ClientHello it carries, so that the sealed packets the target
// builds reach frame parsing. (sealInitial cannot be compared with the
// RFC's protected bytes: the sample uses a 4-byte packet number 2.)
func TestSealInitialDecodes(t *testing.T) {
	frames := append(hexBytes(t, rfcClientCrypto), make([]byte, 1162-len(hexBytes(t, rfcClientCrypto)))...)
	var d pcap.QUICInitialDecoder
	for _, flags := range []byte{quicFromClient | quicSeal, quicFromClient | quicSeal | quicV2} {
		d.Reset()
		if err := d.HandleDatagram(sealInitial(flags, frames), true); err != nil {
			t.Fatalf("flags %#x: %v", flags, err)
		}
		m, ok := d.NextMessage(true)
		if !ok || !bytes.Equal(m, hexBytes(t, rfcClientCrypto)[4:]) {
			t.Fatalf("flags %#x: message %x, %v", flags, m, ok)
		}
	}
}
