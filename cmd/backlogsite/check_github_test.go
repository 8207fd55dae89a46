package main

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// TestAnnotation pins the escaping of the runner's workflow commands: a
// message ends at a line break, a property also at , and :.
func TestAnnotation(t *testing.T) {
	tests := []struct {
		err  model.Error
		want string
	}{
		{model.Error{Pos: model.Pos{Path: "a/b.toml", Line: 3, Col: 7}, Msg: "x"},
			"::error file=a/b.toml,line=3,col=7,title=backlogsite check::x"},
		{model.Error{Pos: model.Pos{Path: "c:,d%.toml", Line: 2}, Msg: "50%: one\r\ntwo, three"},
			"::error file=c%3A%2Cd%25.toml,line=2,title=backlogsite check::50%25: one%0D%0Atwo, three"},
		{model.Error{Msg: "no file"}, "::error title=backlogsite check::no file"},
	}
	for _, tt := range tests {
		if got := annotation(&tt.err); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}
