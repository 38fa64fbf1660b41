package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docKeys returns the keys text documents: every identifier written in
// backticks (a span such as `{"dir","level"}` gives each) and every key
// of the JSON examples. A key documented as `k`(+name) has its name in
// `k_name`: the check accepts k_name when k is documented.
func docKeys(text string) map[string]bool {
	keys := map[string]bool{}
	for _, span := range regexp.MustCompile("`[^`]+`").FindAllString(text, -1) {
		for _, id := range regexp.MustCompile(`[a-z][a-z0-9_]*`).FindAllString(span, -1) {
			keys[id] = true
		}
	}
	for _, m := range regexp.MustCompile(`"([a-z][a-z0-9_]*)":`).FindAllStringSubmatch(text, -1) {
		keys[m[1]] = true
	}
	return keys
}

// documented reports whether key is in keys, directly or as the _name of
// a documented key.
func documented(keys map[string]bool, key string) bool {
	return keys[key] || strings.HasSuffix(key, "_name") && keys[strings.TrimSuffix(key, "_name")]
}

// jsonSection returns the part of docs/json.md under the heading title,
// up to the next heading of the same level.
func jsonSection(t *testing.T, doc, title string) string {
	i := strings.Index(doc, "\n## "+title+"\n")
	if i < 0 {
		t.Fatalf("docs/json.md has no section %q", title)
	}
	s := doc[i+len(title)+5:]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return s
}

// wireObjects are the flow object's members rendered by package wire:
// their keys are documented with the message objects, in the rest of
// docs/json.md.
var wireObjects = map[string]bool{"client_hello": true, "client_hellos": true, "server_hello": true, "server_hellos": true, "alert": true}

// collectKeys adds the keys of every object in v to own, and those inside
// wire's objects to wire.
func collectKeys(v any, inWire bool, own, wire map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if inWire {
				wire[k] = true
			} else {
				own[k] = true
			}
			collectKeys(e, inWire || wireObjects[k], own, wire)
		}
	case []any:
		for _, e := range v {
			collectKeys(e, inWire, own, wire)
		}
	}
}

// TestJSONKeysDocumented checks that every key tlsdump -json and -summary
// -json print is documented in docs/json.md: the flow object's own keys
// in its section ("tlsdump flow object"), the summary's in its section,
// the keys of wire's message objects anywhere in the file. It reads the
// shipped capture and, when present, the shared captures.
func TestJSONKeysDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	flowDoc, sumDoc, allDoc := docKeys(jsonSection(t, doc, "tlsdump flow object")), docKeys(jsonSection(t, doc, "tlsdump summary object")), docKeys(doc)
	files := []string{shippedCapture}
	if d := capturesDir(t); d != "" {
		more, _ := filepath.Glob(filepath.Join(d, "zeek", "Traces", "tls", "*.pcap"))
		files = append(files, more...)
	} else {
		// Twice, so that flows carry the "file" member of several files.
		files = append(files, shippedCapture)
		t.Log("no shared captures: checking the shipped capture only")
	}
	own, wire, sum := map[string]bool{}, map[string]bool{}, map[string]bool{}
	code, out, errOut := tlsdump(t, nil, append([]string{"-json"}, files...)...)
	if code > 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := decodeLines(t, out)
	if len(lines) < 6 {
		t.Fatalf("%d flows", len(lines))
	}
	for _, l := range lines {
		collectKeys(l, false, own, wire)
	}
	_, out, _ = tlsdump(t, nil, append([]string{"-json", "-summary", "-top", "2"}, files...)...)
	var s any
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("-summary -json: %v\n%s", err, out)
	}
	collectKeys(s, false, sum, sum)
	check := func(what string, got, doc map[string]bool) {
		var missing []string
		for k := range got {
			if !documented(doc, k) {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s keys not documented in docs/json.md: %v", what, missing)
		}
	}
	check("flow object", own, flowDoc)
	check("summary object", sum, sumDoc)
	check("message object", wire, allDoc)
	for _, k := range []string{"community_id", "file", "cipher_suite", "supported_group_names", "ts"} {
		if !own[k] {
			t.Errorf("no flow printed %q", k)
		}
	}
}
