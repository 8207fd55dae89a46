package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var (
	shaPin         = regexp.MustCompile(`@[0-9a-f]{40}$`)
	versionComment = regexp.MustCompile(`^# v[0-9]+(\.[0-9]+){0,2}$`)
	inputExpr      = regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}`)
)

// checkPinned wants an action pinned to a commit to say which version the
// commit is, in a comment beside it: for a reader, and for upgrading.
func checkPinned(t *testing.T, doc *yaml.Node) {
	t.Helper()
	for _, u := range usesValues(doc) {
		if shaPin.MatchString(u.Value) && !versionComment.MatchString(u.LineComment) {
			t.Errorf("line %d: %s is pinned to a commit without a # vX.Y.Z comment", u.Line, u.Value)
		}
	}
}

// workflowStep is a step of a workflow job or of a composite action.
type workflowStep struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	Env  map[string]string `yaml:"env"`
}

func checkPRReviewWorkflow(t *testing.T, tree map[string]any, text string) {
	on, _ := tree["on"].(map[string]any)
	if _, ok := on["pull_request"]; !ok || on["pull_request_target"] != nil {
		// pull_request_target would run with a write token on a fork's code.
		t.Errorf("must run on pull_request (and not pull_request_target), got %v", on)
	}
	if perms, _ := tree["permissions"].(map[string]any); len(perms) != 1 || perms["contents"] != "read" {
		t.Errorf("the workflow may only read the repository, got %v", perms)
	}
	var w struct {
		Jobs map[string]struct {
			Permissions map[string]string `yaml:"permissions"`
			Steps       []workflowStep    `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(text), &w); err != nil {
		t.Fatal(err)
	}
	job := w.Jobs["diff"]
	if job.Permissions["pull-requests"] != "write" {
		t.Errorf("the diff job needs pull-requests: write to comment, got %v", job.Permissions)
	}
	for _, s := range job.Steps {
		if s.Uses != "" && !shaPin.MatchString(s.Uses) {
			t.Errorf("%s is not pinned to a full commit SHA", s.Uses)
		}
		if strings.Contains(s.Run, "${{ github.event") || strings.Contains(s.Run, "${{ github.head_ref") {
			t.Errorf("step %q writes pull request text into its script", s.Name)
		}
	}
	for _, want := range []string{
		"actions/checkout@", "actions/setup-go@", "actions/github-script@", "fetch-depth: 2",
		"backlogsite check --format github", `backlogsite diff "HEAD^1:`, "GITHUB_STEP_SUMMARY",
		"<!-- backlogsite-diff -->", "updateComment", "createComment",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("workflow does not contain %q", want)
		}
	}
}

