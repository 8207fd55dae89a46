package main

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// officialAction is a `uses:` the example workflows may name: an action of
// GitHub's own actions organisation, pinned to a version tag or to a full
// commit SHA (which checkPinned wants named by a version comment).
var officialAction = regexp.MustCompile(`^actions/[A-Za-z0-9_.-]+@(v[0-9]+(\.[0-9]+){0,2}|[0-9a-f]{40})$`)

// TestWorkflowExamples keeps the CI files users copy from docs/examples
// valid YAML that names only official, version-pinned actions.
func TestWorkflowExamples(t *testing.T) {
	files, err := filepath.Glob("../../docs/examples/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no docs/examples/*.yml found")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var doc yaml.Node
			if err := yaml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("invalid YAML: %v", err)
			}
			var tree map[string]any
			if err := doc.Decode(&tree); err != nil {
				t.Fatalf("not a YAML mapping: %v", err)
			}
			for _, u := range usesValues(&doc) {
				if !officialAction.MatchString(u.Value) {
					t.Errorf("line %d: uses: %q is not an official actions/... action pinned to a version", u.Line, u.Value)
				}
			}
			checkPinned(t, &doc)
			switch filepath.Base(name) {
			case "pages.yml":
				checkPagesWorkflow(t, tree, string(data))
			case "gitlab-ci.yml":
				checkGitLabPages(t, tree)
			case "pr-review.yml":
				checkPRReviewWorkflow(t, tree, string(data))
			}
		})
	}
}

// usesValues returns every value of a `uses` key anywhere in the document.
func usesValues(n *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "uses" {
				out = append(out, n.Content[i+1])
			}
		}
	}
	for _, c := range n.Content {
		out = append(out, usesValues(c)...)
	}
	return out
}

func checkPagesWorkflow(t *testing.T, tree map[string]any, text string) {
	// Permissions and the concurrency group may be set for the workflow or
	// for the job that deploys.
	scopes := []map[string]any{tree}
	jobs, _ := tree["jobs"].(map[string]any)
	for _, j := range jobs {
		if job, ok := j.(map[string]any); ok {
			scopes = append(scopes, job)
		}
	}
	granted, grouped := false, false
	for _, s := range scopes {
		perms, _ := s["permissions"].(map[string]any)
		if perms["pages"] == "write" && perms["id-token"] == "write" {
			granted = true
		}
		if _, ok := s["concurrency"]; ok {
			grouped = true
		}
	}
	if !granted {
		t.Error("no permissions granting pages: write and id-token: write")
	}
	if !grouped {
		t.Error("no concurrency group")
	}
	if strings.Contains(text, "path: internal") && strings.Count(text, "upload-pages-artifact") != 1 {
		t.Error("the internal site must not be uploaded as a Pages artifact")
	}
	for _, want := range []string{
		"actions/checkout@", "actions/setup-go@", "actions/configure-pages@",
		"actions/upload-pages-artifact@", "actions/deploy-pages@",
		"go install github.com/backlogsite/backlogsite/cmd/backlogsite@",
		"backlogsite check", `backlogsite build --audience public --base-url "${{ steps.pages.outputs.base_url }}/" -o public`,
		// Issue 18: the internal site from the same files, kept as an
		// artifact, never uploaded to Pages.
		"backlogsite build --audience internal -o internal", "actions/upload-artifact@",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("workflow does not contain %q", want)
		}
	}
}

func checkGitLabPages(t *testing.T, tree map[string]any) {
	job, _ := tree["pages"].(map[string]any)
	if job == nil {
		t.Fatal("no pages job")
	}
	artifacts, _ := job["artifacts"].(map[string]any)
	paths, _ := artifacts["paths"].([]any)
	if len(paths) != 1 || paths[0] != "public" {
		t.Errorf("pages job must publish the public artifact, got paths %v", paths)
	}
}

// docExample is one command line of a fenced sh block in the documentation.
type docExample struct {
	file  string
	line  int
	cmd   string // without the "$ " prompt
	cd    bool   // a "cd DIR" line: later commands of the block run there
	skip  bool   // "# skip-docs-check": runs forever or needs the network
	want  int    // "# expect: exit N", else 0
	block int    // commands of one block share a working directory
}

var (
	expectExit = regexp.MustCompile(`#.*\bexpect: exit ([0-9]+)\b`)
	skipMarker = regexp.MustCompile(`#.*\bskip-docs-check\b`)
)

