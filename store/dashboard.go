package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
)

// Dashboard answers the read-only questions of the web dashboard. Each
// method runs in a transaction of its own.
type Dashboard struct{ DB *DB }

// Reorg is one recorded chain reorganisation.
type Reorg struct {
	ForkBlock     uint64
	Depth         uint64
	RemovedEvents int64
	At            time.Time
}

// IndexerStatus is what the store knows about one chain's indexing.
type IndexerStatus struct {
	ChainID    uint64
	Indexed    bool // a checkpoint exists
	Checkpoint uint64
	Head       uint64
	UpdatedAt  time.Time
	Events     int64 // live events stored
	// Recent counts events stored within the window asked for.
	Recent int64
	// PerMinute counts events stored in each of the last minutes of the
	// window, oldest first.
	PerMinute []int64
	Reorgs    []Reorg // newest first, at most 10
}

// Lag is how many blocks the checkpoint trails the head.
func (s IndexerStatus) Lag() uint64 {
	if s.Head < s.Checkpoint {
		return 0
	}
	return s.Head - s.Checkpoint
}

// IndexerStatus reads a chain's checkpoint, event counts over the last
// window (rounded to whole minutes, at least one) and recent reorgs.
func (d *Dashboard) IndexerStatus(ctx context.Context, chainID uint64, window time.Duration) (IndexerStatus, error) {
	st := IndexerStatus{ChainID: chainID}
	minutes := max(int64(window/time.Minute), 1)
	now := d.DB.now()
	from := now - minutes*60_000
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		var updated int64
		err := tx.QueryRowContext(ctx, `SELECT block_number, head, updated_at FROM chain_checkpoints WHERE chain_id = $1`, int64(chainID)).
			Scan(&st.Checkpoint, &st.Head, &updated)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("read checkpoint: %w", err)
		default:
			st.Indexed, st.UpdatedAt = true, time.UnixMilli(updated)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_events WHERE chain_id = $1 AND removed = FALSE`, int64(chainID)).Scan(&st.Events); err != nil {
			return fmt.Errorf("count events: %w", err)
		}
		st.PerMinute = make([]int64, minutes)
		rows, err := tx.QueryContext(ctx, `SELECT ($2 - created_at) / 60000, COUNT(*) FROM chain_events
			WHERE chain_id = $1 AND created_at > $3 AND created_at <= $2 GROUP BY ($2 - created_at) / 60000`, int64(chainID), now, from)
		if err != nil {
			return fmt.Errorf("count recent events: %w", err)
		}
		for rows.Next() {
			var ago, n int64
			if err := rows.Scan(&ago, &n); err != nil {
				rows.Close()
				return fmt.Errorf("count recent events: %w", err)
			}
			if ago >= 0 && ago < minutes {
				st.PerMinute[minutes-1-ago] += n
				st.Recent += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("count recent events: %w", err)
		}
		rows, err = tx.QueryContext(ctx, `SELECT fork_block, depth, removed_events, created_at FROM chain_reorgs
			WHERE chain_id = $1 ORDER BY id DESC LIMIT 10`, int64(chainID))
		if err != nil {
			return fmt.Errorf("read reorgs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r Reorg
			var at int64
			if err := rows.Scan(&r.ForkBlock, &r.Depth, &r.RemovedEvents, &at); err != nil {
				return fmt.Errorf("read reorgs: %w", err)
			}
			r.At = time.UnixMilli(at)
			st.Reorgs = append(st.Reorgs, r)
		}
		return rows.Err()
	})
	return st, err
}

// FlowSummary counts one flow's runs by status.
type FlowSummary struct {
	Flow     string
	ByStatus map[string]int64
	Total    int64
}

// FlowSummaries counts the runs of every flow that has any, by name.
func (d *Dashboard) FlowSummaries(ctx context.Context) ([]FlowSummary, error) {
	var out []FlowSummary
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT flow, status, COUNT(*) FROM flow_runs GROUP BY flow, status ORDER BY flow, status`)
		if err != nil {
			return fmt.Errorf("count runs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var name, status string
			var n int64
			if err := rows.Scan(&name, &status, &n); err != nil {
				return fmt.Errorf("count runs: %w", err)
			}
			if len(out) == 0 || out[len(out)-1].Flow != name {
				out = append(out, FlowSummary{Flow: name, ByStatus: map[string]int64{}})
			}
			out[len(out)-1].ByStatus[status] = n
			out[len(out)-1].Total += n
		}
		return rows.Err()
	})
	return out, err
}

// StepCount is what happened at one step of a flow: effects recorded by
// status, and runs standing at the step now by status.
type StepCount struct {
	Effects map[string]int64
	Runs    map[string]int64
}

