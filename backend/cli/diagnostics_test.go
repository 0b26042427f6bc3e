package cli

import (
	"strings"
	"testing"
)

func TestDiagnosticsTellSupportWhatHappenedWithoutSecrets(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("BIN_KEY", "bin-key-4471-secret")
	if code, out, errOut := run(t, dir, "connection", "add", "--name", "Bins", "--warehouse", "binwarehouse", "--warehouse-bin", "B7",
		"--warehouse-api-key-env", "BIN_KEY", "--store", "demo", "--no-schedule"); code != exitOK {
		t.Fatalf("add: %d %s%s", code, out, errOut)
	}
	if code, out, errOut := run(t, dir, "sync", "--connection", "Bins", "--mode", "full"); code != exitOK {
		t.Fatalf("sync: %d %s%s", code, out, errOut)
	}
	code, out, errOut := run(t, dir, "diagnostics")
	if code != exitOK {
		t.Fatalf("diagnostics: %d %s", code, errOut)
	}
	for _, want := range []string{"Version: ", "System: ", "#1 Bins: Bin warehouse -> Demo store", "secrets set [apiKey]", "Last 1 runs:", "cli full->full succeeded: read 1", `"msg":"sync finished"`} {
		if !strings.Contains(out, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "4471") {
		t.Errorf("diagnostics hold the secret:\n%s", out)
	}
}
