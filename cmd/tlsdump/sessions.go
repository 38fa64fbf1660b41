package main

import (
	"errors"
	"flag"
	"io"
	"strconv"
	"sync"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/resumption/pcaplink"
	"github.com/tlswire/tlswire/wire"
)

// Session resumption (docs/resumption.md): one resumption.Index per run
// links every resumed flow to the flow that issued its session, across all
// the files read. Files are read and flows analysed in parallel, but the
// Index is fed in output order, where process writes: each flow's analysis
// carries its session facts (a linkOp) and the offset in its output where
// the link goes; what an open flow issued (OnMessage) travels the same
// way, at its place among the flows. So the links do not depend on timing,
// and a resumed flow is linked while its issuer is still open.

// sessionsConfig is what the resumption flags select.
type sessionsConfig struct {
	link    bool // feed the Index and print links (-link, on unless -summary alone)
	print   bool // -sessions
	maxKeys int  // -max-sessions
	files   bool // several files: FlowRef.File names them
}

// addSessionFlags registers -link, -sessions and -max-sessions.
func addSessionFlags(fs *flag.FlagSet, c *sessionsConfig) {
	fs.BoolVar(&c.link, "link", true, "link each resumed flow to the flow that issued its session, across the files read (resumed_by, resumed_from, session: docs/resumption.md)")
	fs.BoolVar(&c.print, "sessions", false, "print session statistics per server and SNI instead of the flows: handshakes, resumptions by kind, tickets, 0-RTT (with -json: JSON Lines)")
	fs.IntVar(&c.maxKeys, "max-sessions", resumption.DefaultMaxEntries, "session IDs, tickets and PSK identities remembered for linking, about 150 bytes each; "+
		"past it the least recently used are forgotten and links to them counted as lost")
}

// fileName is FlowRef.File for the file read as name: empty when only
// one file is read.
func (c *sessionsConfig) fileName(name string) string {
	if c.files {
		return name
	}
	return ""
}

// maxChunkOps bounds the ops a chunk carries, so that -sessions (no
// output) hands them over as it goes.
const maxChunkOps = 1024

// check validates the flags once parsed; summary is -summary.
func (c *sessionsConfig) check(summary bool) error {
	if c.maxKeys < 1 {
		return errors.New("-max-sessions must be at least 1")
	}
	if c.print && !c.link {
		return errors.New("-sessions needs the links (-link=false given)")
	}
	if summary && !c.print {
		c.link = false // -summary prints no flow
	}
	return nil
}

// linkOp is one step of feeding the Index, in output order: what an open
// flow issued so far (issue), or an ended flow.
type linkOp struct {
	ref   *resumption.FlowRef
	h     resumption.Handshake
	issue bool
	// at is where the flow's session members or line go in its output
	// (in the chunk, once handed over); -1 when the flow is not printed.
	at int
	// summarize: the flow passed the filters and -sessions counts it.
	summarize bool
}

// fileLinker is the reading goroutine's side for one file: the FlowRef of
// each open flow that issued something, and what open flows issued since
// the last flow ended (pending, at most one op per flow: the latest, which
// holds what the earlier ones did).
type fileLinker struct {
	file      string // FlowRef.File: the file's name when several are read
	refs      map[*pcap.Flow]*openIssuer
	pending   []linkOp
	pendingAt map[*resumption.FlowRef]int
	dec       wire.Decoder
}

// openIssuer is an open flow that issued: its FlowRef, how many times,
// and the Tickets its latest issue op holds with the index in the flow's
// Messages of each one's NewSessionTicket, which the worker that analyses
// the flow takes instead of decoding and hashing them again.
type openIssuer struct {
	ref     *resumption.FlowRef
	issues  int
	tickets []resumption.Ticket
	at      []int
}

// addTicketAt appends to h.Tickets the Ticket the issue ops took from
// message i of the flow and reports whether they took one. While h.Tickets
// are the first of oi.tickets it shares their array (never written: its
// capacity stops appends) instead of copying them.
func (oi *openIssuer) addTicketAt(h *resumption.Handshake, i int) bool {
	if oi == nil {
		return false
	}
	for j, k := range oi.at {
		if k != i {
			continue
		}
		if n := len(h.Tickets); n == j && (n == 0 || &h.Tickets[0] == &oi.tickets[0]) {
			h.Tickets = oi.tickets[: n+1 : n+1]
		} else {
			h.Tickets = append(h.Tickets, oi.tickets[j])
		}
		return true
	}
	return false
}

