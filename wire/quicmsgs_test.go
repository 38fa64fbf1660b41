package wire

import (
	"context"
	"crypto/tls"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// quicWrite is one QUICWriteData event of a crypto/tls QUIC connection: the
// plaintext handshake bytes (whole messages, possibly several) one side
// sends at one encryption level. This is the only way to get crypto/tls's
// TLS 1.3 post-ServerHello messages (EncryptedExtensions, Certificate,
// Finished, NewSessionTicket, ...) unencrypted.
type quicWrite struct {
	Level          tls.QUICEncryptionLevel
	ClientToServer bool
	Data           []byte
}

// quicHandshake runs a TLS 1.3 handshake between tls.QUICClient and
// tls.QUICServer, passing the handshake data between them in memory, then
// has the server send a session ticket that allows 0-RTT. It returns every QUICWriteData
// event in order (data copied). Certificates default to the tlsgen test
// PKI; NextProtos default to "h3". The configs are cloned.
func quicHandshake(tb testing.TB, client, server *tls.Config) []quicWrite {
	tb.Helper()
	pki, err := tlsgen.TestPKI()
	if err != nil {
		tb.Fatal(err)
	}
	cc, sc := &tls.Config{}, &tls.Config{}
	if client != nil {
		cc = client.Clone()
	}
	if server != nil {
		sc = server.Clone()
	}
	if len(sc.Certificates) == 0 {
		sc.Certificates = []tls.Certificate{pki.ECDSA}
	}
	if cc.RootCAs == nil && !cc.InsecureSkipVerify {
		cc.RootCAs, cc.ServerName = pki.Pool, "example.test"
	}
	if len(cc.NextProtos) == 0 {
		cc.NextProtos = []string{"h3"}
	}
	if len(sc.NextProtos) == 0 {
		sc.NextProtos = []string{"h3"}
	}
	cc.MinVersion, sc.MinVersion = tls.VersionTLS13, tls.VersionTLS13

	qc := tls.QUICClient(&tls.QUICConfig{TLSConfig: cc})
	qs := tls.QUICServer(&tls.QUICConfig{TLSConfig: sc})
	defer qc.Close()
	defer qs.Close()
	// Transport parameters are opaque to TLS; any bytes will do.
	qc.SetTransportParameters([]byte{0x01, 0x02, 0x00, 0x01})

	var writes []quicWrite
	serverDone := false
	// drain delivers one side's pending events to the other side and
	// reports whether anything was written.
	drain := func(from, to *tls.QUICConn, clientToServer bool) bool {
		wrote := false
		for {
			e := from.NextEvent()
			switch e.Kind {
			case tls.QUICNoEvent:
				return wrote
			case tls.QUICTransportParametersRequired:
				from.SetTransportParameters([]byte{0x03, 0x02, 0x00, 0x01})
			case tls.QUICHandshakeDone:
				if !clientToServer {
					serverDone = true
				}
			case tls.QUICWriteData:
				data := append([]byte(nil), e.Data...)
				writes = append(writes, quicWrite{Level: e.Level, ClientToServer: clientToServer, Data: data})
				if err := to.HandleData(e.Level, data); err != nil {
					tb.Fatalf("quicHandshake: HandleData(%v): %v", e.Level, err)
				}
				wrote = true
			}
		}
	}
	ctx := context.Background()
	if err := qc.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := qs.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	for i := 0; ; i++ {
		if i > 20 {
			tb.Fatal("quicHandshake: no progress")
		}
		c := drain(qc, qs, true)
		s := drain(qs, qc, false)
		if !c && !s {
			break
		}
	}
	if !serverDone {
		tb.Fatal("quicHandshake: handshake did not complete")
	}
	if err := qs.SendSessionTicket(tls.QUICSessionTicketOptions{EarlyData: true}); err != nil {
		tb.Fatal(err)
	}
	drain(qs, qc, false)
	drain(qc, qs, true)
	return writes
}

// quicMessage is one handshake message (with its header) from a quicWrite.
type quicMessage struct {
	Level          tls.QUICEncryptionLevel
	ClientToServer bool
	Msg            []byte
}

// quicMessages splits the writes into handshake messages. Data is
// concatenated per direction and level first, so a message split across
// events is reassembled.
func quicMessages(tb testing.TB, writes []quicWrite) []quicMessage {
	tb.Helper()
	type key struct {
		level tls.QUICEncryptionLevel
		c2s   bool
	}
	pending := map[key][]byte{}
	var out []quicMessage
	for _, w := range writes {
		k := key{w.Level, w.ClientToServer}
		buf := append(pending[k], w.Data...)
		for len(buf) >= 4 {
			n := 4 + (int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3]))
			if len(buf) < n {
				break
			}
			out = append(out, quicMessage{Level: w.Level, ClientToServer: w.ClientToServer, Msg: buf[:n:n]})
			buf = buf[n:]
		}
		pending[k] = buf
	}
	for k, b := range pending {
		if len(b) != 0 {
			tb.Fatalf("quicMessages: %d bytes left over at %v", len(b), k.level)
		}
	}
	return out
}

func TestQUICHandshakeMessages(t *testing.T) {
	msgs := quicMessages(t, quicHandshake(t, nil, nil))
	var got []HandshakeType
	for _, m := range msgs {
		got = append(got, HandshakeType(m.Msg[0]))
	}
	want := []HandshakeType{TypeClientHello, TypeServerHello, TypeEncryptedExtensions,
		TypeCertificate, TypeCertificateVerify, TypeFinished, TypeFinished, TypeNewSessionTicket}
	if len(got) != len(want) {
		t.Fatalf("messages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("messages %v, want %v", got, want)
		}
	}
}
