package resumption_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/wire"
)

// handshakeOf is how a pcap consumer builds a flow's Handshake: decode each
// message with the flow's wire.Decoder and hand it to Observe.
func handshakeOf(f *pcap.Flow) *resumption.Handshake {
	var h resumption.Handshake
	var d wire.Decoder
	for i := range f.Messages {
		m := &f.Messages[i]
		if msg := decode(&d, f, m); msg != nil {
			h.Observe(msg, m.Time)
		}
	}
	return &h
}

// decode decodes one pcap message, nil when it does not decode (an SSL 2.0
// hello says nothing of sessions).
func decode(d *wire.Decoder, f *pcap.Flow, m *pcap.Message) wire.Message {
	var msg wire.Message
	var err error
	switch {
	case m.SSLv2:
		return nil
	case f.Protocol == "dtls" && len(m.Raw) >= 12:
		msg, err = d.DecodeBody(m.Type, m.Raw[12:])
	default:
		msg, err = d.Decode(m.Raw)
	}
	if err != nil {
		return nil
	}
	return msg
}

// capturedFlow is one flow of the shared captures with the raw bytes the
// oracle compares.
type capturedFlow struct {
	ref           *resumption.FlowRef
	h             *resumption.Handshake
	offeredTicket []byte
	shSessionID   []byte
	tickets       [][]byte
	fullHandshake bool
}

// sharedCaptures returns the capture files of ../shared/captures, or skips.
func sharedCaptures(t *testing.T) []string {
	var dir string
	for _, d := range []string{"../../shared/captures", "../../../shared/captures"} {
		if _, err := os.Stat(d); err == nil {
			dir = d
			break
		}
	}
	if dir == "" {
		t.Skip("no shared captures (../shared/captures)")
	}
	var files []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			switch filepath.Ext(p) {
			case ".pcap", ".pcapng", ".cap", ".gz":
				files = append(files, p)
			}
		}
		return nil
	})
	sort.Strings(files)
	return files
}

// readFlows reads one capture into capturedFlows.
func readFlows(t *testing.T, file string) []*capturedFlow {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f, pcap.Options{})
	if err != nil {
		return nil // not a capture pcap reads (documented in pcap's tests)
	}
	var out []*capturedFlow
	for fl, err := range r.Flows() {
		if err != nil {
			break
		}
		c := &capturedFlow{
			ref: &resumption.FlowRef{Client: fl.Client, Server: fl.Server, Time: fl.First, File: filepath.Base(file)},
			h:   handshakeOf(fl),
		}
		var d wire.Decoder
		for i := range fl.Messages {
			switch m := decode(&d, fl, &fl.Messages[i]).(type) {
			case *wire.ClientHello:
				c.offeredTicket, _ = m.Extensions.Find(wire.ExtensionSessionTicket)
				c.offeredTicket = bytes.Clone(c.offeredTicket)
			case *wire.ServerHello:
				if !m.IsHelloRetryRequest() {
					c.shSessionID = bytes.Clone(m.SessionID)
				}
			case *wire.NewSessionTicket:
				c.tickets = append(c.tickets, bytes.Clone(m.Ticket))
			case *wire.Certificate, *wire.ServerHelloDone:
				c.fullHandshake = true
			}
		}
		out = append(out, c)
	}
	return out
}

// oracle finds, by comparing raw bytes, the earliest other flow of flows
// that issued what c resumed with: a NewSessionTicket whose ticket is c's
// SessionTicket, else a full handshake to the same server whose ServerHello
// assigned c's session ID.
func oracle(c *capturedFlow, flows []*capturedFlow) *resumption.FlowRef {
	for _, o := range flows {
		if o == c || len(c.offeredTicket) == 0 {
			continue
		}
		for _, k := range o.tickets {
			if bytes.Equal(k, c.offeredTicket) {
				return o.ref
			}
		}
	}
	for _, o := range flows {
		if o != c && o.fullHandshake && len(c.shSessionID) > 0 && o.ref.Server == c.ref.Server &&
			bytes.Equal(o.shSessionID, c.shSessionID) {
			return o.ref
		}
	}
	return nil
}

// TestSharedCaptures links the flows of every shared capture, each capture
// in an Index of its own, and checks every link against the oracle.
func TestSharedCaptures(t *testing.T) {
	files := sharedCaptures(t)
	var report []string
	for _, file := range files {
		flows := readFlows(t, file)
		x := resumption.NewIndex(resumption.Options{})
		var fs []*resumption.Flow
		for _, c := range flows {
			fs = append(fs, x.Add(c.ref, c.h))
		}
		for i, c := range flows {
			l := fs[i].Link()
			if l.By == resumption.NotResumed {
				continue
			}
			want := oracle(c, flows)
			if l.By == resumption.ByPSK {
				want = nil // TLS 1.3 tickets are encrypted in these captures
			}
			if l.From != want {
				t.Errorf("%s: flow %v resumed by %v: linked to %v, the bytes say %v", file, c.ref.Client, l.By, l.From, want)
			}
			name, _ := filepath.Rel(filepath.Dir(filepath.Dir(filepath.Dir(file))), file)
			if l.From != nil {
				report = append(report, name+": "+c.ref.Client.String()+" resumed ("+l.By.String()+") from "+l.From.Client.String())
			} else {
				report = append(report, name+": "+c.ref.Client.String()+" resumed ("+l.By.String()+"), "+l.Missing.String())
			}
		}
	}
	t.Log("resumed flows:\n" + strings.Join(report, "\n"))
}
