package loyalty

// Quest is a named set of conditions with a completion bonus.
type Quest struct{}
