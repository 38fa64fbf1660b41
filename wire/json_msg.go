package wire

import "strconv"

// AppendMessageJSON appends the JSON object of handshake message m
// (docs/json.md): {"type":N,"name":"...", the fields of the message in the
// form it was decoded in, "extensions":[...]}. Extensions are rendered
// typed, decoded into pooled values: rendering a message into a buffer with
// enough room allocates nothing once the pool is warm. A message type that
// this package does not render (only possible for a caller's own Message
// implementation) is rendered as its encoded body in hex under "body".
func AppendMessageJSON(b []byte, m Message) []byte {
	sc := extScratchPool.Get().(*extScratch)
	b = appendMessageJSON(b, m, sc)
	extScratchPool.Put(sc)
	return b
}

// appendMessageJSON is AppendMessageJSON with the caller's scratch values.
func appendMessageJSON(b []byte, m Message, sc *extScratch) []byte {
	t := m.Type()
	b = strconv.AppendUint(jOpen(b, "type"), uint64(t), 10)
	b = jText(b, "name", regName(t, greaseNone))
	if out, ok := appendMessageBodyJSON(b, m, sc); ok {
		return append(out, '}')
	}
	// A Message implementation from outside the package: its encoding.
	body, err := m.AppendBody(nil)
	if err != nil {
		b = jText(b, "error", err.Error())
	}
	return append(jHex(b, "body", body), '}')
}

// messageRendering is implemented by every message type of this package,
// in the file of its type.
type messageRendering interface {
	// appendJSON appends the members of the message after "type" and
	// "name", each preceded by a comma, in the form it was decoded in.
	appendJSON(b []byte, sc *extScratch) []byte
	// appendSummary appends the one-line form of FormatMessage.
	appendSummary(b []byte, sc *extScratch) []byte
}

// appendMessageBodyJSON appends the members of a message after its type
// and name. ok is false for a Message implemented outside the package;
// TestJSONCoversEveryMessage checks that every type of NewMessage has a
// rendering.
func appendMessageBodyJSON(b []byte, msg Message, sc *extScratch) (_ []byte, ok bool) {
	r, ok := msg.(messageRendering)
	if !ok {
		return b, false
	}
	return r.appendJSON(b, sc), true
}
