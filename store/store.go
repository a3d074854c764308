package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations
var migrations embed.FS

// Dialect says which SQL engine a DB talks to. Queries are written once
// with $N placeholders, which both engines accept.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// ErrNotFound is returned by lookups that find nothing.
var ErrNotFound = errors.New("not found")

// DB is Beckon's store over PostgreSQL or SQLite.
type DB struct {
	SQL     *sql.DB
	Dialect Dialect
	// Pool is the pgx pool behind SQL on PostgreSQL (nil on SQLite); River
	// uses it to LISTEN for new jobs.
	Pool *pgxpool.Pool
	Now  func() time.Time
	// RecordChange says which contact change types (crm.Change*) are
	// written to the contact_changes outbox; nil records every type.
	// Wiring sets it to the types some webhook endpoint wants, so a
	// deployment without contact webhooks pays nothing for them.
	RecordChange func(typ string) bool
	log          *slog.Logger
	// churn caches the latest churn model facts score with.
	churn churnModels
}

// Open connects to url. A postgres:// or postgresql:// URL selects
// PostgreSQL through pgx; a sqlite:// URL, a file: URL or a plain path selects
// the embedded SQLite file. It does not migrate; call Migrate.
func Open(ctx context.Context, rawURL string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	scheme := ""
	if i := strings.Index(rawURL, "://"); i > 0 {
		scheme = rawURL[:i]
	}
	switch scheme {
	case "postgres", "postgresql":
		return openPostgres(ctx, rawURL, log)
	case "sqlite", "file", "":
		p := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite://"), "file://")
		if p == "" {
			return nil, errors.New("open store: empty sqlite path")
		}
		return openSQLite(ctx, p, log)
	default:
		return nil, fmt.Errorf("open store: unknown database scheme %q (valid: postgres://, postgresql://, sqlite://, or a file path)", scheme)
	}
}

// defaultPoolConns is the PostgreSQL pool size unless the URL sets
// pool_max_conns: the job client's 20 workers, River's listener, producer
// and completer, and a few for the API.
const defaultPoolConns = 28

func openPostgres(ctx context.Context, rawURL string, log *slog.Logger) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err) // pgconn masks the password
	}
	if !strings.Contains(rawURL, "pool_max_conns=") {
		// pgx defaults to max(4, CPUs): far fewer than the job workers,
		// whose transactions would then queue for a connection while
		// others wait on their commits.
		cfg.MaxConns = max(cfg.MaxConns, defaultPoolConns)
	}
	if _, set := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !set {
		// Every statement is a short keyed lookup or write, prepared once
		// per connection: PostgreSQL would otherwise plan each of them
		// afresh for its first five executions on every connection, a
		// millisecond or more apiece for the wider ones.
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	return &DB{SQL: db, Dialect: Postgres, Pool: pool, Now: time.Now, log: log}, nil
}

// openSQLite opens the file with WAL and one connection: SQLite allows one
// writer, and a single connection turns SQLITE_BUSY into queueing in Go.
func openSQLite(ctx context.Context, file string, log *slog.Logger) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_time_format", "sqlite")
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", file, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", file, err)
	}
	return &DB{SQL: db, Dialect: SQLite, Now: time.Now, log: log}, nil
}

// Close releases the connections.
func (db *DB) Close() error {
	err := db.SQL.Close()
	if db.Pool != nil {
		db.Pool.Close()
	}
	return err
}

func (db *DB) now() int64 { return db.Now().UnixMilli() }

// Tx is one transaction; the domain store methods live on it so that one
// unit of work (events + checkpoint + jobs, or an effect + its idempotency
// record) commits or rolls back as a whole.
type Tx struct {
	*sql.Tx
	db *DB
	// balances collects the points moves of this transaction, written as
	// one contact change per contact just before commit (InTx only; a
	// wrapped transaction records each move as it happens).
	balances balanceMoves
}

// InTx runs fn in a transaction, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, db: db, balances: balanceMoves{}}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushBalanceMoves(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Wrap adopts a transaction begun elsewhere (a River worker's, say).
// Its points moves are recorded as contact changes one by one: the
// commit that would coalesce them is not ours.
func (db *DB) Wrap(tx *sql.Tx) *Tx { return &Tx{Tx: tx, db: db} }

// Migration is one embedded schema version.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations for the dialect, in order.
func (db *DB) Migrations() ([]Migration, error) {
	dir := path.Join("migrations", string(db.Dialect))
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", name)
		}
		body, err := fs.ReadFile(migrations, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		out = append(out, Migration{Version: v, Name: strings.TrimSuffix(name, ".sql"), SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies every embedded migration not yet recorded, each in its own
// transaction, and returns the names applied. Running it twice is a no-op.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS beckon_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create migrations table: %w", err)
	}
	all, err := db.Migrations()
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range all {
		err := db.InTx(ctx, func(tx *Tx) error {
			if db.Dialect == Postgres {
				// Serialise concurrent migrators (several replicas starting at once).
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7355608)`); err != nil {
					return fmt.Errorf("lock migrations: %w", err)
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM beckon_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return fmt.Errorf("check migration %s: %w", m.Name, err)
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO beckon_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, db.now()); err != nil {
				return fmt.Errorf("record migration %s: %w", m.Name, err)
			}
			applied = append(applied, m.Name)
			return nil
		})
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// notFound maps sql.ErrNoRows to ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
