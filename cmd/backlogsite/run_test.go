package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestExitCodes pins the documented exit statuses: 0 success, 1 failure
// (bad input), 2 usage.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"nope"}, 2},
		{"unknown flag", []string{"check", "-x"}, 2},
		{"too many arguments", []string{"check", "a", "b"}, 2},
		{"help", []string{"check", "-h"}, 0},
		{"version", []string{"version"}, 0},
		{"missing site", []string{"check", t.TempDir() + "/none"}, 1},
		{"example", []string{"check", "../../content-example"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := exitCode(run(context.Background(), tc.args, &stdout, &stderr), &stderr)
			if got != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tc.want, stdout.String(), stderr.String())
			}
			if got == 1 && !strings.Contains(stderr.String(), ":") {
				t.Errorf("failure printed no positioned message: %q", stderr.String())
			}
		})
	}
}
