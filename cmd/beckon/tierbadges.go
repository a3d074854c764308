package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// tierBadgeEvery is how often serve looks for tier badges to mint.
const tierBadgeEvery = time.Minute

// tierBadges maps each configured tier that names a badge to its badge id.
func tierBadges(cfg *Config) map[string]string {
	out := map[string]string{}
	for _, t := range cfg.Loyalty.Tiers {
		if t.Badge != "" {
			out[t.Name] = t.Badge
		}
	}
	return out
}

// badgeSettle is rewards.badge_settle: how long a contact must hold a tier
// before its badge is minted.
func (c *Config) badgeSettle() (time.Duration, error) {
	s := c.Rewards.BadgeSettle
	if s == "" {
		s = "10m"
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, c.errorf("rewards.badge_settle", "%q is not a duration of 0 or more such as 10m", c.Rewards.BadgeSettle)
	}
	return d, nil
}

// tierBadgeMinter reconciles tier badges: a contact whose current tier
// names a badge, who has held that tier for the settle time and has no
// badge_mints record for the badge gets it minted, with reason
// tier:<name>; an unfinished mint of its own is resumed or retried. A tier is reached through unconfirmed events and manual
// awards alike, so there is no single event to wait for; the settle time
// stands in for the events' confirmations.
type tierBadgeMinter struct {
	db     *store.DB
	badges map[string]string // tier name to badge id
	minter *rewards.BadgeMinter
	settle time.Duration
	// now is the clock; nil is time.Now.
	now func() time.Time
	log *slog.Logger
}

// newTierBadgeMinter returns the reconciler, or nil when no tier names a
// badge or badges are not minted automatically (w has no minter).
func newTierBadgeMinter(cfg *Config, db *store.DB, w *badgeWorker, log *slog.Logger) (*tierBadgeMinter, error) {
	badges := tierBadges(cfg)
	if len(badges) == 0 || w == nil || w.minter == nil {
		return nil, nil
	}
	settle, err := cfg.badgeSettle()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &tierBadgeMinter{db: db, badges: badges, minter: w.minter, settle: settle, log: log}, nil
}

// run mints every due tier badge once and returns how many mints it made
// or completed. A failed mint is logged and does not stop the others; the
// errors are returned joined.
func (m *tierBadgeMinter) run(ctx context.Context) (int, error) {
	now := time.Now
	if m.now != nil {
		now = m.now
	}
	var due []store.TierBadgeCandidate
	err := m.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		due, err = tx.TierBadgeCandidates(ctx, m.badges, now().Add(-m.settle))
		return err
	})
	if err != nil {
		return 0, err
	}
	if len(due) > 0 && m.minter.Backend == nil {
		return 0, errors.New("tier badges: the rewards chain is not connected")
	}
	var errs []error
	n := 0
	for _, c := range due {
		if ctx.Err() != nil {
			return n, errors.Join(append(errs, ctx.Err())...)
		}
		log := m.log.With("contact", c.ContactID, "tier", c.Tier, "badge", c.BadgeID)
		id, ok := new(big.Int).SetString(c.BadgeID, 10)
		if !ok {
			errs = append(errs, fmt.Errorf("tier %s: badge id %q is not a decimal integer", c.Tier, c.BadgeID))
			continue
		}
		rec, sent, err := m.minter.Mint(ctx, c.ContactID, c.Wallet, id, store.TierBadgeReason(c.Tier))
		if err != nil {
			log.Error("tier badge not minted", "err", err)
			errs = append(errs, fmt.Errorf("tier %s badge %s for contact %d: %w", c.Tier, c.BadgeID, c.ContactID, err))
			continue
		}
		n++
		log.Info("tier badge", "status", rec.Status, "tx", rec.TxHash.Hex(), "sent", sent, "wallet", rec.Wallet.Hex())
	}
	return n, errors.Join(errs...)
}

// mintTierBadgesEvery runs the tier badge reconciliation until ctx ends.
func (a *app) mintTierBadgesEvery(ctx context.Context, m *tierBadgeMinter, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := m.run(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("mint tier badges", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
