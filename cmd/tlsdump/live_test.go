package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestLiveHandshakes feeds the shipped capture through a pipe left open:
// each flow is printed when its handshake is over (end "handshake", the
// same handshake fields as from the file), then continued when it ends.
func TestLiveHandshakes(t *testing.T) {
	capture, err := os.ReadFile(shippedCapture)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	var out syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"-json", "-"}, pr, &out, os.Stderr) }()
	go pw.Write(capture)
	waitLines(t, &out, 12)
	pw.Close()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
	got := decodeLines(t, out.String())
	want := decodeLines(t, mustRun(t, "-json", shippedCapture))
	if len(got) != 2*len(want) {
		t.Fatalf("%d objects, want %d", len(got), 2*len(want))
	}
	for i, w := range want {
		early, cont := got[2*i], got[2*i+1]
		if early["end"] != "handshake" || cont["continued"] != true || cont["end"] != w["end"] {
			t.Errorf("flow %d: ends %v and %v (continued %v), want handshake and %v", i, early["end"], cont["end"], cont["continued"], w["end"])
		}
		for _, k := range []string{"ts", "client", "server", "community_id", "server_name", "version", "cipher", "ja4", "ja4s", "resumed", "established", "hello_retry"} {
			if early[k] != w[k] {
				t.Errorf("flow %d: %s %v at the handshake, %v from the file", i, k, early[k], w[k])
			}
		}
		if cont["end_ts"] != w["end_ts"] || cont["community_id"] != w["community_id"] {
			t.Errorf("flow %d: continuation %v", i, cont)
		}
		if _, ok := cont["messages"]; ok {
			t.Errorf("flow %d: the continuation repeats the handshake", i)
		}
	}
}

// waitLines waits up to 10 s for n lines of output while the input is
// still open: live output must not wait for the end of the input.
func waitLines(t *testing.T, out *syncBuffer, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), "\n") < n {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s with the input still open, %d lines printed, want %d", strings.Count(out.String(), "\n"), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
