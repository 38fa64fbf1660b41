package wire

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// Real datagrams, extracted by hand (a throwaway gopacket/pcapgo program) from
// the shared test captures:
//   - dtls10*: UDP payloads of packets 1 (client, 6000 -> 7000) and 2 (server)
//     of arkime/pcap/cloudshark-dtls1.pcap (Arkime tests, Apache-2.0): a
//     DTLS 1.0 ClientHello, and the server's flight of three records
//     (ServerHello, Certificate, ServerHelloDone) in one datagram.
//   - dtls13*: UDP payloads of packets 8, 15 and 18 of
//     zeek/Traces/tls/dtls13-cid.pcap (Zeek tests, BSD-3-Clause): DTLS 1.3
//     records with the unified header and connection IDs "I am a client
//     CID" (17 bytes, sent by the server) and "fancy server CID" (16 bytes,
//     sent by the client), epochs 2 and 3.
const (
	dtls10ClientHelloDatagram = "16feff000000000000000000970100008b000000000000008bfeff0998ba991c8aaad305408542281890caf8cf1107e6" +
		"ee7b9fe3521aa35a386ed500000058c014c00ac022c0210039003800880087c00fc00500350084c012c008c01cc01b00" +
		"160013c00dc003000ac013c009c01fc01e00330032009a009900450044c00ec004002f00960041001500120009001400" +
		"110008000600ff0100000900230000000f000101"
	dtls10ServerFlightDatagram = "16feff00000000000000000042020000360000000000000036feff53b93aaaf847a096be55a03333d2651b0efb2d9d24" +
		"a6c3071fcf1255a1a11f8d00003500000eff0100010000230000000f00010116feff000000000000000102170b00020b" +
		"000100000000020b000208000205308202013082016a020900f1965d11e3ff07ee300d06092a864886f70d0101050500" +
		"3045310b30090603550406130258583113301106035504080c0a536f6d652d53746174653121301f060355040a0c1849" +
		"6e7465726e6574205769646769747320507479204c7464301e170d3134303730363131353630375a170d323430373033" +
		"3131353630375a3045310b30090603550406130258583113301106035504080c0a536f6d652d53746174653121301f06" +
		"0355040a0c18496e7465726e6574205769646769747320507479204c746430819f300d06092a864886f70d0101010500" +
		"03818d0030818902818100d2dc3637d23d5d47a9e7d58318e47e8cd01e09cf6f9ce087c162ce03dfcb2fee8ad392b28c" +
		"29250ae549c75e9d3af82773410090f82f88eb8c5a8f085e65f84782b355af6909cb02222dae37c3865d5cb9edc8eb82" +
		"4085d83f95d7ffcfb4bcbd2e4511314a377ccc320c7ca3f093c7b16c5c9b3243edb47d46ceb206db0e875d0203010001" +
		"300d06092a864886f70d01010505000381810007b661df9af3e24ff3ba42cdc2f167133e8bd9884cf65d53328bf25c73" +
		"a754e365691a1debf071052058a76d6851a31b9c0f328fd66074a1c103915acace0c44c29f184a953ab982dd422ac5c1" +
		"1af1b7a7bed836f24d8e328c5c54a42e03035aee12a7aaa2dc1107126a6917a2e68a71e9f91ded8f8433b105fa30e4fc" +
		"8d371b16feff0000000000000002000c0e0000000002000000000000"
	dtls13ClientCIDDatagram = "3e4920616d206120636c69656e742043494418fd001f08776cbff90fd60c8e26a9da2975584c817e798fca872c5e29ac" +
		"85b230ecb6"
	dtls13ServerCIDDatagram = "3e66616e63792073657276657220434944ab010022a83cc3b4ec1ccda01593cc401b913368b7f9b59078d77044f2bef3" +
		"fbcd1964ab75d4"
	dtls13Epoch3Datagram = "3f4920616d206120636c69656e74204349446cea00539140ebf48625aafe875a7899d100777018d33e43d3b98f161914" +
		"88f2d31d76da173da73a500b8ccc24ccc9bfc1e05ca67c7c92bba6bd2335558c315bfc301fa5039b1048828231563916" +
		"38165507e6b16a291d"
)

