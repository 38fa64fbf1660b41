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

func (p *pipe) buffered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.buf)
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

// pipeConn is one end of a pair. The two ends share a baton: only the end
// holding it runs, and it gives the baton up only when it must wait for
// data (or closes). Both sides of a handshake therefore run in a fixed
// order, and so do their draws from the (seeded, process-global) random
// source: with testing/cryptotest.SetGlobalRandom a handshake is
// reproducible byte for byte, which two freely running goroutines are not.
type pipeConn struct {
	in, out *pipe
	baton   chan struct{} // holds a token while one end runs
	holding bool          // this end holds the baton; touched by its owner only
}

// acquire waits for the baton.
func (c *pipeConn) acquire() {
	c.baton <- struct{}{}
	c.holding = true
}

// release gives the baton up if this end holds it.
func (c *pipeConn) release() {
	if c.holding {
		c.holding = false
		<-c.baton
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// newConnPair returns two connected ends. A deadline wakes blocked readers
// through a timer so a stuck handshake fails instead of hanging.
func newConnPair(deadline time.Time) (*pipeConn, *pipeConn, func()) {
	ab, ba := newPipe(), newPipe()
	ab.deadline, ba.deadline = deadline, deadline
	t := time.AfterFunc(time.Until(deadline), func() {
		for _, p := range []*pipe{ab, ba} {
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	})
	baton := make(chan struct{}, 1)
	return &pipeConn{in: ba, out: ab, baton: baton}, &pipeConn{in: ab, out: ba, baton: baton}, func() { t.Stop() }
}

// Read returns buffered data at once; when there is none it hands the
// baton to the other end while it waits.
func (c *pipeConn) Read(b []byte) (int, error) {
	if c.in.buffered() > 0 || !c.holding {
		return c.in.read(b)
	}
	c.release()
	n, err := c.in.read(b)
	c.acquire()
	return n, err
}

func (c *pipeConn) Write(b []byte) (int, error) { return c.out.write(b) }

// Close closes both directions and gives the baton up for good.
func (c *pipeConn) Close() error {
	c.out.close()
	c.in.close()
	c.release()
	return nil
}
func (c *pipeConn) LocalAddr() net.Addr                { return pipeAddr{} }
func (c *pipeConn) RemoteAddr() net.Addr               { return pipeAddr{} }
func (c *pipeConn) SetDeadline(t time.Time) error      { return nil }
func (c *pipeConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return nil }
