package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"gopkg.in/yaml.v3"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/snapshot"
	"github.com/beckonhq/beckon/loyalty"
)

// Config is beckon.yaml. Every scalar key can be overridden by an
// environment variable named BECKON_ plus its upper-cased path joined by
// underscores (database_url → BECKON_DATABASE_URL, email.smtp_url →
// BECKON_EMAIL_SMTP_URL). deploy/beckon.yaml documents each key.
type Config struct {
	DatabaseURL string           `yaml:"database_url"`
	Listen      string           `yaml:"listen"`
	PublicURL   string           `yaml:"public_url"`
	Project     string           `yaml:"project"`
	LogLevel    string           `yaml:"log_level"`
	Chains      []ChainConfig    `yaml:"chains"`
	Contracts   []ContractConfig `yaml:"contracts"`
	Snapshot    []SnapshotConfig `yaml:"snapshot"`
	Delegation  DelegationConfig `yaml:"delegation"`
	Flows       []string         `yaml:"flows"`
	Email       EmailConfig      `yaml:"email"`
	Discord     DiscordConfig    `yaml:"discord"`
	Telegram    TelegramConfig   `yaml:"telegram"`
	SIWE        SIWEConfig       `yaml:"siwe"`
	Loyalty     loyalty.Config   `yaml:"loyalty"`
	Rewards     RewardsConfig    `yaml:"rewards"`
	UI          UIConfig         `yaml:"ui"`
	Journeys    JourneysConfig   `yaml:"journeys"`
	Community   CommunityConfig  `yaml:"community"`

	// Contacts, segments, scores and CRM sync (types in crmconfig.go, crmsync.go).
	Segments         []SegmentConfig        `yaml:"segments"`
	SegmentFiles     []string               `yaml:"segment_files"`
	Scores           ScoresConfig           `yaml:"scores"`
	HubSpot          HubSpotConfig          `yaml:"hubspot"`
	OutboundWebhooks OutboundWebhooksConfig `yaml:"outbound_webhooks"`
	API              APIConfig              `yaml:"api"`

	file string
	root *yaml.Node
}

// ChainConfig is one EVM chain and the RPC endpoints that serve it.
type ChainConfig struct {
	Name          string   `yaml:"name"`
	ChainID       uint64   `yaml:"chain_id"`
	RPC           []string `yaml:"rpc"`
	Confirmations int      `yaml:"confirmations"`
	PollInterval  string   `yaml:"poll_interval"`
	// Finality "safe" or "finalized" confirms events at the node's block
	// of that tag instead of counting confirmations.
	Finality string `yaml:"finality"`
	// Watchdog restarts the chain's source when its head stands still
	// this long while the node's advances.
	Watchdog string `yaml:"watchdog"`
}

// ContractConfig is one watched contract.
type ContractConfig struct {
	Name  string `yaml:"name"`
	Chain string `yaml:"chain"`
	// Address, or Addresses for several deployments sharing one name.
	Address    string   `yaml:"address"`
	Addresses  []string `yaml:"addresses"`
	Kind       string   `yaml:"kind"`
	StartBlock uint64   `yaml:"start_block"`
	// ABI, Events, WalletArg and EventKinds configure kind abi.
	ABI        string            `yaml:"abi"`
	Events     []string          `yaml:"events"`
	WalletArg  string            `yaml:"wallet_arg"`
	EventKinds map[string]string `yaml:"event_kinds"`

	custom *chain.CustomEvents // the parsed ABI of kind abi
}

// addresses lists every address of the contract.
func (ct ContractConfig) addresses() []common.Address {
	var out []common.Address
	if ct.Address != "" {
		out = append(out, common.HexToAddress(ct.Address))
	}
	for _, a := range ct.Addresses {
		out = append(out, common.HexToAddress(a))
	}
	return out
}

// sources are the decoder sources of the contract, one per address.
func (ct ContractConfig) sources() []chain.Source {
	var out []chain.Source
	for _, a := range ct.addresses() {
		out = append(out, chain.Source{Name: ct.Name, Address: a, Kind: ct.Kind, StartBlock: ct.StartBlock, Custom: ct.custom})
	}
	return out
}

// DelegationConfig counts cold vaults' holdings for linked hot wallets
// through the delegate.xyz v2 registry.
type DelegationConfig struct {
	Enabled  bool     `yaml:"enabled"`
	Registry string   `yaml:"registry"`
	Rights   []string `yaml:"rights"`
	Refresh  string   `yaml:"refresh"`
}

