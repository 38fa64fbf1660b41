package main

import (
	"fmt"
	"net/netip"
	"path"
	"strconv"
	"strings"
)

// filter selects the flows to report. A zero filter keeps every flow;
// each set criterion must hold.
type filter struct {
	sni     string // path.Match pattern on the server name
	host    netip.Addr
	port    uint16
	version string // "TLS 1.3", compared case-insensitively with the negotiated version
}

// parseFilter checks and converts the filter flags.
func parseFilter(sni, host, port, version string) (filter, error) {
	f := filter{sni: sni, version: version}
	if sni != "" {
		if _, err := path.Match(sni, ""); err != nil {
			return f, fmt.Errorf("-sni %q: %v", sni, err)
		}
	}
	if host != "" {
		a, err := netip.ParseAddr(strings.Trim(host, "[]"))
		if err != nil {
			return f, fmt.Errorf("-host %q: not an IP address", host)
		}
		f.host = a.Unmap()
	}
	if port != "" {
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return f, fmt.Errorf("-port %q: not a port number", port)
		}
		f.port = uint16(p)
	}
	return f, nil
}

// match reports whether the flow passes the filter. A flow without a
// server name never matches -sni; one without a ServerHello never
// matches -version.
func (f *filter) match(fi *flowInfo) bool {
	if f.sni != "" {
		if ok, _ := path.Match(f.sni, fi.sni); !ok || fi.sni == "" {
			return false
		}
	}
	if f.host.IsValid() && fi.f.Client.Addr().Unmap() != f.host && fi.f.Server.Addr().Unmap() != f.host {
		return false
	}
	if f.port != 0 && fi.f.Client.Port() != f.port && fi.f.Server.Port() != f.port {
		return false
	}
	if f.version != "" && (fi.version == 0 || !strings.EqualFold(versionName(fi.version), f.version)) {
		return false
	}
	return true
}