// FlowStepCounts returns the counts of each step path of a flow.
func (d *Dashboard) FlowStepCounts(ctx context.Context, flowName string) (map[string]StepCount, error) {
	out := map[string]StepCount{}
	get := func(step string) StepCount {
		sc, ok := out[step]
		if !ok {
			sc = StepCount{Effects: map[string]int64{}, Runs: map[string]int64{}}
			out[step] = sc
		}
		return sc
	}
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.step, e.status, COUNT(*) FROM flow_effects e JOIN flow_runs r ON r.id = e.run_id
			WHERE r.flow = $1 GROUP BY e.step, e.status`, flowName)
		if err != nil {
			return fmt.Errorf("count effects of flow %s: %w", flowName, err)
		}
		for rows.Next() {
			var step, status string
			var n int64
			if err := rows.Scan(&step, &status, &n); err != nil {
				rows.Close()
				return fmt.Errorf("count effects of flow %s: %w", flowName, err)
			}
			get(step).Effects[status] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("count effects of flow %s: %w", flowName, err)
		}
		rows, err = tx.QueryContext(ctx, `SELECT step, status, COUNT(*) FROM flow_runs WHERE flow = $1 GROUP BY step, status`, flowName)
		if err != nil {
			return fmt.Errorf("count runs of flow %s: %w", flowName, err)
		}
		defer rows.Close()
		for rows.Next() {
			var step, status string
			var n int64
			if err := rows.Scan(&step, &status, &n); err != nil {
				return fmt.Errorf("count runs of flow %s: %w", flowName, err)
			}
			get(step).Runs[status] = n
		}
		return rows.Err()
	})
	return out, err
}

// DayCount is a count for one UTC day.
type DayCount struct {
	Day   time.Time
	Count int64
}

// FlowRunsPerDay counts the runs of a flow started on each of the last
// days UTC days (today included), oldest first; "" counts every flow.
func (d *Dashboard) FlowRunsPerDay(ctx context.Context, flowName string, days int) ([]DayCount, error) {
	days = max(days, 1)
	today := d.DB.Now().UTC().Truncate(24 * time.Hour)
	first := today.AddDate(0, 0, -(days - 1))
	out := make([]DayCount, days)
	for i := range out {
		out[i].Day = first.AddDate(0, 0, i)
	}
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		q := `SELECT (created_at - $1) / 86400000, COUNT(*) FROM flow_runs WHERE created_at >= $1`
		args := []any{first.UnixMilli()}
		if flowName != "" {
			q += ` AND flow = $2`
			args = append(args, flowName)
		}
		rows, err := tx.QueryContext(ctx, q+` GROUP BY (created_at - $1) / 86400000`, args...)
		if err != nil {
			return fmt.Errorf("count runs per day: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var day, n int64
			if err := rows.Scan(&day, &n); err != nil {
				return fmt.Errorf("count runs per day: %w", err)
			}
			if day >= 0 && day < int64(days) {
				out[day].Count += n
			}
		}
		return rows.Err()
	})
	return out, err
}

// RunInfo is one flow run as listed by the dashboard.
type RunInfo struct {
	ID        int64
	Flow      string
	ContactID int64
	Status    string
	Step      string
	Error     string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// RunFilter selects runs; zero fields match everything.
type RunFilter struct {
	Flow      string
	ContactID int64
	Statuses  []string
	Limit     int // default 50, at most 500
}

// Runs lists runs matching f, newest first.
func (d *Dashboard) Runs(ctx context.Context, f RunFilter) ([]RunInfo, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	q := `SELECT id, flow, COALESCE(contact_id, 0), status, step, error, created_at, updated_at FROM flow_runs WHERE 1 = 1`
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Flow != "" {
		q += ` AND flow = ` + arg(f.Flow)
	}
	if f.ContactID != 0 {
		q += ` AND contact_id = ` + arg(f.ContactID)
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ph[i] = arg(s)
		}
		q += ` AND status IN (` + strings.Join(ph, ", ") + `)`
	}
	q += ` ORDER BY id DESC LIMIT ` + strconv.Itoa(f.Limit)
	var out []RunInfo
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list runs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r RunInfo
			var created, updated int64
			if err := rows.Scan(&r.ID, &r.Flow, &r.ContactID, &r.Status, &r.Step, &r.Error, &created, &updated); err != nil {
				return fmt.Errorf("list runs: %w", err)
			}
			r.CreatedAt, r.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// ContactHit is one contact found by a search.
type ContactHit struct {
	ID         int64
	Email      string
	Identities []crm.Identity
	Points     int64
}

// SearchContacts finds live contacts whose id equals q, or whose email or
// any identity (wallet, Discord or Telegram handle) contains q, ignoring
// case; at most limit (default 50), by id.
func (d *Dashboard) SearchContacts(ctx context.Context, q string, limit int) ([]ContactHit, error) {
	q = strings.TrimSpace(q)
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if q == "" {
		return nil, nil
	}
	id, _ := strconv.ParseInt(q, 10, 64)
	pattern := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q)) + "%"
	var out []ContactHit
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, COALESCE(c.email, ''), COALESCE(b.points, 0) FROM contacts c
			LEFT JOIN point_balances b ON b.contact_id = c.id AND b.season = ''
			WHERE c.merged_into IS NULL AND (c.id = $1 OR LOWER(COALESCE(c.email, '')) LIKE $2 ESCAPE '\'
				OR c.id IN (SELECT contact_id FROM identities WHERE LOWER(value) LIKE $2 ESCAPE '\'))
			ORDER BY c.id LIMIT `+strconv.Itoa(limit), id, pattern)
		if err != nil {
			return fmt.Errorf("search contacts: %w", err)
		}
		for rows.Next() {
			var h ContactHit
			if err := rows.Scan(&h.ID, &h.Email, &h.Points); err != nil {
				rows.Close()
				return fmt.Errorf("search contacts: %w", err)
			}
			out = append(out, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search contacts: %w", err)
		}
		for i := range out {
			c, err := tx.Contact(ctx, out[i].ID)
			if err != nil {
				return err
			}
			out[i].Identities = c.Identities
		}
		return nil
	})
	return out, err
}

