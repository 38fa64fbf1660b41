package wire

import (
	"strconv"
	"sync"
)

// extScratch holds one reusable value of every typed extension, built from
// the constructor tables (ext_decode.go) on first use, so that rendering
// decodes extension bodies without allocating once the values have grown.
// A pooled value keeps aliasing the last body decoded into it until it is
// reused or the pool drops it; the bytes are only read, never written.
type extScratch struct {
	low  [len(newExtensionLow)]ExtensionBody
	high [len(newExtensionHigh)]ExtensionBody
}

var extScratchPool = sync.Pool{New: func() any { return new(extScratch) }}

// body returns the reusable typed value for t, or nil if t has no typed form.
func (sc *extScratch) body(t ExtensionType) ExtensionBody {
	if int(t) < len(sc.low) {
		if sc.low[t] == nil && newExtensionLow[t] != nil {
			sc.low[t] = newExtensionLow[t]()
		}
		return sc.low[t]
	}
	for i := range newExtensionHigh {
		if newExtensionHigh[i].t == t {
			if sc.high[i] == nil {
				sc.high[i] = newExtensionHigh[i].new()
			}
			return sc.high[i]
		}
	}
	return nil
}

// AppendExtensionJSON appends the JSON object of extension e as it appears
// in message in (docs/json.md): {"type":N,"name":"...", fields of the
// typed body}. An extension without a typed form, one whose body does not
// decode (the object then also has "error"), or one rendered with in == 0
// (message unknown) is {"type":N,"name":"...","data":"hex"}. The typed
// body is decoded into a pooled value: rendering allocates nothing once
// the pool is warm, except for the error text of a malformed body.
func AppendExtensionJSON(b []byte, e Extension, in ExtMessage) []byte {
	sc := extScratchPool.Get().(*extScratch)
	b = appendExtensionJSON(b, e, in, sc)
	extScratchPool.Put(sc)
	return b
}

// appendExtensionJSON is AppendExtensionJSON with the caller's scratch values.
func appendExtensionJSON(b []byte, e Extension, in ExtMessage, sc *extScratch) []byte {
	b = appendExtensionHeadJSON(b, e.Type)
	if body := sc.body(e.Type); body != nil && in != 0 {
		err := body.Unmarshal(e.Data, in)
		if err == nil {
			if out, ok := appendExtensionBodyJSON(b, body); ok {
				return append(out, '}')
			}
		} else {
			b = jText(b, "error", err.Error())
		}
	}
	return append(jHex(b, "data", e.Data), '}')
}

// appendExtensionHeadJSON appends `{"type":N,"name":"..."`, the start of
// every extension object.
func appendExtensionHeadJSON(b []byte, t ExtensionType) []byte {
	b = strconv.AppendUint(jOpen(b, "type"), uint64(t), 10)
	return jText(b, "name", regName(t, grease16))
}

// appendExtensionsJSON appends `,"key":[extension objects]`.
func appendExtensionsJSON(b []byte, key string, exts Extensions, in ExtMessage, sc *extScratch) []byte {
	b = append(jKey(b, key), '[')
	for i := range exts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendExtensionJSON(b, exts[i], in, sc)
	}
	return append(b, ']')
}

// extensionJSON is implemented by every typed extension body, in the file
// of its type, and by *Extension.
type extensionJSON interface {
	// appendJSON appends the members of the body after "type" and "name",
	// each preceded by a comma, in the form the value was decoded in.
	appendJSON(b []byte) []byte
}

// appendExtensionBodyJSON appends the members of a typed extension body.
// ok is false for a body without a JSON rendering (an ExtensionBody
// implemented outside the package); TestJSONCoversEveryExtension checks
// that every type of the constructor tables has one.
func appendExtensionBodyJSON(b []byte, body ExtensionBody) (_ []byte, ok bool) {
	r, ok := body.(extensionJSON)
	if !ok {
		return b, false
	}
	return r.appendJSON(b), true
}
