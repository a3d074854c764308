package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// flowPayoutBatch is the payout batch of flow reward steps; `beckon
// rewards payout --batch flows` pays it.
const flowPayoutBatch = "flows"

// flowRewarder performs flow reward steps with loyalty/rewards, inside the
// step's transaction and once per step key: an allocation is recorded for
// the next epoch, a payout is planned for the payout runner, a badge mint
// is queued for the badge worker (which mints at most once per contact
// and badge). Each kind needs its own rewards keys; a step whose keys are
// missing fails with an error naming them.
type flowRewarder struct {
	chainID uint64
	// token and hotWallet are set when payouts are possible.
	token, hotWallet common.Address
	payoutsOff       string // why payouts are not possible, "" when they are
	badgesOff        string // why badge mints are not possible
	// jobs queues badge mints; set once the job client exists.
	jobs flow.Jobs
}

var _ flow.Rewarder = (*flowRewarder)(nil)

// rewardTx is what reward steps need beyond flow.Tx.
type rewardTx interface {
	GrantAllocation(ctx context.Context, g store.RewardGrant) (bool, error)
	PlanPayouts(ctx context.Context, ps []rewards.Payout) (int, error)
}

// newFlowRewarder returns nil when the config has no rewards chain: reward
// steps then fail their runs ("no rewards configured").
func newFlowRewarder(cfg *Config, badges *badgeWorker) (*flowRewarder, error) {
	if cfg.Rewards.Chain == "" {
		return nil, nil
	}
	set, err := cfg.rewardsSettings()
	if err != nil {
		return nil, err
	}
	r := &flowRewarder{chainID: set.chain.ChainID}
	switch {
	case cfg.Rewards.Token == "":
		r.payoutsOff = "rewards.token is not set"
	case !common.IsHexAddress(cfg.Rewards.Token):
		return nil, cfg.errorf("rewards.token", "%q is not a 0x-prefixed 20-byte hex address", cfg.Rewards.Token)
	case cfg.Rewards.Keystore == "":
		r.payoutsOff = "rewards.keystore is not set"
	default:
		r.token = common.HexToAddress(cfg.Rewards.Token)
		if r.hotWallet, err = keystoreAddress(cfg.Rewards.Keystore); err != nil {
			return nil, cfg.errorf("rewards.keystore", "%v", err)
		}
	}
	switch {
	case cfg.Rewards.Badge == "":
		r.badgesOff = "rewards.badge is not set"
	case cfg.Rewards.Keystore == "":
		r.badgesOff = "rewards.keystore is not set"
	case badges == nil || badges.minter == nil:
		r.badgesOff = "badge minting is not configured"
	}
	return r, nil
}

// keystoreAddress reads the address of a keystore v3 file without its
// password: payouts are planned from it, and signed only by the runner.
func keystoreAddress(path string) (common.Address, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return common.Address{}, fmt.Errorf("read keystore: %w", err)
	}
	var ks struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(b, &ks); err != nil {
		return common.Address{}, fmt.Errorf("keystore %s: %w", path, err)
	}
	if !common.IsHexAddress(ks.Address) {
		return common.Address{}, fmt.Errorf("keystore %s names no address", path)
	}
	return common.HexToAddress(ks.Address), nil
}

func (r *flowRewarder) Reward(ctx context.Context, tx flow.Tx, contactID int64, step *flow.RewardStep, key string) (string, error) {
	rtx, ok := tx.(rewardTx)
	if !ok {
		return "", fmt.Errorf("reward step: transaction %T cannot record rewards", tx)
	}
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return "", err
	}
	// The wallet linked first, as sybil rules pay one wallet per contact.
	wallets := c.Wallets()
	if len(wallets) == 0 {
		return "contact has no wallet; nothing granted", nil
	}
	wallet := wallets[0]
	switch {
	case step.Allocate != "":
		amount, _ := new(big.Int).SetString(step.Allocate, 10) // validated by the parser
		if _, err := rtx.GrantAllocation(ctx, store.RewardGrant{Key: key, ContactID: contactID, Account: wallet, Amount: amount}); err != nil {
			return "", err
		}
		return "allocate " + step.Allocate + " to " + wallet.Hex() + " in the next epoch", nil
	case step.Payout != "":
		if r.payoutsOff != "" {
			return "", errors.New("payout reward: " + r.payoutsOff)
		}
		amount, _ := new(big.Int).SetString(step.Payout, 10)
		if _, err := rtx.PlanPayouts(ctx, []rewards.Payout{{Key: "flow:" + key, Batch: flowPayoutBatch, ChainID: r.chainID,
			Token: r.token, From: r.hotWallet, To: wallet, Amount: amount, Status: rewards.PayoutPlanned}}); err != nil {
			return "", err
		}
		return "payout " + step.Payout + " to " + wallet.Hex() + " planned in batch " + flowPayoutBatch, nil
	}
	if r.badgesOff != "" {
		return "", errors.New("badge reward: " + r.badgesOff)
	}
	if r.jobs == nil {
		return "", errors.New("badge reward: no job client")
	}
	id := strconv.FormatInt(step.Badge, 10)
	_, err = r.jobs.InsertTx(ctx, tx.SQL(), badgeMintArgs{ContactID: contactID, BadgeID: id, Reason: "flow reward", Key: key, Wallet: wallet.Hex()},
		&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}})
	if err != nil {
		return "", fmt.Errorf("queue badge %s for contact %d: %w", id, contactID, err)
	}
	return "badge " + id + " mint queued for " + wallet.Hex(), nil
}
