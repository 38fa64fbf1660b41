// Package pcaplink links resumed flows read by package pcap to the flows
// that issued their sessions, with package resumption: a Linker feeds a
// resumption.Index from a pcap.Reader, as tlsdump does, for callers of
// the library.
//
//	x := resumption.NewIndex(resumption.Options{})
//	l := pcaplink.New(x, "a.pcap")
//	r, _ := pcap.NewReader(in, pcap.Options{OnMessage: l.OnMessage})
//	for f, err := range r.Flows() {
//		rf := l.Ended(f) // rf.Link(), rf.AppendJSON, summary.Add(rf)
//	}
//
// One Index may serve several Linkers (one per file) read one after the
// other; an Index is not safe for concurrent use, so files read in
// parallel must feed it in one goroutine (docs/resumption.md).
package pcaplink

import (
	"github.com/tlswire/tlswire/communityid"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/wire"
)

// Linker feeds an Index from one pcap.Reader: each handshake message goes
// to its flow's resumption.Handshake as it completes (OnMessage), what an
// open flow issued goes to the Index at once, so that a resumed flow ending
// while its issuer is still open is linked, and each flow is added when the
// Reader yields it (Ended). A Linker is not safe for concurrent use; its
// OnMessage runs in the goroutine that ranges over Reader.Flows.
type Linker struct {
	x    *resumption.Index
	file string
	open map[*pcap.Flow]*openFlow
	// Decrypted, if set, tells whether a message came from decryption
	// (TLS 1.3 over TCP, QUIC 1-RTT): a flow with one has its
	// NewSessionTickets in view (resumption.Handshake.Decrypted).
	Decrypted func(m *pcap.Message) bool
}

type openFlow struct {
	ref *resumption.FlowRef
	h   resumption.Handshake
	d   wire.Decoder
}

// New returns a Linker feeding x with the flows of the capture named file
// ("" when only one capture is read: FlowRef.File stays empty).
func New(x *resumption.Index, file string) *Linker {
	return &Linker{x: x, file: file, open: make(map[*pcap.Flow]*openFlow)}
}

// OnMessage is a pcap.Options.OnMessage: it observes m and, after a
// NewSessionTicket or a ServerHelloDone, issues what the flow issued so far.
func (l *Linker) OnMessage(f *pcap.Flow, m *pcap.Message) {
	o := l.open[f]
	if o == nil {
		o = &openFlow{ref: Ref(f, l.file)}
		l.open[f] = o
	}
	Observe(&o.h, &o.d, f, m)
	if l.Decrypted != nil && l.Decrypted(m) {
		o.h.Decrypted = true
	}
	if Issues(m) {
		l.x.Issue(o.ref, &o.h)
	}
}

// Ended adds a flow the Reader yielded and returns it as the Index sees
// it: linked if its issuer was fed already, or as soon as it is.
func (l *Linker) Ended(f *pcap.Flow) *resumption.Flow {
	o := l.open[f]
	delete(l.open, f)
	if o == nil { // no handshake message
		o = &openFlow{ref: Ref(f, l.file)}
	}
	return l.x.Add(o.ref, &o.h)
}

// Issues reports whether m may issue a session: a NewSessionTicket, or a
// ServerHelloDone ending a full TLS <= 1.2 handshake whose ServerHello
// assigned a session ID.
func Issues(m *pcap.Message) bool {
	return m.Dir == pcap.ServerToClient && (m.Type == wire.TypeNewSessionTicket || m.Type == wire.TypeServerHelloDone)
}

// Ref returns the FlowRef of a pcap flow: its endpoints, first packet time
// and Community ID, and file.
func Ref(f *pcap.Flow, file string) *resumption.FlowRef {
	proto := communityid.ProtocolTCP
	if f.Transport == pcap.TransportUDP {
		proto = communityid.ProtocolUDP
	}
	return &resumption.FlowRef{Client: f.Client, Server: f.Server, Time: f.First,
		CommunityID: communityid.String(0, proto, f.Client, f.Server), File: file}
}

// Observe decodes m in the context pcap hands with it (pcap.Message.Context)
// and feeds it to h; a message that does not decode, and an SSL 2.0 hello,
// say nothing of sessions and are skipped.
func Observe(h *resumption.Handshake, d *wire.Decoder, f *pcap.Flow, m *pcap.Message) {
	if m.SSLv2 {
		return
	}
	body := Body(f, m)
	if body == nil {
		return
	}
	d.Context = m.Context
	if msg, err := d.DecodeBody(m.Type, body); err == nil {
		h.Observe(msg, m.Time)
	}
}

// Body returns a message's body without its TLS (4-byte) or DTLS (12-byte)
// handshake header, nil when it is shorter than its header.
func Body(f *pcap.Flow, m *pcap.Message) []byte {
	n := 4
	if f.Protocol == pcap.ProtocolDTLS {
		n = wire.DTLSHandshakeHeaderLen
	}
	if len(m.Raw) < n {
		return nil
	}
	return m.Raw[n:]
}
