package wire

import "golang.org/x/crypto/cryptobyte"

// DNSSECChainExtension is the dnssec_chain extension (RFC 9102 §3.4,
// DnssecChainExtension). Its body depends on the message:
//
//   - ClientHello: uint16 PortNumber, the server's TCP port, which with
//     the server_name selects the TLSA RRset (_port._tcp.name).
//   - TLS 1.2 ServerHello, TLS 1.3 CertificateEntry: uint16
//     ExtSupportLifetime, then the AuthenticationChain, a sequence of
//     uncompressed wire-format DNS resource records (RFC 1035 §3.2.1) with
//     their RRSIGs, in no particular order.
//
// RFC 9102 declares the chain as opaque AuthenticationChain<1..2^16-1>,
// with a length prefix, but its own test vector, the tool of one of its
// authors (Huque's RFC 9102 chain builder) and the dnssec-prover crate
// put the records directly after the two lifetime bytes. Both encodings
// decode: when the two bytes after the lifetime equal the length of the
// rest, the chain is read as length-prefixed (ChainLengthPrefixed),
// otherwise as the bare record sequence; either way Append reproduces
// the input byte for byte.
type DNSSECChainExtension struct {
	// In selects the form: InClientHello for the port, any other message
	// for the server's chain.
	In ExtMessage
	// Port is PortNumber (ClientHello).
	Port uint16
	// Lifetime is ExtSupportLifetime, in hours: how long the server
	// commits to keep sending the extension (0: no pinning).
	Lifetime uint16
	// Chain is the AuthenticationChain: DNS resource records, back to back.
	// NextDNSRecord walks them.
	Chain []byte
	// ChainLengthPrefixed records that Chain carried a two-byte length
	// (the RFC's struct) rather than following the lifetime directly.
	ChainLengthPrefixed bool
}

// ExtensionType returns dnssec_chain (59).
func (*DNSSECChainExtension) ExtensionType() ExtensionType { return ExtensionDNSSECChain }

// Unmarshal decodes extension_data as it appears in message in.
func (e *DNSSECChainExtension) Unmarshal(data []byte, in ExtMessage) error {
	*e = DNSSECChainExtension{In: in}
	if in == InClientHello {
		return extU16("dnssec_chain", "port", data, &e.Port)
	}
	p := extParser("dnssec_chain", &data)
	s := cryptobyte.String(data)
	if !p.u16(&s, "ext_support_lifetime", &e.Lifetime) {
		return p.err
	}
	if len(s) >= 2 && int(s[0])<<8|int(s[1]) == len(s)-2 {
		e.ChainLengthPrefixed = true
		s = s[2:]
	}
	e.Chain = s
	return nil
}

// Append appends extension_data.
func (e *DNSSECChainExtension) Append(b []byte) ([]byte, error) {
	if e.In == InClientHello {
		return extAppendU16(b, e.Port)
	}
	a := appender{b: b, msg: "dnssec_chain"}
	a.u16(e.Lifetime)
	if e.ChainLengthPrefixed {
		a.vec16("authentication_chain", e.Chain)
	} else {
		if len(e.Chain) >= 2 && int(e.Chain[0])<<8|int(e.Chain[1]) == len(e.Chain)-2 {
			// These bytes would read back as a length prefix.
			a.fail("authentication_chain", ErrValue)
		}
		a.raw(e.Chain)
	}
	return a.result(b)
}

// Len is the length Append appends.
func (e *DNSSECChainExtension) Len() int {
	if e.In == InClientHello {
		return 2
	}
	if e.ChainLengthPrefixed {
		return 4 + len(e.Chain)
	}
	return 2 + len(e.Chain)
}

