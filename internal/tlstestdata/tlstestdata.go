// Package tlstestdata reads the handshake recordings that ship with the Go
// toolchain in $(go env GOROOT)/src/crypto/tls/testdata: hex dumps of the
// byte streams exchanged between crypto/tls and OpenSSL, one flight per
// "Flow". They are read in place at test time and never copied into this
// repository.
package tlstestdata

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Flight is one contiguous run of bytes in one direction.
type Flight struct {
	ClientToServer bool
	Data           []byte
}

// Recording is one testdata file: its name and its flights in order.
type Recording struct {
	Name    string
	Flights []Flight
}

// Dir returns the testdata directory of the toolchain: $GOROOT when set,
// else what `go env GOROOT` reports (tests always run with the go command).
func Dir() string {
	goroot := os.Getenv("GOROOT")
	if goroot == "" {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err == nil {
			goroot = strings.TrimSpace(string(out))
		}
	}
	return filepath.Join(goroot, "src", "crypto", "tls", "testdata")
}

// All reads every recording in Dir, sorted by name. It returns an error if
// the directory is missing (a toolchain without sources).
func All() ([]Recording, error) {
	entries, err := os.ReadDir(Dir())
	if err != nil {
		return nil, err
	}
	var out []Recording
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), ".pem") {
			continue
		}
		r, err := Read(filepath.Join(Dir(), e.Name()))
		if err != nil {
			return nil, err
		}
		if len(r.Flights) > 0 {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if len(out) == 0 {
		return nil, errors.New("tlstestdata: no recordings in " + Dir())
	}
	return out, nil
}

// Read parses one recording file.
func Read(path string) (Recording, error) {
	f, err := os.Open(path)
	if err != nil {
		return Recording{}, err
	}
	defer f.Close()
	r := Recording{Name: filepath.Base(path)}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var cur *Flight
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, ">>> Flow"):
			r.Flights = append(r.Flights, Flight{ClientToServer: strings.Contains(line, "client to server")})
			cur = &r.Flights[len(r.Flights)-1]
		case cur != nil && len(line) > 10 && line[8] == ' ':
			// "00000000  16 03 01 ... 01  28 03 |ascii|"
			hexPart := line[10:]
			if i := strings.Index(hexPart, "|"); i >= 0 {
				hexPart = hexPart[:i]
			}
			b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(hexPart), " ", ""))
			if err != nil {
				return r, errors.New("tlstestdata: " + r.Name + ": " + err.Error())
			}
			cur.Data = append(cur.Data, b...)
		}
	}
	return r, sc.Err()
}

// Streams concatenates a recording's flights per direction.
func (r Recording) Streams() (clientToServer, serverToClient []byte) {
	for _, f := range r.Flights {
		if f.ClientToServer {
			clientToServer = append(clientToServer, f.Data...)
		} else {
			serverToClient = append(serverToClient, f.Data...)
		}
	}
	return
}
