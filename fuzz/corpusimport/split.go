package corpusimport

import (
	"fmt"
	"github.com/tlswire/tlswire/fuzz/seedroute"

	"github.com/tlswire/tlswire/wire"
)

// AddTLSStream adds one direction of a TLS connection: the whole stream to
// FuzzRecords; an SSL 2.0 compatible ClientHello at its start to
// FuzzSSLv2ClientHello; and every handshake message sent in the clear
// (records up to the first ChangeCipherSpec or application_data record,
// reassembled across records) to its message target, with its extensions
// to FuzzExtension. The message context comes from a ServerHello in the
// same stream; without one, context-dependent messages go to the targets
// of their TLS 1.2 form (or, for the key exchange messages, with a zero
// context prefix).
func (c *Corpus) AddTLSStream(stream []byte, origin string) error {
	if len(stream) == 0 {
		return nil
	}
	if err := c.Add(seedroute.TargetRecords, stream, origin); err != nil {
		return err
	}
	if wire.IsSSLv2ClientHello(stream) {
		n := 2 + (int(stream[0]&0x7f)<<8 | int(stream[1]))
		if n <= len(stream) {
			if err := c.Add(seedroute.TargetSSLv2, stream[:n], origin+" SSLv2 hello"); err != nil {
				return err
			}
			stream = stream[n:]
		}
	}
	d := wire.Decoder{Context: wire.Context{Version: wire.VersionTLS12}}
	for _, m := range PlaintextMessages(stream) {
		if err := c.AddMessage(&d, m, origin); err != nil {
			return err
		}
	}
	return nil
}

// PlaintextMessages returns the handshake messages of one direction of a
// TLS stream sent in the clear: those of the records before its first
// ChangeCipherSpec or application_data record, reassembled across
// records, each with its 4-byte header, up to the first that does not
// reassemble.
func PlaintextMessages(stream []byte) [][]byte {
	var out [][]byte
	var r wire.Reassembler
	rs := wire.Records{Data: stream}
	for rs.Next() {
		rec := rs.Record()
		if rec.ContentType == wire.ContentChangeCipherSpec || rec.ContentType == wire.ContentApplicationData {
			break
		}
		if rec.ContentType != wire.ContentHandshake {
			continue
		}
		err := r.Push(rec.Payload)
		for m, ok := r.Next(); ok; m, ok = r.Next() {
			out = append(out, append([]byte(nil), m...))
		}
		if err != nil {
			break
		}
	}
	return out
}

// AddMessage adds one handshake message (4-byte header included) to its
// target and its extensions to FuzzExtension, decoding it with d (which
// learns the context from a ServerHello).
func (c *Corpus) AddMessage(d *wire.Decoder, m []byte, origin string) error {
	t := wire.HandshakeType(m[0])
	name := fmt.Sprintf("%s %s", origin, t)
	ctx := d.Context
	if target, data, ok := seedroute.TargetFor(t, ctx, m); ok {
		if err := c.Add(target, data, name); err != nil {
			return err
		}
	}
	v, err := d.Decode(m)
	if err != nil {
		return nil
	}
	in, lists := seedroute.ExtensionsOf(v)
	for _, exts := range lists {
		for _, e := range exts {
			if err := c.Add(seedroute.TargetExtension, seedroute.ExtensionSeed(in, e.Type, e.Data),
				fmt.Sprintf("%s ext %d in %s", name, e.Type, in)); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddDTLSDatagrams adds DTLS datagrams of one direction: each to FuzzDTLS
// (with CID length 0), and the handshake messages reassembled from their
// plaintext (epoch 0) fragments to the message targets, converted to the
// TLS framing the message targets read.
func (c *Corpus) AddDTLSDatagrams(datagrams [][]byte, origin string) error {
	var r wire.Reassembler
	d := wire.Decoder{Context: wire.Context{Version: wire.VersionDTLS12}}
	for i, dg := range datagrams {
		if err := c.Add(seedroute.TargetDTLS, seedroute.DTLSSeed(0, dg), fmt.Sprintf("%s datagram %d", origin, i)); err != nil {
			return err
		}
		rs := wire.DTLSRecords{Data: dg}
		for rs.Next() {
			rec := rs.Record()
			if rec.Unified || rec.ContentType != wire.ContentHandshake || rec.Epoch != 0 {
				continue
			}
			for p := rec.Payload; len(p) > 0; {
				h, frag, n, err := wire.ParseDTLSHandshake(p)
				if err != nil {
					break
				}
				p = p[n:]
				if r.PushFragment(h, frag) != nil {
					continue
				}
				for mh, body, ok := r.NextDTLS(); ok; mh, body, ok = r.NextDTLS() {
					m := append([]byte{byte(mh.MsgType), byte(mh.Length >> 16), byte(mh.Length >> 8), byte(mh.Length)}, body...)
					if err := c.AddMessage(&d, m, origin); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
