package resumption

import (
	"net/netip"
	"time"
)

// FlowRef identifies a flow: what resumed_from says of the issuing flow.
// The caller fills it with the flow's own keys; the Index keeps a pointer
// to it, shared by every session the flow issued, so one FlowRef per flow
// (not per call) keeps memory per entry small.
type FlowRef struct {
	// Client and Server are the flow's endpoints, as the flow itself
	// reports them (the client is the side that sent the ClientHello).
	Client, Server netip.AddrPort
	// Time is the flow's first packet: its "ts".
	Time time.Time
	// CommunityID is the flow's Community ID, if the caller computes it.
	CommunityID string
	// File names the capture the flow came from, when several are read.
	File string
}
