package loyalty

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/crm"
)

// DefaultClusterSize is the smallest group of wallets behind one handle
// that the sybil report flags when cluster_size is unset.
const DefaultClusterSize = 5

// SybilRules are the eligibility rules for token rewards. Ages are
// measured from when Beckon stored an event, since block times are not
// indexed: a backfill makes old wallets look as young as the backfill,
// which errs on the strict side.
type SybilRules struct {
	// MinWalletAge is the least time (Go duration) since the contact's
	// first live indexed event. Empty: no minimum.
	MinWalletAge string `yaml:"min_wallet_age"`
	// MinHoldingTime is the least time (Go duration) since the contact's
	// first live mint. Empty: no minimum.
	MinHoldingTime string `yaml:"min_holding_time"`
	// OneRewardPerContact pays a contact once, to RewardWallets' single
	// wallet, however many wallets it has linked.
	OneRewardPerContact bool `yaml:"one_reward_per_contact"`
	// ClusterSize is the smallest number of wallets behind one email,
	// Discord or Telegram handle that the sybil report flags. Default 5.
	ClusterSize int `yaml:"cluster_size"`
}

// Validate checks the rules; the error is a *FieldError.
func (r SybilRules) Validate() error {
	if _, err := sybilDuration(r.MinWalletAge); err != nil {
		return &FieldError{Field: "sybil.min_wallet_age", Msg: fmt.Sprintf("%q is not a non-negative duration such as 720h", r.MinWalletAge)}
	}
	if _, err := sybilDuration(r.MinHoldingTime); err != nil {
		return &FieldError{Field: "sybil.min_holding_time", Msg: fmt.Sprintf("%q is not a non-negative duration such as 168h", r.MinHoldingTime)}
	}
	if r.ClusterSize < 0 || r.ClusterSize == 1 {
		return &FieldError{Field: "sybil.cluster_size", Msg: fmt.Sprintf("%d: must be at least 2 (0: default %d)", r.ClusterSize, DefaultClusterSize)}
	}
	return nil
}

func sybilDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d < 0 {
		err = fmt.Errorf("negative duration %s", s)
	}
	return d, err
}

// FirstActivity is when a contact's wallets were first seen on-chain.
type FirstActivity struct {
	// Event is the time of the first live event; zero when there is none.
	Event time.Time
	// Mint is the time of the first live mint; zero when there is none.
	Mint time.Time
}

// SybilStore is what eligibility needs from persistence.
type SybilStore interface {
	// Contact returns a contact; a merged contact resolves to its survivor.
	Contact(ctx context.Context, id int64) (crm.Contact, error)
	// FirstActivity looks at the live events of the contact's wallets.
	FirstActivity(ctx context.Context, contactID int64) (FirstActivity, error)
}

// Eligible reports whether a contact may receive token rewards at now and,
// when it may not, why. A contact merged into another is not eligible on
// its own (its survivor is); a contact without a wallet is not eligible.
// Ages exactly equal to the minimum pass.
func (r SybilRules) Eligible(ctx context.Context, s SybilStore, contactID int64, now time.Time) (bool, string, error) {
	minAge, err := sybilDuration(r.MinWalletAge)
	if err != nil {
		return false, "", fmt.Errorf("eligibility: min_wallet_age: %w", err)
	}
	minHold, err := sybilDuration(r.MinHoldingTime)
	if err != nil {
		return false, "", fmt.Errorf("eligibility: min_holding_time: %w", err)
	}
	c, err := s.Contact(ctx, contactID)
	if err != nil {
		return false, "", fmt.Errorf("eligibility of contact %d: %w", contactID, err)
	}
	if c.ID != contactID {
		return false, fmt.Sprintf("merged into contact %d", c.ID), nil
	}
	if len(c.Wallets()) == 0 {
		return false, "no wallet", nil
	}
	if minAge == 0 && minHold == 0 {
		return true, "", nil
	}
	first, err := s.FirstActivity(ctx, c.ID)
	if err != nil {
		return false, "", fmt.Errorf("eligibility of contact %d: %w", contactID, err)
	}
	if minAge > 0 {
		if first.Event.IsZero() {
			return false, "no on-chain activity", nil
		}
		if age := now.Sub(first.Event); age < minAge {
			return false, fmt.Sprintf("wallet age %s is below the minimum %s", age.Round(time.Second), minAge), nil
		}
	}
	if minHold > 0 {
		if first.Mint.IsZero() {
			return false, "no mint", nil
		}
		if held := now.Sub(first.Mint); held < minHold {
			return false, fmt.Sprintf("first mint held %s, below the minimum %s", held.Round(time.Second), minHold), nil
		}
	}
	return true, "", nil
}

// RewardWallets returns the wallets a contact's reward may go to: with
// one_reward_per_contact only the one linked first, else all of them.
func (r SybilRules) RewardWallets(ctx context.Context, s SybilStore, contactID int64) ([]common.Address, error) {
	c, err := s.Contact(ctx, contactID)
	if err != nil {
		return nil, fmt.Errorf("reward wallets of contact %d: %w", contactID, err)
	}
	w := c.Wallets()
	if r.OneRewardPerContact && len(w) > 1 {
		w = w[:1]
	}
	return w, nil
}

// Cluster is a group of wallets behind the same email, Discord or
// Telegram handle. A handle belongs to one contact (linking merges), so a
// cluster is one contact with its handles and wallets.
type Cluster struct {
	ContactID int64    `json:"contact_id"`
	Handles   []Handle `json:"handles"`
	Wallets   []string `json:"wallets"`
}

// Handle is a non-wallet identity.
type Handle struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// SybilReport lists suspicious clusters.
type SybilReport struct {
	ClusterSize int `json:"cluster_size"`
	// HandleClusters are contacts with at least ClusterSize wallets and a
	// non-wallet handle, most wallets first.
	HandleClusters []Cluster `json:"handle_clusters"`
	// FundingAnalysis says why wallets are not grouped by funding address.
	FundingAnalysis string `json:"funding_analysis"`
}

// FundingUnavailable explains the missing funding-address analysis.
const FundingUnavailable = "not available: Beckon does not index the transactions that fund wallets"

// ClusterStore finds handle clusters.
type ClusterStore interface {
	// HandleClusters lists contacts with a non-wallet identity and at
	// least minWallets wallets, most wallets first.
	HandleClusters(ctx context.Context, minWallets int) ([]Cluster, error)
}

// Report builds the sybil report.
func (r SybilRules) Report(ctx context.Context, s ClusterStore) (SybilReport, error) {
	size := r.ClusterSize
	if size <= 0 {
		size = DefaultClusterSize
	}
	clusters, err := s.HandleClusters(ctx, size)
	if err != nil {
		return SybilReport{}, fmt.Errorf("sybil report: %w", err)
	}
	if clusters == nil {
		clusters = []Cluster{}
	}
	return SybilReport{ClusterSize: size, HandleClusters: clusters, FundingAnalysis: FundingUnavailable}, nil
}
