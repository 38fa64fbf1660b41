package wire

import (
	"strconv"

	"golang.org/x/crypto/cryptobyte"
)

// Extensions from experimental RFCs and drafts: ticket_pinning and
// tls_flags. The empty ones (rrc, channel_id) are in ext_empty.go,
// encrypted_server_name in ext_esni.go, sequence_number_encryption_algorithms
// in ext_seqnumencryption.go.

// TicketPinningExtension is the ticket_pinning extension (RFC 8672 §3,
// PinningTicketExtension): a pinning ticket in the ClientHello; a proof, a
// new ticket and its lifetime in EncryptedExtensions.
type TicketPinningExtension struct {
	// In selects the form: InClientHello for the client's ticket, any other
	// message for the server's response.
	In ExtMessage
	// TicketOmitted is set for a ClientHello extension_data that is empty:
	// the ticket field omitted (RFC 8672 §2.1: a client without a ticket
	// "sends an empty PinningTicket extension"). An empty ticket vector
	// (0x0000) is the other reading of that sentence; it decodes with
	// TicketOmitted unset and an empty Ticket, so both round-trip.
	TicketOmitted bool
	// Proof is pinning_proof proof<0..2^8-1> (server; empty on a first connection).
	Proof []byte
	// Ticket is pinning_ticket ticket<0..2^16-1> (both forms).
	Ticket []byte
	// Lifetime is lifetime, in seconds (server).
	Lifetime uint32
}

// ExtensionType returns ticket_pinning (32).
func (*TicketPinningExtension) ExtensionType() ExtensionType { return ExtensionTicketPinning }

// Unmarshal decodes extension_data as it appears in message in.
func (e *TicketPinningExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.TicketOmitted = false
	e.Proof, e.Ticket, e.Lifetime = nil, nil, 0
	p := extParser("ticket_pinning", &data)
	s := cryptobyte.String(data)
	if in == InClientHello {
		if len(data) == 0 {
			e.TicketOmitted = true
			return nil
		}
		if !p.bytes16(&s, "ticket", 0, &e.Ticket) || !p.end(s, "ticket") {
			return p.err
		}
		return nil
	}
	if !p.bytes8(&s, "proof", 0, &e.Proof) || !p.bytes16(&s, "ticket", 0, &e.Ticket) ||
		!p.u32(&s, "lifetime", &e.Lifetime) || !p.end(s, "lifetime") {
		return p.err
	}
	return nil
}

// Append appends extension_data. A ClientHello value with TicketOmitted
// and a non-empty Ticket is contradictory and fails with ErrValue.
func (e *TicketPinningExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "ticket_pinning"}
	if e.In == InClientHello {
		if e.TicketOmitted {
			if len(e.Ticket) != 0 {
				a.fail("ticket", ErrValue)
			}
			return a.result(b)
		}
		a.vec16("ticket", e.Ticket)
		return a.result(b)
	}
	a.vec8("proof", e.Proof)
	a.vec16("ticket", e.Ticket)
	a.u32(e.Lifetime)
	return a.result(b)
}

// Len is the length Append appends.
func (e *TicketPinningExtension) Len() int {
	if e.In == InClientHello {
		if e.TicketOmitted {
			return 0
		}
		return 2 + len(e.Ticket)
	}
	return 1 + len(e.Proof) + 2 + len(e.Ticket) + 4
}

// appendJSON appends the pinning ticket (ClientHello, unless omitted) or
// the server's proof, ticket and lifetime.
func (e *TicketPinningExtension) appendJSON(b []byte) []byte {
	if e.In == InClientHello {
		if e.TicketOmitted {
			return b
		}
		return jHex(b, "ticket", e.Ticket)
	}
	b = jHex(b, "proof", e.Proof)
	b = jHex(b, "ticket", e.Ticket)
	return jUint(b, "lifetime", uint64(e.Lifetime))
}

// TLSFlagsExtension is the tls_flags extension (draft-ietf-tls-tlsflags,
// FlagExtensions), the same in every message that carries it: a bit
// string flags<1..255>. The encoding follows BoringSSL's implementation
// (ssl/test/runner handshake_messages.go, flagSet), which also fixes the
// bit numbering that Has uses.
type TLSFlagsExtension struct {
	// Flags is flags<1..255>.
	Flags []byte
}

// ExtensionType returns tls_flags (62).
func (*TLSFlagsExtension) ExtensionType() ExtensionType { return ExtensionTLSFlags }

// Unmarshal decodes extension_data; in is not used.
func (e *TLSFlagsExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("tls_flags", "flags", data, 1, &e.Flags)
}

// Append appends extension_data.
func (e *TLSFlagsExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "tls_flags", "flags", 1, e.Flags)
}

// Len is the length Append appends.
func (e *TLSFlagsExtension) Len() int { return 1 + len(e.Flags) }

// Has reports whether flag number n is set: bit n%8 (least significant
// first) of byte n/8, as BoringSSL numbers them.
func (e *TLSFlagsExtension) Has(n uint) bool {
	i := n / 8
	return i < uint(len(e.Flags)) && e.Flags[i]&(1<<(n%8)) != 0
}

// Validate checks that the flags are minimally encoded: no trailing zero
// byte (BoringSSL rejects one as a decode error).
func (e *TLSFlagsExtension) Validate() error {
	if n := len(e.Flags); n > 0 && e.Flags[n-1] == 0 {
		return &Error{Message: "tls_flags", Field: "flags", Offset: 1 + n - 1, Err: ErrValue}
	}
	return nil
}

// appendJSON appends the flag bytes in hex and the numbers of the flags set.
func (e *TLSFlagsExtension) appendJSON(b []byte) []byte {
	b = jHex(b, "flags", e.Flags)
	b = append(jKey(b, "set_flags"), '[')
	first := true
	for n := uint(0); n < 8*uint(len(e.Flags)); n++ {
		if e.Has(n) {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = strconv.AppendUint(b, uint64(n), 10)
		}
	}
	return append(b, ']')
}
