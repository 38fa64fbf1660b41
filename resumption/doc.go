// Package resumption links resumed TLS, DTLS and QUIC connections to the
// connection that issued their session, from the handshake messages of
// each flow (docs/resumption.md).
//
// A Handshake collects, from one flow's typed wire messages, what the client
// offered (session ID, SessionTicket, pre_shared_key identities, early_data),
// what the server accepted and what it issued (a session ID in a full
// handshake, NewSessionTickets in either form), keeping SHA-256 hashes of
// tickets and identities, never their bytes. An Index is fed those records
// and links each resumed flow to its issuer:
//
//   - TLS <= 1.2 and DTLS by ticket (RFC 5077 §3.4): the ClientHello's
//     SessionTicket extension equals the ticket of an earlier NewSessionTicket;
//   - TLS <= 1.2 and DTLS by session ID (RFC 5246 §7.4.1.2): the ServerHello
//     echoes a session ID that an earlier full handshake with the same server
//     issued;
//   - TLS 1.3, DTLS 1.3 and QUIC by PSK (RFC 8446 §4.2.11): the selected
//     pre_shared_key identity equals the ticket of an earlier NewSessionTicket,
//     which is only seen in the clear under QUIC's TLS API or after decryption.
//
// The Index's memory is bounded (an LRU of issued and offered keys), and a
// Summary aggregates flows per server and SNI.
package resumption
