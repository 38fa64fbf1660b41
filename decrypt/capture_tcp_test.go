package decrypt

import (
	"bytes"
	"slices"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/tlswire/tlswire/certcompress"
	"github.com/tlswire/tlswire/wire"
)

// tcpStreams returns the two directions of the first TCP connection to
// port 443 of a capture, reassembled by sequence number (retransmitted
// bytes are taken once; a test capture has no gaps).
func tcpStreams(t *testing.T, raw []byte) (c2s, s2c []byte) {
	r, err := pcapgo.NewNgReader(bytes.NewReader(raw), pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	var clientPort layers.TCPPort
	var next [2]uint32
	var started [2]bool
	var out [2][]byte
	var pending [2]map[uint32][]byte
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		tcp, _ := gopacket.NewPacket(data, r.LinkType(), gopacket.Default).Layer(layers.LayerTypeTCP).(*layers.TCP)
		if tcp == nil || tcp.SrcPort != 443 && tcp.DstPort != 443 {
			continue
		}
		if clientPort == 0 {
			if !tcp.SYN || tcp.DstPort != 443 {
				continue
			}
			clientPort = tcp.SrcPort
		}
		if tcp.SrcPort != clientPort && tcp.DstPort != clientPort {
			continue
		}
		d := 1
		if tcp.SrcPort == clientPort {
			d = 0
		}
		if tcp.SYN {
			next[d], started[d] = tcp.Seq+1, true
			pending[d] = map[uint32][]byte{}
			continue
		}
		if !started[d] || len(tcp.Payload) == 0 {
			continue
		}
		pending[d][tcp.Seq] = bytes.Clone(tcp.Payload)
		for progress := true; progress; {
			progress = false
			for seq, p := range pending[d] {
				skip := next[d] - seq
				if int32(skip) < 0 {
					continue
				}
				delete(pending[d], seq)
				if int(skip) < len(p) {
					out[d] = append(out[d], p[skip:]...)
					next[d] += uint32(len(p)) - skip
				}
				progress = true
			}
		}
	}
	return out[0], out[1]
}

// TestCaptureTCP decrypts the first TLS connection over TCP of public
// captures (Chrome to Cloudflare; an HTTP/2 session), with the key log of
// their Decryption Secrets Block: every hidden handshake message of both
// directions decodes with wire, and a compressed certificate chain (Chrome
// and Cloudflare: brotli, RFC 8879) decompresses to a Certificate message.
func TestCaptureTCP(t *testing.T) {
	forCaptures(t, testTCPCapture, chromeCapture, http2Capture)
}

// http2Capture is a public capture of an HTTP/2 connection with its key
// log in a Decryption Secrets Block.
const http2Capture = "../../shared/captures/foxio-ja4/pcap/http2-with-cookies.pcapng"

func testTCPCapture(t *testing.T, raw []byte) {
	c2s, s2c := tcpStreams(t, raw)
	f := &flow{}
	for i, stream := range [][]byte{c2s, s2c} {
		rs := wire.Records{Data: stream}
		for rs.Next() {
			r := rs.Record()
			f.records[i] = append(f.records[i], stream[rs.Offset()-r.Len():rs.Offset()])
		}
		if rs.Err() != nil {
			t.Fatal(rs.Err())
		}
	}
	if len(f.records[0]) == 0 || len(f.records[1]) == 0 {
		t.Fatal("no TLS records")
	}
	// The hellos may span records: reassemble the plaintext handshake.
	var ch wire.ClientHello
	var ra wire.Reassembler
	for _, rec := range f.records[0] {
		if rec[0] != byte(wire.ContentHandshake) {
			break
		}
		ra.Push(rec[5:])
	}
	msg, ok := ra.Next()
	if !ok || ch.Unmarshal(msg) != nil {
		t.Fatal("no ClientHello")
	}
	f.random = ch.Random
	if err := f.sh.Unmarshal(f.records[1][0][5:]); err != nil {
		t.Fatal(err)
	}
	f.log = captureKeyLog(t, raw)
	d := decryptFlow(t, f)
	t.Logf("%s, decrypted %d + %d records: client %v, server %v", wire.CipherSuite(f.sh.CipherSuite), d[0].records, d[1].records, d[0].hidden, d[1].hidden)
	if !slices.Contains(d[0].hidden, wire.TypeFinished) || !slices.Contains(d[1].hidden, wire.TypeFinished) ||
		!slices.Contains(d[1].hidden, wire.TypeEncryptedExtensions) || !slices.Contains(d[1].hidden, wire.TypeCertificateVerify) {
		t.Errorf("decrypted %v / %v", d[0].hidden, d[1].hidden)
	}
	if len(d[0].app) == 0 || len(d[1].app) == 0 {
		t.Error("no application data")
	}
	if d[1].compressed == nil {
		return // this server sent its certificates uncompressed
	}
	var dec certcompress.Decompressor
	body, err := dec.Decompress(nil, d[1].compressed, 1<<20)
	if err != nil {
		t.Fatalf("%v: %v", d[1].compressed.Algorithm, err)
	}
	var cert wire.Certificate
	if err := cert.UnmarshalBody(body, wire.Context{Version: wire.VersionTLS13}); err != nil || len(cert.Entries) == 0 {
		t.Fatalf("decompressed Certificate: %v", err)
	}
	t.Logf("%v-compressed certificate chain: %d certificates, %d -> %d bytes", d[1].compressed.Algorithm, len(cert.Entries), len(d[1].compressed.CompressedCertificateMessage), len(body))
}
