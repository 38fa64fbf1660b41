//go:build !amd64 && !arm64

package pcap

import "unsafe"

// prefetchFlow would prefetch a flow's first cache lines (see
// cacheprefetch_amd64.s); without an implementation for this architecture
// it does nothing, and reading ahead only saves the lookups' latency the
// CPU overlaps by itself.
func prefetchFlow(unsafe.Pointer) {}

// prefetchLine would prefetch the cache line at p.
func prefetchLine(unsafe.Pointer) {}
