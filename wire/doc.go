// Package wire is a codec for the TLS 1.0–1.3 and DTLS 1.0–1.3 wire format:
// the record layer, every handshake message in the IANA HandshakeType
// registry, the extensions, and the registries that name their numbers.
//
// # Design
//
// Parsing is built on golang.org/x/crypto/cryptobyte.String. A decoded value
// keeps slices into the input instead of copying it: the input must stay
// unchanged for as long as the value is used. Every type can be decoded into
// a reused value: its Unmarshal overwrites all fields and refills its slices
// in place, so once the slices have grown, decoding allocates nothing.
// Encoding appends to a caller's buffer ("Append" style) and back-patches
// length prefixes, allocating nothing when the buffer has room.
//
// Decoding keeps everything needed to re-encode the input exactly:
// Append(Unmarshal(b)) == b byte for byte, including unknown and GREASE
// values, duplicate extensions and optional blocks that were present but
// empty. Unmarshal reports only structural problems (truncation, trailing
// bytes, a length that disagrees with its content, an odd-length list of
// 16-bit values, a vector under its RFC minimum) as an *Error naming the
// message, the field and the offset. Semantic rules (duplicate extensions,
// pre_shared_key not last, an extension not allowed in a message) are left
// to Validate, so a dissector can still show a broken peer's message.
//
// # Messages and context
//
// Each handshake message type implements Message. Most have
// Unmarshal(msg []byte) error taking a full message with its 4-byte header;
// those whose encoding depends on the negotiated version or key exchange
// (Certificate, CertificateRequest, CertificateVerify, ServerKeyExchange,
// ClientKeyExchange, NewSessionTicket) take a Context as well and remember
// the form they decoded, so Append writes the same form. A Decoder learns
// the Context of a connection from its ServerHello and decodes every
// message of that connection into reused values.
//
// # Adding a message type
//
// To add a handshake message type:
//
//  1. Add its HandshakeType constant and IANA name to registry_handshaketype.go.
//  2. Create a file named after the message (e.g. keyupdate.go) with the
//     type, its fields documented with the RFC field names and section, and
//     the methods Type, UnmarshalBody, AppendBody, BodyLen (the Message
//     interface) plus Unmarshal, Append and Len, which call
//     unmarshalMessage, appendMessage and MessageLen. Parse with the parser
//     helpers (parser.go), append with appender (appender.go); reset every
//     field in UnmarshalBody.
//  3. In the same file, its rendering: appendJSON, the JSON members after
//     "type" and "name" (the j* helpers of json.go), and appendSummary, the
//     one-line FormatMessage form starting with the type's Go name (the s*
//     helpers of format.go), and MarshalJSON. Document the JSON members in
//     docs/json.md.
//  4. Register its constructor in newMessageFuncs (messages.go).
//  5. Add constructed values of every form to the round-trip tests; the
//     real-data, truncation, corruption, allocation and JSON tests pick the
//     new type up through NewMessage (TestJSONCoversEveryMessage fails while
//     a rendering method is missing).
//
// # Adding an extension
//
// To add a typed extension:
//
//  1. Add its ExtensionType constant, IANA name and the messages it may
//     appear in to registry_extension.go.
//  2. Create ext_<name>.go with a type implementing ExtensionBody
//     (ExtensionType, Unmarshal(data, in ExtMessage), Append, Len) and
//     appendJSON, the JSON members of the body after "type" and "name".
//     If its body differs by message, switch on in and store the form in
//     the value; appendJSON renders the form stored.
//  3. Register its constructor in newExtensionLow or newExtensionHigh
//     (ext_decode.go), and document its members in docs/json.md.
//  4. Add constructed values to the extension round-trip tests
//     (TestJSONCoversEveryExtension fails while appendJSON is missing).
package wire
