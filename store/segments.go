package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// FactColumn is one contact fact as a SQL expression over FactsFrom, for
// segments compiled to SQL. Days are computed against NowToken.
type FactColumn struct {
	SQL  string
	Type string // int, double, string or bool
}

// FactsFrom joins every live contact with its stored facts; conditions
// over FactColumns go in its WHERE clause.
const FactsFrom = `contacts c
	LEFT JOIN contact_facts f ON f.contact_id = c.id
	LEFT JOIN point_balances pb ON pb.contact_id = c.id AND pb.season = ''
	LEFT JOIN contact_tiers ct ON ct.contact_id = c.id`

// FactColumns maps fact keys (crm/facts) to SQL. Keys not listed are
// evaluated per contact in CEL. Missing values are NULL where the fact map
// leaves the key out, so both agree on "not a member".
func FactColumns() map[string]FactColumn {
	return map[string]FactColumn{
		"id":                  {`c.id`, "int"},
		"email":               {`COALESCE(c.email, '')`, "string"},
		"timezone":            {`c.timezone`, "string"},
		"locale":              {`c.locale`, "string"},
		"points":              {`COALESCE(pb.points, 0)`, "int"},
		"tier":                {`COALESCE(ct.tier, '')`, "string"},
		"mints":               {`COALESCE(f.mints, 0)`, "int"},
		"transfers":           {`COALESCE(f.transfers, 0)`, "int"},
		"votes":               {`COALESCE(f.votes, 0)`, "int"},
		"proposals":           {`COALESCE(f.proposals, 0)`, "int"},
		"claims":              {`COALESCE(f.claims, 0)`, "int"},
		"stakes":              {`COALESCE(f.stakes, 0)`, "int"},
		"unstakes":            {`COALESCE(f.unstakes, 0)`, "int"},
		"events":              {`COALESCE(f.events, 0)`, "int"},
		"events_90d":          {`COALESCE(f.events_90d, 0)`, "int"},
		"staked":              {`(COALESCE(f.staked_value, 0) > 0)`, "bool"},
		"staked_value":        {`COALESCE(f.staked_value, 0)`, "double"},
		"staked_days":         {`(CAST({now} - f.staked_since AS DOUBLE PRECISION) / 86400000)`, "double"},
		"first_activity_days": {`(CAST({now} - f.first_activity AS DOUBLE PRECISION) / 86400000)`, "double"},
		"last_activity_days":  {`(CAST({now} - f.last_activity AS DOUBLE PRECISION) / 86400000)`, "double"},
		"scores.engagement":   {`COALESCE(f.engagement, 0)`, "double"},
		"scores.churn_risk":   {`COALESCE(f.churn_risk, 1)`, "double"},
		// holdings.<contract>.balance / .tokens: {h} is the alias of the
		// contract's contact_holdings join (HoldingsJoin).
		"holdings.balance": {`{h}.balance`, "double"},
		"holdings.tokens":  {`{h}.tokens`, "int"},
	}
}

// Where is a compiled condition: SQL over FactsFrom plus Joins, with $N
// placeholders for Args, numbered from $1, and NowToken for the
// evaluation time.
type Where struct {
	Joins string
	SQL   string
	Args  []any
}

// HoldingsJoin joins one contract's holdings under alias; contract is its
// bound placeholder. A contact without holdings of it gets NULLs.
func HoldingsJoin(alias, contract string) string {
	return ` LEFT JOIN contact_holdings ` + alias + ` ON ` + alias + `.contact_id = c.id AND ` + alias + `.contract = ` + contract
}

// shift renumbers the placeholders of s to start after n arguments.
func shift(s string, n int) string {
	if n == 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+1])
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		var k int
		fmt.Sscanf(s[i+1:j], "%d", &k)
		fmt.Fprintf(&b, "%d", k+n)
		s = s[j:]
	}
}

// ContactSegments lists the segments the contact is a member of, by name.
func (tx *Tx) ContactSegments(ctx context.Context, contactID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT segment FROM segment_members WHERE contact_id = $1 ORDER BY segment`, contactID)
	if err != nil {
		return nil, fmt.Errorf("segments of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("segments of contact %d: %w", contactID, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetSegmentMember moves a contact into (member) or out of a segment and
// records the change; it reports whether anything changed.
func (tx *Tx) SetSegmentMember(ctx context.Context, segment string, contactID int64, member bool, at time.Time) (bool, error) {
	move := `DELETE FROM segment_members WHERE segment = $1 AND contact_id = $2`
	if member {
		move = `INSERT INTO segment_members (segment, contact_id, since) VALUES ($1, $2, $3) ON CONFLICT (segment, contact_id) DO NOTHING`
	}
	if tx.db.Dialect == Postgres {
		// One round trip: the change is recorded only when a row moved.
		res, err := tx.ExecContext(ctx, `WITH moved AS (`+move+` RETURNING contact_id)
			INSERT INTO segment_changes (segment, contact_id, entered, at) SELECT $1, contact_id, $4, $3 FROM moved`,
			segment, contactID, at.UnixMilli(), member)
		if err != nil {
			return false, fmt.Errorf("segment %s membership of %d: %w", segment, contactID, err)
		}
		n, _ := res.RowsAffected()
		return n > 0, nil
	}
	args := []any{segment, contactID}
	if member {
		args = append(args, at.UnixMilli())
	}
	res, err := tx.ExecContext(ctx, move, args...)
	if err != nil {
		return false, fmt.Errorf("segment %s membership of %d: %w", segment, contactID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO segment_changes (segment, contact_id, entered, at) VALUES ($1, $2, $3, $4)`,
		segment, contactID, member, at.UnixMilli()); err != nil {
		return false, fmt.Errorf("record segment %s change of %d: %w", segment, contactID, err)
	}
	return true, nil
}

