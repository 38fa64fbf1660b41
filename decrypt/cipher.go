package decrypt

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rc4"
	"hash"

	"github.com/tlswire/tlswire/wire"
)

// Cipher is the read state of one direction of one TLS or DTLS connection
// under one set of keys: the keys, the sequence number and, for TLS 1.0
// CBC, the chained IV. Make one with NewTLS13 or NewTLS12 and give it that
// direction's protected records in order with Open; it allocates nothing
// per record. A Cipher is not safe for concurrent use.
type Cipher struct {
	suite   *suiteParams
	version uint16 // the negotiated version (a TLS or DTLS version)
	tls13   bool
	dtls    bool
	etm     bool // encrypt_then_mac (RFC 7366)
	seq     uint64

	aead   cipher.AEAD
	iv     [12]byte // TLS 1.3 and ChaCha20 nonce mask; GCM/CCM salt in iv[:4]
	nonce  [12]byte
	aad    [13]byte
	block  cipher.Block
	cbc    cipher.BlockMode // a CBC decrypter whose IV is set per record
	chain  [16]byte         // TLS 1.0: the IV of the next record (RFC 2246 §6.2.3.2)
	stream *rc4.Cipher
	mac    hash.Hash // HMAC, reset per record
	sum    [64]byte

	secret []byte // TLS 1.3: the traffic secret, for KeyUpdate
}

// Version returns the protocol version the Cipher was made for.
func (c *Cipher) Version() uint16 { return c.version }

// Suite returns the cipher suite the Cipher was made for.
func (c *Cipher) Suite() uint16 { return uint16(c.suite.info.ID) }

// Seq returns the sequence number of the next TLS record (for DTLS the
// record header carries its own).
func (c *Cipher) Seq() uint64 { return c.seq }

// SetSeq sets the sequence number of the next TLS record, for a reader that
// knows records were skipped.
func (c *Cipher) SetSeq(n uint64) { c.seq = n }

// HeaderLen returns the length of the record header Open expects: 5 for
// TLS, 13 for DTLS 1.0/1.2 (RFC 6347 §4.1).
func (c *Cipher) HeaderLen() int {
	if c.dtls {
		return wire.DTLSRecordHeaderLen
	}
	return wire.RecordHeaderLen
}

// Open removes the protection of one record, given whole (header and
// payload, as on the wire), appends its plaintext to dst and returns the
// content type and the extended slice. For TLS 1.3 the content type is the
// inner one and the padding is removed (RFC 8446 §5.4). Pass a reused
// buffer as dst[:0]: Open allocates nothing. The sequence number advances
// only when the record authenticates; errors are *wire.Error values whose
// offset is in the record, with the causes of this package.
func (c *Cipher) Open(dst, record []byte) (wire.ContentType, []byte, error) {
	msg := c.recordName()
	hl := c.HeaderLen()
	if len(record) < hl {
		return 0, dst, recordError(msg, "header", len(record), wire.ErrTruncated)
	}
	n := int(record[hl-2])<<8 | int(record[hl-1])
	if n != len(record)-hl {
		return 0, dst, recordError(msg, "length", hl-2, wire.ErrLength)
	}
	limit := wire.MaxRecordLen
	if c.tls13 {
		limit = 1<<14 + 256 // RFC 8446 §5.2
	}
	if n > limit {
		return 0, dst, recordError(msg, "length", hl-2, wire.ErrTooLarge)
	}
	typ := wire.ContentType(record[0])
	seq := c.seq
	if c.dtls {
		seq = uint64(record[3])<<56 | uint64(record[4])<<48 | uint64(record[5])<<40 |
			uint64(record[6])<<32 | uint64(record[7])<<24 | uint64(record[8])<<16 |
			uint64(record[9])<<8 | uint64(record[10])
	}
	var out []byte
	var err error
	switch {
	case c.tls13:
		typ, out, err = c.open13(dst, record, seq)
	case c.suite.cipher.mode == modeAEAD:
		out, err = c.openAEAD(dst, record, hl, seq)
	case c.suite.cipher.mode == modeCBC:
		out, err = c.openCBC(dst, record, hl, seq)
	default:
		out, err = c.openStream(dst, record, hl, seq)
	}
	if err != nil {
		return 0, dst, err
	}
	if !c.dtls {
		c.seq++
	}
	return typ, out, nil
}