// docExamples reads the ```sh blocks of a Markdown file and returns their
// backlogsite command lines (and cd lines). Other lines, such as go install
// or git, are shown to the reader but not run.
func docExamples(name string, firstBlock int) ([]docExample, int, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, firstBlock, err
	}
	defer f.Close()
	var out []docExample
	block := firstBlock
	inSh, inOther := false, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```") && !inSh && !inOther:
			lang := strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))
			if lang == "sh" {
				inSh = true
				block++
			} else {
				inOther = true
			}
			continue
		case strings.HasPrefix(trimmed, "```"):
			inSh, inOther = false, false
			continue
		case !inSh:
			continue
		}
		cmd := strings.TrimPrefix(trimmed, "$ ")
		ex := docExample{file: name, line: n, cmd: cmd, block: block}
		switch {
		case strings.HasPrefix(cmd, "backlogsite "):
		case strings.HasPrefix(cmd, "cd "):
			ex.cd = true
			ex.cmd = strings.TrimSpace(strings.TrimPrefix(cmd, "cd "))
		default:
			continue
		}
		if m := expectExit.FindStringSubmatch(cmd); m != nil {
			ex.want, _ = strconv.Atoi(m[1])
		}
		ex.skip = skipMarker.MatchString(cmd)
		out = append(out, ex)
	}
	return out, block, sc.Err()
}

// TestDocsExamples runs every `backlogsite ...` line of the ```sh blocks in
// README.md and docs/*.md with a freshly built binary, in a copy of
// content-example/ (one fresh copy per block), and fails when one exits
// with another status than documented. `make docs-check` runs it alone.
func TestDocsExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	docs, _ := filepath.Glob("../../docs/*.md")
	docs = append([]string{"../../README.md"}, docs...)
	var examples []docExample
	block := 0
	for _, name := range docs {
		ex, next, err := docExamples(name, block)
		if err != nil {
			t.Fatal(err)
		}
		examples, block = append(examples, ex...), next
	}
	runnable := 0
	for _, ex := range examples {
		if !ex.cd && !ex.skip {
			runnable++
		}
	}
	if runnable == 0 {
		t.Fatal("found no backlogsite examples in README.md and docs/*.md")
	}

	bin := t.TempDir()
	build := exec.Command(goCmd, "build", "-o", filepath.Join(bin, "backlogsite"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := bin + string(os.PathListSeparator) + os.Getenv("PATH")

	dirs := map[int]string{}
	ran := 0
	for _, ex := range examples {
		where := ex.file + ":" + strconv.Itoa(ex.line)
		if ex.skip {
			t.Logf("%s: skipped: %s", where, ex.cmd)
			continue
		}
		dir, ok := dirs[ex.block]
		if !ok {
			dir = filepath.Join(t.TempDir(), "site")
			if err := copyDir("../../content-example", dir); err != nil {
				t.Fatal(err)
			}
			dirs[ex.block] = dir
		}
		if ex.cd {
			dirs[ex.block] = filepath.Join(dir, ex.cmd)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, "sh", "-c", ex.cmd)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+path)
		cmd.WaitDelay = 5 * time.Second
		out, err := cmd.CombinedOutput()
		cancel()
		code := 0
		var exitErr *exec.ExitError
		switch {
		case errors.As(err, &exitErr):
			code = exitErr.ExitCode()
		case err != nil:
			t.Errorf("%s: %s: %v", where, ex.cmd, err)
			continue
		}
		ran++
		if code != ex.want {
			t.Errorf("%s: %s\nexit status %d, documented %d (mark other outcomes with \"# expect: exit N\" or \"# skip-docs-check\")\n%s",
				where, ex.cmd, code, ex.want, out)
		}
	}
	t.Logf("ran %d documented commands", ran)
}

// copyDir copies the regular files of src below dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// TestDocExampleParsing pins the docs-check conventions (see the docs-check
// target in the Makefile): only ```sh blocks, "$ " prompts, cd lines, and the
// expect and skip markers.
func TestDocExampleParsing(t *testing.T) {
	md := "text\n```sh\n$ backlogsite new x\ncd x\ngo install example.com/y@latest\nbacklogsite check nope # expect: exit 1\n  backlogsite serve # skip-docs-check\n```\n" +
		"```\nbacklogsite not-sh\n```\n```toml\nbacklogsite = 1\n```\n```sh\nbacklogsite version\n```\n"
	name := filepath.Join(t.TempDir(), "doc.md")
	if err := os.WriteFile(name, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	got, blocks, err := docExamples(name, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []docExample{
		{line: 3, cmd: "backlogsite new x", block: 1},
		{line: 4, cmd: "x", cd: true, block: 1},
		{line: 6, cmd: "backlogsite check nope # expect: exit 1", want: 1, block: 1},
		{line: 7, cmd: "backlogsite serve # skip-docs-check", skip: true, block: 1},
		{line: 16, cmd: "backlogsite version", block: 2},
	}
	if blocks != 2 || len(got) != len(want) {
		t.Fatalf("got %d blocks, %+v", blocks, got)
	}
	for i := range want {
		want[i].file = name
		if got[i] != want[i] {
			t.Errorf("example %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
