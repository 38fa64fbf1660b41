// Package tlsgen runs real crypto/tls handshakes in process and records the
// bytes each side wrote, write by write. Tests, the corpus generator and the
// capture generator use it to get fresh, real TLS traffic without a network.
package tlsgen

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"time"
)

// Write is one Write call on the connection: a natural TCP segment boundary.
type Write struct {
	ClientToServer bool
	Data           []byte
}

// Conversation is the recorded traffic of one connection.
type Conversation struct {
	Name   string
	Writes []Write
	State  tls.ConnectionState // the client's view once the handshake is done
}

// Streams concatenates the writes per direction.
func (c *Conversation) Streams() (clientToServer, serverToClient []byte) {
	for _, w := range c.Writes {
		if w.ClientToServer {
			clientToServer = append(clientToServer, w.Data...)
		} else {
			serverToClient = append(serverToClient, w.Data...)
		}
	}
	return
}

// Scenario configures one handshake. Client and Server are cloned; their
// certificates are filled in from a shared test PKI when empty.
type Scenario struct {
	Name   string
	Client *tls.Config
	Server *tls.Config
	// AppData is written by the client after the handshake and echoed by
	// the server, so captures contain application data records too.
	AppData []byte
	// Resume runs a first handshake to obtain a session ticket, then records
	// the second (resumed) one.
	Resume bool
	// Fails says the handshake is meant to fail (a rejected ECH offer, a
	// refused client certificate): Run then records what both sides wrote
	// up to the failure instead of returning the error, and fails if the
	// handshake succeeds.
	Fails bool
}

// recorder is a net.Conn that logs every write in order.
type recorder struct {
	net.Conn
	mu     *sync.Mutex
	log    *[]Write
	client bool
}

func (r *recorder) Write(b []byte) (int, error) {
	r.mu.Lock()
	*r.log = append(*r.log, Write{ClientToServer: r.client, Data: append([]byte(nil), b...)})
	r.mu.Unlock()
	return r.Conn.Write(b)
}

// Run performs the scenario's handshake (and resumption if asked) and
// returns the recording of the last connection.
func Run(s Scenario) (*Conversation, error) {
	pki, err := TestPKI()
	if err != nil {
		return nil, err
	}
	cc := &tls.Config{}
	if s.Client != nil {
		cc = s.Client.Clone()
	}
	sc := &tls.Config{}
	if s.Server != nil {
		sc = s.Server.Clone()
	}
	if len(sc.Certificates) == 0 && sc.GetCertificate == nil && sc.GetConfigForClient == nil {
		sc.Certificates = []tls.Certificate{pki.ECDSA}
	}
	if cc.Time == nil {
		cc.Time = fixedClock
	}
	if sc.Time == nil {
		sc.Time = fixedClock
	}
	if cc.ServerName == "" && !cc.InsecureSkipVerify {
		cc.InsecureSkipVerify = true
	}
	if s.Resume {
		if cc.ClientSessionCache == nil {
			cc.ClientSessionCache = tls.NewLRUClientSessionCache(4)
		}
		if _, err := runOnce(s, cc, sc); err != nil {
			return nil, err
		}
	}
	return runOnce(s, cc, sc)
}

// RunWithKeyLog runs s as Run does, with a KeyLogWriter on the client, and
// returns the key log the client wrote (SSLKEYLOGFILE, RFC 9850): the
// secrets that decrypt the recorded conversation.
func RunWithKeyLog(s Scenario) (*Conversation, []byte, error) {
	var log bytes.Buffer
	if s.Client == nil {
		s.Client = &tls.Config{}
	}
	s.Client = s.Client.Clone()
	s.Client.KeyLogWriter = &log
	c, err := Run(s)
	return c, log.Bytes(), err
}

