package resumption

import (
	"crypto/tls"
	"net/netip"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/wire"
)

// t0 is when the first flow of a test starts; later flows follow by gap.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

const gap = 10 * time.Second

// ref returns the FlowRef of the n-th flow of a test: client port 50000+n
// to server 10.0.0.1:443, starting at t0 + n×gap.
func ref(n int, file string) *FlowRef {
	return &FlowRef{
		Client: netip.AddrPortFrom(netip.MustParseAddr("10.0.0.5"), uint16(50000+n)),
		Server: netip.MustParseAddrPort("10.0.0.1:443"),
		Time:   t0.Add(time.Duration(n) * gap),
		File:   file,
	}
}

// tcpHandshake decodes the cleartext handshake messages of a recorded TCP
// conversation into a Handshake, client messages first, all at time at. In
// TLS <= 1.2 a direction's handshake records are encrypted after its
// ChangeCipherSpec; in TLS 1.3 only application_data records are.
func tcpHandshake(t *testing.T, c *tlsgen.Conversation, at time.Time) *Handshake {
	t.Helper()
	var h Handshake
	var d wire.Decoder
	tls13 := c.State.Version == tls.VersionTLS13
	c2s, s2c := c.Streams()
	for _, stream := range [][]byte{c2s, s2c} {
		var ra wire.Reassembler
		rs := wire.Records{Data: stream}
	records:
		for rs.Next() {
			r := rs.Record()
			switch {
			case r.ContentType == wire.ContentChangeCipherSpec && !tls13:
				break records
			case r.ContentType != wire.ContentHandshake:
				continue
			}
			if err := ra.Push(r.Payload); err != nil {
				t.Fatal(err)
			}
			for {
				msg, ok := ra.Next()
				if !ok {
					break
				}
				m, err := d.Decode(msg)
				if err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
				h.Observe(m, at)
			}
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return &h
}

// quicHandshake decodes the plaintext handshake messages a QUIC connection
// carried in CRYPTO frames, in the order they were written, at time at.
func quicHandshake(t *testing.T, msgs []tlsgen.QUICMessage, at time.Time) *Handshake {
	t.Helper()
	h := Handshake{Decrypted: true}
	var d wire.Decoder
	for _, qm := range msgs {
		b := qm.Data
		for len(b) > 0 {
			if len(b) < 4 {
				t.Fatalf("QUIC CRYPTO data ends inside a header: % x", b)
			}
			n := 4 + (int(b[1])<<16 | int(b[2])<<8 | int(b[3]))
			m, err := d.Decode(b[:n])
			if err != nil {
				t.Fatal(err)
			}
			h.Observe(m, at)
			b = b[n:]
		}
	}
	return &h
}

// serverConfig has fixed ticket keys, so the configs tlsgen clones for each
// connection accept each other's tickets.
func serverConfig(t *testing.T, base *tls.Config) *tls.Config {
	c := base.Clone()
	c.SetSessionTicketKeys([][32]byte{{1, 2, 3}})
	return c
}

// tcpRun records one TCP connection.
func tcpRun(t *testing.T, client, server *tls.Config) *tlsgen.Conversation {
	t.Helper()
	c, err := tlsgen.Run(tlsgen.Scenario{Name: t.Name(), Client: client, Server: server, AppData: []byte("ping")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// quicRun records one QUIC connection.
func quicRun(t *testing.T, client, server *tls.Config, o tlsgen.QUICOptions) []tlsgen.QUICMessage {
	t.Helper()
	msgs, err := tlsgen.QUICHandshakeWith(client, server, o)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// tcpPair runs a full handshake over TCP and a resumption of it (client
// version at most max, 0 for crypto/tls's default; server config server,
// nil for the default) and returns their Handshakes, at t0 and t0+gap.
func tcpPair(t *testing.T, max uint16, server *tls.Config) (h1, h2 *Handshake) {
	t.Helper()
	client := &tls.Config{MaxVersion: max, ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	if server == nil {
		server = &tls.Config{}
	}
	server = serverConfig(t, server)
	return tcpHandshake(t, tcpRun(t, client, server), t0), tcpHandshake(t, tcpRun(t, client, server), t0.Add(gap))
}
