package main

import (
	"io"
	"net/netip"
	"os"
	"strconv"

	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/pcap"
)

// Live output: on a pipe or a terminal on standard input, each flow is
// printed as soon as its handshake has completed or failed
// (pcap.Options.OnHandshakeDone), with end "handshake"; when the
// connection ends, a short continuation for the same flow follows with
// what came after: the alerts and problems seen since, the protected
// records counted, and how it ended. A flow that ends before its
// handshake is over is printed once, whole, as from a file.

// endHandshake is the end of a flow printed at the end of its handshake.
const endHandshake pcap.EndReason = "handshake"

// streaming reports whether standard input is live: a pipe, a terminal
// or a socket rather than a regular file redirected.
func streaming(stdin io.Reader) bool {
	f, ok := stdin.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&(os.ModeNamedPipe|os.ModeCharDevice|os.ModeSocket) != 0
}

// liveKey identifies a flow across its snapshot and its end.
type liveKey struct {
	client, server netip.AddrPort
	first          int64
}

func liveKeyOf(f *pcap.Flow) liveKey {
	return liveKey{f.Client, f.Server, f.First.UnixNano()}
}

// liveShown is what the printed snapshot of a flow held.
type liveShown struct {
	alerts, problems int
}

// liveFlows hands the snapshots to the pipeline and remembers which flows
// were printed at the end of their handshake.
type liveFlows struct {
	order, work chan *task
	stop        chan struct{}
	printed     map[liveKey]liveShown // only the goroutine writing the output touches it
}

// enqueue queues a snapshot like a flow the Reader yields; it runs in
// the Reader's goroutine, before the flow itself can be yielded.
func (lv *liveFlows) enqueue(s *pcap.Flow) {
	s.End = endHandshake
	t := &task{f: s, early: true, done: make(chan taskDone, 1)}
	select {
	case lv.order <- t:
	case <-lv.stop:
		return
	}
	select {
	case lv.work <- t:
	case <-lv.stop:
	}
}

// settle runs in output order: it notes a snapshot that was printed, and
// turns the output of an ended flow whose snapshot was printed into its
// continuation.
func (lv *liveFlows) settle(t *task, d *taskDone, cfg *config) {
	k := liveKeyOf(t.f)
	if t.early {
		if d.out != nil {
			lv.printed[k] = liveShown{len(t.f.Alerts), len(t.f.Problems)}
		}
		return
	}
	shown, ok := lv.printed[k]
	if !ok {
		return
	}
	delete(lv.printed, k)
	if d.out == nil {
		d.out = outPool.Get().(*[]byte)
	}
	if d.op != nil {
		d.op.at = -1 // the continuation carries no session members
	}
	if cfg.json {
		*d.out = appendContinuationJSON((*d.out)[:0], t.f, shown)
	} else {
		*d.out = appendContinuationText((*d.out)[:0], t.f, shown)
	}
}

// appendContinuationText appends the block that ends a flow printed at
// the end of its handshake: its title, the alerts and problems since,
// and the protected records counted.
func appendContinuationText(b []byte, f *pcap.Flow, shown liveShown) []byte {
	b = appendFlowTitle(b, f)
	b = line(b, "continued", "the handshake is shown above")
	for _, a := range f.Alerts[min(shown.alerts, len(f.Alerts)):] {
		b = line(b, "alert", dirCode(a.Dir)+": "+a.Level.String()+" "+a.Description.String())
	}
	for _, p := range f.Problems[min(shown.problems, len(f.Problems)):] {
		b = line(b, "problem", p.String())
	}
	b = appendEncryptedText(b, &f.Encrypted)
	return append(b, '\n')
}

// appendContinuationJSON appends the object that ends a flow printed at
// the end of its handshake (docs/json.md: `continued`).
func appendContinuationJSON(b []byte, f *pcap.Flow, shown liveShown) []byte {
	b = appendEndpointsJSON(b, f)
	b = jstr(b, "community_id", communityID(f))
	b = jbool(b, "continued", true)
	b = appendAlertsJSON(b, f.Alerts[min(shown.alerts, len(f.Alerts)):])
	b = appendEncryptedJSON(b, &f.Encrypted)
	b = jstr(b, "end", string(f.End))
	if ps := f.Problems[min(shown.problems, len(f.Problems)):]; len(ps) > 0 || f.ProblemsDropped > 0 {
		b = append(jsonappend.Key(b, "errors"), '[')
		for i, p := range ps {
			b = jsonappend.Text(jsonappend.Open(elem(b, i), "kind"), string(p.Kind))
			b = jstr(b, "dir", dirCode(p.Dir))
			b = append(jstr(b, "detail", p.Detail), '}')
		}
		if n := f.ProblemsDropped; n > 0 {
			b = jsonappend.Text(jsonappend.Open(elem(b, len(ps)), "kind"), "dropped")
			b = append(jstr(b, "detail", strconv.Itoa(n)+" more problems not kept"), '}')
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n')
}
