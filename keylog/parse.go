package keylog

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
)

// MaxLineLen bounds a key log line (without its line ending). The longest
// real line is an ECH_CONFIG with a post-quantum KEM key: an ML-KEM-1024
// ECHConfig is about 1,600 bytes, 3,200 hex digits. Longer lines are
// reported and skipped without being kept in memory.
const MaxLineLen = 8192

// MaxReportedErrors bounds Report.Errors; later errors are only counted.
const MaxReportedErrors = 64

// Causes carried by *LineError; test for them with errors.Is.
var (
	// ErrLineTooLong: the line is longer than MaxLineLen.
	ErrLineTooLong = errors.New("line too long")
	// ErrFields: the line does not have three space-separated fields.
	ErrFields = errors.New("want 3 fields: label, client random, secret")
	// ErrHex: a field is not an even number of hexadecimal digits.
	ErrHex = errors.New("not hexadecimal")
	// ErrLength: the client random is not 32 bytes, or the secret's length
	// is not one its label allows.
	ErrLength = errors.New("wrong length")
)

// LineError is a key log line that was skipped: its 1-based line number,
// the byte offset of the bad field in the line, the field and why.
type LineError struct {
	Line   int
	Offset int
	Field  string // "line", "label", "client_random" or "secret"
	Err    error
}

func (e *LineError) Error() string {
	return "keylog: line " + strconv.Itoa(e.Line) + ", offset " + strconv.Itoa(e.Offset) +
		", " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *LineError) Unwrap() error { return e.Err }

// Report says what reading a key log did. Malformed lines are never fatal:
// they are listed (the first MaxReportedErrors of them) and skipped.
type Report struct {
	Lines   int          // lines read, comments and blank lines included
	Secrets int          // secrets added to the store
	Ignored int          // well-formed lines with a label this package does not know (RFC 9850 §3: readers skip them)
	Errors  []*LineError // malformed lines, in order, at most MaxReportedErrors
	Dropped int          // malformed lines beyond MaxReportedErrors
}

func (r *Report) fail(e LineError) {
	if len(r.Errors) < MaxReportedErrors {
		kept := new(LineError)
		*kept = e
		r.Errors = append(r.Errors, kept)
	} else {
		r.Dropped++
	}
}

// parser decodes lines into a scratch buffer, so a line costs no
// allocation beyond the copy the store keeps.
type parser struct {
	store  *Store
	report Report
	buf    [MaxLineLen / 2]byte
}

// Read adds the secrets of the key log r (RFC 9850 §2: one secret per
// line, "<label> <client_random> <secret>" in hexadecimal; lines starting
// with '#' and blank lines are skipped; CRLF line endings are accepted).
// The error is r's, never a malformed line's: those are in the Report.
func (s *Store) Read(r io.Reader) (Report, error) {
	p := &parser{store: s}
	br := bufio.NewReaderSize(r, MaxLineLen+2)
	for {
		line, err := br.ReadSlice('\n')
		switch {
		case err == bufio.ErrBufferFull:
			p.report.Lines++
			p.report.fail(LineError{Line: p.report.Lines, Offset: MaxLineLen, Field: "line", Err: ErrLineTooLong})
			if err := skipLine(br); err != nil {
				return p.report, eofIsNil(err)
			}
			continue
		case len(line) > 0:
			p.line(line)
		}
		if err != nil {
			return p.report, eofIsNil(err)
		}
	}
}

// Parse adds the secrets of the key log b, as Read does; b may be the
// payload of a pcapng Decryption Secrets Block of type TLS.
func (s *Store) Parse(b []byte) Report {
	p := &parser{store: s}
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i+1], b[i+1:]
		} else {
			b = nil
		}
		p.line(line)
	}
	return p.report
}

// skipLine discards the rest of an over-long line.
func skipLine(br *bufio.Reader) error {
	for {
		_, err := br.ReadSlice('\n')
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

func eofIsNil(err error) error {
	if err == io.EOF {
		return nil
	}
	return err
}

// line handles one line, its line ending included.
func (p *parser) line(line []byte) {
	p.report.Lines++
	n := p.report.Lines
	line = bytes.TrimRight(line, "\r\n")
	if len(line) > MaxLineLen {
		p.report.fail(LineError{Line: n, Offset: MaxLineLen, Field: "line", Err: ErrLineTooLong})
		return
	}
	trimmed := bytes.TrimLeft(line, " \t")
	if len(trimmed) == 0 || trimmed[0] == '#' {
		return
	}
	var fields [3][]byte
	var offs [3]int
	nf, i := 0, 0
	for i < len(line) {
		if line[i] == ' ' || line[i] == '\t' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		if nf == len(fields) {
			p.report.fail(LineError{Line: n, Offset: i, Field: "line", Err: ErrFields})
			return
		}
		fields[nf], offs[nf] = line[i:j], i
		nf++
		i = j
	}
	if nf != 3 {
		p.report.fail(LineError{Line: n, Offset: len(line), Field: "line", Err: ErrFields})
		return
	}
	label, known := lookupLabel(fields[0])
	if !known {
		// RFC 9850 §3: readers skip labels they do not know, whatever
		// their fields (Wireshark's RSA lines carry 8 bytes, not a random).
		p.report.Ignored++
		return
	}
	var random [RandomLen]byte
	if len(fields[1]) != 2*RandomLen {
		p.report.fail(LineError{Line: n, Offset: offs[1], Field: "client_random", Err: ErrLength})
		return
	}
	if at := decodeHex(random[:], fields[1]); at >= 0 {
		p.report.fail(LineError{Line: n, Offset: offs[1] + at, Field: "client_random", Err: ErrHex})
		return
	}
	secret := fields[2]
	if len(secret)%2 != 0 {
		p.report.fail(LineError{Line: n, Offset: offs[2], Field: "secret", Err: ErrHex})
		return
	}
	out := p.buf[:len(secret)/2]
	if at := decodeHex(out, secret); at >= 0 {
		p.report.fail(LineError{Line: n, Offset: offs[2] + at, Field: "secret", Err: ErrHex})
		return
	}
	if info := labels[label]; len(out) < info.minLen || info.maxLen > 0 && len(out) > info.maxLen {
		p.report.fail(LineError{Line: n, Offset: offs[2], Field: "secret", Err: ErrLength})
		return
	}
	p.store.Add(random, label, out)
	p.report.Secrets++
}

// decodeHex decodes src (2*len(dst) hex digits, either case) into dst and
// returns -1, or the offset in src of the first bad digit.
func decodeHex(dst, src []byte) int {
	for i := range dst {
		hi, lo := unhex(src[2*i]), unhex(src[2*i+1])
		if hi > 15 {
			return 2 * i
		}
		if lo > 15 {
			return 2*i + 1
		}
		dst[i] = hi<<4 | lo
	}
	return -1
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 255
}
