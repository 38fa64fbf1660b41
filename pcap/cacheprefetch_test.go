package pcap

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/internal/tlsgen"
)

// TestReadAheadHints: flows that end and start again on the same 5-tuple
// within a few packets (FIN then a new SYN, a new SYN without FIN), with
// their packets interleaved and MaxFlows low enough to evict flows all the
// time, give the same flows and counters whether the Reader reads ahead or
// looks every flow up when its packet comes. A hint for a flow that ended
// in between must not be used.
func TestReadAheadHints(t *testing.T) {
	c := conversation(t, "tls13-default")
	for _, chunk := range []int{1, 2, 3, 5} {
		testReadAheadHints(t, c, chunk)
	}
}

func testReadAheadHints(t *testing.T, c *tlsgen.Conversation, chunk int) {
	t.Helper()
	var flows [][]pkt
	for port := range 6 {
		cli := netip.AddrPortFrom(cliAddr.Addr(), uint16(42000+port))
		tf := newTCPFlow(t, ethernet, cli, srvAddr, uint32(port)*1000, t0)
		for round := range 3 {
			tf.handshake()
			tf.conv(c)
			if round != 1 {
				tf.close() // round 1 is followed by a new SYN without FIN
			}
			tf.cseq += 1 << 20
		}
		flows = append(flows, tf.pkts)
	}
	// Round-robin, chunk packets of each flow at a time.
	var pkts []pkt
	for left := true; left; {
		left = false
		for i := range flows {
			n := min(chunk, len(flows[i]))
			pkts = append(pkts, flows[i][:n]...)
			flows[i] = flows[i][n:]
			left = left || len(flows[i]) > 0
		}
	}
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	for _, maxFlows := range []int{0, 4, 2, 1} {
		lim := Limits{MaxFlows: maxFlows}
		ahead, aheadStats := readFlows(t, capture, readMode{limits: lim})
		plain, plainStats := readFlows(t, capture, readMode{limits: lim, noAhead: true})
		if len(ahead) < 6 || aheadStats != plainStats || !reflect.DeepEqual(ahead, plain) {
			t.Errorf("chunk %d, MaxFlows %d: %d flows reading ahead, %d without; stats %+v, %+v", chunk, maxFlows, len(ahead), len(plain), aheadStats, plainStats)
		}
		if maxFlows == 0 && len(ahead) != 18 {
			t.Errorf("chunk %d: %d flows, want 18", chunk, len(ahead))
		}
	}
}
