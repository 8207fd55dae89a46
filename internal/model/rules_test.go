package model

import "testing"

func TestIsEditorLeftover(t *testing.T) {
	for name, want := range map[string]bool{
		"S-1.toml": false, "4913": true, "5036": true, "4914": false, "S-1.toml~": true,
		".S-1.toml.swp": true, "S-1.toml.swx": true, "x.swo": true, ".DS_Store": true, "#S-1.toml#": true, "S-1.toml___jb_tmp___": true, "2026": false,
	} {
		if got := IsEditorLeftover(name); got != want {
			t.Errorf("IsEditorLeftover(%q) = %v, want %v", name, got, want)
		}
	}
}