// SnapshotConfig follows one Snapshot space's proposals and votes.
type SnapshotConfig struct {
	Name         string `yaml:"name"`
	Space        string `yaml:"space"`
	Hub          string `yaml:"hub"`
	APIKeyEnv    string `yaml:"api_key_env"`
	PollInterval string `yaml:"poll_interval"`
}

// sourceNames lists the names events can carry as their source: contracts
// and Snapshot spaces.
func (c *Config) sourceNames() []string {
	names := []string{} // non-nil: an empty list means no name is valid
	for _, ct := range c.Contracts {
		names = append(names, ct.Name)
	}
	for _, s := range c.Snapshot {
		names = append(names, s.Name)
	}
	return names
}

// EmailConfig selects SMTP or the outbox folder.
type EmailConfig struct {
	SMTPURL        string `yaml:"smtp_url"`
	From           string `yaml:"from"`
	OutboxDir      string `yaml:"outbox_dir"`
	TemplatesDir   string `yaml:"templates_dir"`
	UnsubscribeURL string `yaml:"unsubscribe_url"`
	// Delivery, double opt-in and bounce intake; see cmd/beckon/email.go.
	SMTPPasswordEnv   string `yaml:"smtp_password_env"`
	UnsubscribeMailto string `yaml:"unsubscribe_mailto"`
	OptIn             string `yaml:"opt_in"`
	ConfirmURL        string `yaml:"confirm_url"`
	ConfirmTTL        string `yaml:"confirm_ttl"`
	OptInInterval     string `yaml:"opt_in_interval"`
	SendGridPublicKey string `yaml:"sendgrid_public_key"`
	WebhookSecretEnv  string `yaml:"webhook_secret_env"`
	PostmarkUser      string `yaml:"postmark_webhook_user"`
	PostmarkPassEnv   string `yaml:"postmark_webhook_password_env"`
}

// DiscordConfig configures the bot; without a token actions go to the log sink.
type DiscordConfig struct {
	TokenEnv string            `yaml:"token_env"`
	GuildID  string            `yaml:"guild_id"`
	Roles    map[string]string `yaml:"roles"`
	// ApplicationID registers the slash commands in guild_id at start.
	ApplicationID string `yaml:"application_id"`
	// PublicKey (hex) verifies POST /discord/interactions; empty: not served.
	PublicKey string `yaml:"public_key"`
	// AdminRole (a name in roles, or an id) may run admin commands.
	AdminRole string `yaml:"admin_role"`
	// Interactions: "gateway" (default) or "http".
	Interactions string `yaml:"interactions"`
	// LinkedRoles registers linked-role metadata (points, holdings, tier).
	LinkedRoles bool `yaml:"linked_roles"`
}

// TelegramConfig configures the bot; without a token actions go to the log sink.
type TelegramConfig struct {
	TokenEnv string `yaml:"token_env"`
	// Mode: "polling" (default, getUpdates) or "webhook".
	Mode string `yaml:"mode"`
	// WebhookURL is registered with setWebhook; default public_url + "/telegram/webhook".
	WebhookURL string `yaml:"webhook_url"`
	// WebhookSecretEnv names the env var holding the webhook secret token.
	WebhookSecretEnv string `yaml:"webhook_secret_env"`
	// Chats are the token-gated chats.
	Chats []TelegramChatConfig `yaml:"chats"`
	// APIEndpoint overrides the Bot API endpoint (a self-hosted Bot API
	// server): a format taking the token and the method.
	APIEndpoint string `yaml:"api_endpoint"`
}

// SIWEConfig sets what wallet-link messages must match.
type SIWEConfig struct {
	Domain   string `yaml:"domain"`
	URI      string `yaml:"uri"`
	NonceTTL string `yaml:"nonce_ttl"`
}

// RewardsConfig says where rewards are paid from and with what.
type RewardsConfig struct {
	Chain        string `yaml:"chain"`          // configured chain name
	Token        string `yaml:"token"`          // ERC-20 paid out
	Distributor  string `yaml:"distributor"`    // MerkleDistributor receiving epoch roots
	Badge        string `yaml:"badge"`          // ERC-1155 soulbound badge
	UnitPerPoint string `yaml:"unit_per_point"` // token base units per point, decimal
	Keystore     string `yaml:"keystore"`       // hot wallet keystore v3 file
	PasswordEnv  string `yaml:"password_env"`   // env var holding the keystore password
	PasswordFile string `yaml:"password_file"`  // or a file holding it
	MaxFeeGwei   string `yaml:"max_fee_gwei"`   // EIP-1559 fee cap
	BatchSize    int    `yaml:"batch_size"`     // transfers per payout batch
	// BadgeSettle is how long a contact must hold a tier before its badge
	// is minted. Default 10m.
	BadgeSettle string `yaml:"badge_settle"`
}

