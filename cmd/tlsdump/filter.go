package main

import (
	"fmt"
	"net/netip"
	"path"
	"slices"
	"strconv"
	"strings"
)

// filter selects the flows to report. A zero filter keeps every flow.
// Each flag may be repeated: a flow passes a flag when it matches any of
// its values, and passes the filter when it passes every flag given.
type filter struct {
	sni      []string       // path.Match patterns, lower case, on the lower-cased server name
	host     []netip.Prefix // client or server address within one
	port     []uint16       // client or server port
	versions []uint16       // negotiated version
	ja3      []string       // path.Match patterns on the JA3 hash (lower case)
	ja4      []string       // path.Match patterns on the JA4
}

// filterFlags are the filter flags as given.
type filterFlags struct {
	sni, host, port, version, ja3, ja4 listFlag
}

// parseFilter checks and converts the filter flags.
func parseFilter(ff *filterFlags) (filter, error) {
	var f filter
	globs := func(name string, vs []string, lower bool) ([]string, error) {
		var out []string
		for _, v := range vs {
			if lower {
				v = strings.ToLower(v)
			}
			if _, err := path.Match(v, ""); err != nil {
				return nil, fmt.Errorf("%s %q: %v", name, v, err)
			}
			out = append(out, v)
		}
		return out, nil
	}
	var err error
	if f.sni, err = globs("-sni", ff.sni, true); err != nil {
		return f, err
	}
	if f.ja3, err = globs("-ja3", ff.ja3, true); err != nil {
		return f, err
	}
	if f.ja4, err = globs("-ja4", ff.ja4, false); err != nil {
		return f, err
	}
	for _, h := range ff.host {
		p, err := parseHost(h)
		if err != nil {
			return f, err
		}
		f.host = append(f.host, p)
	}
	for _, s := range ff.port {
		p, err := strconv.ParseUint(s, 10, 16)
		if err != nil || p == 0 {
			return f, fmt.Errorf("-port %q: not a port number", s)
		}
		f.port = append(f.port, uint16(p))
	}
	for _, s := range ff.version {
		vs, err := parseVersion(s)
		if err != nil {
			return f, fmt.Errorf("-tls-version: %v", err)
		}
		f.versions = append(f.versions, vs...)
	}
	return f, nil
}

// parseHost reads an IP address ("192.0.2.1", "[2001:db8::1]") or a CIDR
// prefix ("192.0.2.0/24", "2001:db8::/32").
func parseHost(h string) (netip.Prefix, error) {
	if strings.Contains(h, "/") {
		p, err := netip.ParsePrefix(h)
		if err != nil {
			return p, fmt.Errorf("-host %q: not an IP address or CIDR prefix", h)
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(strings.Trim(h, "[]"))
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("-host %q: not an IP address or CIDR prefix", h)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// globAny reports whether s matches one of the patterns.
func globAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, s); ok {
			return true
		}
	}
	return false
}

// match reports whether the flow passes the filter. A flow without a
// server name never matches -sni, one without a ServerHello never
// matches -tls-version, one without a ClientHello never -ja3 or -ja4.
func (f *filter) match(fi *flowInfo) bool {
	if len(f.sni) > 0 && (fi.sni == "" || !globAny(f.sni, strings.ToLower(fi.sni))) {
		return false
	}
	if len(f.host) > 0 {
		c, s := fi.f.Client.Addr().Unmap(), fi.f.Server.Addr().Unmap()
		if !slices.ContainsFunc(f.host, func(p netip.Prefix) bool { return p.Contains(c) || p.Contains(s) }) {
			return false
		}
	}
	if len(f.port) > 0 && !slices.Contains(f.port, fi.f.Client.Port()) && !slices.Contains(f.port, fi.f.Server.Port()) {
		return false
	}
	if len(f.versions) > 0 && (fi.version == 0 || !slices.Contains(f.versions, fi.version)) {
		return false
	}
	hello := len(fi.clientHellos) > 0
	if len(f.ja3) > 0 && (!hello || !globAny(f.ja3, fi.ja3.Hash)) {
		return false
	}
	if len(f.ja4) > 0 && (!hello || !globAny(f.ja4, fi.ja4.JA4)) {
		return false
	}
	return true
}
