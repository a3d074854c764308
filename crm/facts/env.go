package facts

import (
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
)

// Contact fact keys, as conditions read them (`contact.<key>`). Keys that
// have no value for a contact (first_activity of a contact never seen
// on-chain, say) are absent: a comparison on them fails to evaluate, and a
// segment counts that as "not a member", like NULL in SQL.
const (
	KeyID                = "id"                  // int
	KeyEmail             = "email"               // string
	KeyWallet            = "wallet"              // string, first wallet or ""
	KeyWallets           = "wallets"             // list of EIP-55 strings
	KeyIdentities        = "identities"          // map kind → first value
	KeyLinked            = "linked"              // list of identity kinds
	KeyTraits            = "traits"              // map name → string, double, bool or timestamp
	KeyTimezone          = "timezone"            // string
	KeyLocale            = "locale"              // string
	KeyPoints            = "points"              // int
	KeyTier              = "tier"                // string
	KeyMints             = "mints"               // int
	KeyTransfers         = "transfers"           // int (received)
	KeyVotes             = "votes"               // int
	KeyProposals         = "proposals"           // int
	KeyClaims            = "claims"              // int
	KeyStakes            = "stakes"              // int
	KeyUnstakes          = "unstakes"            // int
	KeyEvents            = "events"              // int, all on-chain events
	KeyEvents90d         = "events_90d"          // int, in the last 90 days
	KeyStaked            = "staked"              // bool
	KeyStakedAmount      = "staked_amount"       // string, exact
	KeyStakedValue       = "staked_value"        // double
	KeyStakedSince       = "staked_since"        // timestamp, when staked
	KeyStakedDays        = "staked_days"         // double, when staked
	KeyFirstActivity     = "first_activity"      // timestamp
	KeyLastActivity      = "last_activity"       // timestamp
	KeyFirstActivityDays = "first_activity_days" // double, days since
	KeyLastActivityDays  = "last_activity_days"  // double, days since
	KeyHoldings          = "holdings"            // map contract → {balance: double, tokens: int}
	KeyScores            = "scores"              // map {engagement: double 0–100, churn_risk: double 0–1}
	KeySegments          = "segments"            // list of segment names
)

// NewContactEnv is the CEL environment of contact conditions: `contact`
// (the fact map) and `now` (a timestamp).
func NewContactEnv() (*cel.Env, error) {
	env, err := cel.NewEnv(
		cel.Variable("contact", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("now", cel.TimestampType),
		ext.Strings(),
	)
	if err != nil {
		return nil, fmt.Errorf("create cel environment: %w", err)
	}
	return env, nil
}