// ledger applies the loyalty section (season, tiers) to ledger writes.
func (c *Config) ledger() *loyalty.Ledger {
	return &loyalty.Ledger{Season: c.Loyalty.Season, Tiers: c.Loyalty.Tiers, Contracts: c.contractKinds()}
}

// contractKinds maps each configured contract name to its kind.
func (c *Config) contractKinds() map[string]string {
	kinds := make(map[string]string, len(c.Contracts))
	for _, ct := range c.Contracts {
		kinds[ct.Name] = ct.Kind
	}
	return kinds
}

// ConfigError locates a configuration problem; the CLI exits 2 on it.
type ConfigError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.File, e.Field, e.Msg)
}

// withDefaults fills what an empty file leaves unset.
func (c *Config) withDefaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:8080"
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Listen
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	if c.Email.From == "" {
		c.Email.From = "Beckon <hello@example.org>"
	}
	if c.Email.OutboxDir == "" {
		c.Email.OutboxDir = "outbox"
	}
	c.emailDefaults()
	if c.HubSpot.TokenEnv == "" {
		c.HubSpot.TokenEnv = "HUBSPOT_TOKEN"
	}
	if c.Discord.TokenEnv == "" {
		c.Discord.TokenEnv = "DISCORD_TOKEN"
	}
	if c.Telegram.TokenEnv == "" {
		c.Telegram.TokenEnv = "TELEGRAM_TOKEN"
	}
	c.communityDefaults()
	if c.SIWE.NonceTTL == "" {
		c.SIWE.NonceTTL = "10m"
	}
	if c.API.CustomEventSecretEnv == "" {
		c.API.CustomEventSecretEnv = "BECKON_CUSTOM_EVENT_SECRET"
	}
	if c.Rewards.BadgeSettle == "" {
		c.Rewards.BadgeSettle = "10m"
	}
	for i := range c.Chains {
		if c.Chains[i].PollInterval == "" {
			c.Chains[i].PollInterval = "2s"
		}
		if c.Chains[i].Watchdog == "" {
			c.Chains[i].Watchdog = "60s"
		}
	}
	if c.Delegation.Refresh == "" {
		c.Delegation.Refresh = "1h"
	}
	for i := range c.Snapshot {
		if c.Snapshot[i].Hub == "" {
			c.Snapshot[i].Hub = snapshot.DefaultHub
		}
		if c.Snapshot[i].PollInterval == "" {
			c.Snapshot[i].PollInterval = "1m"
		}
	}
}

// LoadConfig reads path (empty: defaults only), applies environment
// overrides and validates.
func LoadConfig(path string, env func(string) string) (*Config, error) {
	c := &Config{file: path}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, &ConfigError{File: path, Field: "file", Msg: err.Error()}
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, yamlError(path, err)
		}
		c.root = &root
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
			return nil, yamlError(path, err)
		}
	} else {
		c.file = "(defaults)"
	}
	if err := applyEnv(reflect.ValueOf(c).Elem(), "BECKON", env); err != nil {
		return nil, err
	}
	c.withDefaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

var (
	yamlLine        = regexp.MustCompile(`line (\d+): (.*)`)
	yamlParserError = regexp.MustCompile(`^(did not find expected|found duplicate %|found incompatible YAML|found undefined tag)`)
)

// yamlError turns yaml.v3's messages into file:line: field: message.
func yamlError(file string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if yamlParserError.MatchString(m[2]) {
			// yaml.v3 reports parser (not scanner) errors with the 0-based
			// line of the construct left unfinished.
			line++
		}
		field := "yaml"
		if f := regexp.MustCompile(`field (\S+) not found`).FindStringSubmatch(m[2]); f != nil {
			field = f[1]
		}
		return &ConfigError{File: file, Line: line, Field: field, Msg: m[2]}
	}
	return &ConfigError{File: file, Field: "yaml", Msg: msg}
}

// lineOf finds the line of a dotted path like "contracts.1.address".
func (c *Config) lineOf(path string) int {
	if c.root == nil || len(c.root.Content) == 0 {
		return 0
	}
	n := c.root.Content[0]
	line := n.Line
	for _, part := range strings.Split(path, ".") {
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return line
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(n.Content) {
				return line
			}
			n = n.Content[i]
			line = n.Line
		default:
			return line
		}
	}
	return line
}

func (c *Config) errorf(field, format string, args ...any) error {
	return &ConfigError{File: c.file, Line: c.lineOf(field), Field: field, Msg: fmt.Sprintf(format, args...)}
}