// maxOpenIssues bounds the issue ops of one open flow: each observes the
// flow's messages so far, so a hostile flow of many NewSessionTickets
// would cost their square. Past it the flow issues the rest when it ends.
const maxOpenIssues = 8

func newFileLinker(file string) *fileLinker {
	return &fileLinker{file: file, refs: make(map[*pcap.Flow]*openIssuer), pendingAt: make(map[*resumption.FlowRef]int)}
}

// onMessage is the Reader's OnMessage. After a message that may issue a
// session (a NewSessionTicket, a ServerHelloDone) it takes what the flow
// issued so far from its ServerHello, NewSessionTickets and whether the
// handshake was full: the ClientHellos, costly to decode, are left to the
// worker that analyses the flow when it ends (a full handshake's
// ServerHello assigns a new session ID, RFC 5246 §7.4.1.3, so the offer is
// not needed to tell it). Other messages cost a comparison.
func (l *fileLinker) onMessage(f *pcap.Flow, m *pcap.Message) {
	if !pcaplink.Issues(m) {
		return
	}
	oi := l.refs[f]
	if oi != nil && oi.issues >= maxOpenIssues {
		return
	}
	op := linkOp{issue: true, at: -1}
	h := &op.h
	sid := assignsSessionID(f) // else the ServerHello issues nothing: not decoded
	var at []int
	for i := range f.Messages {
		mm := &f.Messages[i]
		if mm.Decrypted {
			h.Decrypted = true
		}
		switch {
		case mm.Dir != pcap.ServerToClient || mm.SSLv2:
		case mm.Type == wire.TypeServerHello && sid:
			pcaplink.Observe(h, &l.dec, f, mm)
		case mm.Type == wire.TypeNewSessionTicket:
			n := len(h.Tickets)
			pcaplink.Observe(h, &l.dec, f, mm)
			if len(h.Tickets) > n {
				at = append(at, i)
			}
		default:
			observeSeen(h, mm)
		}
	}
	if len(h.Tickets) == 0 && (h.IssuedSessionIDLen == 0 || !h.Full) {
		return // a ServerHelloDone after an empty session ID
	}
	if oi == nil {
		oi = &openIssuer{ref: pcaplink.Ref(f, l.file)}
		l.refs[f] = oi
	}
	oi.issues++
	oi.tickets, oi.at = h.Tickets, at
	ref := oi.ref
	op.ref = ref
	if i, ok := l.pendingAt[ref]; ok {
		l.pending[i] = op
		return
	}
	l.pendingAt[ref] = len(l.pending)
	l.pending = append(l.pending, op)
}

// assignsSessionID reports whether the flow's ServerHellos are worth
// decoding before a session is issued: the last one carries a session ID
// (a cheap look at its legacy_session_id length, after the version and
// random, RFC 5246 §7.4.1.3) and a Certificate, ServerKeyExchange or
// ServerHelloDone of the server follows the first one. When the session
// ID is empty (a server that issues tickets), the NewSessionTicket
// issues; when none of those messages follows a ServerHello, the
// handshake is not full (an abbreviated one echoes the client's session
// ID) and the session ID issues nothing.
func assignsSessionID(f *pcap.Flow) bool {
	sh, full, sid := false, false, false
	for i := range f.Messages {
		m := &f.Messages[i]
		if m.Dir != pcap.ServerToClient || m.SSLv2 {
			continue
		}
		if m.Type == wire.TypeServerHello {
			sh = true
			b := pcaplink.Body(f, m)
			sid = len(b) > 34 && b[34] > 0
		} else if sh && seenMessage(m.Type) != nil {
			full = true
		}
	}
	return full && sid
}

// ended returns what an ended flow issued while open (nil if nothing) and
// the ops of the other flows that issued since the last flow ended: they
// go before it. The ended flow's own is dropped: its end issues all.
func (l *fileLinker) ended(f *pcap.Flow) (*openIssuer, []linkOp) {
	oi := l.refs[f]
	var ref *resumption.FlowRef
	if oi != nil {
		ref = oi.ref
		delete(l.refs, f)
	}
	if len(l.pending) == 0 {
		return oi, nil
	}
	p := l.pending
	if i, ok := l.pendingAt[ref]; ok && ref != nil {
		p = append(p[:i], p[i+1:]...)
		clear(p[len(p) : len(p)+1]) // the moved last one's references
	}
	l.pending = getPre()
	clear(l.pendingAt)
	return oi, p
}

