package generator

import "testing"

func TestBasePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"https://acme.github.io/roadmap/", "/roadmap/"},
		{"https://acme.github.io/roadmap", "/roadmap/"},
		{"https://acme.example", "/"},
		{"http://localhost:8080/a%20b/", "/a%20b/"},
		{"/roadmap", "/roadmap/"},
		{"roadmap/", ""},
		{"ftp://x/y", ""},
		{"https:///nohost", ""},
	} {
		if got := basePath(tc.in); got != tc.want {
			t.Errorf("basePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
