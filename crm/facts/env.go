package facts

import (
	"fmt"
	"reflect"
	"time"

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

// Env is the CEL environment of contact conditions, in two parts: Check
// declares `contact` with the fact schema (Schema), so a misspelt or
// mistyped fact is an error when a condition is compiled; Eval declares it
// as a map, so a fact a contact lacks is absent (see above) instead of a
// zero value. Compile with Compile and run programs of Eval.
type Env struct {
	Check, Eval *cel.Env
}

// Schema declares the type of every fact key for checking conditions.
// Keep it in step with the keys above: each key is one field, tagged.
type Schema struct {
	ID                int64              `cel:"id"`
	Email             string             `cel:"email"`
	Wallet            string             `cel:"wallet"`
	Wallets           []string           `cel:"wallets"`
	Identities        map[string]string  `cel:"identities"`
	Linked            []string           `cel:"linked"`
	Traits            map[string]any     `cel:"traits"`
	Timezone          string             `cel:"timezone"`
	Locale            string             `cel:"locale"`
	Points            int64              `cel:"points"`
	Tier              string             `cel:"tier"`
	Mints             int64              `cel:"mints"`
	Transfers         int64              `cel:"transfers"`
	Votes             int64              `cel:"votes"`
	Proposals         int64              `cel:"proposals"`
	Claims            int64              `cel:"claims"`
	Stakes            int64              `cel:"stakes"`
	Unstakes          int64              `cel:"unstakes"`
	Events            int64              `cel:"events"`
	Events90d         int64              `cel:"events_90d"`
	Staked            bool               `cel:"staked"`
	StakedAmount      string             `cel:"staked_amount"`
	StakedValue       float64            `cel:"staked_value"`
	StakedSince       time.Time          `cel:"staked_since"`
	StakedDays        float64            `cel:"staked_days"`
	FirstActivity     time.Time          `cel:"first_activity"`
	LastActivity      time.Time          `cel:"last_activity"`
	FirstActivityDays float64            `cel:"first_activity_days"`
	LastActivityDays  float64            `cel:"last_activity_days"`
	Holdings          map[string]Holding `cel:"holdings"`
	Scores            Scores             `cel:"scores"`
	Segments          []string           `cel:"segments"`
}

// Holding is the schema of one contract's holdings fact.
type Holding struct {
	Balance float64 `cel:"balance"`
	Tokens  int64   `cel:"tokens"`
}

// Scores is the schema of the scores fact.
type Scores struct {
	Engagement float64 `cel:"engagement"`
	ChurnRisk  float64 `cel:"churn_risk"`
}

// NewContactEnv builds the environment of contact conditions: `contact`
// and `now` (a timestamp).
func NewContactEnv() (*Env, error) {
	common := []cel.EnvOption{
		cel.Variable("now", cel.TimestampType),
		ext.Strings(),
		// `contact.last_activity_days < 30` compares a double with an int.
		cel.CrossTypeNumericComparisons(true),
	}
	check, err := cel.NewEnv(append(common,
		ext.NativeTypes(reflect.TypeFor[Schema](), ext.ParseStructTags(true)),
		cel.Variable("contact", cel.ObjectType("facts.Schema")))...)
	if err != nil {
		return nil, fmt.Errorf("create cel environment: %w", err)
	}
	eval, err := cel.NewEnv(append(common, cel.Variable("contact", cel.MapType(cel.StringType, cel.DynType)))...)
	if err != nil {
		return nil, fmt.Errorf("create cel environment: %w", err)
	}
	return &Env{Check: check, Eval: eval}, nil
}

// Compile type-checks expr against the fact schema, then compiles it for
// Eval. The issues of a failed check name the unknown field or the
// mismatched types.
func (e *Env) Compile(expr string) (*cel.Ast, error) {
	typed, iss := e.Check.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return nil, iss.Err()
	}
	if t := typed.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
		return nil, fmt.Errorf("must evaluate to bool, got %s", t)
	}
	checked, iss := e.Eval.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return nil, iss.Err()
	}
	return checked, nil
}