// SegmentChange is one recorded entry into or exit from a segment.
type SegmentChange struct {
	ID        int64
	Segment   string
	ContactID int64
	Entered   bool
	At        time.Time
}

// SegmentChanges lists recorded changes of segment ("" all) after id afterID, oldest first.
func (tx *Tx) SegmentChanges(ctx context.Context, segment string, afterID int64, limit int) ([]SegmentChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, segment, contact_id, entered, at FROM segment_changes
		WHERE id > $1 AND ($2 = '' OR segment = $2) ORDER BY id LIMIT $3`, afterID, segment, limit)
	if err != nil {
		return nil, fmt.Errorf("read segment changes: %w", err)
	}
	defer rows.Close()
	var out []SegmentChange
	for rows.Next() {
		var c SegmentChange
		var at int64
		if err := rows.Scan(&c.ID, &c.Segment, &c.ContactID, &c.Entered, &at); err != nil {
			return nil, fmt.Errorf("read segment changes: %w", err)
		}
		c.At = time.UnixMilli(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SegmentSize counts a segment's members.
func (tx *Tx) SegmentSize(ctx context.Context, segment string) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM segment_members WHERE segment = $1`, segment).Scan(&n); err != nil {
		return 0, fmt.Errorf("size of segment %s: %w", segment, err)
	}
	return n, nil
}

// SegmentMembers lists member ids after afterID, ascending, at most limit.
func (tx *Tx) SegmentMembers(ctx context.Context, segment string, afterID int64, limit int) ([]int64, error) {
	return tx.ids(ctx, `SELECT contact_id FROM segment_members WHERE segment = $1 AND contact_id > $2 ORDER BY contact_id LIMIT $3`, segment, afterID, limit)
}

func (tx *Tx) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list contacts: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ContactsWhere lists live contacts matching w (an empty w matches all)
// with id > afterID, ascending, at most limit.
func (tx *Tx) ContactsWhere(ctx context.Context, w Where, now time.Time, afterID int64, limit int) ([]int64, error) {
	q, args := whereQuery(`SELECT c.id`, `c.id > $1`, []any{afterID}, w, now)
	q += fmt.Sprintf(` ORDER BY c.id LIMIT $%d`, len(args)+1)
	return tx.ids(ctx, q, append(args, limit)...)
}

// CountWhere counts live contacts matching w.
func (tx *Tx) CountWhere(ctx context.Context, w Where, now time.Time) (int64, error) {
	q, args := whereQuery(`SELECT COUNT(*)`, `1 = 1`, nil, w, now)
	var n int64
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count segment: %w", err)
	}
	return n, nil
}

// NowToken stands for the evaluation time (unix ms) in compiled SQL.
const NowToken = "{now}"

// whereQuery builds `sel FROM FactsFrom <joins> WHERE live AND cond AND
// (w)`, where cond's arguments are baseArgs; w's placeholders are
// renumbered after them and {now} is bound when w uses it.
func whereQuery(sel, cond string, baseArgs []any, w Where, now time.Time) (string, []any) {
	q := sel + ` FROM ` + FactsFrom + shift(w.Joins, len(baseArgs)) + ` WHERE c.merged_into IS NULL AND ` + cond
	if w.SQL == "" {
		return q, baseArgs
	}
	wc := shift(w.SQL, len(baseArgs))
	args := append(append([]any(nil), baseArgs...), w.Args...)
	if strings.Contains(wc, NowToken) {
		args = append(args, now.UnixMilli())
		wc = strings.ReplaceAll(wc, NowToken, fmt.Sprintf("CAST($%d AS BIGINT)", len(args)))
	}
	return q + ` AND (` + wc + `)`, args
}

