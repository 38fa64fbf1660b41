package pcap

import (
	"time"

	"github.com/tlswire/tlswire/wire"
)

// flowEnv is all the flow table and its flows know of the Reader: the
// limits, the counters, the buffer pools, the message callback, the
// capture clock and the queue of ended flows. The table hands a flow that
// ended to finish, which queues it in ended; the Reader takes them from
// there (Reader.flush). Nothing below the Reader calls up into it.
type flowEnv struct {
	lim       Limits
	onMessage func(*Flow, *Message) // Options.OnMessage
	discard   bool                  // Options.DiscardMessages (with onMessage set)
	onDone    func(*Flow)           // Options.OnHandshakeDone
	stats     Stats
	pools     bufPools
	now       time.Time // latest capture time seen
	nowNS     int64     // now in Unix nanoseconds
	tsNS      int64     // the current packet's time in Unix nanoseconds
	mem       int       // bytes the Reader holds, as counted (see memory.go)
	ended     []*Flow   // flows that ended, in order, until the Reader yields them

	msg Message          // the message handed to onMessage with discard
	sh  wire.ServerHello // reused to read each ServerHello
	ch  wire.ClientHello // reused to find an ECH extension (ech.go)

	keys          Keys   // Options.Keys, with the store of Decryption Secrets Blocks
	decIn, decOut []byte // a protected record and its plaintext (decrypt.go)
}

func newFlowEnv(opts Options) *flowEnv {
	e := &flowEnv{lim: opts.Limits.withDefaults(), onMessage: opts.OnMessage, discard: opts.DiscardMessages && opts.OnMessage != nil, onDone: opts.OnHandshakeDone, keys: opts.Keys}
	e.pools.maxMessageSize = e.lim.MaxMessageSize
	e.mem = fixedCost
	return e
}

// finish queues an ended flow for the Reader (or drops it when it never
// showed TLS, DTLS or QUIC). A flow is finished once.
func (e *flowEnv) finish(f *flow, why EndReason) {
	if f.reported {
		return
	}
	f.reported = true
	f.finalize(why)
	if f.pub.Protocol == "" {
		e.stats.FlowsNotTLS++
		return
	}
	e.stats.FlowsReported++
	e.ended = append(e.ended, &f.pub)
}
