// Package pcap reads packet captures and reassembles the TLS, DTLS and
// QUIC handshakes in them.
//
// It reads pcap (microsecond and nanosecond timestamps, both byte orders)
// and pcapng (several sections and interfaces, mixed link types), plain or
// gzip-compressed, from a file or a forward-only stream such as standard
// input; the whole capture is never held in memory.
//
//	r, err := pcap.NewReader(os.Stdin, pcap.Options{})
//	if err != nil { ... }
//	for flow, err := range r.Flows() {
//		if err != nil { ... } // the capture itself is unreadable past here
//		for _, m := range flow.Messages { ... }
//	}
//	stats := r.Stats()
//
// Frames are decoded with gopacket's DecodingLayer values (Ethernet with
// 802.1Q/QinQ, Linux SLL and SLL2, raw IPv4/IPv6, BSD loopback, PPP,
// PPPoE, MPLS, GRE, VXLAN, Geneve, GTP-U); IPv4 fragments are reassembled. TCP
// streams are reassembled per direction by this package: out-of-order
// segments, retransmissions, overlaps (the first copy wins), gaps (the
// record layer resynchronises at the next plausible record header),
// captures started mid-flow, sequence wraparound and port reuse. TLS is
// found by content on any port, after STARTTLS-like preambles too (see
// Flow.Preamble). Once a direction is protected, its records are only
// counted (Flow.Encrypted), never buffered. DTLS is found in UDP payloads
// on any port, its fragmented and retransmitted handshake messages
// reassembled; a UDP flow that starts with a QUIC client Initial is given
// to a QUICInitialDecoder, which decrypts the Initial packets and yields
// the ClientHello and ServerHello from their CRYPTO frames.
//
// The capture is read by a goroutine of the Reader's own, ahead of the
// decoding, in batches of at most 1.25 MiB in all (a classic pcap is read
// straight into them and framed in place): reading and decoding use two
// cores, and the results are those of reading packet by packet. Within a
// batch, each packet's flow is looked up and prefetched a few packets
// before it is handled (see cacheprefetch.go). With
// Options.OnMessage, handshake messages are seen as they complete; with
// Options.DiscardMessages as well, flows keep none, for consumers that
// stream many open connections.
//
// Every bound is explicit in Limits. What a Reader holds follows the bytes
// present, never a length field, and Limits.MaxMemory bounds all of it:
// past it the least recently active flows are reported early and reading
// goes on. Nothing in a capture stops the run
// except an unreadable capture file: a broken packet is counted in Stats,
// a broken flow carries Problems.
package pcap