// ContactDetail is everything the dashboard shows about one contact.
type ContactDetail struct {
	Contact crm.Contact
	Points  int64
	Tier    string
	History []loyalty.Entry // newest first
	Tiers   []loyalty.TierChange
}

// ContactDetail loads a contact (a merged one resolves to its survivor)
// with its balance, tier and latest points entries; ErrNotFound when
// there is no such contact.
func (d *Dashboard) ContactDetail(ctx context.Context, id int64, historyLimit int) (ContactDetail, error) {
	var cd ContactDetail
	if historyLimit <= 0 || historyLimit > 1000 {
		historyLimit = 100
	}
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		var err error
		if cd.Contact, err = tx.Contact(ctx, id); err != nil {
			return err
		}
		if cd.Points, err = tx.Balance(ctx, cd.Contact.ID); err != nil {
			return err
		}
		if cd.Tier, err = tx.ContactTier(ctx, cd.Contact.ID); err != nil {
			return err
		}
		if cd.History, _, err = tx.History(ctx, cd.Contact.ID, 0, historyLimit); err != nil {
			return err
		}
		cd.Tiers, err = tx.TierChanges(ctx, cd.Contact.ID)
		return err
	})
	return cd, err
}

// Leaderboard returns the first n standings of the season.
func (d *Dashboard) Leaderboard(ctx context.Context, season string, n int) ([]loyalty.Standing, error) {
	var out []loyalty.Standing
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.Top(ctx, season, n)
		return err
	})
	return out, err
}

// RewardEpochs lists the latest limit epochs of every chain, newest first.
func (d *Dashboard) RewardEpochs(ctx context.Context, limit int) ([]EpochSummary, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	var out []EpochSummary
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		var err error
		out, _, err = tx.EpochSummaries(ctx, 0, 0, limit)
		return err
	})
	return out, err
}

// PayoutBatch counts one payout batch's transfers by status.
type PayoutBatch struct {
	Batch    string
	ChainID  uint64
	ByStatus map[string]int64
	// Amount sums the batch's transfers, in token base units.
	Amount *big.Int
	Errors []string // distinct failure reasons, at most 5
}

// PayoutBatches summarises the latest limit payout batches, newest first.
func (d *Dashboard) PayoutBatches(ctx context.Context, limit int) ([]PayoutBatch, error) {
	if limit <= 0 || limit > 500 {
		limit = 20
	}
	var out []PayoutBatch
	err := d.DB.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.batch, p.chain_id, p.status, p.amount, p.error FROM payouts p
			JOIN (SELECT batch, MAX(id) AS last FROM payouts GROUP BY batch ORDER BY MAX(id) DESC LIMIT `+strconv.Itoa(limit)+`) b ON b.batch = p.batch
			ORDER BY b.last DESC, p.id`)
		if err != nil {
			return fmt.Errorf("list payouts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var batch, status, amount, errText string
			var chainID uint64
			if err := rows.Scan(&batch, &chainID, &status, &amount, &errText); err != nil {
				return fmt.Errorf("list payouts: %w", err)
			}
			if len(out) == 0 || out[len(out)-1].Batch != batch {
				out = append(out, PayoutBatch{Batch: batch, ChainID: chainID, ByStatus: map[string]int64{}, Amount: new(big.Int)})
			}
			b := &out[len(out)-1]
			b.ByStatus[status]++
			if v, ok := new(big.Int).SetString(amount, 10); ok {
				b.Amount.Add(b.Amount, v)
			}
			if errText != "" && len(b.Errors) < 5 && !slices.Contains(b.Errors, errText) {
				b.Errors = append(b.Errors, errText)
			}
		}
		return rows.Err()
	})
	return out, err
}

// PutNonce stores a single-use sign-in nonce; it shares the store of
// wallet-link nonces.
func (d *Dashboard) PutNonce(ctx context.Context, nonce string, expires time.Time) error {
	return Nonces{d.DB}.PutNonce(ctx, nonce, expires)
}

// UseNonce consumes a nonce: ErrNotFound when unknown, expired or used.
func (d *Dashboard) UseNonce(ctx context.Context, nonce string) error {
	return Nonces{d.DB}.UseNonce(ctx, nonce)
}
