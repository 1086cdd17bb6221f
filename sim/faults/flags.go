package faults

// LatencyValue is a flag.Value (and spf13/pflag.Value) holding a latency
// parsed with ParseLatency.
type LatencyValue struct{ Latency Latency }

// Set parses s.
func (v *LatencyValue) Set(s string) error {
	l, err := ParseLatency(s)
	if err != nil {
		return err
	}
	v.Latency = l
	return nil
}

// String returns the latency in flag form, or "none".
func (v *LatencyValue) String() string {
	if v == nil || v.Latency == nil {
		return "none"
	}
	return v.Latency.String()
}

// Type names the value for pflag's help output.
func (v *LatencyValue) Type() string { return "latency" }

// RatesValue is a flag.Value (and spf13/pflag.Value) holding rates parsed
// with ParseRates.
type RatesValue struct{ Rates Rates }

// Set parses s.
func (v *RatesValue) Set(s string) error {
	r, err := ParseRates(s)
	if err != nil {
		return err
	}
	v.Rates = r
	return nil
}

// String returns the rates in flag form.
func (v *RatesValue) String() string {
	if v == nil {
		return ""
	}
	return v.Rates.String()
}

// Type names the value for pflag's help output.
func (v *RatesValue) Type() string { return "rates" }
