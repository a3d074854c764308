package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/loyalty/rewards"
)

// ErrEpochConflict is returned by SaveNextEpoch when another epoch was
// stored on the same predecessor first.
var ErrEpochConflict = errors.New("another epoch was built on the same predecessor")

// Epoch sources.
const (
	EpochFromCSV    = "csv"
	EpochFromPoints = "points"
)

// Epoch is one built merkle reward epoch.
type Epoch struct {
	ID          int64
	ChainID     uint64
	Distributor common.Address
	Root        common.Hash
	Tree        []byte // OpenZeppelin standard-v1 dump
	// Allocations are the cumulative amounts per account.
	Allocations map[common.Address]*big.Int
	// FromPoints is the part of each cumulative amount that came from
	// points (absent: none).
	FromPoints map[common.Address]*big.Int
	Total      *big.Int // sum of Allocations; computed when nil
	Source     string   // EpochFromCSV, EpochFromPoints or "" (unknown)
	// PrevID is the epoch this one builds on, 0 for the first; -1 when not
	// recorded (epochs saved with SaveEpoch).
	PrevID      int64
	PublishTx   common.Hash
	PublishedAt int64 // unix milliseconds, 0 until published
	CreatedAt   int64 // unix milliseconds
}

// SaveEpoch stores an epoch and its cumulative allocations without
// recording a predecessor.
func (tx *Tx) SaveEpoch(ctx context.Context, e Epoch) (int64, error) {
	return tx.saveEpoch(ctx, e, nil)
}

// SaveNextEpoch stores e as the successor of epoch e.PrevID (0: the first
// epoch of its chain and distributor). When another epoch already builds
// on the same predecessor it returns ErrEpochConflict and stores nothing.
func (tx *Tx) SaveNextEpoch(ctx context.Context, e Epoch) (int64, error) {
	if e.PrevID < 0 {
		return 0, fmt.Errorf("save epoch: previous epoch %d: %w", e.PrevID, ErrEpochConflict)
	}
	var exists bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reward_epochs WHERE chain_id = $1 AND distributor = $2 AND prev_epoch = $3)`,
		int64(e.ChainID), e.Distributor.Hex(), e.PrevID).Scan(&exists)
	if err != nil {
		return 0, fmt.Errorf("save epoch: %w", err)
	}
	if exists {
		return 0, fmt.Errorf("save epoch on %d: %w", e.PrevID, ErrEpochConflict)
	}
	prev := e.PrevID
	return tx.saveEpoch(ctx, e, &prev)
}

func (tx *Tx) saveEpoch(ctx context.Context, e Epoch, prev *int64) (int64, error) {
	total := e.Total
	if total == nil {
		total = new(big.Int)
		for _, a := range e.Allocations {
			total.Add(total, a)
		}
	}
	var prevArg any
	if prev != nil {
		prevArg = *prev
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO reward_epochs (chain_id, distributor, root, tree, created_at, prev_epoch, total, source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		int64(e.ChainID), e.Distributor.Hex(), e.Root.Hex(), string(e.Tree), tx.db.now(), prevArg, total.String(), e.Source).Scan(&id)
	if err != nil {
		if isUniqueViolation(err) {
			return 0, fmt.Errorf("save epoch: %w", ErrEpochConflict)
		}
		return 0, fmt.Errorf("save epoch: %w", err)
	}
	accts := make([]common.Address, 0, len(e.Allocations))
	for acct := range e.Allocations {
		accts = append(accts, acct)
	}
	sort.Slice(accts, func(i, j int) bool { return accts[i].Cmp(accts[j]) < 0 })
	for _, acct := range accts {
		fromPoints := "0"
		if p := e.FromPoints[acct]; p != nil {
			fromPoints = p.String()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reward_allocations (epoch_id, account, cumulative, from_points) VALUES ($1, $2, $3, $4)`,
			id, acct.Hex(), e.Allocations[acct].String(), fromPoints); err != nil {
			return 0, fmt.Errorf("save allocation of %s: %w", acct.Hex(), err)
		}
	}
	return id, nil
}