func TestDTLSRealDatagrams(t *testing.T) {
	flight := mustHex(t, dtls10ServerFlightDatagram)
	rs := DTLSRecords{Data: flight}
	var recs []DTLSRecord
	var out []byte
	for prev := 0; rs.Next(); prev = rs.Offset() {
		r := rs.Record()
		recs = append(recs, r)
		var err error
		if out, err = r.Append(out); err != nil {
			t.Fatal(err)
		}
		if r.Len() != rs.Offset()-prev {
			t.Fatalf("Len %d, record of %d bytes", r.Len(), rs.Offset()-prev)
		}
	}
	if rs.Err() != nil || len(recs) != 3 || !bytes.Equal(out, flight) {
		t.Fatalf("%d records, %v; re-encoding equal: %v", len(recs), rs.Err(), bytes.Equal(out, flight))
	}
	wantTypes := []HandshakeType{TypeServerHello, TypeCertificate, TypeServerHelloDone}
	wantLens := []uint32{0x36, 0x20b, 0}
	for i, r := range recs {
		if r.Unified || r.ContentType != ContentHandshake || r.Version != VersionDTLS10 || r.Epoch != 0 || r.SequenceNumber != uint64(i) {
			t.Fatalf("record %d: %+v", i, r)
		}
		h, frag, n, err := ParseDTLSHandshake(r.Payload)
		if err != nil || n != len(r.Payload) {
			t.Fatalf("record %d: %v (%d of %d bytes)", i, err, n, len(r.Payload))
		}
		want := DTLSHandshakeHeader{MsgType: wantTypes[i], Length: wantLens[i], MessageSeq: uint16(i), FragmentLength: wantLens[i]}
		if h != want || len(frag) != int(h.Length) {
			t.Fatalf("record %d: header %+v", i, h)
		}
		b, err := AppendDTLSHandshake(nil, h, frag)
		if err != nil || !bytes.Equal(b, r.Payload) {
			t.Fatalf("record %d: re-encoded fragment differs (%v)", i, err)
		}
	}

	// The ClientHello: a DTLS 1.0 hello with an empty cookie, decoded as a
	// TLS message after removing the DTLS fields of the handshake header.
	ch := mustHex(t, dtls10ClientHelloDatagram)
	r, n, err := ParseDTLSRecord(ch, 0)
	if err != nil || n != len(ch) || r.SequenceNumber != 0 {
		t.Fatalf("ClientHello record: %v", err)
	}
	h, frag, _, err := ParseDTLSHandshake(r.Payload)
	if err != nil || h.MsgType != TypeClientHello || h.FragmentLength != h.Length {
		t.Fatalf("ClientHello fragment %+v: %v", h, err)
	}
	var hello ClientHello
	if err := hello.UnmarshalBody(frag, Context{}); err != nil || !hello.IsDTLS() || hello.LegacyVersion != VersionDTLS10 {
		t.Fatalf("ClientHello body: %v", err)
	}

	for _, tc := range []struct {
		hex    string
		cidLen int
		cid    string
		epoch  uint16
		seq    uint64
	}{
		{dtls13ClientCIDDatagram, 17, "I am a client CID", 2, 0x18fd},
		{dtls13ServerCIDDatagram, 16, "fancy server CID", 2, 0xab01},
		{dtls13Epoch3Datagram, 17, "I am a client CID", 3, 0x6cea},
	} {
		d := mustHex(t, tc.hex)
		rs := DTLSRecords{Data: d, CIDLen: tc.cidLen}
		if !rs.Next() {
			t.Fatalf("%s: %v", tc.cid, rs.Err())
		}
		r := rs.Record()
		if !r.Unified || !r.CIDPresent || !r.Seq16 || !r.LengthPresent || string(r.ConnectionID) != tc.cid ||
			r.Epoch != tc.epoch || r.SequenceNumber != tc.seq || len(r.Payload) != len(d)-1-tc.cidLen-4 {
			t.Fatalf("%s: %+v", tc.cid, r)
		}
		if rs.Next() || rs.Err() != nil {
			t.Fatalf("%s: more than one record (%v)", tc.cid, rs.Err())
		}
		if b, err := r.Append(nil); err != nil || !bytes.Equal(b, d) || r.Len() != len(d) {
			t.Fatalf("%s: round trip %x, %v", tc.cid, b, err)
		}
		// Without the right connection ID length the record cannot be framed.
		if _, _, err := ParseDTLSRecord(d, tc.cidLen+8); err == nil {
			t.Fatalf("%s: parsed with a wrong CID length", tc.cid)
		}
	}
}