func (c *Config) validate() error {
	if err := c.validateAPI(); err != nil {
		return err
	}
	chains := map[string]bool{}
	for i, ch := range c.Chains {
		p := fmt.Sprintf("chains.%d", i)
		switch {
		case ch.Name == "":
			return c.errorf(p+".name", "required")
		case chains[ch.Name]:
			return c.errorf(p+".name", "chain %q defined twice", ch.Name)
		case ch.ChainID == 0:
			return c.errorf(p+".chain_id", "required and non-zero")
		case len(ch.RPC) == 0:
			return c.errorf(p+".rpc", "at least one RPC URL is required")
		case ch.Confirmations < 0:
			return c.errorf(p+".confirmations", "must not be negative")
		case !positiveDuration(ch.PollInterval):
			return c.errorf(p+".poll_interval", "%q is not a positive duration such as 2s", ch.PollInterval)
		case ch.Finality != "" && ch.Finality != "safe" && ch.Finality != "finalized":
			return c.errorf(p+".finality", "%q is not safe or finalized (or empty to count confirmations)", ch.Finality)
		case !positiveDuration(ch.Watchdog):
			return c.errorf(p+".watchdog", "%q is not a positive duration such as 60s", ch.Watchdog)
		}
		for j, u := range ch.RPC {
			if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
				return c.errorf(fmt.Sprintf("%s.rpc.%d", p, j), "%q is not an http(s):// or ws(s):// URL", u)
			}
		}
		chains[ch.Name] = true
	}
	names := map[string]bool{}
	seen := map[string]string{} // chain/address -> contract
	for i := range c.Contracts {
		ct := &c.Contracts[i]
		p := fmt.Sprintf("contracts.%d", i)
		switch {
		case ct.Name == "":
			return c.errorf(p+".name", "required")
		case names[ct.Name]:
			return c.errorf(p+".name", "contract %q defined twice", ct.Name)
		case !chains[ct.Chain]:
			return c.errorf(p+".chain", "unknown chain %q", ct.Chain)
		case ct.Address == "" && len(ct.Addresses) == 0:
			return c.errorf(p+".address", "required (or addresses)")
		case ct.Address != "" && !common.IsHexAddress(ct.Address):
			return c.errorf(p+".address", "%q is not a 0x-prefixed 20-byte hex address", ct.Address)
		case !validKind(ct.Kind):
			return c.errorf(p+".kind", "unknown kind %q (valid: %s)", ct.Kind, strings.Join(chain.SourceKinds, ", "))
		}
		for j, a := range ct.Addresses {
			if !common.IsHexAddress(a) {
				return c.errorf(fmt.Sprintf("%s.addresses.%d", p, j), "%q is not a 0x-prefixed 20-byte hex address", a)
			}
		}
		for _, a := range ct.addresses() {
			key := ct.Chain + "/" + a.Hex()
			if other, dup := seen[key]; dup {
				return c.errorf(p+".address", "%s is already watched on chain %s by contract %q", a.Hex(), ct.Chain, other)
			}
			seen[key] = ct.Name
		}
		if err := c.validateCustom(p, ct); err != nil {
			return err
		}
		names[ct.Name] = true
	}
	for i, sn := range c.Snapshot {
		p := fmt.Sprintf("snapshot.%d", i)
		switch {
		case sn.Name == "":
			return c.errorf(p+".name", "required")
		case names[sn.Name]:
			return c.errorf(p+".name", "source %q defined twice (names are shared with contracts)", sn.Name)
		case sn.Space == "":
			return c.errorf(p+".space", "required: the space id, such as ens.eth")
		case !strings.HasPrefix(sn.Hub, "http://") && !strings.HasPrefix(sn.Hub, "https://"):
			return c.errorf(p+".hub", "%q is not an http(s):// URL", sn.Hub)
		case !positiveDuration(sn.PollInterval):
			return c.errorf(p+".poll_interval", "%q is not a positive duration such as 1m", sn.PollInterval)
		}
		names[sn.Name] = true
	}
	if c.Delegation.Registry != "" && !common.IsHexAddress(c.Delegation.Registry) {
		return c.errorf("delegation.registry", "%q is not a 0x-prefixed 20-byte hex address", c.Delegation.Registry)
	}
	for i, r := range c.Delegation.Rights {
		if len(r) == 0 || len(r) > 32 {
			return c.errorf(fmt.Sprintf("delegation.rights.%d", i), "%q must be 1 to 32 bytes", r)
		}
	}
	if !positiveDuration(c.Delegation.Refresh) {
		return c.errorf("delegation.refresh", "%q is not a positive duration such as 1h", c.Delegation.Refresh)
	}
	if err := c.validateEmail(); err != nil {
		return err
	}
	if !positiveDuration(c.SIWE.NonceTTL) {
		return c.errorf("siwe.nonce_ttl", "%q is not a positive duration such as 10m", c.SIWE.NonceTTL)
	}
	if d, err := time.ParseDuration(c.Rewards.BadgeSettle); err != nil || d < 0 {
		return c.errorf("rewards.badge_settle", "%q is not a duration of 0 or more such as 10m", c.Rewards.BadgeSettle)
	}
	if err := c.validateRulesAndTiers(); err != nil {
		return err
	}
	if err := c.validateQuestsAndSybil(); err != nil {
		return err
	}
	if err := c.validateUI(); err != nil {
		return err
	}
	if err := c.validateCRM(); err != nil {
		return err
	}
	if c.DatabaseURL != "" && !strings.Contains(c.DatabaseURL, "://") && strings.HasPrefix(c.DatabaseURL, "-") {
		return c.errorf("database_url", "not a URL or file path")
	}
	return nil
}

