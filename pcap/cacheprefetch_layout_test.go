package pcap

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// prefetchedLines returns the offsets from the flow pointer that the
// prefetchFlow routine of an assembly file loads: for amd64 the
// displacements of its PREFETCHT0 instructions, for arm64 the running sum
// of the ADDs before each PRFM.
func prefetchedLines(t *testing.T, file string) []uintptr {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	start := strings.Index(s, "TEXT ·prefetchFlow(SB)")
	if start < 0 {
		t.Fatalf("%s: no prefetchFlow", file)
	}
	body := s[start:]
	body = body[:strings.Index(body, "RET")]
	var lines []uintptr
	amd := regexp.MustCompile(`PREFETCHT0 (\d*)\(AX\)`)
	if m := amd.FindAllStringSubmatch(body, -1); m != nil {
		for _, x := range m {
			n, _ := strconv.Atoi(x[1]) // "" is 0
			lines = append(lines, uintptr(n))
		}
		return lines
	}
	var at uintptr
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "ADD $"):
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(l, "ADD $"), ", R0"))
			if err != nil {
				t.Fatalf("%s: %q", file, l)
			}
			at += uintptr(n)
		case strings.HasPrefix(l, "PRFM (R0)"):
			lines = append(lines, at)
		}
	}
	return lines
}

// TestPrefetchFlowLayout pins the field offsets the prefetch assembly
// assumes: every field a packet of an established flow reads (the flow's
// header, both directions' TCP state, the first fields of both directions'
// TLS record state, up to encBytes) lies in a cache line prefetchFlow
// loads. A reordered or grown struct fails here instead of silently
// making every packet wait for memory.
func TestPrefetchFlowLayout(t *testing.T) {
	var f flow
	var st tlsStream
	hot := []struct {
		name     string
		off, end uintptr
	}{
		{"flow header (lastSeq..first)", 0, unsafe.Offsetof(f.first) + unsafe.Sizeof(f.first)},
		{"half[0]", unsafe.Offsetof(f.half), unsafe.Offsetof(f.half) + unsafe.Sizeof(f.half[0])},
		{"half[1]", unsafe.Offsetof(f.half) + unsafe.Sizeof(f.half[0]), unsafe.Offsetof(f.half) + unsafe.Sizeof(f.half)},
	}
	for s := uintptr(0); s < 2; s++ {
		base := unsafe.Offsetof(f.tls) + s*unsafe.Sizeof(st)
		hot = append(hot, struct {
			name     string
			off, end uintptr
		}{"tls[" + strconv.Itoa(int(s)) + "] state..encBytes", base, base + unsafe.Offsetof(st.encBytes) + unsafe.Sizeof(st.encBytes)})
	}
	for _, file := range []string{"cacheprefetch_amd64.s", "cacheprefetch_arm64.s"} {
		lines := prefetchedLines(t, file)
		if len(lines) == 0 {
			t.Fatalf("%s: no prefetched lines found", file)
		}
		loaded := func(off uintptr) bool {
			for _, l := range lines {
				if off >= l && off < l+64 {
					return true
				}
			}
			return false
		}
		for _, h := range hot {
			for off := h.off; off < h.end; off++ {
				if !loaded(off) {
					t.Errorf("%s: %s spans bytes %d..%d of flow; byte %d is in no prefetched line %v",
						file, h.name, h.off, h.end, off, lines)
					break
				}
			}
		}
	}
}
