package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// TestFileHash: the SHA-256 of a whole regular file whatever its size
// (the sizes around the buffer read at once and the one copied in
// pieces), and "" for a link or nothing.
func TestFileHash(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4096, 1<<20 - 1, 1 << 20, 3<<20 + 7} {
		data := bytes.Repeat([]byte("page\n"), n/5+1)[:n]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got, want := fileHash(p), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%d bytes: %s, want %s", n, got, want)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "f"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "link"), filepath.Join(dir, "missing"), dir} {
		if got := fileHash(p); got != "" {
			t.Errorf("%s: %q, want \"\"", p, got)
		}
	}
}
