// Command notepeer lets tvault's interop test drive the Go reference
// implementation of signed notes, golang.org/x/mod/sumdb/note, as Debian 12
// ships it (golang-golang-x-mod-dev). Build offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o notepeer main.go
//
// Usage:
//
//	notepeer keygen NAME      print the signer key, then the verifier key, one per line
//	notepeer sign SKEY        sign the note text on stdin, print the signed note
//	notepeer verify VKEY      open the signed note on stdin with that one key;
//	                          exit 0 and print the text iff it verifies
package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"

	"golang.org/x/mod/sumdb/note"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "notepeer: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: notepeer keygen NAME | sign SKEY | verify VKEY")
	}
	switch os.Args[1] {
	case "keygen":
		skey, vkey, err := note.GenerateKey(rand.Reader, os.Args[2])
		if err != nil {
			fail("keygen: %v", err)
		}
		fmt.Println(skey)
		fmt.Println(vkey)
	case "sign":
		signer, err := note.NewSigner(os.Args[2])
		if err != nil {
			fail("signer key: %v", err)
		}
		text, err := io.ReadAll(os.Stdin)
		if err != nil {
			fail("read: %v", err)
		}
		msg, err := note.Sign(&note.Note{Text: string(text)}, signer)
		if err != nil {
			fail("sign: %v", err)
		}
		os.Stdout.Write(msg)
	case "verify":
		verifier, err := note.NewVerifier(os.Args[2])
		if err != nil {
			fail("verifier key: %v", err)
		}
		msg, err := io.ReadAll(os.Stdin)
		if err != nil {
			fail("read: %v", err)
		}
		n, err := note.Open(msg, note.VerifierList(verifier))
		if err != nil {
			fail("open: %v", err)
		}
		os.Stdout.Write([]byte(n.Text))
	default:
		fail("unknown command %q", os.Args[1])
	}
}