// recordName names the record layer in errors.
func (c *Cipher) recordName() string {
	switch {
	case c.tls13:
		return "TLS 1.3 record"
	case c.dtls:
		return "DTLS record"
	}
	return "TLS record"
}

// nonceXOR sets c.nonce to the static IV xor the 64-bit sequence number,
// left-padded (RFC 8446 §5.3, RFC 7905 §2).
func (c *Cipher) nonceXOR(seq uint64) {
	c.nonce = c.iv
	for i := range 8 {
		c.nonce[11-i] ^= byte(seq >> (8 * i))
	}
}

// open13 opens a TLS 1.3 record (RFC 8446 §5.2, §5.4).
func (c *Cipher) open13(dst, record []byte, seq uint64) (wire.ContentType, []byte, error) {
	const msg = "TLS 1.3 record"
	payload := record[wire.RecordHeaderLen:]
	if len(payload) < c.aead.Overhead()+1 {
		return 0, dst, recordError(msg, "encrypted_record", wire.RecordHeaderLen, wire.ErrTruncated)
	}
	c.nonceXOR(seq)
	out, err := c.aead.Open(dst, c.nonce[:], payload, record[:wire.RecordHeaderLen])
	if err != nil {
		return 0, dst, recordError(msg, "encrypted_record", wire.RecordHeaderLen, ErrAuthentication)
	}
	i := len(out) - 1
	for i >= len(dst) && out[i] == 0 {
		i--
	}
	if i < len(dst) {
		return 0, dst, recordError(msg, "type", wire.RecordHeaderLen, ErrNoContentType)
	}
	return wire.ContentType(out[i]), out[:i], nil
}

// setAAD writes the TLS 1.2 additional data / MAC header: seq_num, type,
// version, length (RFC 5246 §6.2.3.1, §6.2.3.3; RFC 6347 §4.1.2.1).
func (c *Cipher) setAAD(record []byte, seq uint64, length int) []byte {
	for i := range 8 {
		c.aad[7-i] = byte(seq >> (8 * i))
	}
	c.aad[8], c.aad[9], c.aad[10] = record[0], record[1], record[2]
	c.aad[11], c.aad[12] = byte(length>>8), byte(length)
	return c.aad[:]
}

// openAEAD opens a TLS 1.2 or DTLS 1.2 AEAD record: GCM and CCM with an
// 8-byte explicit nonce (RFC 5288 §3, RFC 6655 §3), ChaCha20-Poly1305 with
// the sequence number xored into the IV (RFC 7905 §2).
func (c *Cipher) openAEAD(dst, record []byte, hl int, seq uint64) ([]byte, error) {
	msg := c.recordName()
	payload := record[hl:]
	explicit := c.suite.cipher.explicitNonce
	if len(payload) < explicit+c.aead.Overhead() {
		return dst, recordError(msg, "GenericAEADCipher", hl, wire.ErrTruncated)
	}
	if explicit > 0 {
		copy(c.nonce[:4], c.iv[:4])
		copy(c.nonce[4:], payload[:explicit])
	} else {
		c.nonceXOR(seq)
	}
	ct := payload[explicit:]
	aad := c.setAAD(record, seq, len(ct)-c.aead.Overhead())
	out, err := c.aead.Open(dst, c.nonce[:c.aead.NonceSize()], ct, aad)
	if err != nil {
		return dst, recordError(msg, "GenericAEADCipher", hl+explicit, ErrAuthentication)
	}
	return out, nil
}