// sessionObserver builds Handshakes in a worker goroutine.
type sessionObserver struct {
	dec wire.Decoder
}

// The values handed to Handshake.Observe for the messages whose presence
// alone it counts (a full TLS <= 1.2 handshake): they need no decoding.
var (
	seenCertificate       = new(wire.Certificate)
	seenServerKeyExchange = new(wire.ServerKeyExchange)
	seenServerHelloDone   = new(wire.ServerHelloDone)
)

// seenMessage returns the value for a message of type t whose presence
// Handshake.Observe counts, nil for another type.
func seenMessage(t wire.HandshakeType) wire.Message {
	switch t {
	case wire.TypeCertificate:
		return seenCertificate
	case wire.TypeServerKeyExchange:
		return seenServerKeyExchange
	case wire.TypeServerHelloDone:
		return seenServerHelloDone
	}
	return nil
}

// observeSeen feeds h a message that seenMessage knows.
func observeSeen(h *resumption.Handshake, m *pcap.Message) {
	if v := seenMessage(m.Type); v != nil {
		h.Observe(v, m.Time)
	}
}

// flow returns the linkOp of an ended flow, from the hellos analyze
// decoded and the Tickets its issue ops took (oi, nil if it issued
// nothing while open; then a FlowRef is made, named file).
func (o *sessionObserver) flow(fi *flowInfo, oi *openIssuer, file string) *linkOp {
	op := opPool.Get().(*linkOp)
	*op = linkOp{at: -1}
	if oi != nil {
		op.ref = oi.ref
	}
	h := &op.h
	ci, si := 0, 0
	for i := range fi.msgs {
		mi := &fi.msgs[i]
		m := mi.m
		if m.Decrypted {
			h.Decrypted = true
		}
		if mi.err != nil {
			continue
		}
		switch {
		case m.Type == wire.TypeClientHello && m.Dir == pcap.ClientToServer:
			if !m.SSLv2 { // an SSL 2.0 hello says nothing of sessions
				h.Observe(fi.clientHellos[ci], m.Time)
			}
			ci++
		case m.SSLv2:
		case m.Type == wire.TypeServerHello && m.Dir == pcap.ServerToClient:
			h.Observe(fi.serverHellos[si], m.Time)
			si++
		case m.Type == wire.TypeNewSessionTicket, m.Type == wire.TypeEncryptedExtensions:
			if m.Type == wire.TypeNewSessionTicket && oi.addTicketAt(h, i) {
				continue // decoded from the same body in the same context
			}
			o.dec.Context = mi.ctx
			if v, err := o.dec.DecodeBody(m.Type, mi.body); err == nil {
				h.Observe(v, m.Time)
			}
		default:
			observeSeen(h, m)
		}
	}
	if op.ref == nil {
		f := fi.f
		op.ref = &resumption.FlowRef{Client: f.Client, Server: f.Server, Time: f.First, File: file}
		if len(h.Tickets) > 0 || h.IssuedSessionIDLen > 0 {
			// Only an issuer's Community ID is ever printed (resumed_from).
			op.ref.CommunityID = pcaplink.Ref(f, file).CommunityID
		}
	}
	return op
}

// The linkOps of ended flows, from the workers to the pipeline, and the
// chunks' lists of them, from the pipeline to process, are recycled.
var (
	opPool  = sync.Pool{New: func() any { return new(linkOp) }}
	freeOps = make(chan []linkOp, 64)
)

// putOp recycles a flow's linkOp once copied.
func putOp(op *linkOp) {
	*op = linkOp{}
	opPool.Put(op)
}

// The lists of what open flows issued (fileLinker.pending, task.pre) are
// recycled once copied into a chunk's.
var freePre = make(chan []linkOp, 64)

// getPre returns an empty list for fileLinker.pending.
func getPre() []linkOp {
	select {
	case p := <-freePre:
		return p
	default:
		return nil
	}
}

// putPre recycles a task's pre once copied.
func putPre(p []linkOp) {
	if cap(p) == 0 {
		return
	}
	clear(p)
	select {
	case freePre <- p[:0]:
	default:
	}
}

// getOps returns an empty list of linkOps.
func getOps() []linkOp {
	select {
	case ops := <-freeOps:
		return ops
	default:
		return make([]linkOp, 0, 64)
	}
}

// putOps recycles a chunk's list once written.
func putOps(ops []linkOp) {
	clear(ops) // drop the references
	select {
	case freeOps <- ops[:0]:
	default:
	}
}