// action is the root action.yml.
type action struct {
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string         `yaml:"using"`
		Steps []workflowStep `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) (*action, *yaml.Node) {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	var a action
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("invalid YAML: %v", err)
	}
	if err := doc.Decode(&a); err != nil {
		t.Fatal(err)
	}
	return &a, &doc
}

// TestActionYML keeps the root action.yml a composite action with the
// documented inputs, official actions pinned to commits, and no input
// written into a script (where a value could run as code).
func TestActionYML(t *testing.T) {
	a, doc := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	var inputs []string
	for name := range a.Inputs {
		inputs = append(inputs, name)
	}
	slices.Sort(inputs)
	if strings.Join(inputs, " ") != "audience base-url output site version" {
		t.Errorf("inputs %v, want site, output, base-url, audience, version", inputs)
	}
	if a.Inputs["site"].Default != "." || a.Inputs["output"].Default != "public" || a.Inputs["audience"].Default != "internal" {
		t.Errorf("defaults: %+v", a.Inputs)
	}
	for _, u := range usesValues(doc) {
		if !officialAction.MatchString(u.Value) || !shaPin.MatchString(u.Value) {
			t.Errorf("line %d: %s is not an official action pinned to a commit", u.Line, u.Value)
		}
	}
	checkPinned(t, doc)
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q writes an expression into its script", s.Name)
		}
	}
}

// runStep runs a step's script as the runner does (bash, stopping at the
// first failure) in dir, with env and the step's own environment, where
// ${{ inputs.NAME }} takes its value from inputs.
func runStep(t *testing.T, s workflowStep, dir string, env []string, inputs map[string]string) string {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	for k, v := range s.Env {
		v = inputExpr.ReplaceAllStringFunc(v, func(m string) string { return inputs[inputExpr.FindStringSubmatch(m)[1]] })
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("step %q: %v\n%s", s.Name, err, out)
	}
	return string(out)
}

// TestWorkflowScripts runs the scripts of action.yml, as a workflow using
// it would, and then the diff step of pr-review.yml on a pull request's
// merge commit in a repository made for it, with the command the action
// built.
func TestWorkflowScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command; skipped with -short")
	}
	for _, tool := range []string{"bash", "go", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " not found")
		}
	}
	repoRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	pathFile := filepath.Join(tmp, "github_path")
	work := filepath.Join(tmp, "work")
	if err := copyDir("../../content-example", filepath.Join(work, "roadmap")); err != nil {
		t.Fatal(err)
	}
	env := []string{"RUNNER_TEMP=" + tmp, "GITHUB_PATH=" + pathFile, "GITHUB_ACTION_PATH=" + repoRoot}
	inputs := map[string]string{"site": "roadmap", "output": "public", "base-url": "https://acme.example/roadmap/", "version": "", "audience": "public"}
	a, _ := readAction(t)
	for _, s := range a.Runs.Steps {
		if s.Run == "" {
			continue // actions/setup-go: this machine has Go
		}
		runStep(t, s, work, env, inputs)
		if strings.HasPrefix(s.Name, "Install") {
			bin, err := os.ReadFile(pathFile)
			if err != nil {
				t.Fatal(err)
			}
			env = append(env, "PATH="+strings.TrimSpace(string(bin))+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
	}
	feed, err := os.ReadFile(filepath.Join(work, "public", "feed.xml"))
	if err != nil || !strings.Contains(string(feed), `href="https://acme.example/roadmap/feed.xml"`) {
		t.Fatalf("the action built no site at its base URL: %v", err)
	}
	if _, err := os.Stat(filepath.Join(work, "public", "sprints")); !os.IsNotExist(err) {
		t.Errorf("audience: public built sprint pages (%v)", err)
	}
	t.Run("pr-review.yml", func(t *testing.T) { testPRReviewDiff(t, work, env) })
}

// testPRReviewDiff makes the merge commit GitHub checks out for a pull
// request that grows two stories, and runs the workflow's diff step on it.
func testPRReviewDiff(t *testing.T, work string, env []string) {
	data, err := os.ReadFile("../../docs/examples/pr-review.yml")
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Jobs map[string]struct{ Steps []workflowStep } `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	env = append(env, "HOME="+work, "GIT_CONFIG_NOSYSTEM=1", "SITE_DIR=roadmap", "GITHUB_STEP_SUMMARY="+summary)
	git := workflowStep{Name: "make the pull request", Run: `
		git init -q -b main && git config user.name T && git config user.email t@example.com
		git add roadmap && git commit -q -m base
		git checkout -q -b pr
		sed -i 's/^estimate = 2$/estimate = 5/' roadmap/sprints/S-09.toml
		git commit -q -a -m 'two stories grow'
		git checkout -q main && git merge -q --no-ff -m merge pr`}
	runStep(t, git, work, env, nil)
	ran := false
	for _, s := range w.Jobs["diff"].Steps {
		if strings.Contains(s.Run, "backlogsite diff") {
			runStep(t, s, work, env, nil)
			ran = true
		}
	}
	got, err := os.ReadFile(summary)
	if !ran || err != nil {
		t.Fatalf("no diff step ran, or it wrote no summary: %v", err)
	}
	if !strings.Contains(string(got), "| **S-9** Sprint 9 | 2026-04-27 – 2026-05-08 | 18 → 24 / 26 | no |") {
		t.Errorf("the summary does not show the sprint's commitment growing:\n%s", got)
	}
}
