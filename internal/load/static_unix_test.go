//go:build unix

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// A named pipe in static/ is a problem, not a file skipped without a word:
// no site publishes one, and reading it would hang the build. A link to
// one is too.
func TestStaticNamedPipeIsAProblem(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	sitetest.CopyDir(t, sitetest.Tiny(), dir)
	static := filepath.Join(dir, "static")
	if err := os.MkdirAll(static, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(static, "pipe"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := os.Symlink("pipe", filepath.Join(static, "to-pipe")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, err := Dir(dir)
	want := []string{
		filepath.Join(static, "pipe") + ": not a regular file (a named pipe): static/ may hold only files and folders, which are copied into the site",
		filepath.Join(static, "to-pipe") + ": symbolic link to something that is not a regular file (a named pipe): static/ may hold only files and folders",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("got %v, want\n%s", err, strings.Join(want, "\n"))
	}
}
