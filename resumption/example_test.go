package resumption_test

import (
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/wire"
)

// Linking a TLS 1.2 ticket resumption to the connection that issued the
// ticket. A reader of captures decodes each flow's messages with a
// wire.Decoder and hands them to Observe; here they are built in place.
func ExampleIndex() {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ticket := []byte("an opaque ticket the server encrypted for itself")
	random := make([]byte, 32)

	// The first connection: a full handshake that issues a ticket.
	var issuing resumption.Handshake
	issuing.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12,
		Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket}}}, t0)
	issuing.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: random,
		Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket}}}, t0)
	issuing.Observe(&wire.ServerHelloDone{}, t0)
	issuing.Observe(&wire.NewSessionTicket{Lifetime: 7200, Ticket: ticket}, t0)

	// Ten minutes later, another connection offers the ticket and the
	// server answers with an abbreviated handshake.
	t1 := t0.Add(10 * time.Minute)
	var resuming resumption.Handshake
	resuming.Observe(&wire.ClientHello{LegacyVersion: wire.VersionTLS12,
		Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket, Data: ticket}}}, t1)
	resuming.Observe(&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: random}, t1)

	server := netip.MustParseAddrPort("10.0.0.1:443")
	first := &resumption.FlowRef{Client: netip.MustParseAddrPort("10.0.0.5:51034"), Server: server, Time: t0, File: "a.pcap"}
	second := &resumption.FlowRef{Client: netip.MustParseAddrPort("10.0.0.5:51090"), Server: server, Time: t1, File: "b.pcap"}

	x := resumption.NewIndex(resumption.Options{})
	var sum resumption.Summary
	for _, f := range []*resumption.Flow{x.Add(second, &resuming), x.Add(first, &issuing)} { // any order
		sum.Add(f)
	}
	f := x.Add(&resumption.FlowRef{Client: netip.MustParseAddrPort("10.0.0.5:51200"), Server: server, Time: t1}, &resuming)
	sum.Add(f)

	l := f.Link()
	fmt.Println(l.By, "from", l.From.Client, "after", l.Elapsed, "lifetime", l.Lifetime)
	fmt.Println(string(f.AppendText(nil)))
	os.Stdout.Write(sum.AppendText(nil))
	// Output:
	// ticket from 10.0.0.5:51034 after 10m0s lifetime 7200
	// resumed (ticket) from 10.0.0.5:51034 → 10.0.0.1:443 at 2026-01-02T03:04:05Z in a.pcap, ticket offered by 2 flows
	// 10.0.0.1:443: flows 3, full 1, resumed 2 (session_id 0, ticket 2, psk 0, rate 66.7%), linked 2, tickets issued 1, reused 1, 0-RTT 0/0, lifetime 2h0m0s/2h0m0s/2h0m0s, age 10m0s/10m0s/10m0s
}
