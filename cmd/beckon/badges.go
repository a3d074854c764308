package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// badgeMintArgs is the job that mints the badge of a completed quest.
type badgeMintArgs struct {
	ContactID int64  `json:"contact_id"`
	BadgeID   string `json:"badge_id"`
	Reason    string `json:"reason"`
	Quest     string `json:"quest"`
	// EventID and EventKey name the completing event.
	EventID  int64  `json:"event_id"`
	EventKey string `json:"event_key"`
	// Key and Wallet are set instead of the quest and event for a flow's
	// reward step, which waited for its own confirmations.
	Key    string `json:"key,omitempty"`
	Wallet string `json:"wallet,omitempty"`
}

// Kind implements river.JobArgs.
func (badgeMintArgs) Kind() string { return "beckon_badge_mint" }

// badgeQueue implements loyalty.BadgeQueue with River: the job is
// inserted in the transaction that records the completion.
type badgeQueue struct {
	// jobs is set once the job client exists (it needs the workers first).
	jobs flow.Jobs
}

var _ loyalty.BadgeQueue = (*badgeQueue)(nil)

func (q *badgeQueue) EnqueueBadge(ctx context.Context, s loyalty.QuestStore, b loyalty.BadgeAward) error {
	tx, ok := s.(interface{ SQL() *sql.Tx })
	if !ok {
		return fmt.Errorf("enqueue badge: transaction %T has no SQL transaction", s)
	}
	if q.jobs == nil {
		return errors.New("enqueue badge: no job client")
	}
	_, err := q.jobs.InsertTx(ctx, tx.SQL(), badgeMintArgs{
		ContactID: b.ContactID, BadgeID: b.Badge, Reason: b.Reason, Quest: b.Quest, EventID: b.EventID, EventKey: b.EventKey,
	}, nil)
	if err != nil {
		return fmt.Errorf("enqueue badge %s for contact %d: %w", b.Badge, b.ContactID, err)
	}
	return nil
}

// badgeMintTimeout bounds one run of a badge job: the mint waits for its
// own transaction's confirmations. A run cut short resumes the stored
// transaction on the next attempt.
const badgeMintTimeout = 30 * time.Minute

// badgeWorker mints quest badges once their completing event is confirmed.
type badgeWorker struct {
	river.WorkerDefaults[badgeMintArgs]
	db *store.DB
	// confirmations is the depth each chain's events need (by chain id);
	// chains not listed need defaultConfirmations.
	confirmations        map[uint64]uint64
	defaultConfirmations uint64
	// minter is nil when rewards.badge or rewards.keystore is not set;
	// disabled then says why. Its Backend is set when the chain is dialled.
	minter   *rewards.BadgeMinter
	disabled string
	// wait is how long a job for an unconfirmed event snoozes. Default 10s.
	wait time.Duration
	log  *slog.Logger
}

// Timeout implements river.Worker.
func (w *badgeWorker) Timeout(*river.Job[badgeMintArgs]) time.Duration { return badgeMintTimeout }

func (w *badgeWorker) logger() *slog.Logger {
	if w.log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.log
}

// Work mints the badge when the completing event is still live, its
// completion still stands and the event is deep enough; it snoozes while
// the event is too shallow and does nothing once a reorg orphaned it.
func (w *badgeWorker) Work(ctx context.Context, job *river.Job[badgeMintArgs]) error {
	a := job.Args
	log := w.logger().With("contact", a.ContactID, "badge", a.BadgeID, "quest", a.Quest, "event", a.EventKey)
	var ev chain.Event
	var stands, confirmed bool
	if a.Key != "" {
		ev.Wallet, stands, confirmed = common.HexToAddress(a.Wallet), true, true
	}
	err := w.db.InTx(ctx, func(tx *store.Tx) error {
		if a.Key != "" {
			return nil
		}
		var err error
		if ev, err = tx.Event(ctx, a.EventID); err != nil {
			return err
		}
		if ev.Removed || ev.Key() != a.EventKey {
			return nil
		}
		comps, err := tx.QuestCompletions(ctx, a.ContactID)
		if err != nil {
			return err
		}
		for _, c := range comps {
			stands = stands || (c.Quest == a.Quest && c.Source == a.EventKey && c.Badge == a.BadgeID)
		}
		if !stands {
			return nil
		}
		need, ok := w.confirmations[ev.ChainID]
		if !ok {
			need = w.defaultConfirmations
		}
		if need == 0 {
			confirmed = true
			return nil
		}
		cp, ok, err := tx.Checkpoint(ctx, ev.ChainID)
		confirmed = ok && cp.Number >= ev.BlockNumber && cp.Number-ev.BlockNumber >= need
		return err
	})
	if err != nil {
		return fmt.Errorf("badge %s for contact %d: %w", a.BadgeID, a.ContactID, err)
	}
	if !stands {
		// A reorg orphaned the event or undid the completion; a completion
		// recorded again schedules its own job.
		log.Info("badge not minted: the completing event was orphaned by a reorg or the completion no longer stands")
		return nil
	}
	if !confirmed {
		return river.JobSnooze(w.snooze())
	}
	if w.minter == nil {
		log.Warn("badge not minted: automatic badge minting is not configured; mint it with `beckon rewards badge mint`", "why", w.disabled)
		return river.JobCancel(fmt.Errorf("badge %s for contact %d skipped: %s", a.BadgeID, a.ContactID, w.disabled))
	}
	if w.minter.Backend == nil {
		return errors.New("badge mint: the rewards chain is not connected")
	}
	id, ok := new(big.Int).SetString(a.BadgeID, 10)
	if !ok {
		return river.JobCancel(fmt.Errorf("badge id %q is not a decimal integer", a.BadgeID))
	}
	rec, sent, err := w.minter.Mint(ctx, a.ContactID, ev.Wallet, id, a.Reason)
	if err != nil {
		return err
	}
	log.Info("quest badge", "status", rec.Status, "tx", rec.TxHash.Hex(), "sent", sent, "wallet", rec.Wallet.Hex())
	return nil
}

