package cli

import (
	"fmt"
	"strings"
)

func runDiagnostics(e *env, args []string) int {
	fs := newFlags(e, "diagnostics", "diagnostics")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if err := e.open(); err != nil {
		return e.fail(exitFailed, err)
	}
	defer e.close()
	report, err := e.svc.Diagnostics.Report()
	if err != nil {
		return e.fail(exitFailed, err)
	}
	for _, line := range strings.Split(strings.TrimRight(report, "\n"), "\n") {
		fmt.Fprintln(e.stdout, term(line))
	}
	return exitOK
}
