package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckOutputName(t *testing.T) {
	for _, ok := range []string{"index.html", "features/F-1/index.html", "assets/site.js", ".nojekyll"} {
		if err := CheckName(ok); err != nil {
			t.Errorf("%q rejected: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", `a\b`, "features/../../x", "x/", "a\x00b", ".."} {
		if err := CheckName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	dir := t.TempDir()
	if err := (Dir{Dir: filepath.Join(dir, "out")}).WriteFile("../escape", []byte("x")); err == nil {
		t.Error("DirOutput wrote outside its directory")
	}
	if _, err := os.Stat(filepath.Join(dir, "escape")); err == nil {
		t.Error("file written outside the output directory")
	}
}
