package corpusimport

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"

	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/wire"
)

// Third-party corpora hold tens of thousands of transport inputs (BoringSSL's
// DTLS corpora alone give some 70,000 datagrams) that differ only in bytes
// wire treats as opaque: ciphertext, key shares, certificates. With Shapes
// set, an input of the targets below is added only when its shape, what
// wire's decoders make of it, is new among the seeds this Corpus added; the
// other targets keep every distinct input.
//
//   - FuzzRecords: the content types and the handshake message types of the
//     plaintext part seen, and the error that ends the stream;
//   - FuzzDTLS: per record, its header form, content type, whether the epoch
//     is 0, and for plaintext handshake records each fragment's message type
//     and whether it is partial; then the error cause;
//   - FuzzExtension: the message context, the extension type, the body
//     length's bit length and the decode error (field and cause);
//   - FuzzCertificate12, FuzzCertificate13: the decode error (field and
//     cause) or the number of certificates (capped at 4).

// shapeOf returns the shape of a seed of target, or "" when every
// distinct input of the target is kept.
func shapeOf(target string, data []byte) string {
	switch target {
	case seedroute.TargetRecords:
		return recordsShape(data)
	case seedroute.TargetDTLS:
		if len(data) == 0 {
			return "empty"
		}
		return dtlsShape(data[1:], int(data[0]%32))
	case seedroute.TargetExtension:
		in, t, body, ok := seedroute.ParseExtensionSeed(data)
		if !ok {
			return "short"
		}
		return fmt.Sprintf("%d/%d/%d%s", in, t, bits.Len(uint(len(body))), errorShape(wire.NewExtensionBody(t).Unmarshal(body, in)))
	case "FuzzCertificate12", "FuzzCertificate13":
		var c wire.Certificate
		ctx := wire.Context{Version: wire.VersionTLS12}
		if target == "FuzzCertificate13" {
			ctx.Version = wire.VersionTLS13
		}
		if err := c.Unmarshal(data, ctx); err != nil {
			return errorShape(err)
		}
		return fmt.Sprint(min(len(c.Entries), 4))
	}
	return ""
}

// recordsShape is the shape of a FuzzRecords stream: the content types
// and the handshake message types of the plaintext part seen (as sets),
// and the error that ends the stream.
func recordsShape(stream []byte) string {
	var b strings.Builder
	var types, msgs [256]bool
	var r wire.Reassembler
	rs := wire.Records{Data: stream}
	for rs.Next() {
		rec := rs.Record()
		types[rec.ContentType] = true
		if rec.ContentType != wire.ContentHandshake {
			continue
		}
		perr := r.Push(rec.Payload)
		for m, ok := r.Next(); ok; m, ok = r.Next() {
			msgs[m[0]] = true
		}
		if perr != nil {
			b.WriteString(errorShape(perr))
			break
		}
	}
	for t, ok := range msgs {
		if ok {
			fmt.Fprintf(&b, ".%d", t)
		}
	}
	for t, ok := range types {
		if ok {
			fmt.Fprintf(&b, " %d", t)
		}
	}
	return b.String() + errorShape(rs.Err())
}

// dtlsShape is the shape of a DTLS datagram read with connection IDs of
// cidLen bytes.
func dtlsShape(datagram []byte, cidLen int) string {
	var b strings.Builder
	rs := wire.DTLSRecords{Data: datagram, CIDLen: cidLen}
	for rs.Next() {
		rec := rs.Record()
		fmt.Fprintf(&b, "%t/%d/%t", rec.Unified, rec.ContentType, rec.Epoch == 0)
		if !rec.Unified && rec.ContentType == wire.ContentHandshake && rec.Epoch == 0 {
			for p := rec.Payload; len(p) > 0; {
				h, frag, n, err := wire.ParseDTLSHandshake(p)
				if err != nil {
					b.WriteString(errorShape(err))
					break
				}
				fmt.Fprintf(&b, ".%d%t", h.MsgType, h.FragmentOffset != 0 || uint32(len(frag)) != h.Length)
				p = p[n:]
			}
		}
		b.WriteByte(' ')
	}
	return b.String() + errorShape(rs.Err())
}

// errorCauses are the sentinel causes an error shape names.
var errorCauses = []error{wire.ErrTruncated, wire.ErrTrailingData, wire.ErrLength, wire.ErrOddLength,
	wire.ErrVectorTooShort, wire.ErrTooLarge, wire.ErrValue, wire.ErrContext, wire.ErrRule}

// errorShape is the message, field and sentinel cause of a decode error
// (not its detail, which has lengths and values in it), or "" for nil.
func errorShape(err error) string {
	if err == nil {
		return ""
	}
	sh := "!"
	var e *wire.Error
	if errors.As(err, &e) {
		sh += e.Message + "." + e.Field
	}
	for i, c := range errorCauses {
		if errors.Is(err, c) {
			return fmt.Sprintf("%s:%d", sh, i)
		}
	}
	return sh + ":?"
}
