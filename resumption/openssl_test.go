package resumption

import (
	"crypto/x509"
	"encoding/pem"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// opensslReconnect runs `openssl s_client -reconnect` (a full handshake,
// then five resuming the same session) against `openssl s_server` with
// the given extra server flags, through a proxy that records each
// connection. It skips when the openssl command is absent.
func opensslReconnect(t *testing.T, serverFlags ...string) []*tlsgen.Conversation {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("no openssl command")
	}
	dir := t.TempDir()
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.MarshalPKCS8PrivateKey(pki.ECDSA.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: pki.ECDSA.Certificate[0]}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serverAddr := l.Addr().String()
	l.Close()
	args := append([]string{"s_server", "-accept", serverAddr, "-cert", certFile, "-key", keyFile, "-tls1_2", "-quiet"}, serverFlags...)
	srv := exec.Command(bin, args...)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", serverAddr)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("openssl s_server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	proxy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	var mu sync.Mutex
	var convs []*tlsgen.Conversation
	var wg sync.WaitGroup
	go func() {
		for {
			c, err := proxy.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", serverAddr)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conv := &tlsgen.Conversation{Name: "openssl-" + strconv.Itoa(len(convs))}
			convs = append(convs, conv)
			mu.Unlock()
			wg.Add(2)
			relay := func(dst, src net.Conn, c2s bool) {
				defer wg.Done()
				buf := make([]byte, 1<<16)
				for {
					n, err := src.Read(buf)
					if n > 0 {
						mu.Lock()
						conv.Writes = append(conv.Writes, tlsgen.Write{ClientToServer: c2s, Data: append([]byte(nil), buf[:n]...)})
						mu.Unlock()
						dst.Write(buf[:n])
					}
					if err != nil {
						dst.(*net.TCPConn).CloseWrite()
						return
					}
				}
			}
			go relay(s, c, true)
			go relay(c, s, false)
		}
	}()
	cli := exec.Command(bin, "s_client", "-connect", proxy.Addr().String(), "-reconnect", "-tls1_2")
	cli.Stdin = eofReader{}
	if out, err := cli.CombinedOutput(); err != nil {
		t.Fatalf("openssl s_client: %v\n%s", err, out)
	}
	proxy.Close()
	wg.Wait()
	if len(convs) != 6 {
		t.Fatalf("%d connections, want 6 (s_client -reconnect)", len(convs))
	}
	return convs
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// TestOpenSSLSessionID: TLS 1.2 resumption by session ID (a server
// without tickets), which crypto/tls does not implement on either side.
func TestOpenSSLSessionID(t *testing.T) {
	convs := opensslReconnect(t, "-no_ticket")
	x := NewIndex(Options{})
	var fs []*Flow
	for i, c := range convs {
		r := ref(i, "")
		fs = append(fs, x.Add(r, tcpHandshake(t, c, r.Time)))
	}
	h0 := &fs[0].Handshake
	if fs[0].Kind != NotResumed || !h0.Full || h0.IssuedSessionIDLen == 0 || len(h0.Tickets) != 0 {
		t.Fatalf("first connection: %v, full %v, session ID %d bytes, %d tickets", fs[0].Kind, h0.Full, h0.IssuedSessionIDLen, len(h0.Tickets))
	}
	for _, f := range fs[1:] {
		l := wantLinked(t, f, BySessionID, fs[0].Ref)
		if l.Key != h0.IssuedSessionID || f.Reused() {
			t.Errorf("key %v, issued %v; reused %v", l.Key, h0.IssuedSessionID, f.Reused())
		}
	}
}

// TestOpenSSLTicketReuse: TLS 1.2 resumption by ticket, the same ticket
// offered by five connections.
func TestOpenSSLTicketReuse(t *testing.T) {
	convs := opensslReconnect(t)
	x := NewIndex(Options{})
	var fs []*Flow
	for i, c := range convs {
		r := ref(i, "")
		fs = append(fs, x.Add(r, tcpHandshake(t, c, r.Time)))
	}
	if h := &fs[0].Handshake; fs[0].Kind != NotResumed || len(h.Tickets) != 1 || !h.Accept.TicketExt {
		t.Fatalf("first connection: %v, %d tickets", fs[0].Kind, len(h.Tickets))
	}
	for _, f := range fs[1:] {
		wantLinked(t, f, ByTicket, fs[0].Ref)
		if !f.Reused() || f.TicketOffers() != len(fs)-1 {
			t.Errorf("ticket offered by %d flows, want %d", f.TicketOffers(), len(fs)-1)
		}
	}
}
