package decrypt

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// chromeCapture is a public capture of Chrome talking to Cloudflare over
// TCP and QUIC, with the browser's key log in a pcapng Decryption Secrets
// Block (../shared/captures/README.md).
const chromeCapture = "../../shared/captures/foxio-ja4/pcap/chrome-cloudflare-quic-with-secrets.pcapng"

// captureKeyLog returns the payloads of the TLS Decryption Secrets Blocks
// of a little-endian pcapng file, concatenated: the secrets type and
// length follow the block header (pcapng §4.7, secrets type 0x544c534b).
func captureKeyLog(t *testing.T, raw []byte) []byte {
	var log []byte
	for b := raw; len(b) >= 16; {
		n := binary.LittleEndian.Uint32(b[4:])
		if n < 12 || int(n) > len(b) {
			t.Fatal("bad pcapng block")
		}
		if binary.LittleEndian.Uint32(b) == 0x0a && binary.LittleEndian.Uint32(b[8:]) == 0x544c534b {
			log = append(log, b[16:16+binary.LittleEndian.Uint32(b[12:])]...)
		}
		b = b[n:]
	}
	if len(log) == 0 {
		t.Fatal("no Decryption Secrets Block")
	}
	return log
}

// quicVarint reads a QUIC variable-length integer (RFC 9000 §16).
func quicVarint(b []byte) (uint64, int) {
	if len(b) == 0 {
		return 0, 0
	}
	n := 1 << (b[0] >> 6)
	if len(b) < n {
		return 0, 0
	}
	v := uint64(b[0] & 0x3f)
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n
}

// TestCaptureQUIC decrypts the QUIC connection of real captures (Chrome
// and Cloudflare; a QUIC v2 client with 0-RTT and a greased fixed bit)
// with the key log in them: every Initial, Handshake and 1-RTT packet of
// both directions opens, and the server's first Handshake packet starts
// its flight with EncryptedExtensions.
func TestCaptureQUIC(t *testing.T) {
	forCaptures(t, testQUICCapture, chromeCapture, quicV2Capture)
}

// forCaptures runs test on each capture that is present, as a subtest
// named after the file; absent ones are skipped.
func forCaptures(t *testing.T, test func(*testing.T, []byte), paths ...string) {
	for _, path := range paths {
		t.Run(path[strings.LastIndexByte(path, '/')+1:], func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Skipf("capture not present: %v", err)
			}
			test(t, raw)
		})
	}
}

// quicV2Capture is a public capture of a QUIC version 2 connection with
// its key log in a Decryption Secrets Block.
const quicV2Capture = "../../shared/captures/ndpi/pcap/quic-v2.pcapng"

