package importer

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "site")
	files := []File{{"site.toml", []byte("title = \"x\"\n")}, {"sprints/S-1.toml", []byte("id = \"S-1\"\n")}, {"backlog/P.toml", nil}}
	if err := WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil || string(got) != string(f.Data) {
			t.Errorf("%s: %q, %v", f.Path, got, err)
		}
	}
}

func TestWriteDirNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sprints"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteDir(dir, []File{{"site.toml", []byte("new")}, {"sprints/S-1.toml", []byte("new")}})
	if err == nil {
		t.Fatal("writing into an existing sprints/ succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "sprints" {
		t.Errorf("after the failure the directory holds %v; want only what was there", entries)
	}
}

func TestWriteDirStaysInside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "sprints")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteDir(dir, []File{{"sprints/S-1.toml", []byte("x")}}); err == nil {
		t.Error("wrote through a link to outside the directory")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote %v outside the directory", entries)
	}
}
