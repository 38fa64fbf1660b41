package keylog

// Label is the first field of a key log line: which secret the line
// carries (RFC 9850 §3, "Secret Labels").
type Label uint8

// The labels of RFC 9850 §3.
const (
	// ClientRandom is CLIENT_RANDOM: the 48-byte master secret of a
	// TLS 1.0-1.2 or DTLS 1.0/1.2 connection (RFC 9850 §3.1).
	ClientRandom Label = iota
	// ClientEarlyTrafficSecret is CLIENT_EARLY_TRAFFIC_SECRET, the 0-RTT
	// secret of TLS 1.3 (RFC 8446 §7.1, RFC 9850 §3.2).
	ClientEarlyTrafficSecret
	// ClientHandshakeTrafficSecret is CLIENT_HANDSHAKE_TRAFFIC_SECRET
	// (RFC 8446 §7.1, RFC 9850 §3.2).
	ClientHandshakeTrafficSecret
	// ServerHandshakeTrafficSecret is SERVER_HANDSHAKE_TRAFFIC_SECRET
	// (RFC 8446 §7.1, RFC 9850 §3.2).
	ServerHandshakeTrafficSecret
	// ClientTrafficSecret0 is CLIENT_TRAFFIC_SECRET_0, the first client
	// application traffic secret (RFC 8446 §7.1, RFC 9850 §3.2).
	ClientTrafficSecret0
	// ServerTrafficSecret0 is SERVER_TRAFFIC_SECRET_0, the first server
	// application traffic secret (RFC 8446 §7.1, RFC 9850 §3.2).
	ServerTrafficSecret0
	// ExporterSecret is EXPORTER_SECRET, the TLS 1.3 exporter master
	// secret (RFC 8446 §7.5, RFC 9850 §3.2).
	ExporterSecret
	// ECHSecret is ECH_SECRET: the HPKE shared secret of an Encrypted
	// Client Hello (RFC 9849, RFC 9850 §3.3).
	ECHSecret
	// ECHConfig is ECH_CONFIG: the ECHConfig the client used, whole
	// (RFC 9849 §4, RFC 9850 §3.3).
	ECHConfig

	// NumLabels is the number of labels; Secrets holds one slot per label.
	NumLabels
)

// labelInfo is one row of the label table: the spelling in the file and
// the lengths its secret may have (0 in both: any length up to the line
// limit).
type labelInfo struct {
	name           string
	minLen, maxLen int
}

// labels is the label table (RFC 9850 §3). TLS 1.3 secrets are as long as
// the suite's hash: 32 (SHA-256) or 48 (SHA-384) bytes.
var labels = [NumLabels]labelInfo{
	ClientRandom:                 {"CLIENT_RANDOM", 48, 48},
	ClientEarlyTrafficSecret:     {"CLIENT_EARLY_TRAFFIC_SECRET", 32, 64},
	ClientHandshakeTrafficSecret: {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", 32, 64},
	ServerHandshakeTrafficSecret: {"SERVER_HANDSHAKE_TRAFFIC_SECRET", 32, 64},
	ClientTrafficSecret0:         {"CLIENT_TRAFFIC_SECRET_0", 32, 64},
	ServerTrafficSecret0:         {"SERVER_TRAFFIC_SECRET_0", 32, 64},
	ExporterSecret:               {"EXPORTER_SECRET", 32, 64},
	ECHSecret:                    {"ECH_SECRET", 16, 64},
	ECHConfig:                    {"ECH_CONFIG", 1, 0},
}

// String returns the label as it is spelled in a key log.
func (l Label) String() string {
	if l < NumLabels {
		return labels[l].name
	}
	return "Label(?)"
}

// lookupLabel finds the label spelled name; it does not allocate.
func lookupLabel(name []byte) (Label, bool) {
	for i := range labels {
		if labels[i].name == string(name) {
			return Label(i), true
		}
	}
	return 0, false
}