func (w *badgeWorker) snooze() time.Duration {
	if w.wait <= 0 {
		return 10 * time.Second
	}
	return w.wait
}

// questsNameBadges reports whether any configured quest names a badge.
func questsNameBadges(cfg *Config) bool {
	for _, q := range cfg.Loyalty.Quests {
		if q.Badge != "" {
			return true
		}
	}
	return false
}

// tiersNameBadges reports whether any configured tier names a badge.
func tiersNameBadges(cfg *Config) bool {
	return len(tierBadges(cfg)) > 0
}

// newBadgeWorker builds the badge worker from the configuration. Minting
// needs a quest, tier or flow reward step that names a badge, rewards.chain, rewards.badge and
// rewards.keystore (with its password source); without rewards.badge or
// rewards.keystore the worker skips every badge with a warning. A rewards
// section that sets them but is otherwise invalid is an error.
func newBadgeWorker(cfg *Config, db *store.DB, getenv func(string) string, log *slog.Logger) (*badgeWorker, error) {
	w := &badgeWorker{db: db, confirmations: map[uint64]uint64{}, log: log}
	for _, ch := range cfg.Chains {
		w.confirmations[ch.ChainID] = uint64(max(ch.Confirmations, 0))
		w.defaultConfirmations = max(w.defaultConfirmations, uint64(max(ch.Confirmations, 0)))
	}
	switch {
	case !questsNameBadges(cfg) && !tiersNameBadges(cfg) && (cfg.Rewards.Badge == "" || cfg.Rewards.Keystore == ""):
		// With both set, flows' badge reward steps mint too.
		w.disabled = "no quest or tier names a badge"
		return w, nil
	case cfg.Rewards.Badge == "":
		w.disabled = "rewards.badge is not set"
		return w, nil
	case cfg.Rewards.Keystore == "":
		w.disabled = "rewards.keystore is not set"
		return w, nil
	}
	set, err := cfg.rewardsSettings("badge")
	if err != nil {
		return nil, err
	}
	if cfg.Rewards.PasswordEnv == "" && cfg.Rewards.PasswordFile == "" {
		return nil, cfg.errorf("rewards.password_env", "required: rewards.password_env or rewards.password_file")
	}
	// The keystore is unlocked when a mint is signed, not at start-up.
	m := &Main{Getenv: getenv}
	w.minter = &rewards.BadgeMinter{
		InTx: func(ctx context.Context, fn func(rewards.BadgeStore) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		ChainID: set.chain.ChainID, Badge: set.badge,
		Signer:        func() (*bind.TransactOpts, error) { return m.hotWallet(cfg, set.chain.ChainID) },
		Confirmations: uint64(max(set.chain.Confirmations, 0)), Poll: set.poll, MaxFeeCap: set.maxFeeCap,
		// Jobs run concurrently: one nonce read and broadcast at a time.
		SendMu: new(sync.Mutex),
	}
	return w, nil
}

// connectBadges dials the rewards chain for the badge minter, when quest
// and tier badges are minted automatically, and logs why they are not
// otherwise.
func (a *app) connectBadges(ctx context.Context) error {
	if a.badges == nil {
		return nil
	}
	if a.badges.minter == nil {
		if questsNameBadges(a.cfg) {
			a.log.Warn("quest badges are not minted automatically", "why", a.badges.disabled)
		}
		if tiersNameBadges(a.cfg) {
			a.log.Warn("tier badges are not minted automatically", "why", a.badges.disabled)
		}
		return nil
	}
	set, err := a.cfg.rewardsSettings("badge")
	if err != nil {
		return err
	}
	client, err := dialRewardsChain(ctx, a.cfg, set.chain)
	if err != nil {
		return err
	}
	a.closers = append(a.closers, func() error { client.Close(); return nil })
	a.badges.minter.Backend = client
	return nil
}
