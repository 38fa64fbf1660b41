package capgen

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"sync"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// Resumption (Config.Resume): a TLS 1.2 ticket resumption pair recorded by
// crypto/tls (a full handshake that issues a ticket, then a connection
// that resumes with it and is issued a new one). The generator makes each
// ticket distinct per flow by writing a flow number into its bytes (the
// Finished messages, encrypted, are not checked by a reader), so every
// resuming flow offers the ticket one issuing flow issued.

// ticketPatch is where a template's ticket bytes are made a flow's own:
// patchLen bytes at off in write, set to the flow's number (own) or to the
// number of the flow it resumes.
type ticketPatch struct {
	write, off int
	own        bool
}

const (
	patchLen   = 4
	patchDelta = 20 // bytes into the ticket (past crypto/tls's key name)
)

var (
	resumeOnce  sync.Once
	resumeTmpls [2]Template
	resumeErr   error
)

// resumeTemplates returns the issuing and the resuming template, recorded
// on first use.
func resumeTemplates() ([2]Template, error) {
	resumeOnce.Do(func() { resumeTmpls, resumeErr = recordResume() })
	return resumeTmpls, resumeErr
}

func recordResume() ([2]Template, error) {
	client := &tls.Config{MaxVersion: tls.VersionTLS12, ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	server := &tls.Config{}
	server.SetSessionTicketKeys([][32]byte{{'c', 'a', 'p', 'g', 'e', 'n'}})
	var out [2]Template
	for i, name := range []string{"tls12-ticket-issue", "tls12-ticket-resume"} {
		c, err := tlsgen.Run(tlsgen.Scenario{Name: name, Client: client, Server: server, AppData: []byte("GET / HTTP/1.1\r\n\r\n")})
		if err != nil {
			return out, err
		}
		if c.State.DidResume != (i == 1) {
			return out, errors.New("capgen: crypto/tls did not resume as expected")
		}
		w := c.Writes
		for len(w) > 0 && isCloseNotify(w[len(w)-1].Data) {
			w = w[:len(w)-1]
		}
		out[i] = Template{Name: name, Writes: w}
	}
	// The issued tickets, in the servers' NewSessionTickets.
	for i := range out {
		wi, off, ticket := findTicket(out[i].Writes)
		if ticket == nil {
			return out, errors.New("capgen: no NewSessionTicket in " + out[i].Name)
		}
		out[i].patches = append(out[i].patches, ticketPatch{write: wi, off: off + patchDelta, own: true})
		if i == 0 {
			// The resuming ClientHello offers it.
			d := out[1].Writes[0].Data
			at := indexOf(d, ticket)
			if !out[1].Writes[0].ClientToServer || at < 0 {
				return out, errors.New("capgen: the resuming ClientHello does not offer the issued ticket")
			}
			out[1].patches = append(out[1].patches, ticketPatch{write: 0, off: at + patchDelta})
		}
	}
	return out, nil
}

// findTicket finds a TLS 1.2 NewSessionTicket (RFC 5077 §3.3) in the
// server's writes: a handshake header of type 4 whose length is the
// lifetime hint, the ticket's length and the ticket.
func findTicket(ws []tlsgen.Write) (write, off int, ticket []byte) {
	for wi, w := range ws {
		d := w.Data
		if w.ClientToServer {
			continue
		}
		for i := 0; i+10 <= len(d); i++ {
			if d[i] != 4 {
				continue
			}
			n := int(d[i+1])<<16 | int(d[i+2])<<8 | int(d[i+3])
			tl := int(binary.BigEndian.Uint16(d[i+8:]))
			if n == 4+2+tl && tl >= patchDelta+patchLen && i+10+tl <= len(d) {
				return wi, i + 10, d[i+10 : i+10+tl]
			}
		}
	}
	return 0, 0, nil
}

func indexOf(d, sub []byte) int {
	for i := 0; i+len(sub) <= len(d); i++ {
		if string(d[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}

// resumeLag is how many flows back a resuming flow's issuer started (when
// there are that many): its ticket is then long issued.
const resumeLag = 300

// assignResume makes flow i an issuer (i%3 == 0) or a resumption of an
// earlier issuer (i%3 == 2); the others keep their drawn template.
func (g *gen) assignResume(i int, f *flow) {
	switch i % 3 {
	case 0:
		f.tmpl = &g.resume[0]
	case 2:
		f.tmpl = &g.resume[1]
		f.resumes = i - 2
		if f.resumes >= resumeLag {
			f.resumes -= resumeLag
		}
	}
}

// patched returns the segment payload p, bytes [off, off+len(p)) of write
// wi of the flow's template, with the flow's ticket bytes written in.
func (g *gen) patched(f *flow, i, wi, off int, p []byte) []byte {
	for _, pt := range f.tmpl.patches {
		if pt.write != wi || pt.off+patchLen <= off || pt.off >= off+len(p) {
			continue
		}
		if len(g.patch) == 0 || &p[0] != &g.patch[0] {
			g.patch = append(g.patch[:0], p...)
			p = g.patch
		}
		var v [patchLen]byte
		n := i
		if !pt.own {
			n = f.resumes
		}
		binary.BigEndian.PutUint32(v[:], uint32(n)+1)
		for k := range patchLen {
			if j := pt.off + k - off; j >= 0 && j < len(p) {
				p[j] = v[k]
			}
		}
	}
	return p
}

// index is the flow's number, from its client address (10.i>>16.i>>8.i).
func (f *flow) index() int {
	return int(f.cli[1])<<16 | int(f.cli[2])<<8 | int(f.cli[3])
}
