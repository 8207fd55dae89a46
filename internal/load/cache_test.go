package load

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestCachedBacklogEqualsLoad saves a site the ways serve sees it saved and
// loads it through one Cache after each save: the features (kept converted
// from the unchanged backlog files) and the problems must be a fresh
// load's, also when the default visibility changes under them and when
// validation finds a problem in a feature converted by an earlier load.
func TestCachedBacklogEqualsLoad(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(sitetest.Example())); err != nil {
		t.Fatal(err)
	}
	read := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(site, rel))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	account, ordering, config := read("backlog/account.toml"), read("backlog/ordering.toml"), read("site.toml")
	replace := func(b []byte, old, new string) []byte {
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("no %q to replace", old)
		}
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
	var c Cache
	for i, save := range []map[string][]byte{
		{},
		{"backlog/account.toml": replace(account, `title       = "Sign in with Apple"`, `title       = "Sign in with Apple, edited"`)},
		{"site.toml": replace(config, `default_visibility = "public"`, `default_visibility = "internal"`)},
		{"backlog/ordering.toml": append(append([]byte{}, ordering...), "\n[[feature]]\nid = \"F-999\"\ntitle = \"New\"\nrank = 20\nunknown = 1\n"...)},
		{"backlog/ordering.toml": append(append([]byte{}, ordering...), "\n[[feature]]\nid = \"F-999\"\ntitle = \"New\"\nrank = 20\n"...)},
		{"backlog/ordering.toml": ordering, "site.toml": config},
	} {
		for rel, data := range save {
			if err := os.WriteFile(filepath.Join(site, rel), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, gotErr := DirCached(site, &c)
		want, wantErr := Dir(site)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("save %d: cached load gave %v, a fresh one %v", i, gotErr, wantErr)
		}
		if gotErr != nil {
			continue
		}
		if !reflect.DeepEqual(got.Features, want.Features) {
			t.Fatalf("save %d: the cached load's features differ from a fresh load's", i)
		}
		if i == 2 && got.Features[0].Visibility != model.VisibilityInternal {
			t.Fatalf("save %d: the new default visibility was not applied", i)
		}
	}
	if c.files["backlog/account.toml"].backlog == nil {
		t.Error("the conversion of an unchanged backlog file was not kept")
	}
}