// appendJSON appends the port (ClientHello), or the lifetime, the chain in
// hex and its records, one object each; a chain that does not decode as
// records adds "records_error".
func (e *DNSSECChainExtension) appendJSON(b []byte) []byte {
	if e.In == InClientHello {
		return jUint(b, "port", uint64(e.Port))
	}
	b = jUint(b, "ext_support_lifetime", uint64(e.Lifetime))
	b = jBool(b, "length_prefixed", e.ChainLengthPrefixed)
	b = jHex(b, "authentication_chain", e.Chain)
	b = append(jKey(b, "records"), '[')
	var err error
	for rest, i := e.Chain, 0; len(rest) > 0; i++ {
		var rr DNSRecord
		if rr, rest, err = NextDNSRecord(rest); err != nil {
			break
		}
		if i > 0 {
			b = append(b, ',')
		}
		var name [1024]byte // a 255-byte name is at most 1020 characters
		b = appendJSONText(jOpen(b, "name"), AppendDNSName(name[:0], rr.Name))
		b = jUint(b, "type", uint64(rr.Type))
		b = jUint(b, "class", uint64(rr.Class))
		b = jUint(b, "ttl", uint64(rr.TTL))
		b = append(jHex(b, "rdata", rr.Data), '}')
	}
	b = append(b, ']')
	if err != nil {
		b = jText(b, "records_error", err.Error())
	}
	return b
}

// DNSRecord is one DNS resource record in wire format (RFC 1035 §3.2.1),
// as an AuthenticationChain carries it. The fields alias the chain.
type DNSRecord struct {
	// Name is the owner name in wire format: length-prefixed labels
	// ending with the root label (a zero byte); never compressed.
	Name []byte
	// Type, Class and TTL are the record's TYPE, CLASS and TTL.
	Type, Class uint16
	TTL         uint32
	// Data is RDATA.
	Data []byte
}

// NextDNSRecord decodes the first resource record of chain and returns it
// with the rest of chain. It fails with an *Error (field and offset
// relative to chain) when the record is truncated, its name exceeds 255
// bytes or uses a compression pointer (RFC 9102 requires uncompressed
// names). To walk a chain:
//
//	for rest := ext.Chain; len(rest) > 0; {
//		rr, next, err := wire.NextDNSRecord(rest)
//		if err != nil { ... }
//		rest = next
//	}
func NextDNSRecord(chain []byte) (DNSRecord, []byte, error) {
	var rr DNSRecord
	chain = chain[:len(chain):len(chain)]
	p := newParser("dns_record", chain)
	s := cryptobyte.String(chain)
	n := 0
	for {
		if len(s) == 0 {
			p.fail(s, "name", ErrTruncated)
			return rr, nil, p.err
		}
		l := int(s[0])
		if l&0xc0 != 0 {
			p.fail(s, "name", ErrValue)
			return rr, nil, p.err
		}
		if n += 1 + l; n > 255 {
			p.fail(s, "name", ErrValue)
			return rr, nil, p.err
		}
		if len(s) < 1+l {
			p.fail(s, "name", ErrTruncated)
			return rr, nil, p.err
		}
		s = s[1+l:]
		if l == 0 {
			break
		}
	}
	rr.Name = chain[:n]
	if !p.u16(&s, "type", &rr.Type) || !p.u16(&s, "class", &rr.Class) ||
		!p.u32(&s, "ttl", &rr.TTL) || !p.bytes16(&s, "rdata", 0, &rr.Data) {
		return DNSRecord{}, nil, p.err
	}
	return rr, s, nil
}

// AppendDNSName appends the presentation form of a wire-format name
// ("www.example.com." ; "." for the root), escaping dots, backslashes and
// bytes outside printable ASCII as RFC 4343 §2.1 does (\DDD).
func AppendDNSName(b, name []byte) []byte {
	if len(name) <= 1 {
		return append(b, '.')
	}
	for len(name) > 0 {
		l := int(name[0])
		if l == 0 || 1+l > len(name) {
			break
		}
		for _, c := range name[1 : 1+l] {
			switch {
			case c == '.' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x21 || c > 0x7e:
				b = append(b, '\\', '0'+c/100, '0'+c/10%10, '0'+c%10)
			default:
				b = append(b, c)
			}
		}
		b = append(b, '.')
		name = name[1+l:]
	}
	return b
}