func positiveDuration(s string) bool {
	d, err := time.ParseDuration(s)
	return err == nil && d > 0
}

func validKind(k string) bool {
	for _, v := range chain.SourceKinds {
		if v == k {
			return true
		}
	}
	return false
}

// applyEnv overrides scalar fields from BECKON_* variables.
func applyEnv(v reflect.Value, prefix string, env func(string) string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		name := prefix + "_" + strings.ToUpper(tag)
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.Struct:
			if err := applyEnv(fv, name, env); err != nil {
				return err
			}
		case reflect.String:
			if s := env(name); s != "" {
				fv.SetString(s)
			}
		case reflect.Int, reflect.Uint64:
			if s := env(name); s != "" {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return &ConfigError{File: "environment", Field: name, Msg: "not an integer: " + s}
				}
				if fv.Kind() == reflect.Int {
					fv.SetInt(n)
				} else {
					fv.SetUint(uint64(n))
				}
			}
		case reflect.Bool:
			if s := env(name); s != "" {
				b, err := strconv.ParseBool(s)
				if err != nil {
					return &ConfigError{File: "environment", Field: name, Msg: "not a boolean: " + s}
				}
				fv.SetBool(b)
			}
		case reflect.Slice:
			if s := env(name); s != "" && fv.Type().Elem().Kind() == reflect.String {
				fv.Set(reflect.ValueOf(splitComma(s)))
			}
		}
	}
	return nil
}

// validateCustom loads the ABI of a kind abi contract and checks its
// events, so a typo is a config error rather than a silent gap.
func (c *Config) validateCustom(p string, ct *ContractConfig) error {
	if ct.Kind != chain.SourceABI {
		switch {
		case ct.ABI != "":
			return c.errorf(p+".abi", "only for kind abi")
		case len(ct.Events) > 0:
			return c.errorf(p+".events", "only for kind abi")
		case ct.WalletArg != "":
			return c.errorf(p+".wallet_arg", "only for kind abi")
		case len(ct.EventKinds) > 0:
			return c.errorf(p+".event_kinds", "only for kind abi")
		}
		return nil
	}
	if ct.ABI == "" {
		return c.errorf(p+".abi", "required for kind abi: a path to an ABI JSON or a Foundry/Hardhat artifact")
	}
	if len(ct.Events) == 0 {
		return c.errorf(p+".events", "required for kind abi: the event names to index")
	}
	path := ct.ABI
	if !filepath.IsAbs(path) && c.file != "" && c.file != "(defaults)" {
		// Next to the config file, so the file and its ABIs move together.
		path = filepath.Join(filepath.Dir(c.file), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c.errorf(p+".abi", "%v", err)
	}
	parsed, err := chain.ParseABI(data)
	if err != nil {
		return c.errorf(p+".abi", "%s: %v", ct.ABI, err)
	}
	custom := &chain.CustomEvents{ABI: parsed, Events: ct.Events, WalletArg: ct.WalletArg, Kinds: map[string]chain.Kind{}}
	for name, k := range ct.EventKinds {
		custom.Kinds[name] = chain.Kind(k)
	}
	if _, err := chain.NewDecoder([]chain.Source{{Name: ct.Name, Kind: chain.SourceABI, Custom: custom}}); err != nil {
		field := p + ".events"
		if strings.Contains(err.Error(), "kind of ") {
			field = p + ".event_kinds"
		} else if strings.Contains(err.Error(), "wallet argument") {
			field = p + ".wallet_arg"
		}
		return c.errorf(field, "%v", errors.Unwrap(err))
	}
	ct.custom = custom
	return nil
}
