// Command tlsdump prints the TLS, DTLS and QUIC handshakes of packet
// captures: one block (or one JSON object) per connection with its
// negotiated parameters, certificates, alerts, fingerprints and problems.
//
//	tlsdump [flags] FILE...
//
// FILE is a pcap or pcapng capture, plain or gzip-compressed; "-" or no
// FILE reads standard input, so a live capture can be piped in:
//
//	tcpdump -i eth0 -w - | tlsdump -
//
// See docs/tlsdump.md for the output and docs/json.md ("tlsdump flow object") for the
// JSON keys.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/tlswire/tlswire/pcap"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK         = 0 // every capture was read (malformed flows included)
	exitUnreadable = 1 // a capture could not be opened or read to its end
	exitUsage      = 2 // bad flags
)

// config is what the flags select.
type config struct {
	json    bool
	summary bool
	text    textOptions
	filter  filter
	exp     *exporter // nil without -certs and -corpus
	workers int
	limits  pcap.Limits // per file read: -max-flows, -max-buffer, -max-memory shared by the files read at once
	keys    pcap.Keys   // -keylog, -decrypt-all (keys.go)
}

const usageText = `usage: tlsdump [flags] FILE...

Prints the TLS, DTLS and QUIC handshakes of pcap/pcapng captures (plain or
gzip). "-" or no FILE reads standard input (tcpdump -i eth0 -w - | tlsdump -).
Several files are read in parallel; output follows the order of the files.

Fingerprints: JA3/JA3S (BSD-3-Clause), JA4 (BSD-3-Clause) and JA4S. JA4S,
shown in the text and JSON output, is under the FoxIO License 1.1, which
permits non-commercial use only: see docs/fingerprints.md.

Exit status: 0 when every capture was read, 1 when one could not be read
(the message names the file and the byte offset), 2 for bad usage.

Flags:
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tlsdump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		io.WriteString(stderr, usageText)
		fs.PrintDefaults()
	}
	var cfg config
	var sni, host, port, version, certDir, corpusDir string
	fs.BoolVar(&cfg.json, "json", false, "JSON Lines: one object per flow (docs/json.md); includes JA4S, which is under the FoxIO License 1.1 (non-commercial use)")
	fs.BoolVar(&cfg.text.verbose, "v", false, "show every handshake message with its fields and extensions")
	fs.BoolVar(&cfg.text.hexdump, "x", false, "add a hex dump of every handshake message")
	fs.BoolVar(&cfg.summary, "summary", false, "print counts per version, cipher, server name and JA4 instead of the flows")
	fs.StringVar(&sni, "sni", "", "only flows whose server name matches this `GLOB` (path.Match syntax)")
	fs.StringVar(&host, "host", "", "only flows with this client or server IP `ADDR`")
	fs.StringVar(&port, "port", "", "only flows with this client or server port `N`")
	fs.StringVar(&version, "version", "", "only flows that negotiated this `VERSION` (\"TLS 1.3\", \"TLS 1.2\", \"DTLS 1.2\", ...)")
	fs.StringVar(&certDir, "certs", "", "write each distinct certificate to `DIR`/<sha256>.pem")
	fs.StringVar(&corpusDir, "corpus", "", "write each distinct handshake message as a fuzz seed: `DIR`/<Target>/<sha256> and DIR/MANIFEST")
	fs.IntVar(&cfg.workers, "j", runtime.GOMAXPROCS(0), "number of files read in parallel")
	var kf keyFlags
	kf.register(fs)
	var maxMemory, maxBuffer int
	fs.IntVar(&cfg.limits.MaxFlows, "max-flows", pcap.DefaultMaxFlows, "flows tracked at once per file; past it the least recently active is reported early as evicted. "+
		"A flow costs about 1.3 KB, plus what it buffers and the handshake messages it keeps until it ends (about 3 KB for a full handshake): "+
		"the default's flows could need about 280 MB, so -max-memory binds first")
	fs.IntVar(&maxMemory, "max-memory", pcap.DefaultMaxMemory>>20, "memory budget in `MiB` for everything the readers hold (flows, buffers, messages, fragments, read-ahead), shared by the files read at once "+
		"and set as the Go memory limit (unless GOMEMLIMIT is set), so the process's peak memory stays near it; past it the least recently active flows are reported early as evicted")
	fs.IntVar(&maxBuffer, "max-buffer", pcap.DefaultMaxBufferedPerFlow>>10, "out-of-order TCP data and DTLS fragments buffered per flow direction, in `KiB`; beyond it the missing range is declared a gap "+
		"(the memory budget bounds the sum over all flows)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	var err error
	if cfg.filter, err = parseFilter(sni, host, port, version); err != nil {
		fmt.Fprintln(stderr, "tlsdump:", err)
		return exitUsage
	}
	if cfg.workers < 1 {
		fmt.Fprintln(stderr, "tlsdump: -j must be at least 1")
		return exitUsage
	}
	if cfg.limits.MaxFlows < 1 || maxMemory < 8 || maxBuffer < 1 {
		fmt.Fprintln(stderr, "tlsdump: -max-flows and -max-buffer must be at least 1, -max-memory at least 8 (MiB)")
		return exitUsage
	}
	cfg.limits.MaxBufferedPerFlow = maxBuffer << 10
	if cfg.keys, err = kf.load(stderr); err != nil {
		fmt.Fprintln(stderr, "tlsdump:", err)
		return exitUnreadable
	}
	if certDir != "" || corpusDir != "" {
		if cfg.exp, err = newExporter(certDir, corpusDir); err != nil {
			fmt.Fprintln(stderr, "tlsdump:", err)
			return exitUnreadable
		}
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	if n := slices.Index(files, "-"); n >= 0 && slices.Contains(files[n+1:], "-") {
		fmt.Fprintln(stderr, "tlsdump: standard input (-) can be read only once")
		return exitUsage
	}
	// The budget is shared by the files read at once; the Go memory limit
	// keeps the heap's garbage within it too (see pcap.Limits.MaxMemory),
	// unless GOMEMLIMIT sets one.
	readers := min(cfg.workers, len(files))
	cfg.limits.MaxMemory = (maxMemory << 20) / readers
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(maxMemory) << 20)
	}
	return process(files, &cfg, stdin, stdout, stderr)
}

// fileResult is what reading one file produced besides its output.
type fileResult struct {
	sum   *summary
	seeds []seed
	err   error // the capture was unreadable; already names the file
}

// job is one input file being read by a worker.
type job struct {
	name string
	out  chan []byte // output chunks, in order; closed when done
	res  fileResult
}

// chunkSize is the output a worker accumulates before handing it over
// (standard input is handed over flow by flow, for live captures).
const chunkSize = 64 << 10

// process reads the files with at most cfg.workers in parallel and writes
// their output in file order.
func process(files []string, cfg *config, stdin io.Reader, stdout, stderr io.Writer) int {
	var total atomic.Int64
	var size int64
	for _, f := range files {
		if f == "-" {
			size = -1
			break
		}
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			size += st.Size()
		}
	}
	var bar *progress
	if e, ok := stderr.(*os.File); ok && size >= progressMin && isTerminal(e) {
		bar = startProgress(stderr, &total, size)
	}
	jobs := make([]*job, len(files))
	for i, f := range files {
		jobs[i] = &job{name: f, out: make(chan []byte, 16)}
	}
	free := make(chan []byte, 64)
	go func() {
		sem := make(chan struct{}, cfg.workers)
		var wg sync.WaitGroup
		for _, j := range jobs {
			sem <- struct{}{} // in file order, so the file being written always runs
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				j.res = readFile(j, cfg, stdin, &total, free)
				close(j.out)
			}()
		}
		wg.Wait()
	}()

	w := bufio.NewWriterSize(stdout, 256<<10)
	sum := newSummary()
	var seeds []seed
	status := exitOK
	for _, j := range jobs {
		for chunk := range j.out {
			w.Write(chunk)
			select {
			case free <- chunk[:0]:
			default:
			}
			if len(j.out) == 0 {
				w.Flush() // nothing more ready: show what we have (live input)
			}
		}
		if j.res.err != nil {
			w.Flush()
			if bar != nil {
				bar.Stop()
				bar = startProgress(stderr, &total, size)
			}
			fmt.Fprintln(stderr, "tlsdump:", j.res.err)
			status = exitUnreadable
		}
		if j.res.sum != nil {
			sum.merge(j.res.sum)
		}
		seeds = append(seeds, j.res.seeds...)
	}
	if bar != nil {
		bar.Stop()
	}
	if cfg.summary {
		w.Write(sum.appendText(nil))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "tlsdump: writing output:", err)
		return exitUnreadable
	}
	if cfg.exp != nil && cfg.exp.corpusDir != "" {
		if err := writeManifest(cfg.exp.corpusDir, seeds); err != nil {
			fmt.Fprintln(stderr, "tlsdump:", err)
			return exitUnreadable
		}
	}
	return status
}

// readFile reads one capture, sending its output to j.out.
func readFile(j *job, cfg *config, stdin io.Reader, total *atomic.Int64, free chan []byte) fileResult {
	var res fileResult
	if cfg.summary {
		res.sum = newSummary()
	}
	name, live := j.name, j.name == "-"
	var in io.Reader
	if live {
		in, name = stdin, "<stdin>"
	} else {
		f, err := os.Open(j.name)
		if err != nil {
			res.err = err // *PathError names the file
			return res
		}
		defer f.Close()
		in = f
	}
	cr := &countingReader{r: in, total: total}
	r, err := pcap.NewReader(cr, pcap.Options{Limits: cfg.limits, Keys: cfg.keys})
	if err != nil {
		res.err = fmt.Errorf("%s: offset 0: %w", name, err)
		return res
	}
	return pipeline(r, cr, name, live, j.out, cfg, free, res)
}

// task is one flow on its way through the pipeline.
type task struct {
	n    int // flow number in the file, from 1
	f    *pcap.Flow
	err  error         // the capture became unreadable (no flow)
	done chan taskDone // the analysis result; buffered, so workers never block
}

// taskDone is the rendering of one flow.
type taskDone struct {
	out   *[]byte // output, nil when the flow was filtered out or only counted
	seeds []seed
	err   error
}

// outPool recycles per-flow output buffers.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// pipeline runs the Reader in one goroutine, analyses and renders the flows
// in GOMAXPROCS worker goroutines, and hands the output over in the order
// the Reader yielded the flows.
func pipeline(r *pcap.Reader, cr *countingReader, name string, live bool, out chan<- []byte, cfg *config, free chan []byte, res fileResult) fileResult {
	work := make(chan *task, 64)
	order := make(chan *task, 256)
	stop := make(chan struct{})
	go func() {
		defer close(order)
		defer close(work)
		n := 0
		for f, err := range r.Flows() {
			t := &task{f: f, err: err, done: make(chan taskDone, 1)}
			if f != nil {
				n++
				t.n = n // a yielded Flow is the caller's: the Reader never writes to it again
			} else {
				t.err = fmt.Errorf("%s: offset %d: %w", name, cr.n, err)
				t.done <- taskDone{}
			}
			select {
			case <-stop:
				return // the consumer gave up: read no further
			default:
			}
			select {
			case order <- t:
			case <-stop:
				return
			}
			if f != nil {
				select {
				case work <- t:
				case <-stop:
					return
				}
			}
		}
	}()
	nw := runtime.GOMAXPROCS(0)
	sums := make([]*summary, nw)
	var wg sync.WaitGroup
	for i := range nw {
		if cfg.summary {
			sums[i] = newSummary()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAnalyzer()
			for t := range work {
				t.done <- render(a, t, name, cfg, sums[i])
			}
		}()
	}
	getBuf := func() []byte {
		select {
		case b := <-free:
			return b
		default:
			return make([]byte, 0, chunkSize+chunkSize/4)
		}
	}
	b := getBuf()
	for t := range order {
		d := <-t.done
		if t.err != nil {
			res.err = t.err
			break
		}
		if d.err != nil {
			res.err = d.err
			break
		}
		res.seeds = append(res.seeds, d.seeds...)
		if d.out == nil {
			continue
		}
		b = append(b, *d.out...)
		*d.out = (*d.out)[:0]
		outPool.Put(d.out)
		if live || len(b) >= chunkSize {
			out <- b
			b = getBuf()
		}
	}
	if len(b) > 0 {
		out <- b
	}
	close(stop)
	for range order {
		// Drain, so the Reader goroutine sees stop and ends.
	}
	wg.Wait()
	for _, s := range sums {
		if s != nil {
			res.sum.merge(s)
		}
	}
	return res
}

// render analyses one flow and renders it as the flags ask.
func render(a *analyzer, t *task, name string, cfg *config, sum *summary) taskDone {
	var d taskDone
	fi := a.analyze(t.f)
	if !cfg.filter.match(fi) {
		return d
	}
	if cfg.exp != nil {
		if cfg.exp.certDir != "" {
			if err := cfg.exp.certs(fi); err != nil {
				d.err = fmt.Errorf("-certs: %w", err)
				return d
			}
		}
		if cfg.exp.corpusDir != "" {
			s, err := cfg.exp.corpus(fi, flowOrigin(name, t.n, t.f))
			if err != nil {
				d.err = fmt.Errorf("-corpus: %w", err)
				return d
			}
			d.seeds = s
		}
	}
	if cfg.summary {
		sum.add(fi)
		return d
	}
	bp := outPool.Get().(*[]byte)
	if cfg.json {
		*bp = appendFlowJSON(*bp, fi)
	} else {
		*bp = appendFlowText(*bp, fi, cfg.text)
	}
	d.out = bp
	return d
}

func itoa(n int) string { return strconv.Itoa(n) }