// runLinker is the writing side: the run's Index, fed in output order.
type runLinker struct {
	x     *resumption.Index
	sum   resumption.Summary
	json  bool
	print bool
	max   int
	buf   []byte
	flow  resumption.Flow // the Flow of a flow not summarized (Index.AddTo)
}

func newRunLinker(cfg *config) *runLinker {
	return &runLinker{x: resumption.NewIndex(resumption.Options{MaxEntries: cfg.sess.maxKeys}),
		json: cfg.json, print: cfg.sess.print, max: cfg.sess.maxKeys}
}

// write feeds the Index with a chunk's ops and writes the chunk with each
// flow's session members (JSON) or line (text) at its place.
func (l *runLinker) write(w io.Writer, chunk []byte, ops []linkOp) {
	pos := 0
	for i := range ops {
		op := &ops[i]
		if op.issue {
			l.x.Issue(op.ref, &op.h)
			continue
		}
		// The Summary keeps its Flows; else one is reused.
		f := &l.flow
		if op.summarize {
			f = l.x.Add(op.ref, &op.h)
			l.sum.Add(f)
		} else {
			l.x.AddTo(f, op.ref, &op.h)
		}
		if op.at < 0 {
			continue
		}
		w.Write(chunk[pos:op.at])
		pos = op.at
		w.Write(l.render(f))
	}
	w.Write(chunk[pos:])
}

// render returns a flow's session members, with the comma that separates
// them from the members before, or its text line ("" when not resumed).
func (l *runLinker) render(f *resumption.Flow) []byte {
	if l.json {
		// AppendJSON puts no comma after '{': the brace holds the
		// comma's place.
		l.buf = f.AppendJSON(append(l.buf[:0], '{'))
		l.buf[0] = ','
		return l.buf
	}
	l.buf = label(l.buf[:0], "session")
	n := len(l.buf)
	if l.buf = f.AppendText(l.buf); len(l.buf) == n {
		return nil
	}
	l.buf = append(l.buf, '\n')
	return l.buf
}

// finish writes -sessions (statistics per server and SNI, then the Index's
// counters) and, when links were lost to -max-sessions, says so on
// stderr.
func (l *runLinker) finish(w, stderr io.Writer) {
	st := l.x.Stats()
	if l.print {
		if l.json {
			w.Write(appendIndexStatsJSON(l.sum.AppendJSON(nil), st, l.max))
		} else {
			w.Write(appendIndexStatsText(l.sum.AppendText(nil), st, l.max))
		}
	}
	if st.LinksLost > 0 {
		io.WriteString(stderr, "tlsdump: "+strconv.FormatUint(st.LinksLost, 10)+" resumed flows not linked: their issuers were forgotten past -max-sessions "+strconv.Itoa(l.max)+"\n")
	}
}

// appendIndexStatsText appends the Index's counters as the last line of
// -sessions.
func appendIndexStatsText(b []byte, st resumption.Stats, max int) []byte {
	b = append(b, "index: keys "...)
	b = strconv.AppendInt(b, int64(st.Entries), 10)
	b = append(b, " of "...)
	b = strconv.AppendInt(b, int64(max), 10)
	b = append(b, ", evicted "...)
	b = strconv.AppendUint(b, st.Evicted, 10)
	b = append(b, ", links lost "...)
	b = strconv.AppendUint(b, st.LinksLost, 10)
	b = append(b, ", reissued "...)
	b = strconv.AppendUint(b, st.Reissued, 10)
	b = append(b, ", TLS 1.3 flows without their tickets "...)
	b = strconv.AppendUint(b, st.Undecrypted, 10)
	return append(b, '\n')
}

// appendIndexStatsJSON appends the Index's counters as the last line of
// -sessions -json: {"index":{...}}.
func appendIndexStatsJSON(b []byte, st resumption.Stats, max int) []byte {
	b = append(b, `{"index":{"keys":`...)
	b = strconv.AppendInt(b, int64(st.Entries), 10)
	b = append(b, `,"max_keys":`...)
	b = strconv.AppendInt(b, int64(max), 10)
	b = append(b, `,"evicted":`...)
	b = strconv.AppendUint(b, st.Evicted, 10)
	b = append(b, `,"links_lost":`...)
	b = strconv.AppendUint(b, st.LinksLost, 10)
	b = append(b, `,"reissued":`...)
	b = strconv.AppendUint(b, st.Reissued, 10)
	b = append(b, `,"undecrypted":`...)
	b = strconv.AppendUint(b, st.Undecrypted, 10)
	return append(b, "}}\n"...)
}
