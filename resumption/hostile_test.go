package resumption

import (
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// TestMalformedExtensions: extensions that do not parse are as if absent;
// a selected PSK beyond the offered ones links by nothing.
func TestMalformedExtensions(t *testing.T) {
	bad := [][]byte{nil, {0}, {0, 7, 0, 1}, {0xff, 0xff, 0, 0, 0, 0, 0, 0}}
	for _, d := range bad {
		var h Handshake
		h.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12, Extensions: wire.Extensions{
			{Type: wire.ExtensionPreSharedKey, Data: d}, {Type: wire.ExtensionServerName, Data: d},
		}}, t0)
		h.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), Extensions: wire.Extensions{
			{Type: wire.ExtensionSupportedVersions, Data: []byte{0x03, 0x04}}, {Type: wire.ExtensionPreSharedKey, Data: d},
		}}, t0)
		h.Observe(&wire.NewSessionTicket{TLS13: true, Ticket: []byte{1}, Extensions: wire.Extensions{{Type: wire.ExtensionEarlyData, Data: d}}}, t0)
		if len(h.Offer.PSKs) != 0 || h.SNI != "" || h.Tickets[0].EarlyData != (len(d) == 4) {
			t.Errorf("%x: psks %d sni %q early %v", d, len(h.Offer.PSKs), h.SNI, h.Tickets[0].EarlyData)
		}
		f := NewIndex(Options{}).Add(ref(0, ""), &h)
		if l := f.Link(); len(d) == 2 && (l.By != ByPSK || l.Missing != NoKey) || len(d) != 2 && l.By != NotResumed {
			t.Errorf("%x: %+v", d, l)
		}
		_ = f.AppendJSON(nil)
		_ = f.AppendText(nil)
	}
}

// TestObserveAllocs: Observe keeps hashes, not the messages: a ClientHello
// with one PSK costs the identities' slice once, then nothing.
func TestObserveAllocs(t *testing.T) {
	ch := &wire.ClientHello{LegacyVersion: wire.VersionTLS12, SessionID: make([]byte, 32), Extensions: wire.Extensions{
		{Type: wire.ExtensionSessionTicket, Data: ticketBytes(1)},
	}}
	sh := &wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), SessionID: make([]byte, 32)}
	var h Handshake
	n := testing.AllocsPerRun(100, func() {
		h.Reset()
		h.Observe(ch, t0)
		h.Observe(sh, t0)
	})
	if n != 0 || h.Resumed() != ByTicket {
		t.Errorf("%v allocations per TLS 1.2 hello pair (resumed %v), want 0", n, h.Resumed())
	}
}
