package loyalty

// Rule awards points for chain events.
type Rule struct{}
