package tlsgen

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// ErrNoOpenSSL is returned by OpenSSLReconnect when there is no openssl
// command.
var ErrNoOpenSSL = errors.New("tlsgen: no openssl command")

// OpenSSLReconnect runs `openssl s_client -reconnect -tls1_2` (a full
// handshake, then five resuming the same session) against `openssl
// s_server` with the given extra server flags ("-no_ticket": resumption by
// session ID), through a proxy that records each connection. OpenSSL 3
// does TLS 1.2 session-ID resumption, which crypto/tls implements on
// neither side.
func OpenSSLReconnect(serverFlags ...string) ([]*Conversation, error) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		return nil, ErrNoOpenSSL
	}
	dir, err := os.MkdirTemp("", "tlsgen-openssl")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	pki, err := TestPKI()
	if err != nil {
		return nil, err
	}
	key, err := x509.MarshalPKCS8PrivateKey(pki.ECDSA.PrivateKey)
	if err != nil {
		return nil, err
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: pki.ECDSA.Certificate[0]}), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	serverAddr := l.Addr().String()
	l.Close()
	args := append([]string{"s_server", "-accept", serverAddr, "-cert", certFile, "-key", keyFile, "-tls1_2", "-quiet"}, serverFlags...)
	srv := exec.Command(bin, args...)
	if err := srv.Start(); err != nil {
		return nil, err
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", serverAddr)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			return nil, fmt.Errorf("tlsgen: openssl s_server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	proxy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	var mu sync.Mutex
	var convs []*Conversation
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
			conv := &Conversation{Name: "openssl-" + strconv.Itoa(len(convs))}
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
						conv.Writes = append(conv.Writes, Write{ClientToServer: c2s, Data: append([]byte(nil), buf[:n]...)})
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
		return nil, fmt.Errorf("tlsgen: openssl s_client: %v\n%s", err, out)
	}
	proxy.Close()
	wg.Wait()
	if len(convs) != 6 {
		return nil, fmt.Errorf("tlsgen: %d connections, want 6 (s_client -reconnect)", len(convs))
	}
	return convs, nil
}

// eofReader is s_client's standard input: closed, so it ends after the
// handshakes.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