// checkMAC compares the HMAC of the record's pseudo-header and data with
// want (RFC 5246 §6.2.3.1).
func (c *Cipher) checkMAC(record []byte, seq uint64, data, want []byte) bool {
	c.mac.Reset()
	c.mac.Write(c.setAAD(record, seq, len(data)))
	c.mac.Write(data)
	return hmac.Equal(c.mac.Sum(c.sum[:0]), want)
}

// openStream opens a NULL or RC4 record: the data and its MAC
// (RFC 5246 §6.2.3.1).
func (c *Cipher) openStream(dst, record []byte, hl int, seq uint64) ([]byte, error) {
	msg := c.recordName()
	payload := record[hl:]
	ml := c.suite.macLen
	if len(payload) < ml {
		return dst, recordError(msg, "GenericStreamCipher", hl, wire.ErrTruncated)
	}
	ret, out := sliceForAppend(dst, len(payload))
	if c.stream != nil {
		c.stream.XORKeyStream(out, payload)
	} else {
		copy(out, payload)
	}
	n := len(payload) - ml
	if !c.checkMAC(record, seq, out[:n], out[n:]) {
		return dst, recordError(msg, "MAC", hl+n, ErrAuthentication)
	}
	return ret[:len(dst)+n], nil
}

// openCBC opens a block cipher record: MAC-then-encrypt (RFC 5246
// §6.2.3.2), or encrypt-then-MAC (RFC 7366 §3). From TLS 1.1 (and in
// DTLS) each record starts with its IV; in TLS 1.0 the IV is the last
// ciphertext block of the previous record.
func (c *Cipher) openCBC(dst, record []byte, hl int, seq uint64) ([]byte, error) {
	msg := c.recordName()
	payload := record[hl:]
	bs, ml := c.suite.cipher.blockLen, c.suite.macLen
	if c.etm {
		if len(payload) < ml {
			return dst, recordError(msg, "MAC", hl, wire.ErrTruncated)
		}
		n := len(payload) - ml
		if !c.checkMAC(record, seq, payload[:n], payload[n:]) {
			return dst, recordError(msg, "MAC", hl+n, ErrAuthentication)
		}
		payload = payload[:n]
	}
	explicitIV := recordVersion(c.version) != wire.VersionTLS10
	iv := c.chain[:bs]
	start := 0
	if explicitIV {
		if len(payload) < bs {
			return dst, recordError(msg, "IV", hl, wire.ErrTruncated)
		}
		iv, payload, start = payload[:bs], payload[bs:], bs
	}
	minLen := bs
	if !c.etm {
		minLen = max(bs, (ml+1+bs-1)/bs*bs)
	}
	if len(payload) < minLen || len(payload)%bs != 0 {
		return dst, recordError(msg, "GenericBlockCipher", hl+start, wire.ErrLength)
	}
	ret, out := sliceForAppend(dst, len(payload))
	c.cbc.(ivSetter).SetIV(iv)
	// The next TLS 1.0 IV is the last ciphertext block; take it before
	// decrypting, which may be in place.
	var next [16]byte
	copy(next[:bs], payload[len(payload)-bs:])
	c.cbc.CryptBlocks(out, payload)
	pad := int(out[len(out)-1])
	if pad+1 > len(out) || !c.etm && pad+1+ml > len(out) {
		return dst, recordError(msg, "padding", len(record)-1, ErrPadding)
	}
	for _, b := range out[len(out)-1-pad : len(out)-1] {
		if int(b) != pad {
			return dst, recordError(msg, "padding", len(record)-1, ErrPadding)
		}
	}
	n := len(out) - 1 - pad
	if !c.etm {
		n -= ml
		if !c.checkMAC(record, seq, out[:n], out[n:n+ml]) {
			return dst, recordError(msg, "MAC", hl+start, ErrAuthentication)
		}
	}
	if !explicitIV {
		copy(c.chain[:bs], next[:bs])
	}
	return ret[:len(dst)+n], nil
}

// ivSetter is the interface of the standard library's CBC decrypter that
// lets one BlockMode serve every record.
type ivSetter interface{ SetIV([]byte) }
