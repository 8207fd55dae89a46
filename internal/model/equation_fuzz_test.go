package model

import (
	"errors"
	"math"
	"testing"
)

// FuzzEquation: no equation text makes the parser or Eval panic or loop;
// a parse error says where in the text it lies; Eval gives a finite number
// or an error, whatever the metrics' values.
func FuzzEquation(f *testing.F) {
	for _, seed := range []string{
		"value / effort", "(business_value + time_criticality + risk_reduction) / job_size",
		"reach * impact * confidence / effort", "min(a, b, 3) - max(a) * -log(b) + sqrt(a / b)",
		"1e308 * 1e308", "a / (b - b)", "log(0)", "sqrt(-1)", "((((a))))", "--a", "a +", "min()", "2.5E-3 * a", "é",
	} {
		f.Add(seed, 3.0, 2.0)
	}
	f.Add("a * b", math.MaxFloat64, 2.0)
	f.Add("a - b", math.Inf(1), math.Inf(1))
	f.Add("max(a, b)", math.NaN(), 1.0)
	known := map[string]bool{"a": true, "b": true, "value": true, "effort": true}
	f.Fuzz(func(t *testing.T, src string, a, b float64) {
		eq, err := ParseEquation(src, func(name string) bool { return known[name] })
		if err != nil {
			var ee *EquationError
			if !errors.As(err, &ee) || ee.Offset < 0 || ee.Offset > len(src) || ee.Msg == "" {
				t.Fatalf("ParseEquation(%q): error %v does not say where", src, err)
			}
			return
		}
		for _, name := range eq.Names() {
			if !known[name] {
				t.Fatalf("ParseEquation(%q) accepted the unknown name %q", src, name)
			}
		}
		vars := map[string]float64{"a": a, "b": b, "value": a, "effort": b}
		v, err := eq.Eval(vars)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Eval(%q) with a=%g b=%g = %g without an error", src, a, b, v)
		}
	})
}
