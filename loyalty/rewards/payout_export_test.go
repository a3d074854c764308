package rewards

// SetCrashAt installs the step-boundary hook of p: a non-nil error from f
// aborts the run at once, as a crash would.
func SetCrashAt(p *Payer, f func(step string) error) { p.crashAt = f }
