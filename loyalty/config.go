package loyalty

// Config is the loyalty section of beckon.yaml.
type Config struct {
	// Season names the current season; entries carry it, so season
	// leaderboards and season caps restart when it changes.
	Season string     `yaml:"season"`
	Rules  []Rule     `yaml:"rules"`
	Tiers  []Tier     `yaml:"tiers"`
	Quests []Quest    `yaml:"quests"`
	Sybil  SybilRules `yaml:"sybil"`
}
