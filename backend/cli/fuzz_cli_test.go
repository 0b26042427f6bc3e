package cli

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzCLIArgs feeds random command lines to the CLI: whatever the words, it
// must answer with an exit code and sentences, never a panic. Arguments are
// the input split on newlines. Two kinds of input are left out because they
// make the program wait on purpose rather than misbehave: a slowed-down demo
// store (--demo-latency) and addresses that would reach the network (://).
func FuzzCLIArgs(f *testing.F) {
	for _, seed := range []string{
		"",
		"--help",
		"--version",
		"version",
		"nosuchcommand",
		"--data-dir",
		"--data-dir=\x00",
		"connection\nlist",
		"connection\nlist\n--json",
		"connection\nadd\n--name\nDemo\n--warehouse\ndemo\n--store\ndemo\n--demo-skus\n5\n--no-schedule",
		"connection\nadd\n--name\n\n--warehouse\ncsv:\n--store\nshopify",
		"connection\nadd\n--name\nX\n--warehouse\nbogus\n--store\ndemo",
		"connection\nadd\n--name\nX\n--warehouse\ndemo\n--store\ndemo\n--demo-skus\n-1",
		"connection\nadd\n--name\nX\n--warehouse\ndemo\n--store\ndemo\n--demo-skus\n99999999999999999999",
		"connection\nremove\n--name\nDemo",
		"sync\n--connection\nDemo\n--mode\nsmart\n--json",
		"sync\n--connection\nDemo\n--mode\nsideways",
		"sync\n--connection",
		"inventory\n--connection\nDemo\n--state\nbogus\n--json",
		"history\n--connection\nDemo\n--run\n-5",
		"history\n--connection\nDemo\n--run\n18446744073709551616",
		"schedule\n--connection\nDemo\n--every\n0s",
		"schedule\n--connection\nDemo\n--every\n-1h\n--mode\nfull",
		"rules\n--connection\nDemo\n--zero-limit\n101\n--shrink-limit\n-1",
		"rules\n--connection\nDemo\n--buffer\n3\n--cap\n10\n--zero-below\n2",
		"sync\n--connection\nDemo\n--yes\n--mode\nfull",
	} {
		f.Add(seed)
	}
	dataDir := f.TempDir()
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, "latency") || strings.Contains(line, "://") {
			t.Skip("waits on purpose or reaches the network")
		}
		var args []string
		if line != "" {
			args = strings.Split(line, "\n")
		}
		var stdout, stderr bytes.Buffer
		g, err := ParseGlobals(args)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("a parse error without words")
			}
			return
		}
		g.DataDir = dataDir // never write where the input points
		code := Main(g, &stdout, &stderr)
		if code < 0 || code > 3 {
			t.Fatalf("exit code %d for %q", code, args)
		}
		if code != 0 && stderr.Len() == 0 && stdout.Len() == 0 {
			t.Fatalf("exit code %d for %q with nothing said", code, args)
		}
	})
}
