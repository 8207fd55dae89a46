package gitrev

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo makes a repository with two commits in a temporary folder and
// returns its path: site/a.txt is "one" in HEAD~1 and "two" in HEAD.
func repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("HOME", dir)
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q", "-b", "main")
	run("config", "user.name", "Test")
	run("config", "user.email", "test@example.com")
	write("site/a.txt", "one")
	write("top.txt", "top")
	run("add", ".")
	run("commit", "-q", "-m", "one")
	write("site/a.txt", "two")
	for _, l := range [][2]string{{"loop", "site/loop"}, {"../../x", "site/out"}, {"a.txt", "site/in"}} {
		if err := os.Symlink(l[0], filepath.Join(dir, filepath.FromSlash(l[1]))); err != nil {
			t.Fatal(err)
		}
	}
	run("add", ".")
	run("commit", "-q", "-m", "two")
	return dir
}

func read(t *testing.T, fsys fs.FS, name string) string {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}

func TestTree(t *testing.T) {
	dir := repo(t)
	ctx := context.Background()
	t.Chdir(filepath.Join(dir, "site"))
	tests := []struct {
		spec, name, file, want string
	}{
		{"HEAD~1", "HEAD~1:.", "a.txt", "one"},
		{"main", "main:.", "a.txt", "two"},
		{"HEAD:site", "HEAD:site", "a.txt", "two"},
		{"HEAD~1:./", "HEAD~1:./", "a.txt", "one"},
		{"HEAD:", "HEAD:", "top.txt", "top"},
		{"HEAD", "HEAD:.", "in", "two"},
	}
	for _, tt := range tests {
		fsys, name, err := Tree(ctx, tt.spec)
		if err != nil {
			t.Errorf("%s: %v", tt.spec, err)
			continue
		}
		if name != tt.name || read(t, fsys, tt.file) != tt.want {
			t.Errorf("%s: name %q, %s = %q; want %q, %q", tt.spec, name, tt.file, read(t, fsys, tt.file), tt.name, tt.want)
		}
	}
}

// TestTreeLinks keeps links a loader can judge: one inside is followed,
// one that leaves or loops is made absolute, which nothing follows.
func TestTreeLinks(t *testing.T) {
	dir := repo(t)
	t.Chdir(dir)
	fsys, _, err := Tree(context.Background(), "HEAD:site")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"in": "a.txt", "out": "/", "loop": "/"} {
		got, err := fs.ReadLink(fsys, name)
		if err != nil || got != want {
			t.Errorf("%s: link to %q (%v), want %q", name, got, err, want)
		}
	}
	if _, err := fs.ReadFile(fsys, "loop"); err == nil {
		t.Error("a looping link was followed")
	}
}

func TestTreeErrors(t *testing.T) {
	dir := repo(t)
	ctx := context.Background()
	t.Chdir(dir)
	for spec, want := range map[string]string{
		"nope":         "neither a folder nor a git revision",
		"HEAD:top.txt": "names a git blob, not a folder",
		"--output=x":   "is not a git revision",
	} {
		if _, _, err := Tree(ctx, spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", spec, err, want)
		}
	}
	t.Chdir(t.TempDir())
	if _, _, err := Tree(ctx, "main"); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("outside a repository: got %v", err)
	}
}