func isUniqueViolation(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLSTATE 23505") || strings.Contains(s, "UNIQUE constraint failed")
}

// MarkEpochPublished records the transaction that published the root.
func (tx *Tx) MarkEpochPublished(ctx context.Context, id int64, txHash common.Hash) error {
	res, err := tx.ExecContext(ctx, `UPDATE reward_epochs SET publish_tx = $1, published_at = $2 WHERE id = $3`, txHash.Hex(), tx.db.now(), id)
	if err != nil {
		return fmt.Errorf("mark epoch %d published: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("mark epoch %d published: %w", id, ErrNotFound)
	}
	return nil
}

// LatestEpochTree returns the dump of the newest epoch on a chain.
func (tx *Tx) LatestEpochTree(ctx context.Context, chainID uint64) (int64, []byte, error) {
	var id int64
	var tree string
	err := tx.QueryRowContext(ctx, `SELECT id, tree FROM reward_epochs WHERE chain_id = $1 ORDER BY id DESC LIMIT 1`, int64(chainID)).Scan(&id, &tree)
	if err != nil {
		return 0, nil, fmt.Errorf("latest epoch: %w", notFound(err))
	}
	return id, []byte(tree), nil
}

const epochColumns = `id, chain_id, distributor, root, tree, publish_tx, created_at, prev_epoch, total, source, published_at`

func scanEpoch(row interface{ Scan(...any) error }) (Epoch, error) {
	var e Epoch
	var chainID int64
	var distributor, root, tree, publishTx, total string
	var prev, publishedAt sql.NullInt64
	if err := row.Scan(&e.ID, &chainID, &distributor, &root, &tree, &publishTx, &e.CreatedAt, &prev, &total, &e.Source, &publishedAt); err != nil {
		return e, err
	}
	e.ChainID, e.Distributor, e.Root, e.Tree = uint64(chainID), common.HexToAddress(distributor), common.HexToHash(root), []byte(tree)
	if publishTx != "" {
		e.PublishTx = common.HexToHash(publishTx)
	}
	e.PrevID = -1
	if prev.Valid {
		e.PrevID = prev.Int64
	}
	e.PublishedAt = publishedAt.Int64
	if t, ok := new(big.Int).SetString(total, 10); ok {
		e.Total = t
	}
	return e, nil
}

// Epoch loads epoch id with its allocations.
func (tx *Tx) Epoch(ctx context.Context, id int64) (Epoch, error) {
	e, err := scanEpoch(tx.QueryRowContext(ctx, `SELECT `+epochColumns+` FROM reward_epochs WHERE id = $1`, id))
	if err != nil {
		return e, fmt.Errorf("epoch %d: %w", id, notFound(err))
	}
	return e, tx.loadAllocations(ctx, &e)
}

// LatestEpoch loads the newest epoch of a chain and distributor with its
// allocations; ErrNotFound when there is none.
func (tx *Tx) LatestEpoch(ctx context.Context, chainID uint64, distributor common.Address) (Epoch, error) {
	e, err := scanEpoch(tx.QueryRowContext(ctx, `SELECT `+epochColumns+` FROM reward_epochs WHERE chain_id = $1 AND distributor = $2 ORDER BY id DESC LIMIT 1`,
		int64(chainID), distributor.Hex()))
	if err != nil {
		return e, fmt.Errorf("latest epoch: %w", notFound(err))
	}
	return e, tx.loadAllocations(ctx, &e)
}

// Epochs lists the epochs of a chain (every distributor when distributor
// is zero), oldest first, with their allocations.
func (tx *Tx) Epochs(ctx context.Context, chainID uint64, distributor common.Address) ([]Epoch, error) {
	q := `SELECT ` + epochColumns + ` FROM reward_epochs WHERE chain_id = $1`
	args := []any{int64(chainID)}
	if distributor != (common.Address{}) {
		q += ` AND distributor = $2`
		args = append(args, distributor.Hex())
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list epochs: %w", err)
	}
	var out []Epoch
	for rows.Next() {
		e, err := scanEpoch(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list epochs: %w", err)
		}
		out = append(out, e)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("list epochs: %w", err)
	}
	for i := range out {
		if err := tx.loadAllocations(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (tx *Tx) loadAllocations(ctx context.Context, e *Epoch) error {
	rows, err := tx.QueryContext(ctx, `SELECT account, cumulative, from_points FROM reward_allocations WHERE epoch_id = $1 ORDER BY account`, e.ID)
	if err != nil {
		return fmt.Errorf("allocations of epoch %d: %w", e.ID, err)
	}
	defer rows.Close()
	e.Allocations, e.FromPoints = map[common.Address]*big.Int{}, map[common.Address]*big.Int{}
	for rows.Next() {
		var acct, cumulative, fromPoints string
		if err := rows.Scan(&acct, &cumulative, &fromPoints); err != nil {
			return fmt.Errorf("allocations of epoch %d: %w", e.ID, err)
		}
		c, ok := new(big.Int).SetString(cumulative, 10)
		if !ok {
			return fmt.Errorf("allocations of epoch %d: amount %q of %s is not a decimal integer", e.ID, cumulative, acct)
		}
		a := common.HexToAddress(acct)
		e.Allocations[a] = c
		if p, ok := new(big.Int).SetString(fromPoints, 10); ok && p.Sign() > 0 {
			e.FromPoints[a] = p
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("allocations of epoch %d: %w", e.ID, err)
	}
	if e.Total == nil {
		e.Total = new(big.Int)
		for _, a := range e.Allocations {
			e.Total.Add(e.Total, a)
		}
	}
	return nil
}

// PointsPaid sums, per account, what epochs of a chain and distributor
// allocated from points — the from_points of the latest epoch, since
// epochs are cumulative.
func (tx *Tx) PointsPaid(ctx context.Context, chainID uint64, distributor common.Address) (map[common.Address]*big.Int, error) {
	e, err := tx.LatestEpoch(ctx, chainID, distributor)
	if errors.Is(err, ErrNotFound) {
		return map[common.Address]*big.Int{}, nil
	}
	if err != nil {
		return nil, err
	}
	return e.FromPoints, nil
}

// Claim is one indexed Claimed event of a distributor.
type Claim struct {
	EventID     int64
	Account     common.Address
	Amount      *big.Int // paid by this claim
	Cumulative  *big.Int // the account's cumulative amount claimed after it
	BlockNumber uint64
	TxHash      common.Hash
}

// Claims lists the live (not reorged away) Claimed events indexed from
// distributor on a chain, in chain order; accounts narrows them.
func (tx *Tx) Claims(ctx context.Context, chainID uint64, distributor common.Address, accounts ...common.Address) ([]Claim, error) {
	evs, err := tx.Events(ctx, EventFilter{ChainID: chainID, Kind: chain.KindClaim, Wallets: accounts})
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	var out []Claim
	for _, ev := range evs {
		if ev.Contract != distributor {
			continue
		}
		c := Claim{EventID: ev.ID, Account: ev.Wallet, BlockNumber: ev.BlockNumber, TxHash: ev.TxHash}
		if a, ok := ev.Args["account"]; ok && common.IsHexAddress(a) {
			c.Account = common.HexToAddress(a)
		}
		var ok1, ok2 bool
		c.Amount, ok1 = new(big.Int).SetString(ev.Args["amount"], 10)
		c.Cumulative, ok2 = new(big.Int).SetString(ev.Args["cumulativeAmount"], 10)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("claim event %d: amount %q or cumulativeAmount %q is not a decimal integer", ev.ID, ev.Args["amount"], ev.Args["cumulativeAmount"])
		}
		out = append(out, c)
	}
	return out, nil
}

// ClaimedCumulative returns the cumulative amount account has claimed from
// distributor according to indexed events (zero when none).
func (tx *Tx) ClaimedCumulative(ctx context.Context, chainID uint64, distributor, account common.Address) (*big.Int, error) {
	claims, err := tx.Claims(ctx, chainID, distributor, account)
	if err != nil {
		return nil, err
	}
	best := new(big.Int)
	for _, c := range claims {
		if c.Cumulative.Cmp(best) > 0 {
			best.Set(c.Cumulative)
		}
	}
	return best, nil
}

var _ rewards.BadgeStore = (*Tx)(nil)

const badgeColumns = `id, contact_id, badge_id, chain_id, contract, wallet, reason, status, tx_hash, raw_tx, error`

func scanBadgeMint(row interface{ Scan(...any) error }) (rewards.BadgeMint, error) {
	var m rewards.BadgeMint
	var badgeID, contract, wallet, status, txHash, raw string
	var chainID int64
	if err := row.Scan(&m.ID, &m.ContactID, &badgeID, &chainID, &contract, &wallet, &m.Reason, &status, &txHash, &raw, &m.Error); err != nil {
		return m, err
	}
	id, ok := new(big.Int).SetString(badgeID, 10)
	if !ok {
		return m, fmt.Errorf("badge mint %d: badge id %q is not a decimal integer", m.ID, badgeID)
	}
	m.BadgeID, m.ChainID = id, uint64(chainID)
	m.Contract, m.Wallet, m.Status = common.HexToAddress(contract), common.HexToAddress(wallet), rewards.BadgeStatus(status)
	if txHash != "" {
		m.TxHash = common.HexToHash(txHash)
	}
	if raw != "" {
		b, err := hexutil.Decode(raw)
		if err != nil {
			return m, fmt.Errorf("badge mint %d: stored transaction: %w", m.ID, err)
		}
		m.RawTx = b
	}
	return m, nil
}

// ReserveBadgeMint implements rewards.BadgeStore.
func (tx *Tx) ReserveBadgeMint(ctx context.Context, m rewards.BadgeMint) (rewards.BadgeMint, bool, error) {
	if m.BadgeID == nil {
		return m, false, errors.New("reserve badge mint: badge id required")
	}
	now := tx.db.now()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO badge_mints (contact_id, badge_id, chain_id, contract, wallet, reason, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (contact_id, badge_id) DO NOTHING RETURNING id`,
		m.ContactID, m.BadgeID.String(), int64(m.ChainID), m.Contract.Hex(), m.Wallet.Hex(), m.Reason, string(rewards.BadgePending), now).Scan(&id)
	inserted := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return m, false, fmt.Errorf("reserve badge mint: %w", err)
	}
	got, err := scanBadgeMint(tx.QueryRowContext(ctx, `SELECT `+badgeColumns+` FROM badge_mints WHERE contact_id = $1 AND badge_id = $2`, m.ContactID, m.BadgeID.String()))
	if err != nil {
		return got, false, fmt.Errorf("read badge mint: %w", notFound(err))
	}
	return got, inserted, nil
}

// UpdateBadgeMint implements rewards.BadgeStore.
func (tx *Tx) UpdateBadgeMint(ctx context.Context, m rewards.BadgeMint, prev common.Hash) error {
	prevHash := ""
	if prev != (common.Hash{}) {
		prevHash = prev.Hex()
	}
	txHash, raw := "", ""
	if m.TxHash != (common.Hash{}) {
		txHash = m.TxHash.Hex()
	}
	if len(m.RawTx) > 0 {
		raw = hexutil.Encode(m.RawTx)
	}
	res, err := tx.ExecContext(ctx, `UPDATE badge_mints SET status = $1, tx_hash = $2, raw_tx = $3, error = $4, updated_at = $5 WHERE id = $6 AND tx_hash = $7`,
		string(m.Status), txHash, raw, m.Error, tx.db.now(), m.ID, prevHash)
	if err != nil {
		return fmt.Errorf("update badge mint %d: %w", m.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update badge mint %d: %w", m.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("update badge mint %d: %w", m.ID, rewards.ErrBadgeConflict)
	}
	return nil
}

// BadgeMints lists badge mint records, newest first.
func (tx *Tx) BadgeMints(ctx context.Context) ([]rewards.BadgeMint, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+badgeColumns+` FROM badge_mints ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list badge mints: %w", err)
	}
	defer rows.Close()
	var out []rewards.BadgeMint
	for rows.Next() {
		m, err := scanBadgeMint(rows)
		if err != nil {
			return nil, fmt.Errorf("list badge mints: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