// RecomputeSegment sets the segment's members to the live contacts
// matching w, set-based, records entries and exits, and returns them.
// With members non-nil, those ids are the new member set instead (for
// conditions evaluated outside SQL) and w is ignored.
func (tx *Tx) RecomputeSegment(ctx context.Context, segment string, w Where, members []int64, at time.Time) (entered, exited []int64, err error) {
	tmp := "pg_temp.segment_eval"
	if tx.db.Dialect == SQLite {
		tmp = "temp.segment_eval"
	}
	create := `CREATE TEMP TABLE segment_eval (contact_id BIGINT PRIMARY KEY)`
	if tx.db.Dialect == Postgres {
		create += ` ON COMMIT DROP`
		// The set-based query hash-joins every contact with its facts,
		// balance and holdings; the default 4 MB would spill those to disk.
		if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '128MB'`); err != nil {
			return nil, nil, fmt.Errorf("recompute segment %s: %w", segment, err)
		}
	}
	for _, q := range []string{`DROP TABLE IF EXISTS ` + tmp, create} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, nil, fmt.Errorf("recompute segment %s: %w", segment, err)
		}
	}
	if members != nil {
		for len(members) > 0 {
			n := min(len(members), 500)
			var b strings.Builder
			args := make([]any, n)
			b.WriteString(`INSERT INTO segment_eval (contact_id) VALUES `)
			for i, id := range members[:n] {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "($%d)", i+1)
				args[i] = id
			}
			b.WriteString(` ON CONFLICT DO NOTHING`)
			if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
				return nil, nil, fmt.Errorf("recompute segment %s: %w", segment, err)
			}
			members = members[n:]
		}
	} else {
		q, args := whereQuery(`INSERT INTO segment_eval (contact_id) SELECT c.id`, `1 = 1`, nil, w, at)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return nil, nil, fmt.Errorf("recompute segment %s: %w", segment, err)
		}
	}
	ms := at.UnixMilli()
	if exited, err = tx.ids(ctx, `DELETE FROM segment_members WHERE segment = $1
		AND NOT EXISTS (SELECT 1 FROM `+tmp+` e WHERE e.contact_id = segment_members.contact_id) RETURNING contact_id`, segment); err != nil {
		return nil, nil, fmt.Errorf("recompute segment %s: exits: %w", segment, err)
	}
	if entered, err = tx.ids(ctx, `INSERT INTO segment_members (segment, contact_id, since)
		SELECT $1, e.contact_id, $2 FROM `+tmp+` e
		WHERE NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment = $1 AND m.contact_id = e.contact_id)
		RETURNING contact_id`, segment, ms); err != nil {
		return nil, nil, fmt.Errorf("recompute segment %s: entries: %w", segment, err)
	}
	if err := tx.recordChanges(ctx, segment, exited, false, ms); err != nil {
		return nil, nil, err
	}
	if err := tx.recordChanges(ctx, segment, entered, true, ms); err != nil {
		return nil, nil, err
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+tmp); err != nil {
		return nil, nil, fmt.Errorf("recompute segment %s: %w", segment, err)
	}
	return entered, exited, nil
}

// recordChanges writes change records for ids in batches.
func (tx *Tx) recordChanges(ctx context.Context, segment string, ids []int64, entered bool, at int64) error {
	if tx.db.Dialect == Postgres && len(ids) > 0 {
		// One statement for any number of rows.
		_, err := tx.ExecContext(ctx, `INSERT INTO segment_changes (segment, contact_id, entered, at)
			SELECT $1, x, $2, $3 FROM unnest($4::bigint[]) AS x`, segment, entered, at, ids)
		if err != nil {
			return fmt.Errorf("record segment %s changes: %w", segment, err)
		}
		return nil
	}
	for len(ids) > 0 {
		n := min(len(ids), 200)
		var b strings.Builder
		args := []any{segment, entered, at}
		b.WriteString(`INSERT INTO segment_changes (segment, contact_id, entered, at) VALUES `)
		for i, id := range ids[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, id)
			fmt.Fprintf(&b, "($1, $%d, $2, $3)", len(args))
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("record segment %s changes: %w", segment, err)
		}
		ids = ids[n:]
	}
	return nil
}

// SavedSegment is a segment defined through the API.
type SavedSegment struct {
	Name, Expr, Description string
	UpdatedAt               time.Time
}

// SaveSegment creates or replaces a saved segment.
func (tx *Tx) SaveSegment(ctx context.Context, s SavedSegment) error {
	now := tx.db.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO segments (name, expr, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (name) DO UPDATE SET expr = excluded.expr, description = excluded.description, updated_at = excluded.updated_at`,
		s.Name, s.Expr, s.Description, now)
	if err != nil {
		return fmt.Errorf("save segment %s: %w", s.Name, err)
	}
	return nil
}

// SavedSegments lists the saved segments by name.
func (tx *Tx) SavedSegments(ctx context.Context) ([]SavedSegment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, expr, description, updated_at FROM segments ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list segments: %w", err)
	}
	defer rows.Close()
	var out []SavedSegment
	for rows.Next() {
		var s SavedSegment
		var at int64
		if err := rows.Scan(&s.Name, &s.Expr, &s.Description, &at); err != nil {
			return nil, fmt.Errorf("list segments: %w", err)
		}
		s.UpdatedAt = time.UnixMilli(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteSegment removes a saved segment and its members (changes stay).
func (tx *Tx) DeleteSegment(ctx context.Context, name string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM segments WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("delete segment %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("segment %s: %w", name, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM segment_members WHERE segment = $1`, name); err != nil {
		return fmt.Errorf("delete segment %s members: %w", name, err)
	}
	return nil
}