func TestDTLSRecordForms(t *testing.T) {
	cid := []byte{0xc1, 0xc2, 0xc3, 0xc4}
	records := []DTLSRecord{
		{ContentType: ContentHandshake, Version: VersionDTLS12, Epoch: 0, SequenceNumber: 0, Payload: []byte{1, 2, 3}},
		{ContentType: ContentApplicationData, Version: VersionDTLS12, Epoch: 0xffff, SequenceNumber: MaxDTLSSequenceNumber, Payload: []byte{}},
		{ContentType: ContentTLS12CID, Version: VersionDTLS12, Epoch: 1, SequenceNumber: 7, ConnectionID: cid, Payload: []byte{9, 9}},
		{ContentType: ContentType(0x99), Version: 0x0100, Epoch: 3, SequenceNumber: 1 << 40, Payload: []byte{5}},
	}
	for bits := 0; bits < 32; bits++ {
		r := DTLSRecord{Unified: true, Epoch: uint16(bits & 3), CIDPresent: bits&16 != 0, Seq16: bits&8 != 0,
			LengthPresent: true, Payload: []byte{byte(bits), 0xee}}
		if r.CIDPresent {
			r.ConnectionID = cid
		}
		if r.Seq16 {
			r.SequenceNumber = 0xfffe
		} else {
			r.SequenceNumber = 0xfe
		}
		if bits&4 != 0 {
			records = append(records, r)
		}
	}
	last := DTLSRecord{Unified: true, Epoch: 1, CIDPresent: true, ConnectionID: cid, SequenceNumber: 3, Payload: []byte("to the end")}
	records = append(records, last)

	var datagram []byte
	for _, r := range records {
		var err error
		if datagram, err = r.Append(datagram); err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
	}
	rs := DTLSRecords{Data: datagram, CIDLen: len(cid)}
	var got []DTLSRecord
	for rs.Next() {
		got = append(got, rs.Record())
	}
	if rs.Err() != nil || !reflect.DeepEqual(got, records) {
		t.Fatalf("round trip (%v):\n got %+v\nwant %+v", rs.Err(), got, records)
	}
	if rs.Offset() != len(datagram) {
		t.Fatalf("Offset %d of %d", rs.Offset(), len(datagram))
	}
	// A zero-length CID with the C bit still round-trips.
	zero := DTLSRecord{Unified: true, CIDPresent: true, ConnectionID: []byte{}, LengthPresent: true, Payload: []byte{}}
	b, _ := zero.Append(nil)
	if r, n, err := ParseDTLSRecord(b, 0); err != nil || n != len(b) || !reflect.DeepEqual(r, zero) {
		t.Fatalf("zero-length CID: %+v, %v", r, err)
	}
}

