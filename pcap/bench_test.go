package pcap

import (
	"bytes"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// benchFrames are the frames of a few conversations with application data.
func benchFrames(b *testing.B) [][]byte {
	var frames [][]byte
	for _, c := range conversations(b) {
		tf := newTCPFlow(b, ethernet, cliAddr, srvAddr, 1, t0)
		tf.handshake()
		tf.conv(c)
		tf.close()
		for _, p := range tf.pkts {
			frames = append(frames, p.data)
		}
	}
	return frames
}

// BenchmarkDecodeLayers decodes frames to TCP with the reused
// DecodingLayer values pcap uses.
func BenchmarkDecodeLayers(b *testing.B) {
	frames := benchFrames(b)
	d := newDecoder(new(Stats), nil, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range frames {
			if err := d.run(layers.LayerTypeEthernet, f); err != nil && !isUnsupported(err) {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkNewPacket decodes the same frames with gopacket.NewPacket, for
// comparison (docs/dependencies.md).
func BenchmarkNewPacket(b *testing.B) {
	frames := benchFrames(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range frames {
			p := gopacket.NewPacket(f, layers.LinkTypeEthernet, gopacket.DecodeOptions{NoCopy: true})
			if p.Layer(layers.LayerTypeTCP) == nil {
				b.Fatal("no TCP")
			}
		}
	}
}

// BenchmarkReader is the whole pipeline on an in-memory capture.
func BenchmarkReader(b *testing.B) {
	var pkts []pkt
	for _, c := range conversations(b) {
		tf := newTCPFlow(b, ethernet, cliAddr, srvAddr, 1, t0)
		tf.handshake()
		tf.conv(c)
		tf.close()
		pkts = append(pkts, tf.pkts...)
	}
	capture := writeCapture(b, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	b.SetBytes(int64(len(capture)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader(bytes.NewReader(capture), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range r.Flows() {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
