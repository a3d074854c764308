package loyalty

// SybilRules are the eligibility rules for rewards.
type SybilRules struct{}
