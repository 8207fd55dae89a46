package github

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
)

func TestDefaultPoints(t *testing.T) {
	p, err := NewPoints("")
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]float64{
		"points/3": 3, "Points: 5": 5, "point:1": 1, "size: 3": 3, "size/8": 8, "SP: 2": 2, "estimate=13": 13,
		"3 points": 3, "1 point": 1, "0.5 pts": 0.5, "5sp": 5,
		"size: L": -1, "points": -1, "3": -1, "priority: 3": -1, "p1": -1,
	} {
		got, ok := p.match(label)
		if (want < 0) == ok || (ok && got != want) {
			t.Errorf("match(%q) = %v, %v; want %v", label, got, ok, want)
		}
	}
}

func TestCustomPoints(t *testing.T) {
	p, err := NewPoints("size: {n}")
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]float64{"size: 3": 3, "Size:5": 5, "size:  2.5": 2.5, "points/3": -1, "size: 3 pts": -1} {
		got, ok := p.match(label)
		if (want < 0) == ok || (ok && got != want) {
			t.Errorf("match(%q) = %v, %v; want %v", label, got, ok, want)
		}
	}
	p, _ = NewPoints("{n}SP (est.)")
	if got, ok := p.match("8sp (EST.)"); !ok || got != 8 {
		t.Errorf("literal characters of the pattern are not literal: %v %v", got, ok)
	}
	for _, bad := range []string{"size", "{n} of {n}"} {
		if _, err := NewPoints(bad); err == nil {
			t.Errorf("NewPoints(%q) accepted", bad)
		}
	}
}

func TestLabelClasses(t *testing.T) {
	for label, want := range map[string]importer.Priority{
		"priority: high": importer.High, "Priority/Critical": importer.Critical, "P0": importer.Critical, "p2": importer.Medium,
		"prio-low": importer.Low, "urgent": importer.Critical, "priority: p3": importer.Low,
	} {
		if got, ok := priorityOf(label); !ok || got != want {
			t.Errorf("priorityOf(%q) = %s, %v; want %s", label, got, ok, want)
		}
	}
	if _, ok := priorityOf("high contrast"); ok {
		t.Error("a label mentioning high is no priority")
	}
	for label, want := range map[string]string{"type: bug": "bug", "kind/tech-debt": "tech-debt", "Status: In progress": "in progress", "Epic": "epic", "typeface": "typeface"} {
		if got := labelName(label); got != want {
			t.Errorf("labelName(%q) = %q, want %q", label, got, want)
		}
	}
}
