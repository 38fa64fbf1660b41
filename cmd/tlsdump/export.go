package main

import (
	"bufio"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tlswire/tlswire/fuzz/corpusexport"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/pcap"
)

// seed is one corpus entry to record in the MANIFEST.
type seed struct {
	target, sum, origin string
}

// exporter writes -certs and -corpus files. Workers share it: files are
// named by content, so two workers writing the same name write the same
// bytes, and the first to create it wins.
type exporter struct {
	certDir, corpusDir string
	mu                 sync.Mutex
	written            map[string]bool        // paths already written or present
	stacks             *corpusexport.Exporter // -corpus-stacks, under mu
}

func newExporter(certDir, corpusDir, stacksDir string) (*exporter, error) {
	for _, d := range []string{certDir, corpusDir, stacksDir} {
		if d != "" {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, err
			}
		}
	}
	e := &exporter{certDir: certDir, corpusDir: corpusDir, written: map[string]bool{}}
	if stacksDir != "" {
		e.stacks = corpusexport.New(stacksDir)
	}
	return e, nil
}

// stackSeeds writes the flow's handshake as seeds for BoringSSL's and
// OpenSSL's fuzzers (package corpusexport): each side's messages in the
// clear, with their 4-byte TLS handshake headers.
func (e *exporter) stackSeeds(fi *flowInfo) error {
	h := corpusexport.Handshake{Transport: corpusexport.TCP}
	switch fi.f.Protocol {
	case pcap.ProtocolDTLS:
		h.Transport = corpusexport.DTLS
	case pcap.ProtocolQUIC:
		h.Transport = corpusexport.QUIC
	}
	for i := range fi.msgs {
		mi := &fi.msgs[i]
		if mi.m.SSLv2 || mi.body == nil {
			continue
		}
		msg := handshakeMessage(mi)
		if mi.m.Dir == pcap.ClientToServer {
			h.FromClient = append(h.FromClient, msg)
		} else {
			h.FromServer = append(h.FromServer, msg)
		}
	}
	if len(h.FromClient) == 0 && len(h.FromServer) == 0 {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stacks.AddHandshake(h)
}

// handshakeMessage gives a message its 4-byte TLS handshake header (a
// DTLS message's 12-byte header is replaced by it).
func handshakeMessage(mi *msgInfo) []byte {
	n := len(mi.body)
	msg := make([]byte, 0, 4+n)
	msg = append(msg, byte(mi.m.Type), byte(n>>16), byte(n>>8), byte(n))
	return append(msg, mi.body...)
}

// writeOnce writes data at path unless it was written already.
func (e *exporter) writeOnce(path string, data func() []byte) error {
	e.mu.Lock()
	done := e.written[path]
	e.written[path] = true
	e.mu.Unlock()
	if done {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// certs writes every certificate of the flow as <sha256>.pem.
func (e *exporter) certs(fi *flowInfo) error {
	for _, chain := range [][]*certInfo{fi.certs, fi.clientCerts} {
		for _, c := range chain {
			err := e.writeOnce(filepath.Join(e.certDir, c.SHA256+".pem"), func() []byte {
				return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.DER})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// corpus writes each handshake message of the flow as a seed for its fuzz
// target and returns the seeds for the MANIFEST. Messages in the TLS
// framing (4-byte header) are stored; DTLS messages are converted to it.
// Messages that failed to decode are kept (they exercise the error paths);
// SSL 2.0 hellos and headers too short to hold a body are skipped.
func (e *exporter) corpus(fi *flowInfo, origin string) ([]seed, error) {
	var seeds []seed
	for i := range fi.msgs {
		mi := &fi.msgs[i]
		if mi.m.SSLv2 || mi.body == nil {
			continue
		}
		msg := handshakeMessage(mi)
		name, data, ok := seedroute.TargetFor(mi.m.Type, mi.ctx, msg)
		if !ok {
			continue
		}
		sum := hexSHA256(data)
		dir := filepath.Join(e.corpusDir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := e.writeOnce(filepath.Join(dir, sum), func() []byte { return data }); err != nil {
			return nil, err
		}
		seeds = append(seeds, seed{name, sum, origin + "/" + mi.m.Dir.String() + "-" + mi.m.Type.String()})
	}
	return seeds, nil
}

// writeManifest appends to <corpus>/MANIFEST one line per seed not listed
// yet, in the order given.
func writeManifest(dir string, seeds []seed) error {
	path := filepath.Join(dir, "MANIFEST")
	have := map[string]bool{}
	if b, err := os.ReadFile(path); err == nil {
		for l := range strings.Lines(string(b)) {
			if f := strings.Split(strings.TrimRight(l, "\n"), "\t"); len(f) >= 2 && !strings.HasPrefix(l, "#") {
				have[f[0]+"\t"+f[1]] = true
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, s := range seeds {
		k := s.target + "\t" + s.sum
		if have[k] {
			continue
		}
		have[k] = true
		w.WriteString(k + "\t" + s.origin + "\n")
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// flowOrigin names a flow in MANIFEST origins: file, flow number and endpoints.
func flowOrigin(file string, n int, f *pcap.Flow) string {
	return "tlsdump:" + filepath.Base(file) + "#" + itoa(n) + ":" + f.Client.String() + "-" + f.Server.String()
}
