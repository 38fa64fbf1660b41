module github.com/tlswire/tlswire

go 1.26.0

require (
	github.com/andybalholm/brotli v1.3.0
	github.com/gopacket/gopacket v1.7.7
	github.com/klauspost/compress v1.20.5
	golang.org/x/crypto v0.59.0
)

require (
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
