package tlsgen

import (
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// pipe is a buffered, in-memory, full-duplex connection pair: unlike
// net.Pipe, a Write never waits for the peer to Read, so both sides of a
// TLS handshake may write at once (HRR followed by a compatibility CCS,
// TLS 1.3 tickets) without deadlock.
type pipe struct {
	mu       sync.Mutex
	cond     *sync.Cond
	buf      []byte
	closed   bool
	deadline time.Time
}

func newPipe() *pipe {
	p := &pipe{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *pipe) write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return 0, io.ErrClosedPipe
	}
	p.buf = append(p.buf, b...)
	p.cond.Broadcast()
	return len(b), nil
}

func (p *pipe) read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 {
		if p.closed {
			return 0, io.EOF
		}
		if !p.deadline.IsZero() && time.Now().After(p.deadline) {
			return 0, os.ErrDeadlineExceeded
		}
		p.cond.Wait()
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

func (p *pipe) close() {
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
}

type pipeConn struct {
	in, out *pipe
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// newConnPair returns two connected ends. A deadline wakes blocked readers
// through a timer so a stuck handshake fails instead of hanging.
func newConnPair(deadline time.Time) (net.Conn, net.Conn, func()) {
	ab, ba := newPipe(), newPipe()
	ab.deadline, ba.deadline = deadline, deadline
	t := time.AfterFunc(time.Until(deadline), func() {
		for _, p := range []*pipe{ab, ba} {
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	})
	return &pipeConn{in: ba, out: ab}, &pipeConn{in: ab, out: ba}, func() { t.Stop() }
}

func (c *pipeConn) Read(b []byte) (int, error)  { return c.in.read(b) }
func (c *pipeConn) Write(b []byte) (int, error) { return c.out.write(b) }
func (c *pipeConn) Close() error {
	c.out.close()
	c.in.close()
	return nil
}
func (c *pipeConn) LocalAddr() net.Addr                { return pipeAddr{} }
func (c *pipeConn) RemoteAddr() net.Addr               { return pipeAddr{} }
func (c *pipeConn) SetDeadline(t time.Time) error      { return nil }
func (c *pipeConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return nil }
