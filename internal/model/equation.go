package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Equation is a parsed scorecard equation (SPEC §2.1): arithmetic over metric
// keys and numbers with + - * /, unary minus, parentheses and the functions
// min, max, log and sqrt. It is parsed by hand rather than with a general
// expression language so that nothing but this grammar can ever run.
type Equation struct {
	Source string
	root   eqNode
	names  []string
}

type eqNode interface {
	eval(vars map[string]float64) (float64, error)
}

type (
	eqNum float64
	eqVar string
	eqNeg struct{ x eqNode }
	eqBin struct {
		op   byte
		l, r eqNode
	}
	eqCall struct {
		fn   string
		args []eqNode
	}
)

// EquationFuncs maps each function to its number of arguments (−1: one or more).
var EquationFuncs = map[string]int{"min": -1, "max": -1, "log": 1, "sqrt": 1}

// ParseEquation parses src. Every name must be a metric (isMetric); a
// function name used as a variable or an unknown name is an error. The error
// says at which byte offset of src the problem lies.
func ParseEquation(src string, isMetric func(string) bool) (*Equation, error) {
	p := &eqParser{src: src, isMetric: isMetric, seen: map[string]bool{}}
	p.next()
	root, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok != eqEOF {
		return nil, p.errorf("unexpected %s", p.describe())
	}
	return &Equation{Source: src, root: root, names: p.names}, nil
}

// Names lists the metric keys the equation uses, in order of first use.
func (e *Equation) Names() []string { return e.names }

// Eval computes the equation. A division by zero, a log or sqrt outside its
// domain, or any result that is not a finite number is an error.
func (e *Equation) Eval(vars map[string]float64) (float64, error) {
	v, err := e.root.eval(vars)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("equation %q is not a finite number", e.Source)
	}
	return v, nil
}

func (n eqNum) eval(map[string]float64) (float64, error) { return float64(n), nil }

func (n eqVar) eval(vars map[string]float64) (float64, error) {
	v, ok := vars[string(n)]
	if !ok {
		return 0, fmt.Errorf("metric %q has no value", string(n))
	}
	return v, nil
}

func (n eqNeg) eval(vars map[string]float64) (float64, error) {
	v, err := n.x.eval(vars)
	return -v, err
}

func (n eqBin) eval(vars map[string]float64) (float64, error) {
	l, err := n.l.eval(vars)
	if err != nil {
		return 0, err
	}
	r, err := n.r.eval(vars)
	if err != nil {
		return 0, err
	}
	var v float64
	switch n.op {
	case '+':
		v = l + r
	case '-':
		v = l - r
	case '*':
		v = l * r
	case '/':
		if r == 0 {
			return 0, fmt.Errorf("division by zero")
		}
		v = l / r
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("result is not a finite number")
	}
	return v, nil
}

func (n eqCall) eval(vars map[string]float64) (float64, error) {
	args := make([]float64, len(n.args))
	for i, a := range n.args {
		v, err := a.eval(vars)
		if err != nil {
			return 0, err
		}
		args[i] = v
	}
	switch n.fn {
	case "min", "max":
		v := args[0]
		for _, a := range args[1:] {
			if (n.fn == "min") == (a < v) {
				v = a
			}
		}
		return v, nil
	case "log":
		if args[0] <= 0 {
			return 0, fmt.Errorf("log of %s, which is not positive", FormatNumber(args[0]))
		}
		return math.Log(args[0]), nil
	default: // sqrt
		if args[0] < 0 {
			return 0, fmt.Errorf("sqrt of %s, which is negative", FormatNumber(args[0]))
		}
		return math.Sqrt(args[0]), nil
	}
}

// FormatNumber writes v as briefly as it round-trips (8, 0.25, 1e-9).
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

type eqToken int

const (
	eqEOF eqToken = iota
	eqNumber
	eqName
	eqPunct
	eqBad
)

type eqParser struct {
	src      string
	off      int // offset after the current token
	tokStart int
	tok      eqToken
	lit      string
	isMetric func(string) bool
	seen     map[string]bool
	names    []string
	depth    int
}

// EquationError is a problem at a byte offset of an equation.
type EquationError struct {
	Offset int
	Msg    string
}

func (e *EquationError) Error() string { return e.Msg }

func (p *eqParser) errorf(format string, args ...any) error {
	return &EquationError{Offset: p.tokStart, Msg: fmt.Sprintf(format, args...)}
}

func (p *eqParser) describe() string {
	switch p.tok {
	case eqEOF:
		return "end of equation"
	case eqNumber, eqName:
		return fmt.Sprintf("%q", p.lit)
	}
	return fmt.Sprintf("%q", p.lit)
}

