package flow

import (
	"math/big"
	"reflect"
	"strconv"
	"time"
)

// Contact is the typed view CEL conditions get of a contact. Declaring it
// as a CEL object type (rather than a map) makes a misspelt field such as
// `contact.pionts` a load-time error. It is built from the facts map the
// store returns (ContactFacts), so new facts need a field here to be
// visible to conditions; templates keep seeing the whole map.
type Contact struct {
	ID         int64             `cel:"id"`
	Email      string            `cel:"email"`
	Wallet     string            `cel:"wallet"`
	Wallets    []string          `cel:"wallets"`
	Identities map[string]string `cel:"identities"` // kind -> first value (wallet, email, discord, telegram)
	Traits     map[string]string `cel:"traits"`
	Points     int64             `cel:"points"`
	Tier       string            `cel:"tier"`
	Segments   []string          `cel:"segments"`
	// Holdings counts the tokens the contact's wallets hold per contract
	// name (NFTs held; fungible balances in HoldingBalances).
	Holdings        map[string]int64   `cel:"holdings"`
	HoldingBalances map[string]float64 `cel:"holding_balances"`
	Linked          []string           `cel:"linked"` // identity kinds linked
	Staked          bool               `cel:"staked"`
	// StakedAmount is the net staked amount in base units, as a double:
	// ordering comparisons stay right, exactness beyond ~15 digits is lost.
	StakedAmount      float64            `cel:"staked_amount"`
	Mints             int64              `cel:"mints"`
	Votes             int64              `cel:"votes"`
	Proposals         int64              `cel:"proposals"`
	Claims            int64              `cel:"claims"`
	Transfers         int64              `cel:"transfers"`
	Stakes            int64              `cel:"stakes"`
	Unstakes          int64              `cel:"unstakes"`
	Events            int64              `cel:"events"`
	Events90d         int64              `cel:"events_90d"`
	StakedDays        float64            `cel:"staked_days"`
	FirstActivityDays float64            `cel:"first_activity_days"`
	LastActivityDays  float64            `cel:"last_activity_days"`
	FirstActivity     time.Time          `cel:"first_activity"`
	LastActivity      time.Time          `cel:"last_activity"`
	Scores            map[string]float64 `cel:"scores"`
	Timezone          string             `cel:"timezone"`
	Locale            string             `cel:"locale"`
}

// ContactFromFacts converts a facts map into a Contact. Unknown keys are
// ignored and missing ones stay zero, so a store that knows fewer facts
// (or more) still works.
func ContactFromFacts(f map[string]any) Contact {
	c := Contact{
		ID:                asInt(f["id"]),
		Email:             asString(f["email"]),
		Wallet:            asString(f["wallet"]),
		Wallets:           asStrings(f["wallets"]),
		Identities:        map[string]string{},
		Traits:            map[string]string{},
		Points:            asInt(f["points"]),
		Tier:              asString(f["tier"]),
		Segments:          asStrings(f["segments"]),
		Holdings:          map[string]int64{},
		Staked:            asBool(f["staked"]),
		StakedAmount:      asFloat(f["staked_amount"]),
		Mints:             asInt(f["mints"]),
		Votes:             asInt(f["votes"]),
		Proposals:         asInt(f["proposals"]),
		Claims:            asInt(f["claims"]),
		Transfers:         asInt(f["transfers"]),
		Stakes:            asInt(f["stakes"]),
		Unstakes:          asInt(f["unstakes"]),
		Events:            asInt(f["events"]),
		Events90d:         asInt(f["events_90d"]),
		StakedDays:        asFloat(f["staked_days"]),
		FirstActivityDays: asFloat(f["first_activity_days"]),
		LastActivityDays:  asFloat(f["last_activity_days"]),
		Linked:            asStrings(f["linked"]),
		HoldingBalances:   map[string]float64{},
		FirstActivity:     asTime(f["first_activity"]),
		LastActivity:      asTime(f["last_activity"]),
		Scores:            map[string]float64{},
		Timezone:          asString(f["timezone"]),
		Locale:            asString(f["locale"]),
	}
	for k, v := range asMap(f["identities"]) {
		c.Identities[k] = asString(v)
	}
	for k, v := range asMap(f["traits"]) {
		c.Traits[k] = asString(v)
	}
	for k, v := range asMap(f["holdings"]) {
		// The store gives {balance, tokens} per contract; older callers a count.
		if h := asMap(v); h != nil {
			c.Holdings[k] = asInt(h["tokens"])
			c.HoldingBalances[k] = asFloat(h["balance"])
			continue
		}
		c.Holdings[k] = asInt(v)
	}
	if c.Linked == nil {
		c.Linked = []string{}
	}
	for k, v := range asMap(f["scores"]) {
		c.Scores[k] = asFloat(v)
	}
	if c.Segments == nil {
		c.Segments = []string{}
	}
	if c.Wallets == nil {
		c.Wallets = []string{}
	}
	return c
}

func asMap(v any) map[string]any {
	switch m := v.(type) {
	case map[string]any:
		return m
	case map[string]string:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = x
		}
		return out
	case map[string]int64:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = x
		}
		return out
	case map[string]float64:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = x
		}
		return out
	}
	return nil
}

func asString(v any) string {
	switch x := CELValue(v).(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

func asStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, asString(e))
		}
		return out
	}
	return nil
}

func asInt(v any) int64 {
	switch x := CELValue(v).(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return 0
}

func asFloat(v any) float64 {
	switch x := CELValue(v).(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case string:
		if b, ok := new(big.Float).SetString(x); ok {
			f, _ := b.Float64()
			return f
		}
	}
	return 0
}

func asBool(v any) bool {
	b, _ := v.(bool)
	return b
}

func asTime(v any) time.Time {
	switch x := v.(type) {
	case time.Time:
		return x
	case int64:
		if x > 0 {
			return time.Unix(0, x).UTC()
		}
	}
	return time.Time{}
}

// contactType is the Go type CEL knows as flow.Contact.
func contactType() reflect.Type { return reflect.TypeFor[Contact]() }
