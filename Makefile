# backlogsite: `make site` builds content-example/ into public/; `make test`
# runs every test, installing what the tests need (Debian's chromium for the
# browser tests) when it is missing.

GO        ?= go
SITE      ?= content-example
OUT       ?= public
BENCHTIME ?= 3x

.PHONY: all site test lint unit browser-deps bench bench-hugo synth fuzz echarts clean

all: test

site:
	$(GO) run ./cmd/backlogsite build -o $(OUT) $(SITE)

test: lint browser-deps axe-deps
	BACKLOGSITE_BROWSER=required $(GO) test -count=1 ./...

# unit runs the Go tests without installing anything (browser tests skip
# when chromium is missing).
unit:
	$(GO) test ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# browser-deps installs Debian's Chromium for the browser tests. CI and a
# fresh machine run as root; elsewhere sudo is used when present.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing chromium (Debian package) for the browser tests"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@chromium --version

# synth writes a synthetic site: make synth SIZE=L SYNTHOUT=/tmp/site-L
# (sizes S, L, XL; deterministic for a seed; the directory must not exist or be empty).
SIZE     ?= S
SEED     ?= 1
SYNTHOUT ?= synth-$(SIZE)

synth:
	$(GO) run ./cmd/synthsite -size $(SIZE) -seed $(SEED) -o $(SYNTHOUT)

# fuzz runs every fuzz target in turn (go test fuzzes one at a time) for
# FUZZTIME each: make fuzz FUZZTIME=5m.
FUZZTIME ?= 60s
FUZZ_TARGETS = ./internal/load:FuzzLoad ./internal/load:FuzzFastTOML ./internal/render:FuzzPipeline \
	./internal/render:FuzzHTMLWriterEscapes ./internal/render:FuzzMarkdown \
	./internal/model:FuzzParseDate ./internal/model:FuzzEquation \
	./internal/report:FuzzBacklogCSV ./internal/report:FuzzIndentJSON \
	./internal/importer/jira:FuzzJiraCSV ./internal/importer/jira:FuzzJiraSprintsJSON \
	./internal/importer/jira:FuzzJiraVersionsJSON ./internal/importer/github:FuzzGitHubIssuesJSON \
	./internal/importer/github:FuzzGitHubMilestonesJSON ./internal/importer:FuzzTOMLString \
	./internal/importer:FuzzSiteFiles ./internal/output:FuzzPublish

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzzing $${t#*:} in $${t%%:*} for $(FUZZTIME)"; \
		$(GO) test $${t%%:*} -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s; \
	done

# echarts re-creates themes/default/assets/echarts.min.js from npm.
echarts:
	themes/echarts/build.sh

clean:
	rm -rf $(OUT)

# docs-check runs every `backlogsite` command shown in README.md and docs/*.md
# with a freshly built binary and fails when one exits otherwise than
# documented. Conventions for writing examples:
#   - only fenced ```sh blocks are run, and in them only the lines starting
#     with `backlogsite ` or `$ backlogsite ` (go install, make, git ... are
#     shown, not run); `cd DIR` lines move the later commands of the block;
#   - each block runs in a fresh copy of content-example/ (the current
#     directory is the site directory), its lines in order, through sh;
#   - a command meant to fail ends with `# expect: exit N`; one that runs
#     until stopped (serve, watch) ends with `# skip-docs-check`.
# The same check runs with every `go test ./...` (not with -short).
.PHONY: docs-check
docs-check:
	$(GO) test -count=1 -run '^(TestDocsExamples|TestWorkflowExamples)$$' -v ./cmd/backlogsite

# bench prints the S/L/XL/XL-releases table (cmd/benchtable): wall and CPU
# time of a real `backlogsite build` (best of 3), its peak RSS, a build over
# that output, the stage times and allocations of the same build in-process,
# and the cost per feature, sprint and release. Synthetic sites are cached under
# the system temp directory (backlogsite-bench/). bench-stages runs the Go
# benchmarks of each pipeline stage at S and L; add XL with
# BENCHSIZES='S|L|XL'.
BENCHBIN   ?= $(or $(TMPDIR),/tmp)/backlogsite-bench/backlogsite
BENCHSIZES ?= S|L

bench:
	@mkdir -p $(dir $(BENCHBIN))
	$(GO) build -o $(BENCHBIN) ./cmd/backlogsite
	$(GO) run ./cmd/benchtable -bin $(BENCHBIN)

.PHONY: bench-stages
bench-stages:
	$(GO) test ./generator ./internal/load -run '^$$' -bench '/^($(BENCHSIZES))$$' -benchmem -benchtime $(BENCHTIME)

# bench-hugo installs Debian's hugo when missing, writes a 10,000-page
# Markdown site with a one-table layout and builds it and the 10,000-feature
# synthetic shapes (L, L-releases, L-markdown, L-stories) alternately, best
# of 3 each, on a tmpfs (/dev/shm) and on disk, and prints each shape's
# ratio to Hugo on the same storage (target: at most 0.5 on tmpfs).
bench-hugo:
	@if ! command -v hugo >/dev/null 2>&1; then \
		echo "installing hugo (Debian package) for the comparison"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq hugo >/dev/null; \
	fi
	@mkdir -p $(dir $(BENCHBIN))
	$(GO) build -o $(BENCHBIN) ./cmd/backlogsite
	$(GO) run ./cmd/benchtable -bin $(BENCHBIN) -hugo

# axe-deps installs npm's axe-core (pinned by .ci/browser/axe/package-lock.json)
# into .ci/browser/axe/node_modules for the accessibility check of the browser
# tests (internal/render/axe_browser_test.go); Debian's npm when npm is missing.
AXE_DIR := .ci/browser/axe
LH_DIR  := .ci/browser/lighthouse

.PHONY: npm-deps axe-deps lighthouse-deps lighthouse
npm-deps:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "installing npm (Debian package)"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; \
	fi

axe-deps:
	@test -f $(AXE_DIR)/node_modules/axe-core/axe.min.js || { \
		$(MAKE) --no-print-directory npm-deps && \
		cd $(AXE_DIR) && npm ci --no-audit --no-fund --ignore-scripts --cache "$(CURDIR)/.ci/browser/.npm-cache"; }

# lighthouse builds $(SITE) into $(LH_OUT), serves it on 127.0.0.1 and runs
# npm's Lighthouse (mobile preset) with Debian's chromium over one page of
# every kind, printing the scores; it fails when a page misses a target
# (accessibility and best practices 100, SEO and performance 95). Pages:
# make lighthouse LH_PAGES='backlog/index.html'; several runs a page (median
# performance): LIGHTHOUSE_RUNS=3.
LH_OUT   ?= $(or $(TMPDIR),/tmp)/backlogsite-lighthouse
LH_PAGES ?=

lighthouse-deps: browser-deps
	@test -f $(LH_DIR)/node_modules/lighthouse/package.json || { \
		$(MAKE) --no-print-directory npm-deps && \
		cd $(LH_DIR) && npm ci --no-audit --no-fund --ignore-scripts --cache "$(CURDIR)/.ci/browser/.npm-cache"; }

lighthouse: lighthouse-deps
	rm -rf $(LH_OUT)
	$(GO) run ./cmd/backlogsite build -o $(LH_OUT) $(SITE)
	node $(LH_DIR)/run.mjs $(LH_OUT) $(LH_PAGES)