func TestDTLSRecordErrors(t *testing.T) {
	flight := mustHex(t, dtls10ServerFlightDatagram)
	boundaries := map[int]int{0: 0, 79: 1, 627: 2, 652: 3}
	for i := 0; i <= len(flight); i++ {
		rs := DTLSRecords{Data: flight[:i]}
		n := 0
		for rs.Next() {
			n++
		}
		want, atBoundary := boundaries[i]
		if atBoundary && (rs.Err() != nil || n != want) {
			t.Fatalf("prefix %d: %d records, %v", i, n, rs.Err())
		}
		if !atBoundary {
			var e *Error
			if !errors.As(rs.Err(), &e) || !errors.Is(e, ErrTruncated) || e.Offset != i {
				t.Fatalf("prefix %d: %v", i, rs.Err())
			}
		}
	}
	// Any single corrupted byte: no panic, and whatever parses re-encodes identically.
	for _, d := range [][]byte{flight, mustHex(t, dtls13ClientCIDDatagram)} {
		for i := range d {
			for _, x := range []byte{0x01, 0x20, 0x80, 0xff} {
				b := append([]byte(nil), d...)
				b[i] ^= x
				for _, cidLen := range []int{0, 17} {
					rs := DTLSRecords{Data: b, CIDLen: cidLen}
					var out []byte
					for rs.Next() {
						r := rs.Record()
						var err error
						if out, err = r.Append(out); err != nil {
							t.Fatalf("byte %d^%x: %v", i, x, err)
						}
					}
					if rs.Err() == nil && !bytes.Equal(out, b) {
						t.Fatalf("byte %d^%x cid %d: re-encoding differs", i, x, cidLen)
					}
				}
			}
		}
	}
	for name, tc := range map[string]struct {
		b      []byte
		cidLen int
		field  string
		offset int
		cause  error
	}{
		"empty":            {nil, 0, "type", 0, ErrTruncated},
		"negative cid":     {[]byte{22}, -1, "cid", 0, ErrContext},
		"plain too large":  {[]byte{22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x01}, 0, "length", 11, ErrTooLarge},
		"cid truncated":    {[]byte{25, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0xc1, 0, 0}, 4, "cid", 14, ErrTruncated},
		"cid no length":    {[]byte{25, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0xc1, 0, 0, 0, 0}, 4, "length", 16, ErrTruncated},
		"unified cid":      {[]byte{0x30, 1, 2}, 4, "connection_id", 3, ErrTruncated},
		"unified seq":      {[]byte{0x28, 1}, 0, "sequence_number", 2, ErrTruncated},
		"unified length":   {[]byte{0x24, 1, 0}, 0, "length", 3, ErrTruncated},
		"unified body":     {[]byte{0x24, 1, 0, 2, 0}, 0, "encrypted_record", 5, ErrTruncated},
		"unified too long": {[]byte{0x24, 1, 0x48, 1}, 0, "length", 2, ErrTooLarge},
	} {
		_, _, err := ParseDTLSRecord(tc.b, tc.cidLen)
		var e *Error
		if !errors.As(err, &e) || e.Field != tc.field || e.Offset != tc.offset || !errors.Is(err, tc.cause) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, tc := range map[string]struct {
		r     DTLSRecord
		field string
	}{
		"epoch 4":       {DTLSRecord{Unified: true, Epoch: 4}, "epoch"},
		"seq 8 bits":    {DTLSRecord{Unified: true, SequenceNumber: 0x100}, "sequence_number"},
		"seq 16 bits":   {DTLSRecord{Unified: true, Seq16: true, SequenceNumber: 0x10000}, "sequence_number"},
		"cid without C": {DTLSRecord{Unified: true, ConnectionID: []byte{1}}, "connection_id"},
		"seq 49 bits":   {DTLSRecord{ContentType: ContentHandshake, SequenceNumber: 1 << 48}, "sequence_number"},
		"unified type":  {DTLSRecord{ContentType: 0x2c}, "type"},
		"cid not cid":   {DTLSRecord{ContentType: ContentHandshake, ConnectionID: []byte{1}}, "cid"},
		"payload":       {DTLSRecord{ContentType: ContentHandshake, Payload: make([]byte, 0x10000)}, "length"},
	} {
		orig := []byte{0xaa}
		out, err := tc.r.Append(orig)
		var e *Error
		if !errors.As(err, &e) || e.Field != tc.field || !bytes.Equal(out, orig) {
			t.Errorf("%s: %x, %v", name, out, err)
		}
	}
}

func TestDTLSHandshakeHeader(t *testing.T) {
	h := DTLSHandshakeHeader{MsgType: TypeCertificate, Length: 0xabcdef, MessageSeq: 0x1234, FragmentOffset: 0x100000, FragmentLength: 3}
	b, err := AppendDTLSHandshake(nil, h, []byte{7, 8, 9})
	if err != nil || len(b) != DTLSHandshakeHeaderLen+3 || h.Len() != DTLSHandshakeHeaderLen {
		t.Fatal(err)
	}
	want := []byte{11, 0xab, 0xcd, 0xef, 0x12, 0x34, 0x10, 0, 0, 0, 0, 3, 7, 8, 9}
	if !bytes.Equal(b, want) {
		t.Fatalf("encoded %x", b)
	}
	got, frag, n, err := ParseDTLSHandshake(append(b, 0xff))
	if err != nil || got != h || !bytes.Equal(frag, []byte{7, 8, 9}) || n != len(b) {
		t.Fatalf("parsed %+v %x %d %v", got, frag, n, err)
	}
	for i := range b {
		if _, _, _, err := ParseDTLSHandshake(b[:i]); !errors.Is(err, ErrTruncated) {
			t.Fatalf("prefix %d: %v", i, err)
		}
	}
	var x DTLSHandshakeHeader
	if err := x.Unmarshal(b); !errors.Is(err, ErrTrailingData) {
		t.Fatalf("Unmarshal with fragment bytes: %v", err)
	}
	// fragment_offset + fragment_length > length.
	bad := []byte{1, 0, 0, 10, 0, 0, 0, 0, 8, 0, 0, 3}
	var e *Error
	if err := x.Unmarshal(bad); !errors.As(err, &e) || e.Field != "fragment_length" || e.Offset != 9 || !errors.Is(err, ErrLength) {
		t.Fatalf("fragment beyond message: %v", err)
	}
	for name, tc := range map[string]struct {
		h     DTLSHandshakeHeader
		field string
		cause error
	}{
		"length":          {DTLSHandshakeHeader{Length: 1 << 24}, "length", ErrTooLarge},
		"fragment_offset": {DTLSHandshakeHeader{Length: 10, FragmentOffset: 1 << 24}, "fragment_offset", ErrTooLarge},
		"fragment_length": {DTLSHandshakeHeader{Length: 10, FragmentLength: 1 << 24}, "fragment_length", ErrTooLarge},
		"beyond":          {DTLSHandshakeHeader{Length: 10, FragmentOffset: 8, FragmentLength: 3}, "fragment_length", ErrLength},
	} {
		if _, err := tc.h.Append(nil); !errors.As(err, &e) || e.Field != tc.field || !errors.Is(err, tc.cause) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := AppendDTLSHandshake(nil, h, []byte{1}); !errors.Is(err, ErrLength) {
		t.Errorf("fragment of the wrong length: %v", err)
	}
}

func TestDTLSAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	flight := mustHex(t, dtls10ServerFlightDatagram)
	cidRec := mustHex(t, dtls13ClientCIDDatagram)
	buf := make([]byte, 0, 2048)
	if n := testing.AllocsPerRun(100, func() {
		rs := DTLSRecords{Data: flight}
		buf = buf[:0]
		for rs.Next() {
			r := rs.Record()
			buf, _ = r.Append(buf)
			if _, _, _, err := ParseDTLSHandshake(r.Payload); err != nil {
				t.Fatal(err)
			}
		}
		r, _, err := ParseDTLSRecord(cidRec, 17)
		if err != nil {
			t.Fatal(err)
		}
		buf, _ = r.Append(buf[:0])
	}); n != 0 {
		t.Errorf("%v allocs", n)
	}
}
