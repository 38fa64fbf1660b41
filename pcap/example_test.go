package pcap_test

import (
	"fmt"
	"log"
	"os"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// Reading a capture: each TLS, DTLS or QUIC flow is yielded when it ends,
// with its handshake messages, which wire decodes.
func ExampleReader_Flows() {
	f, err := os.Open("../cmd/tlsdump/testdata/handshakes.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f, pcap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	var ch wire.ClientHello
	for flow, err := range r.Flows() {
		if err != nil {
			log.Fatal(err) // the capture itself is unreadable from here on
		}
		for _, m := range flow.Messages {
			if m.Type == wire.TypeClientHello && !m.SSLv2 && ch.Unmarshal(m.Raw) == nil {
				sni := "-"
				var sn wire.ServerNameExtension
				if ok, err := ch.Extensions.Decode(wire.ExtensionServerName, wire.InClientHello, &sn); ok && err == nil && len(sn.Names) > 0 {
					sni = string(sn.Names[0].Name)
				}
				fmt.Println(flow.Transport, flow.Protocol, flow.Server, sni, len(flow.Messages), "messages")
				break // the first ClientHello (a HelloRetryRequest brings a second)
			}
		}
	}
	fmt.Println(r.Stats().FlowsReported, "flows")
	// Output:
	// tcp tls 198.51.100.20:443 example.test 2 messages
	// tcp tls [2001:db8::20]:443 example.test 4 messages
	// tcp tls 198.51.100.20:443 example.test 2 messages
	// tcp tls [2001:db8::20]:443 example.test 6 messages
	// tcp tls 198.51.100.20:443 example.test 3 messages
	// tcp tls [2001:db8::20]:443 example.test 9 messages
	// 6 flows
}

// Streaming many connections: messages are handed to OnMessage as they
// complete and, with DiscardMessages, not kept in the flows, so memory no
// longer grows with the handshakes of the connections open at once.
func ExampleOptions_discardMessages() {
	f, err := os.Open("../cmd/tlsdump/testdata/handshakes.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	count := map[wire.HandshakeType]int{}
	r, err := pcap.NewReader(f, pcap.Options{
		DiscardMessages: true,
		OnMessage: func(flow *pcap.Flow, m *pcap.Message) {
			count[m.Type]++ // m.Raw is valid during the call only: copy what you keep
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, err := range r.Flows() {
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(count[wire.TypeClientHello], "ClientHello,", count[wire.TypeServerHello], "ServerHello,", count[wire.TypeCertificate], "Certificate")
	// Output:
	// 7 ClientHello, 7 ServerHello, 3 Certificate
}

// Decoding every message of a flow: each Message carries the context
// (negotiated version and key exchange) the reader learned from the
// flow's ServerHellos before it, which the forms of some messages depend
// on (a TLS 1.2 ServerKeyExchange, a TLS 1.3 Certificate); Flow.Context is
// what the handshake negotiated.
func ExampleMessage_context() {
	f, err := os.Open("../cmd/tlsdump/testdata/handshakes.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f, pcap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	var dec wire.Decoder
	for flow, err := range r.Flows() {
		if err != nil {
			log.Fatal(err)
		}
		if flow.Protocol != pcap.ProtocolTLS {
			continue
		}
		decoded := 0
		for _, m := range flow.Messages {
			if m.SSLv2 {
				continue
			}
			dec.Context = m.Context
			if _, err := dec.Decode(m.Raw); err == nil {
				decoded++
			}
		}
		fmt.Println(wire.VersionName(flow.Context.Version), flow.Context.KeyExchange, decoded, "of", len(flow.Messages), "decoded")
	}
	// Output:
	// TLS 1.3 TLS13 2 of 2 decoded
	// TLS 1.3 TLS13 4 of 4 decoded
	// TLS 1.3 TLS13 2 of 2 decoded
	// TLS 1.2 ECDHE 6 of 6 decoded
	// TLS 1.2 ECDHE 3 of 3 decoded
	// TLS 1.2 ECDHE 9 of 9 decoded
}
