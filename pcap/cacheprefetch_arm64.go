package pcap

import "unsafe"

// prefetchFlow asks the CPU to load the first cache lines of a flow
// (the fields every packet uses; see cacheprefetch.go) without waiting for them.
//
//go:noescape
func prefetchFlow(p unsafe.Pointer)

// prefetchLine asks the CPU to load the cache line at p without waiting.
//
//go:noescape
func prefetchLine(p unsafe.Pointer)
