#include "textflag.h"

// Software prefetch for cacheprefetch.go: PRFM PLDL1KEEP loads a cache line
// for reading and never faults, whatever the address.

// func prefetchFlow(p unsafe.Pointer)
TEXT ·prefetchFlow(SB), NOSPLIT|NOFRAME, $0-8
	MOVD p+0(FP), R0
	PRFM (R0), PLDL1KEEP
	ADD $64, R0
	PRFM (R0), PLDL1KEEP
	ADD $64, R0
	PRFM (R0), PLDL1KEEP
	ADD $64, R0
	PRFM (R0), PLDL1KEEP
	ADD $64, R0
	PRFM (R0), PLDL1KEEP
	ADD $128, R0
	PRFM (R0), PLDL1KEEP
	ADD $64, R0
	PRFM (R0), PLDL1KEEP
	RET

// func prefetchLine(p unsafe.Pointer)
TEXT ·prefetchLine(SB), NOSPLIT|NOFRAME, $0-8
	MOVD p+0(FP), R0
	PRFM (R0), PLDL1KEEP
	RET
