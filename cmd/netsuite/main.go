// Command netsuite is the NetSuite command line: diagnose a Token-Based
// Authentication set-up, sign requests, query and call NetSuite, and run the
// local emulator. Run "netsuite help" for the commands.
package main

import (
	"os"

	"github.com/go-netsuite/netsuite/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