func isEqNameByte(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && (c >= '0' && c <= '9')
}

func (p *eqParser) next() {
	for p.off < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.off]) >= 0 {
		p.off++
	}
	p.tokStart = p.off
	if p.off >= len(p.src) {
		p.tok, p.lit = eqEOF, ""
		return
	}
	c := p.src[p.off]
	switch {
	case c >= '0' && c <= '9' || c == '.':
		end := p.off
		for end < len(p.src) && (p.src[end] >= '0' && p.src[end] <= '9' || p.src[end] == '.') {
			end++
		}
		// An exponent: 1e9, 2.5E-3.
		if end < len(p.src) && (p.src[end] == 'e' || p.src[end] == 'E') {
			e := end + 1
			if e < len(p.src) && (p.src[e] == '+' || p.src[e] == '-') {
				e++
			}
			if e < len(p.src) && p.src[e] >= '0' && p.src[e] <= '9' {
				for e < len(p.src) && p.src[e] >= '0' && p.src[e] <= '9' {
					e++
				}
				end = e
			}
		}
		p.tok, p.lit, p.off = eqNumber, p.src[p.off:end], end
	case isEqNameByte(c, true):
		end := p.off
		for end < len(p.src) && isEqNameByte(p.src[end], false) {
			end++
		}
		p.tok, p.lit, p.off = eqName, p.src[p.off:end], end
	case strings.IndexByte("+-*/(),", c) >= 0:
		p.tok, p.lit, p.off = eqPunct, p.src[p.off:p.off+1], p.off+1
	default:
		r := []rune(p.src[p.off:])[0]
		p.tok, p.lit, p.off = eqBad, string(r), p.off+len(string(r))
	}
}

func (p *eqParser) is(punct string) bool { return p.tok == eqPunct && p.lit == punct }

// expr = term { ("+" | "-") term }
func (p *eqParser) expr() (eqNode, error) {
	// Deep nesting could exhaust the stack on hostile input.
	if p.depth++; p.depth > 200 {
		return nil, p.errorf("equation is nested too deeply")
	}
	defer func() { p.depth-- }()
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.is("+") || p.is("-") {
		op := p.lit[0]
		p.next()
		r, err := p.term()
		if err != nil {
			return nil, err
		}
		l = eqBin{op: op, l: l, r: r}
	}
	return l, nil
}

// term = unary { ("*" | "/") unary }
func (p *eqParser) term() (eqNode, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.is("*") || p.is("/") {
		op := p.lit[0]
		p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = eqBin{op: op, l: l, r: r}
	}
	return l, nil
}

// unary = "-" unary | primary
func (p *eqParser) unary() (eqNode, error) {
	if p.is("-") {
		if p.depth++; p.depth > 200 {
			return nil, p.errorf("equation is nested too deeply")
		}
		defer func() { p.depth-- }()
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return eqNeg{x}, nil
	}
	return p.primary()
}

// primary = number | name | name "(" expr { "," expr } ")" | "(" expr ")"
func (p *eqParser) primary() (eqNode, error) {
	switch {
	case p.tok == eqNumber:
		v, err := strconv.ParseFloat(p.lit, 64)
		if err != nil || math.IsInf(v, 0) {
			return nil, p.errorf("bad number %q", p.lit)
		}
		p.next()
		return eqNum(v), nil
	case p.tok == eqName:
		name := p.lit
		if arity, isFunc := EquationFuncs[name]; isFunc {
			p.next()
			if !p.is("(") {
				return nil, p.errorf("function %s needs its arguments in parentheses", name)
			}
			p.next()
			var args []eqNode
			for {
				a, err := p.expr()
				if err != nil {
					return nil, err
				}
				args = append(args, a)
				if !p.is(",") {
					break
				}
				p.next()
			}
			if !p.is(")") {
				return nil, p.errorf("expected \",\" or \")\" in call of %s, found %s", name, p.describe())
			}
			if arity > 0 && len(args) != arity {
				return nil, p.errorf("function %s takes %d argument, not %d", name, arity, len(args))
			}
			p.next()
			return eqCall{fn: name, args: args}, nil
		}
		if !p.isMetric(name) {
			return nil, p.errorf("unknown name %q (not a metric of the scorecard)", name)
		}
		if !p.seen[name] {
			p.seen[name] = true
			p.names = append(p.names, name)
		}
		p.next()
		return eqVar(name), nil
	case p.is("("):
		p.next()
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.is(")") {
			return nil, p.errorf("expected \")\", found %s", p.describe())
		}
		p.next()
		return x, nil
	}
	return nil, p.errorf("expected a number, a metric or \"(\", found %s", p.describe())
}
