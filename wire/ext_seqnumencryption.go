package wire

import (
	"strconv"

	"golang.org/x/crypto/cryptobyte"
)

// SeqNumEncAlgs values (draft-pismenny-tls-dtls-plaintext-sequence-number
// §3): the record sequence number encryption algorithms of
// sequence_number_encryption_algorithms.
const (
	SeqNumEncDefaultCipher uint32 = 0 // default_cipher: RFC 9147 §4.2.3 sequence number encryption
	SeqNumEncPlaintext     uint32 = 1 // plaintext: sequence numbers sent in the clear
)

// SeqNumEncAlgLen is the size of a SeqNumEncAlgs value on the wire. The
// draft closes the enum with (65536), one more than the usual (65535); an
// enum "occupies as much space in the byte stream as would its maximal
// defined ordinal value" (RFC 8446 §3.5), and 65536 needs three bytes.
const SeqNumEncAlgLen = 3

// SequenceNumberEncryptionAlgorithmsExtension is the
// sequence_number_encryption_algorithms extension (60) of
// draft-pismenny-tls-dtls-plaintext-sequence-number-00 to -02 §3,
// SupportedSequenceNumberEncryptionAlgorithms, for DTLS 1.3: the client's
// list of SeqNumEncAlgs in order of preference, and the server's choice.
//
// The draft's select has a ClientHello and a ServerHello case; its text
// also lets the server answer in EncryptedExtensions, and IANA lists CH,
// HRR and SH. Every message other than the ClientHello is read as the
// server's selected_alg.
//
// Each SeqNumEncAlgs value is SeqNumEncAlgLen (3) bytes, read from the
// draft's presentation language as RFC 8446 §3.5 defines it (see
// SeqNumEncAlgLen; docs/registries.md has the draft text this follows).
// A two-byte encoding fails to decode here (a list whose length is not a
// multiple of three is ErrLength, a two-byte selected_alg ErrTruncated)
// rather than decoding to other values, unless it is a list of a multiple
// of three values.
type SequenceNumberEncryptionAlgorithmsExtension struct {
	// In selects the form: InClientHello for the list, any other message
	// for the selected value.
	In ExtMessage
	// Algorithms is supported_algs<1..255> (ClientHello), 24-bit values
	// in wire order.
	Algorithms []uint32
	// Selected is selected_alg (other messages), a 24-bit value.
	Selected uint32
}

// ExtensionType returns sequence_number_encryption_algorithms (60).
func (*SequenceNumberEncryptionAlgorithmsExtension) ExtensionType() ExtensionType {
	return ExtensionSequenceNumberEncryptionAlgorithms
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *SequenceNumberEncryptionAlgorithmsExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In, e.Selected = in, 0
	e.Algorithms = e.Algorithms[:0]
	p := extParser("sequence_number_encryption_algorithms", &data)
	s := cryptobyte.String(data)
	if in != InClientHello {
		e.Algorithms = nil
		if !p.u24(&s, "selected_alg", &e.Selected) || !p.end(s, "selected_alg") {
			return p.err
		}
		return nil
	}
	var body cryptobyte.String
	if !p.vec8(&s, "supported_algs", 1, &body) || !p.end(s, "supported_algs") {
		return p.err
	}
	if len(body)%SeqNumEncAlgLen != 0 {
		p.fail(cryptobyte.String(data), "supported_algs", ErrLength) // at the length field
		return p.err
	}
	for ; len(body) > 0; body = body[SeqNumEncAlgLen:] {
		e.Algorithms = append(e.Algorithms, uint32(body[0])<<16|uint32(body[1])<<8|uint32(body[2]))
	}
	return nil
}

// Append appends extension_data. A value above 0xffffff fails with
// ErrTooLarge.
func (e *SequenceNumberEncryptionAlgorithmsExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "sequence_number_encryption_algorithms"}
	if e.In != InClientHello {
		if e.Selected > 0xffffff {
			a.fail("selected_alg", ErrTooLarge)
		}
		a.u24(e.Selected)
		return a.result(b)
	}
	at := a.open(1)
	for _, v := range e.Algorithms {
		if v > 0xffffff {
			a.fail("supported_algs", ErrTooLarge)
		}
		a.u24(v)
	}
	a.close(at, 1, "supported_algs")
	return a.result(b)
}

// Len is the length Append appends.
func (e *SequenceNumberEncryptionAlgorithmsExtension) Len() int {
	if e.In != InClientHello {
		return SeqNumEncAlgLen
	}
	return 1 + SeqNumEncAlgLen*len(e.Algorithms)
}

// seqNumEncAlgName names a SeqNumEncAlgs value
// (draft-pismenny-tls-dtls-plaintext-sequence-number §3).
func seqNumEncAlgName(v uint32) string {
	switch v {
	case SeqNumEncDefaultCipher:
		return "default_cipher"
	case SeqNumEncPlaintext:
		return "plaintext"
	}
	return jsonUnassigned
}

// appendJSON appends the supported algorithms (ClientHello) or the
// selected one, with their names.
func (e *SequenceNumberEncryptionAlgorithmsExtension) appendJSON(b []byte) []byte {
	if e.In != InClientHello {
		return jNamed(append(b, ','), "selected_alg", uint64(e.Selected), seqNumEncAlgName(e.Selected))
	}
	b = append(jKey(b, "supported_algs"), '[')
	for i, v := range e.Algorithms {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(v), 10)
	}
	b = append(jKey(append(b, ']'), "supported_alg_names"), '[')
	for i, v := range e.Algorithms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONText(b, seqNumEncAlgName(v))
	}
	return append(b, ']')
}
