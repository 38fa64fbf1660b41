package pcap

import (
	"testing"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/wire"
)

// TestFlowContext: the context the Reader hands out with each message is
// the one a wire.Decoder has when it reaches that message, decoding the
// flow's messages in order, and Flow.Context is the decoder's at the end:
// the negotiated parameters are learned once, in wire, and callers need
// not learn them again. Real handshakes of every tlsgen scenario.
func TestFlowContext(t *testing.T) {
	want := map[string]wire.Context{
		"tls12-ecdhe-rsa-alpn": {Version: wire.VersionTLS12, KeyExchange: wire.KeyExchangeECDHE},
		"tls12-rsa-kx":         {Version: wire.VersionTLS12, KeyExchange: wire.KeyExchangeRSA},
		"tls10-ecdhe-rsa":      {Version: wire.VersionTLS10, KeyExchange: wire.KeyExchangeECDHE},
		"tls13-default":        {Version: wire.VersionTLS13, KeyExchange: wire.KeyExchangeTLS13},
		"tls13-hrr":            {Version: wire.VersionTLS13, KeyExchange: wire.KeyExchangeTLS13},
	}
	seen := 0
	for _, c := range conversations(t) {
		tf := convFlow(t, ethernet, c)
		f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
		var dec wire.Decoder
		for i, m := range f.Messages {
			if m.Context != dec.Context {
				t.Errorf("%s: message %d (%v): context %+v, the decoder's %+v", c.Name, i, m.Type, m.Context, dec.Context)
			}
			if m.Type == wire.TypeServerHello && m.Dir == ServerToClient {
				if _, err := dec.Decode(m.Raw); err != nil {
					t.Errorf("%s: ServerHello: %v", c.Name, err)
				}
			}
		}
		if f.Context != dec.Context {
			t.Errorf("%s: Flow.Context %+v, the decoder's %+v", c.Name, f.Context, dec.Context)
		}
		if w, ok := want[c.Name]; ok {
			seen++
			if f.Context != w {
				t.Errorf("%s: Flow.Context %+v, want %+v", c.Name, f.Context, w)
			}
		}
		if len(f.Messages) > 0 && f.Messages[0].Context != (wire.Context{}) {
			t.Errorf("%s: the ClientHello is decoded in %+v, want no context", c.Name, f.Messages[0].Context)
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d expected scenarios found", seen, len(want))
	}
}