func testQUICCapture(t *testing.T, raw []byte) {
	r, err := pcapgo.NewNgReader(bytes.NewReader(raw), pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	var store keylog.Store
	store.Parse(captureKeyLog(t, raw))
	var conn *QUICConn
	var clientPort, serverPort layers.UDPPort
	var largest [2][numQUICLevels]int64
	for d := range largest {
		for l := range largest[d] {
			largest[d][l] = -1
		}
	}
	var opened [2][numQUICLevels]int
	var clientSCID, serverSCID []byte
	var firstServerHandshake []byte
	var hellos [2][64]byte // the first bytes of each side's Initial CRYPTO stream: ClientHello, ServerHello
	keyed := false
	type stashed struct {
		pkt   []byte
		pnOff int
	}
	var early []stashed
	skipped := 0
	buf := make([]byte, 0, 2048)
	for {
		data, _, err := r.ReadPacketData()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pkt := gopacket.NewPacket(data, r.LinkType(), gopacket.Default)
		udp, _ := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP)
		if udp == nil {
			continue
		}
		dgram := bytes.Clone(udp.Payload)
		if conn == nil {
			// The client's first Initial (a long header of a version this
			// package knows, type Initial) starts the connection.
			if len(dgram) < 7 || dgram[0]&0x80 == 0 || !QUICSupportedVersion(binary.BigEndian.Uint32(dgram[1:])) {
				continue
			}
			v := binary.BigEndian.Uint32(dgram[1:])
			if typ := dgram[0] >> 4 & 3; v == QUICVersion2 && typ != 1 || v != QUICVersion2 && typ != 0 {
				continue
			}
			dcid := dgram[6 : 6+int(dgram[5])]
			if conn, err = NewQUICConn(v, dcid); err != nil {
				t.Fatal(err)
			}
			clientPort, serverPort = udp.SrcPort, udp.DstPort
		}
		if !(udp.SrcPort == clientPort && udp.DstPort == serverPort || udp.SrcPort == serverPort && udp.DstPort == clientPort) {
			continue // another connection
		}
		dir := 1
		if udp.SrcPort == clientPort {
			dir = 0
		}
		// Zero bytes after coalesced packets are padding; the fixed bit
		// itself may be greased (RFC 9287), as in the QUIC v2 capture.
		for len(dgram) > 0 && dgram[0] != 0 {
			var level QUICLevel
			var pnOff, size int
			if dgram[0]&0x80 != 0 { // long header (RFC 9000 §17.2)
				dl := int(dgram[5])
				sl := int(dgram[6+dl])
				scid := dgram[7+dl : 7+dl+sl]
				p := 7 + dl + sl
				if v := binary.BigEndian.Uint32(dgram[1:]); v != conn.Version() {
					if err := conn.SetVersion(v); err != nil { // compatible version negotiation (RFC 9368)
						t.Fatal(err)
					}
				}
				typ := dgram[0] >> 4 & 3
				if conn.Version() == QUICVersion2 { // RFC 9369 §3.2: types rotated by one
					typ = (typ + 3) & 3
				}
				switch typ {
				case 0:
					level = QUICInitial
					tl, n := quicVarint(dgram[p:])
					p += n + int(tl)
				case 1:
					level = QUICEarlyData
				case 2:
					level = QUICHandshake
				default:
					t.Fatalf("Retry packet")
				}
				if dir == 0 {
					clientSCID = scid
				} else {
					serverSCID = scid
				}
				length, n := quicVarint(dgram[p:])
				pnOff, size = p+n, p+n+int(length)
			} else { // 1-RTT: the Destination Connection ID is the peer's Source Connection ID
				level = QUICApplication
				id := serverSCID
				if dir == 1 {
					id = clientSCID
				}
				pnOff, size = 1+len(id), len(dgram)
			}
			if size > len(dgram) {
				t.Fatalf("packet of %d bytes in a datagram of %d", size, len(dgram))
			}
			p := dgram[:size]
			if level == QUICEarlyData && !keyed {
				// 0-RTT before the ServerHello names the suite: keep it.
				early = append(early, stashed{bytes.Clone(p), pnOff})
				dgram = dgram[size:]
				continue
			}
			if level != QUICInitial && !keyed && hellos[1][0] != byte(wire.TypeServerHello) {
				// A packet before the server's Initial (reordered in the
				// capture): a reader cannot key it yet.
				skipped++
				dgram = dgram[size:]
				continue
			}
			if level != QUICInitial && !keyed {
				// The ServerHello has been seen by now: the ClientHello's
				// random finds the secrets, the ServerHello names the suite.
				random := hellos[0][6:38]
				suite := uint16(hellos[1][39])<<8 | uint16(hellos[1][40])
				if err := conn.SetSecrets(suite, SecretsFromLog(store.Lookup(random))); err != nil {
					t.Fatal(err)
				}
				keyed = true
				for _, e := range early {
					pn, _, err := conn.Open(true, QUICEarlyData, buf[:0], e.pkt, e.pnOff, largest[0][QUICEarlyData])
					if err != nil {
						t.Fatalf("0-RTT packet: %v", err)
					}
					largest[0][QUICEarlyData] = max(largest[0][QUICEarlyData], int64(pn))
					opened[0][QUICEarlyData]++
				}
			}
			pn, out, err := conn.Open(dir == 0, level, buf[:0], p, pnOff, largest[dir][level])
			if err != nil {
				t.Fatalf("direction %d level %d packet: %v", dir, level, err)
			}
			if int64(pn) > largest[dir][level] {
				largest[dir][level] = int64(pn)
			}
			if level == QUICHandshake && dir == 1 && firstServerHandshake == nil {
				firstServerHandshake = bytes.Clone(out)
			}
			if level == QUICInitial {
				cryptoPrefix(t, out, &hellos[dir])
			}
			opened[dir][level]++
			dgram = dgram[size:]
		}
	}
	t.Logf("opened packets [client, server] x [Initial, 0-RTT, Handshake, 1-RTT]: %v; %d before the server's Initial", opened, skipped)
	for dir := range 2 {
		for _, l := range []QUICLevel{QUICInitial, QUICHandshake, QUICApplication} {
			if opened[dir][l] == 0 {
				t.Errorf("direction %d: no packet at level %d", dir, l)
			}
		}
	}
	// CRYPTO frame at offset 0 carrying EncryptedExtensions (RFC 9000 §19.6).
	if len(firstServerHandshake) < 4 || firstServerHandshake[0] != 0x06 || firstServerHandshake[1] != 0 {
		t.Fatalf("first server Handshake payload %x", firstServerHandshake[:min(8, len(firstServerHandshake))])
	}
	_, n := quicVarint(firstServerHandshake[2:])
	if wire.HandshakeType(firstServerHandshake[2+n]) != wire.TypeEncryptedExtensions {
		t.Errorf("first server Handshake message %v", wire.HandshakeType(firstServerHandshake[2+n]))
	}
}

// cryptoPrefix copies the bytes of the CRYPTO frames of an Initial payload
// that fall in the first 64 bytes of the stream into hello (RFC 9000
// §19.6; Chrome splits its ClientHello over several frames in any order).
// Initial packets carry only PADDING, PING, ACK and CRYPTO frames.
func cryptoPrefix(t *testing.T, payload []byte, hello *[64]byte) {
	for len(payload) > 0 {
		switch payload[0] {
		case 0x00, 0x01:
			payload = payload[1:]
		case 0x02, 0x03: // ACK: largest, delay, range count, first range, ranges (and ECN counts)
			p := 1
			var fields = 4
			ranges := uint64(0)
			for i := range fields {
				v, n := quicVarint(payload[p:])
				if i == 2 {
					ranges = v
				}
				p += n
			}
			for range 2 * ranges {
				_, n := quicVarint(payload[p:])
				p += n
			}
			if payload[0] == 0x03 {
				for range 3 {
					_, n := quicVarint(payload[p:])
					p += n
				}
			}
			payload = payload[p:]
		case 0x06:
			off, n1 := quicVarint(payload[1:])
			l, n2 := quicVarint(payload[1+n1:])
			data := payload[1+n1+n2 : 1+n1+n2+int(l)]
			if off < uint64(len(hello)) {
				copy(hello[off:], data)
			}
			payload = payload[1+n1+n2+int(l):]
		default:
			t.Fatalf("frame type %#x in an Initial packet", payload[0])
		}
	}
}
