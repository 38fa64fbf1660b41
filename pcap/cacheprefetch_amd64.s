#include "textflag.h"

// Software prefetch for cacheprefetch.go: PREFETCHT0 loads a cache line into
// every cache level and never faults, whatever the address.

// func prefetchFlow(p unsafe.Pointer)
TEXT ·prefetchFlow(SB), NOSPLIT|NOFRAME, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	PREFETCHT0 64(AX)
	PREFETCHT0 128(AX)
	PREFETCHT0 192(AX)
	PREFETCHT0 256(AX)
	PREFETCHT0 384(AX)
	PREFETCHT0 448(AX)
	RET

// func prefetchLine(p unsafe.Pointer)
TEXT ·prefetchLine(SB), NOSPLIT|NOFRAME, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	RET
