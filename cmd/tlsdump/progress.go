package main

import (
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// countingReader counts the bytes read from a file: the offset reported
// when the capture turns out to be unreadable, and the progress bar's
// numerator.
type countingReader struct {
	r     io.Reader
	n     int64
	total *atomic.Int64 // shared by every file, for the progress bar; may be nil
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.total != nil {
		c.total.Add(int64(n))
	}
	return n, err
}

// progressMin is the input size from which a progress bar is worth showing.
const progressMin = 64 << 20

// isTerminal reports whether f is a character device (a terminal, in
// practice). golang.org/x/term is not a dependency of this module.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress draws "tlsdump  42% 1.2 GiB / 2.9 GiB" on w until stop is called.
type progress struct {
	w    io.Writer
	done *atomic.Int64
	size int64
	stop chan struct{}
	wait chan struct{}
}

func startProgress(w io.Writer, done *atomic.Int64, size int64) *progress {
	p := &progress{w: w, done: done, size: size, stop: make(chan struct{}), wait: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.wait)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			io.WriteString(p.w, "\r\033[K")
			return
		case <-t.C:
			io.WriteString(p.w, progressLine(p.done.Load(), p.size))
		}
	}
}

// Stop erases the bar.
func (p *progress) Stop() {
	close(p.stop)
	<-p.wait
}

// progressLine formats one redraw of the bar.
func progressLine(done, size int64) string {
	pct := int64(100)
	if size > 0 && done < size {
		pct = done * 100 / size
	}
	const width = 30
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if int64(i) < pct*width/100 {
			bar[i] = '='
		}
	}
	return "\rtlsdump [" + string(bar) + "] " + strconv.FormatInt(pct, 10) + "% " + mib(done) + " / " + mib(size) + " MiB"
}

func mib(n int64) string { return strconv.FormatInt(n>>20, 10) }
