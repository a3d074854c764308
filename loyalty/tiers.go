package loyalty

// Tier is a named level reached at a points threshold.
type Tier struct{}
