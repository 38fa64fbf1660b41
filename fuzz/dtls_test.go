package fuzz

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/wire"
)

// FuzzDTLS reads one DTLS datagram (or a flight of records written back
// to back). The input is byte 0: the connection ID length the peer uses
// (modulo 32), the rest: the datagram (seedroute.DTLSSeed). Properties:
//
//   - every record wire.DTLSRecords yields re-encodes to exactly the bytes
//     it consumed, Len agrees, and re-parsing gives an equal record; an
//     error is a located *wire.Error;
//   - every handshake fragment of a plaintext handshake record (epoch 0)
//     re-encodes to the same bytes, header included;
//   - the Reassembler, fed those fragments, delivers complete messages in
//     message_seq order, each with a whole-message header and a body that
//     is, byte for byte, what the first fragment covering each byte
//     carried (the documented "first copy wins"); a rejected fragment
//     gives an error placed in the 12-byte header;
//   - every delivered message the Decoder decodes appends back to its body.
func FuzzDTLS(f *testing.F) {
	addSeeds(f, seedroute.TargetDTLS)
	var r wire.Reassembler
	var d wire.Decoder
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		cidLen := int(in[0] % 32)
		datagram := in[1:]
		r.Reset()
		d.Reset()
		d.Context = wire.Context{Version: wire.VersionDTLS12}
		type model struct {
			typ    wire.HandshakeType
			length uint32
			bytes  map[int]byte
		}
		models := map[uint16]*model{}
		modelOK := true // false once a fragment was rejected

		rs := wire.DTLSRecords{Data: datagram, CIDLen: cidLen}
		var out []byte
		for rs.Next() {
			rec := rs.Record()
			start := len(out)
			var err error
			if out, err = rec.Append(out); err != nil {
				t.Fatalf("Append of a parsed record: %v", err)
			}
			if len(out) != rs.Offset() || rec.Len() != len(out)-start {
				t.Fatalf("Len %d / Offset %d / encoded %d disagree", rec.Len(), rs.Offset(), len(out))
			}
			again, n, err := wire.ParseDTLSRecord(out[start:], cidLen)
			if err != nil || n != len(out)-start || !reflect.DeepEqual(again, rec) {
				t.Fatalf("re-parsing the record: %v\n%#v\n%#v", err, rec, again)
			}
			if rec.Unified || rec.ContentType != wire.ContentHandshake || rec.Epoch != 0 {
				continue
			}
			for p := rec.Payload; len(p) > 0; {
				h, frag, n, err := wire.ParseDTLSHandshake(p)
				if err != nil {
					checkWireError(t, err, len(p), false)
					break
				}
				fb, err := wire.AppendDTLSHandshake(nil, h, frag)
				if err != nil || !bytes.Equal(fb, p[:n]) {
					t.Fatalf("handshake fragment re-encodes to %x (%v), want %x", fb, err, p[:n])
				}
				p = p[n:]

				next := r.NextMessageSeq()
				if err := r.PushFragment(h, frag); err != nil {
					checkWireError(t, err, wire.DTLSHandshakeHeaderLen, false)
					modelOK = false
				} else if h.MessageSeq >= next {
					m := models[h.MessageSeq]
					if m == nil {
						m = &model{typ: h.MsgType, length: h.Length, bytes: map[int]byte{}}
						models[h.MessageSeq] = m
					}
					for i, c := range frag {
						if _, ok := m.bytes[int(h.FragmentOffset)+i]; !ok {
							m.bytes[int(h.FragmentOffset)+i] = c
						}
					}
				}
				for {
					seq := r.NextMessageSeq()
					mh, body, ok := r.NextDTLS()
					if !ok {
						break
					}
					if mh.MessageSeq != seq || r.NextMessageSeq() != seq+1 || mh.FragmentOffset != 0 ||
						mh.FragmentLength != mh.Length || int(mh.Length) != len(body) {
						t.Fatalf("message %d delivered with header %+v, %d bytes", seq, mh, len(body))
					}
					if m := models[seq]; modelOK && m != nil {
						if m.typ != mh.MsgType || m.length != mh.Length || len(m.bytes) != len(body) {
							t.Fatalf("message %d: %+v, model %v/%d/%d bytes", seq, mh, m.typ, m.length, len(m.bytes))
						}
						for i, c := range body {
							if m.bytes[i] != c {
								t.Fatalf("message %d byte %d is %#x, first fragment carried %#x", seq, i, c, m.bytes[i])
							}
						}
					}
					checkDTLSMessage(t, &d, mh.MsgType, body)
				}
			}
		}
		if err := rs.Err(); err != nil {
			checkWireError(t, err, len(datagram), false)
		} else if rs.Offset() != len(datagram) {
			t.Fatalf("iteration stopped at %d of %d without an error", rs.Offset(), len(datagram))
		}
	})
}

// checkDTLSMessage decodes a reassembled DTLS message body and checks that
// it encodes back to the same bytes.
func checkDTLSMessage(t *testing.T, d *wire.Decoder, typ wire.HandshakeType, body []byte) {
	t.Helper()
	v, err := d.DecodeBody(typ, body)
	if err != nil {
		checkWireError(t, err, len(body), false)
		return
	}
	out, err := v.AppendBody(nil)
	if err != nil || !bytes.Equal(out, body) {
		t.Fatalf("DTLS %v re-encodes differently (%v):\n in %x\nout %x", typ, err, body, out)
	}
}

// TestDTLSClientHelloVersionTolerance decodes the DTLS hellos of
// BoringSSL's corpus whose legacy_version is below every DTLS version
// (0xfdff, 0xffff: its MajorVersionTolerance and VersionTooLow tests,
// answered with DTLS 1.2): with a DTLS context they are read in the DTLS
// form and round-trip; without it the TLS form does not fit them.
func TestDTLSClientHelloVersionTolerance(t *testing.T) {
	for _, seed := range []struct{ sha256, version, origin string }{
		{"1832ca624c3b1fb99efef22ef0834b0d448b3957618afbe679b3d5033f513e1e", "ffff", "boringssl fuzz/dtls_server_corpus/81afcd412e40dd3f91bde35ff18081c2e46f8265"},
		{"4f105c652b8c83c4407b070b6d367eb3569c7c346189199c8efdb0402513329e", "fdff", "boringssl fuzz/dtls_server_corpus/8c41b4c59bb26a3f70834faff1c7b6cac0a39f28"},
	} {
		msg := readSeed(t, "FuzzClientHelloDTLS", seed.sha256)
		d := wire.Decoder{Context: wire.Context{Version: wire.VersionDTLS12}}
		m, err := d.Decode(msg)
		ch, ok := m.(*wire.ClientHello)
		if err != nil || !ok || !ch.IsDTLS() || fmt.Sprintf("%04x", ch.LegacyVersion) != seed.version {
			t.Errorf("%s: %T %v, legacy_version %x", seed.origin, m, err, msg[4:6])
			continue
		}
		if out, err := ch.Append(nil); err != nil || !bytes.Equal(out, msg) {
			t.Errorf("%s: round trip: %v", seed.origin, err)
		}
		var tlsForm wire.ClientHello
		if tlsForm.Unmarshal(msg) == nil {
			t.Errorf("%s: decodes in the TLS form too", seed.origin)
		}
	}
}