func runOnce(s Scenario, cc, sc *tls.Config) (*Conversation, error) {
	a, b, stop := newConnPair(time.Now().Add(10 * time.Second))
	defer stop()
	conv := &Conversation{Name: s.Name}
	mu := new(sync.Mutex)
	client := tls.Client(&recorder{Conn: a, mu: mu, log: &conv.Writes, client: true}, cc)
	server := tls.Server(&recorder{Conn: b, mu: mu, log: &conv.Writes}, sc)
	errc := make(chan error, 1)
	a.acquire() // the client moves first; the server waits for the baton
	go func() {
		b.acquire()
		err := server.Handshake()
		if err == nil && len(s.AppData) > 0 {
			buf := make([]byte, len(s.AppData))
			if _, err = io.ReadFull(server, buf); err == nil {
				_, err = server.Write(buf)
			}
		}
		if err == nil {
			// Read until the client closes, so post-handshake messages
			// (TLS 1.3 tickets) are flushed and the close_notify is seen.
			_, _ = io.Copy(io.Discard, server)
		}
		server.Close()
		b.Close() // hands the baton back even when the handshake failed
		errc <- err
	}()
	err := client.Handshake()
	if err == nil && len(s.AppData) > 0 {
		if _, err = client.Write(s.AppData); err == nil {
			buf := make([]byte, len(s.AppData))
			_, err = io.ReadFull(client, buf)
		}
	}
	conv.State = client.ConnectionState()
	client.Close()
	a.Close()
	serr := <-errc
	a.Close()
	b.Close()
	if s.Fails {
		if err == nil && serr == nil {
			return nil, errors.New("tlsgen: " + s.Name + ": the handshake was meant to fail")
		}
		return conv, nil
	}
	if err != nil {
		return nil, err
	}
	if serr != nil && !errors.Is(serr, io.EOF) && !errors.Is(serr, io.ErrClosedPipe) {
		return nil, serr
	}
	return conv, nil
}

// PKI is a small certificate hierarchy for tests.
type PKI struct {
	Root   *x509.Certificate
	ECDSA  tls.Certificate // leaf for "example.test", ECDSA P-256
	RSA    tls.Certificate // leaf for "example.test", RSA 2048
	Client tls.Certificate // client certificate, ECDSA P-256
	Pool   *x509.CertPool
}

var (
	pkiOnce sync.Once
	pki     *PKI
	pkiErr  error
)

// TestPKI returns a process-wide test PKI, made on first use.
func TestPKI() (*PKI, error) {
	pkiOnce.Do(func() { pki, pkiErr = newPKI() })
	return pki, pkiErr
}

func newPKI() (*PKI, error) {
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	notBefore := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	notAfter := time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)
	rootTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "tlswire test root", Organization: []string{"tlswire"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, &rootKey.PublicKey, rootKey)
	if err != nil {
		return nil, err
	}
	root, _ := x509.ParseCertificate(rootDER)
	leaf := func(serial int64, cn string, pub, priv any, client bool) (tls.Certificate, error) {
		t := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"tlswire"}},
			DNSNames:     []string{cn},
			NotBefore:    notBefore,
			NotAfter:     notAfter,
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		if client {
			t.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		}
		der, err := x509.CreateCertificate(rand.Reader, t, root, pub, rootKey)
		if err != nil {
			return tls.Certificate{}, err
		}
		return tls.Certificate{Certificate: [][]byte{der, rootDER}, PrivateKey: priv}, nil
	}
	p := &PKI{Root: root, Pool: x509.NewCertPool()}
	p.Pool.AddCert(root)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if p.ECDSA, err = leaf(2, "example.test", &ek.PublicKey, ek, false); err != nil {
		return nil, err
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	if p.RSA, err = leaf(3, "example.test", &rk.PublicKey, rk, false); err != nil {
		return nil, err
	}
	ck, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if p.Client, err = leaf(4, "client.example.test", &ck.PublicKey, ck, true); err != nil {
		return nil, err
	}
	return p, nil
}

// ResetPKI drops the cached test PKI so the next use makes a new one. With
// a deterministic random source (testing/cryptotest.SetGlobalRandom) the new
// PKI, and every handshake run with it, is reproducible byte for byte.
func ResetPKI() {
	pkiOnce = sync.Once{}
	pki, pkiErr = nil, nil
}

// Clock is the fixed time every scenario runs at, so tickets, ages and
// certificate validity do not depend on when the tests run.
var Clock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func fixedClock() time.Time { return Clock }
