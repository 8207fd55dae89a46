package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/generator"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestServeCommand runs `serve` as the user does: a free port, the address
// on the terminal, and a clean stop on interrupt with a page still open.
func TestServeCommand(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := &sitetest.SyncBuffer{}, &sitetest.SyncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-port", "0", dir}, stdout, stderr) }()
	addr := regexp.MustCompile(`serving .* at (http://127\.0\.0\.1:\d+/)`)
	sitetest.WaitFor(t, 10*time.Second, "the address", func() (bool, string) {
		return addr.MatchString(stdout.String()), stdout.String() + stderr.String()
	})
	url := addr.FindStringSubmatch(stdout.String())[1]
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Live test site") {
		t.Errorf("GET %s: %d %.200s", url, resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after interrupt: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of the interrupt")
	}
	if !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("terminal: %s", stdout.String())
	}
}

func TestServePortInUse(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	err = run(context.Background(), []string{"serve", "-port", strconv.Itoa(port), dir}, io.Discard, io.Discard)
	want := fmt.Sprintf("port %d is in use; pick another with -port", port)
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	var ue *usageError
	if errors.As(err, &ue) {
		t.Error("a port in use is not a usage error")
	}
}

// TestBuildHasNoLiveReload: the script is added when serving, never to
// what is built.
func TestBuildHasNoLiveReload(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.BuildOptions{SiteDir: dir, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if bytes.Contains(data, []byte("__backlogsite")) || bytes.Contains(data, []byte("EventSource")) {
			t.Errorf("%s contains the live-reload script", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
