package main

import (
	"strconv"
	"time"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// JSON Lines output: one object per flow, appended to a reused buffer
// without reflection. The keys are documented in docs/json.md, "tlsdump flow object";
// the hello objects are rendered by wire.AppendMessageJSON.
//
// Separators are placed by looking at the last byte written: a key or an
// array element after '{' or '[' needs no comma, anything else does.

// sep appends ',' unless b ends an opening bracket or is empty.
func sep(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] != '{' && b[n-1] != '[' && b[n-1] != '\n' {
		b = append(b, ',')
	}
	return b
}

// key appends a separator and "k":.
func key(b []byte, k string) []byte {
	b = sep(b)
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func jstr(b []byte, k, v string) []byte     { return appendJSONString(key(b, k), v) }
func jint(b []byte, k string, v int) []byte { return strconv.AppendInt(key(b, k), int64(v), 10) }
func jbool(b []byte, k string, v bool) []byte {
	return strconv.AppendBool(key(b, k), v)
}
func jstrs(b []byte, k string, vs []string) []byte {
	b = append(key(b, k), '[')
	for _, v := range vs {
		b = appendJSONString(sep(b), v)
	}
	return append(b, ']')
}

func ju16s(b []byte, k string, vs []uint16) []byte {
	b = append(key(b, k), '[')
	for _, v := range vs {
		b = strconv.AppendUint(sep(b), uint64(v), 10)
	}
	return append(b, ']')
}

func jtime(b []byte, k string, t time.Time) []byte {
	b = append(key(b, k), '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendJSONString appends s as a JSON string with wire's escaping rule,
// so flow-level strings and the embedded messages escape alike.
func appendJSONString(b []byte, s string) []byte { return wire.AppendJSONText(b, s) }

// dirCode is the JSON "dir" value: "c" for client to server, "s" for server to client.
func dirCode(d pcap.Direction) string {
	if d == pcap.ClientToServer {
		return "c"
	}
	return "s"
}

// appendFlowJSON appends the flow's JSON object and a newline.
func appendFlowJSON(b []byte, fi *flowInfo) []byte {
	f := fi.f
	b = append(b, '{')
	b = jtime(b, "ts", f.First)
	b = jtime(b, "end_ts", f.Last)
	b = jstr(b, "transport", string(f.Transport))
	b = jstr(b, "protocol", string(f.Protocol))
	if f.Preamble != "" {
		b = jstr(b, "preamble", f.Preamble)
	}
	b = jstr(b, "client", f.Client.String())
	b = jstr(b, "server", f.Server.String())
	if fi.sni != "" {
		b = jstr(b, "server_name", fi.sni)
	}
	if fi.version != 0 {
		b = jstr(b, "version", versionName(fi.version))
	}
	if fi.hasCipher {
		b = jstr(b, "cipher", wire.CipherSuite(fi.cipher).String())
	}
	if fi.hasGroup {
		b = jstr(b, "group", wire.NamedGroup(fi.group).String())
	}
	if fi.alpnOffered != nil {
		b = jstrs(b, "alpn_offered", fi.alpnOffered)
	}
	if fi.alpn != "" {
		b = jstr(b, "alpn", fi.alpn)
	}
	b = jbool(b, "hello_retry", fi.hrr)
	b = jbool(b, "resumed", fi.resumed)
	b = jbool(b, "established", fi.established)
	if len(fi.clientHellos) > 0 {
		b = jstr(b, "ja3", fi.ja3.Hash)
		b = jstr(b, "ja3_full", fi.ja3.Full)
		b = jstr(b, "ja4", fi.ja4.JA4)
		b = jstr(b, "ja4_r", fi.ja4.Raw)
		b = jstr(b, "ja4_o", fi.ja4.Orig)
		b = jstr(b, "ja4_ro", fi.ja4.RawO)
	}
	if fi.hasJA3S {
		b = jstr(b, "ja3s", fi.ja3s.Hash)
		b = jstr(b, "ja3s_full", fi.ja3s.Full)
		b = jstr(b, "ja4s", fi.ja4s.JA4S)
		b = jstr(b, "ja4s_r", fi.ja4s.Raw)
	}
	if len(fi.clientHellos) > 0 {
		ch := fi.clientHellos[0]
		if d, ok := ch.Extensions.Find(wire.ExtensionSupportedGroups); ok {
			b = ju16s(b, "supported_groups", u16s(listBody(d)))
		}
		if d, ok := ch.Extensions.Find(wire.ExtensionSignatureAlgorithms); ok {
			b = ju16s(b, "signature_algorithms", u16s(listBody(d)))
		}
		if fi.supportedVers != nil {
			b = ju16s(b, "supported_versions", fi.supportedVers)
		}
	}
	b = append(key(b, "messages"), '[')
	for i := range fi.msgs {
		m := fi.msgs[i].m
		b = append(sep(b), '{')
		b = jstr(b, "dir", dirCode(m.Dir))
		b = jint(b, "type", int(m.Type))
		b = jstr(b, "name", m.Type.String())
		b = jint(b, "len", len(fi.msgs[i].body))
		if m.SSLv2 {
			b = jbool(b, "sslv2", true)
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	if len(fi.clientHellos) > 0 {
		b = key(b, "client_hello")
		first := len(b)
		b = appendClientHelloJSON(b, fi.clientHellos[0])
		end := len(b)
		if len(fi.clientHellos) > 1 {
			b = append(key(b, "client_hellos"), '[')
			b = append(b, b[first:end]...) // the first one again, not rendered twice
			for _, ch := range fi.clientHellos[1:] {
				b = appendClientHelloJSON(sep(b), ch)
			}
			b = append(b, ']')
		}
	}
	if len(fi.serverHellos) > 0 {
		sh := fi.sh
		if sh == nil {
			sh = fi.serverHellos[len(fi.serverHellos)-1]
		}
		b = appendServerHelloJSON(key(b, "server_hello"), sh)
		if len(fi.serverHellos) > 1 {
			b = append(key(b, "server_hellos"), '[')
			for _, sh := range fi.serverHellos {
				b = appendServerHelloJSON(sep(b), sh)
			}
			b = append(b, ']')
		}
	}
	if len(fi.certs) > 0 {
		b = appendCertsJSON(key(b, "certificates"), fi.certs)
	}
	if len(fi.clientCerts) > 0 {
		b = appendCertsJSON(key(b, "client_certificates"), fi.clientCerts)
	}
	if len(f.Alerts) > 0 {
		b = append(key(b, "alerts"), '[')
		for _, a := range f.Alerts {
			b = append(sep(b), '{')
			b = jstr(b, "dir", dirCode(a.Dir))
			b = jstr(b, "level", a.Level.String())
			b = jstr(b, "description", a.Description.String())
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(key(b, "encrypted"), '{')
	for d := range 2 {
		b = append(key(b, dirCode(pcap.Direction(d))), '{')
		b = jint(b, "records", int(f.Encrypted[d].Records))
		b = jint(b, "bytes", int(f.Encrypted[d].Bytes))
		b = append(b, '}')
	}
	b = append(b, '}')
	b = jstr(b, "end", string(f.End))
	if len(f.Problems) > 0 || len(fi.decodeErrors) > 0 || f.ProblemsDropped > 0 {
		b = append(key(b, "errors"), '[')
		for _, p := range f.Problems {
			b = append(sep(b), '{')
			b = jstr(b, "kind", string(p.Kind))
			b = jstr(b, "dir", dirCode(p.Dir))
			b = jstr(b, "detail", p.Detail)
			b = append(b, '}')
		}
		for _, e := range fi.decodeErrors {
			b = append(sep(b), '{')
			b = jstr(b, "kind", "decode")
			b = jstr(b, "detail", e)
			b = append(b, '}')
		}
		if f.ProblemsDropped > 0 {
			b = append(sep(b), '{')
			b = jstr(b, "kind", "dropped")
			b = jstr(b, "detail", strconv.Itoa(f.ProblemsDropped)+" more problems not kept")
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n')
}

// appendClientHelloJSON renders a ClientHello with wire's JSON (docs/json.md).
func appendClientHelloJSON(b []byte, ch *wire.ClientHello) []byte {
	return wire.AppendMessageJSON(b, ch)
}

// appendServerHelloJSON renders a ServerHello or HelloRetryRequest with wire's JSON.
func appendServerHelloJSON(b []byte, sh *wire.ServerHello) []byte {
	return wire.AppendMessageJSON(b, sh)
}

// appendCertsJSON appends a certificate chain summary, leaf first.
func appendCertsJSON(b []byte, cs []*certInfo) []byte {
	b = append(b, '[')
	for _, c := range cs {
		b = append(sep(b), '{')
		b = jstr(b, "sha256", c.SHA256)
		b = jint(b, "len", len(c.DER))
		if c.Err != "" {
			b = jstr(b, "error", c.Err)
		} else {
			b = jstr(b, "subject", c.Subject)
			b = jstr(b, "issuer", c.Issuer)
			b = jstr(b, "serial", c.Serial)
			b = jtime(b, "not_before", c.NotBefore)
			b = jtime(b, "not_after", c.NotAfter)
			if len(c.DNSNames) > 0 {
				b = jstrs(b, "dns_names", c.DNSNames)
			}
			if len(c.IPs) > 0 {
				b = jstrs(b, "ip_addresses", c.IPs)
			}
			b = jstr(b, "signature_algorithm", c.SigAlg)
			b = jstr(b, "public_key_algorithm", c.KeyAlg)
			b = jbool(b, "is_ca", c.IsCA)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
