package pcap

import (
	"os"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

func TestZZPackets(t *testing.T) {
	p := os.Getenv("PCAP_PKTS")
	if p == "" {
		return
	}
	fh, _ := os.Open(p)
	r, err := pcapgo.NewNgReader(fh, pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		pk := gopacket.NewPacket(data, r.LinkType(), gopacket.Default)
		s := ""
		for _, l := range pk.Layers() {
			s += l.LayerType().String() + " "
		}
		if tcp, ok := pk.Layer(layers.LayerTypeTCP).(*layers.TCP); ok {
			t.Logf("%d %v %d/%d %s %d->%d seq=%d ack=%d syn=%v fin=%v len=%d % x", i, ci.Timestamp.Format("15:04:05.000"), ci.CaptureLength, ci.Length, s, tcp.SrcPort, tcp.DstPort, tcp.Seq, tcp.Ack, tcp.SYN, tcp.FIN, len(tcp.Payload), tcp.Payload[:min(8, len(tcp.Payload))])
		} else {
			t.Logf("%d %d/%d %s", i, ci.CaptureLength, ci.Length, s)
		}
	}
}
