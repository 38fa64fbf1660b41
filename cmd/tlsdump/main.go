// Command tlsdump prints the TLS, DTLS and QUIC handshakes of packet
// captures: one block (or one JSON object) per connection with its
// negotiated parameters, certificates, alerts, fingerprints and problems.
//
//	tlsdump [flags] FILE...
//
// FILE is a pcap or pcapng capture, plain or gzip-compressed; "-" or no
// FILE reads standard input, so a live capture can be piped in:
//
//	tcpdump -U -i eth0 -w - | tlsdump -
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
	"time"

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
	top     int         // -top: rows per summary table, 0 for all
	multi   bool        // several files: each flow names its file
	zeekDir string      // -zeek: write Zeek logs there
	sess    sessionsConfig
	keys    pcap.Keys // -keylog, -decrypt-all (keys.go)
}

const usageText = `usage: tlsdump [flags] FILE...

Prints the TLS, DTLS and QUIC handshakes of pcap/pcapng captures (plain or
gzip). "-" or no FILE reads standard input (tcpdump -U -i eth0 -w - | tlsdump -).
Several files are read in parallel; output follows the order of the files.

Fingerprints: JA3/JA3S (BSD-3-Clause), JA4 (BSD-3-Clause) and JA4S. JA4S,
shown in the text and JSON output, is under the FoxIO License 1.1, which
permits non-commercial use only: see docs/fingerprints.md.

Exit status: 0 when every capture was read, 1 when one could not be read
(the message names the file and the byte offset), 2 for bad usage.

Flags may stand anywhere before "--"; -sni, -host, -port, -tls-version,
-ja3 and -ja4 may be repeated (a flow matches one of a flag's values, and
every flag given).

Examples:
  tlsdump capture.pcapng                     one block per connection
  tlsdump -json capture.pcap | jq .server_name
  tlsdump -v -port 443 -sni '*.example.com' capture.pcap
  tlsdump -tls-version 1.2 -tls-version 1.1 -host 10.0.0.0/8 a.pcap b.pcap
  tlsdump -summary -top 10 capture.pcap.gz   the most frequent values
  tlsdump -zeek logs/ capture.pcap           logs/ssl.log and logs/x509.log
  tcpdump -U -i eth0 -w - | tlsdump -        live: each handshake as it completes
  tlsdump -V                                 tlsdump's version

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
	var ff filterFlags
	var certDir, corpusDir, stacksDir string
	var showVersion versionFlag
	fs.BoolVar(&cfg.json, "json", false, "JSON Lines: one object per flow (docs/json.md); includes JA4S, which is under the FoxIO License 1.1 (non-commercial use)")
	fs.BoolVar(&cfg.text.verbose, "v", false, "show every handshake message as an indented tree of its fields and extensions, and the full JA3 strings")
	fs.BoolVar(&cfg.text.hexdump, "x", false, "add a hex dump of every handshake message")
	fs.BoolVar(&cfg.summary, "summary", false, "print counts per version, cipher, server name, ALPN, JA3, JA4, JA4S and server names per JA4 instead of the flows (one JSON object with -json)")
	fs.IntVar(&cfg.top, "top", 0, "with -summary, show only the `N` most frequent values of each table (0: all)")
	fs.Var(&ff.sni, "sni", "only flows whose server name matches this `GLOB` (path.Match syntax, case-insensitive); repeatable")
	fs.Var(&ff.host, "host", "only flows with a client or server IP `ADDR` or within a CIDR prefix (192.0.2.0/24); repeatable")
	fs.Var(&ff.port, "port", "only flows with this client or server port `N`; repeatable")
	fs.Var(&ff.version, "tls-version", "only flows that negotiated this protocol `VERSION`: 1.2, tls1.2, TLSv1.2, \"TLS 1.3\", \"DTLS 1.2\", \"SSL 3.0\", ...; repeatable")
	fs.Var(&ff.ja3, "ja3", "only flows whose JA3 hash matches this `GLOB`; repeatable")
	fs.Var(&ff.ja4, "ja4", "only flows whose JA4 matches this `GLOB` (t13d*); repeatable")
	fs.Var(&showVersion, "V", "print tlsdump's version (module version and VCS revision) and exit")
	fs.Var(&showVersion, "version", "the same as -V (to select flows by protocol version, use -tls-version)")
	fs.StringVar(&cfg.zeekDir, "zeek", "", "write ssl.log and x509.log in Zeek's TSV log format to `DIR` instead of printing the flows")
	fs.StringVar(&certDir, "certs", "", "write each distinct certificate to `DIR`/<sha256>.pem")
	fs.StringVar(&corpusDir, "corpus", "", "write each distinct handshake message as a fuzz seed: `DIR`/<Target>/<sha256> and DIR/MANIFEST")
	fs.StringVar(&stacksDir, "corpus-stacks", "", "write each handshake as seeds for other stacks' fuzzers: `DIR`/boringssl/fuzz/<fuzzer>_corpus/ and DIR/openssl/fuzz/corpora/<fuzzer>/ (docs/fuzzing.md)")
	fs.IntVar(&cfg.workers, "j", runtime.GOMAXPROCS(0), "number of files read in parallel")
	addSessionFlags(fs, &cfg.sess)
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
	files, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if showVersion {
		if len(files) > 0 {
			fmt.Fprintf(stderr, "tlsdump: -V/-version %v (got %q)\n", errVersionValue, files[0])
			return exitUsage
		}
		fmt.Fprintln(stdout, buildVersion())
		return exitOK
	}
	if cfg.filter, err = parseFilter(&ff); err != nil {
		fmt.Fprintln(stderr, "tlsdump:", err)
		return exitUsage
	}
	if err = cfg.sess.check(cfg.summary); err != nil {
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
	if certDir != "" || corpusDir != "" || stacksDir != "" {
		if cfg.exp, err = newExporter(certDir, corpusDir, stacksDir); err != nil {
			fmt.Fprintln(stderr, "tlsdump:", err)
			return exitUnreadable
		}
	}
	if cfg.zeekDir != "" && (cfg.json || cfg.summary) {
		fmt.Fprintln(stderr, "tlsdump: -zeek writes logs instead of the flows: it cannot be combined with -json or -summary")
		return exitUsage
	}
	if cfg.top < 0 {
		fmt.Fprintln(stderr, "tlsdump: -top must not be negative")
		return exitUsage
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	cfg.sess.files = len(files) > 1
	if n := slices.Index(files, "-"); n >= 0 && slices.Contains(files[n+1:], "-") {
		fmt.Fprintln(stderr, "tlsdump: standard input (-) can be read only once")
		return exitUsage
	}
	// The budget is shared by the files read at once; the Go memory limit
	// keeps the heap's garbage within it too (see pcap.Limits.MaxMemory),
	// unless GOMEMLIMIT sets one.
	cfg.multi = len(files) > 1
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
	x509  []x509Row // -zeek: x509.log rows, in order
	err   error     // the capture was unreadable; already names the file
}

// job is one input file being read by a worker.
type job struct {
	name string
	out  chan []byte   // output chunks, in order; closed when done
	ops  chan []linkOp // with linking: each chunk's ops, sent just before it
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
		if cfg.sess.link {
			jobs[i].ops = make(chan []linkOp, 17)
		}
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

	var zl *zeekLogs
	if cfg.zeekDir != "" {
		var err error
		if zl, err = openZeekLogs(cfg.zeekDir); err != nil {
			fmt.Fprintln(stderr, "tlsdump:", err)
			return exitUnreadable
		}
		stdout = zl.ssl
	}
	w := bufio.NewWriterSize(stdout, 256<<10)
	if zl != nil {
		w.Write(sslLog.appendHeader(nil, zl.opened))
	}
	var lk *runLinker
	if cfg.sess.link {
		lk = newRunLinker(cfg)
	}
	sum := newSummary()
	var seeds []seed
	status := exitOK
	for _, j := range jobs {
		if cfg.multi && !cfg.json && !cfg.summary && !cfg.sess.print && cfg.zeekDir == "" {
			w.WriteString("==> " + displayName(j.name) + " <==\n\n")
		}
		for chunk := range j.out {
			if lk != nil {
				ops := <-j.ops
				lk.write(w, chunk, ops)
				putOps(ops)
			} else {
				w.Write(chunk)
			}
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
		if zl != nil {
			zl.addX509(j.res.x509)
		}
	}
	if bar != nil {
		bar.Stop()
	}
	if cfg.summary {
		if cfg.json {
			w.Write(sum.appendJSON(nil, cfg.top))
		} else {
			w.Write(sum.appendText(nil, cfg.top))
		}
	}
	if zl != nil {
		w.Write(appendZeekClose(nil, time.Now()))
	}
	if lk != nil {
		lk.finish(w, stderr)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "tlsdump: writing output:", err)
		return exitUnreadable
	}
	if zl != nil {
		if err := zl.close(); err != nil {
			fmt.Fprintln(stderr, "tlsdump:", err)
			return exitUnreadable
		}
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
		in, name = stdin, displayName(j.name)
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
	opts := pcap.Options{Limits: cfg.limits, Keys: cfg.keys}
	var lv *liveFlows
	if live && streaming(stdin) && !cfg.summary && !cfg.sess.print && cfg.zeekDir == "" {
		// Each flow as soon as its handshake is over (live.go); the
		// pipeline sets where the snapshots go.
		lv = &liveFlows{printed: map[liveKey]liveShown{}}
		opts.OnHandshakeDone = func(s *pcap.Flow) { lv.enqueue(s) }
	}
	var lk *fileLinker
	if cfg.sess.link {
		lk = newFileLinker(cfg.sess.fileName(name))
		opts.OnMessage = lk.onMessage
	}
	r, err := pcap.NewReader(cr, opts)
	if err != nil {
		res.err = fmt.Errorf("%s: offset 0: %w", name, err)
		return res
	}
	return pipeline(r, cr, name, live, lv, j, lk, cfg, free, res)
}

// task is one flow on its way through the pipeline.
type task struct {
	n     int // flow number in the file, from 1
	f     *pcap.Flow
	early bool          // a snapshot at the end of the handshake (live.go), not the ended flow
	err   error         // the capture became unreadable (no flow)
	done  chan taskDone // the analysis result; buffered, so workers never block
	iss   *openIssuer   // linking: what the flow issued while open, nil if nothing
	pre   []linkOp      // linking: what open flows issued before it ended
}

// taskDone is the rendering of one flow.
type taskDone struct {
	out   *[]byte // output, nil when the flow was filtered out or only counted
	seeds []seed
	x509  []x509Row
	err   error
	op    *linkOp // with linking: the flow's session facts (op.at in out)
}

// outPool recycles per-flow output buffers.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// pipeline runs the Reader in one goroutine, analyses and renders the flows
// in GOMAXPROCS worker goroutines, and hands the output over in the order
// the Reader yielded the flows.
func pipeline(r *pcap.Reader, cr *countingReader, name string, live bool, lv *liveFlows, j *job, lk *fileLinker, cfg *config, free chan []byte, res fileResult) fileResult {
	out := j.out
	work := make(chan *task, 64)
	order := make(chan *task, 256)
	stop := make(chan struct{})
	if lv != nil {
		lv.order, lv.work, lv.stop = order, work, stop
	}
	go func() {
		defer close(order)
		defer close(work)
		n := 0
		for f, err := range r.Flows() {
			t := &task{f: f, err: err, done: make(chan taskDone, 1)}
			if lk != nil && f != nil {
				t.iss, t.pre = lk.ended(f)
			}
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
			var so sessionObserver
			for t := range work {
				t.done <- render(a, &so, t, name, cfg, sums[i])
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
	var ops []linkOp
	// send hands the chunk over, its ops first.
	send := func() {
		if j.ops != nil {
			j.ops <- ops
			ops = nil
		}
		out <- b
	}
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
		if lv != nil {
			lv.settle(t, &d, cfg)
		}
		res.seeds = append(res.seeds, d.seeds...)
		res.x509 = append(res.x509, d.x509...)
		if d.op != nil {
			if ops == nil {
				ops = getOps()
			}
			ops = append(ops, t.pre...)
			putPre(t.pre)
			t.pre = nil
			op := *d.op
			if op.at >= 0 {
				op.at += len(b)
			}
			ops = append(ops, op)
			putOp(d.op)
		}
		if d.out != nil {
			b = append(b, *d.out...)
			*d.out = (*d.out)[:0]
			outPool.Put(d.out)
		} else if len(ops) < maxChunkOps {
			continue
		}
		if live || len(b) >= chunkSize || len(ops) >= maxChunkOps {
			send()
			b = getBuf()
		}
	}
	if len(b) > 0 || len(ops) > 0 {
		send()
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
func render(a *analyzer, so *sessionObserver, t *task, name string, cfg *config, sum *summary) taskDone {
	var d taskDone
	fi := a.analyze(t.f)
	if cfg.sess.link && !t.early {
		// A live snapshot is not linked: the flow it shows is linked
		// once, when it ends.
		d.op = so.flow(fi, t.iss, cfg.sess.fileName(name))
	}
	if !cfg.filter.match(fi) {
		return d
	}
	if cfg.exp != nil && !t.early {
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
		if cfg.exp.stacks != nil {
			if err := cfg.exp.stackSeeds(fi); err != nil {
				d.err = fmt.Errorf("-corpus-stacks: %w", err)
				return d
			}
		}
	}
	if cfg.summary || cfg.sess.print {
		if cfg.summary {
			sum.add(fi)
		}
		if d.op != nil {
			d.op.summarize = cfg.sess.print
		}
		return d
	}
	bp := outPool.Get().(*[]byte)
	if cfg.zeekDir != "" {
		if a.zeekSeen == nil || len(a.zeekSeen) > 1<<16 {
			a.zeekSeen = map[string]bool{}
		}
		*bp, d.x509 = appendZeek(*bp, fi, a.zeekSeen)
		d.out = bp
		return d
	}
	if cfg.json {
		file := ""
		if cfg.multi {
			file = name
		}
		*bp = appendFlowJSON(*bp, fi, file)
		if d.op != nil {
			d.op.at = len(*bp) - 2 // before "}\n"
		}
	} else {
		*bp = appendFlowText(*bp, fi, cfg.text)
		if d.op != nil {
			d.op.at = fi.sessionAt
		}
	}
	d.out = bp
	return d
}

func itoa(n int) string { return strconv.Itoa(n) }

// displayName is how output names an input file: standard input is
// "<stdin>".
func displayName(file string) string {
	if file == "-" {
		return "<stdin>"
	}
	return file
}
