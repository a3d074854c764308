package flow_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// The crash test runs the engine in a child process (this test binary,
// re-executed into TestCrashChild) and SIGKILLs it at random points.
const (
	crashChildEnv = "BECKON_CRASH_CHILD_DB"
	crashSMTPEnv  = "BECKON_CRASH_CHILD_SMTP"
	crashFrom     = "Team <team@crash.example>"
	crashRuns     = 200
	crashKills    = 20
)

const crashFlowSrc = `name: crash
trigger: { event: mint, contract: pass }
reentry: once
steps:
  - award_points: { amount: 10, reason: minted }
  - email: { template: welcome }
  - crm_update: { welcomed: "yes" }
  - award_points: { amount: 5, reason: welcomed }
  - email: { template: stake-nudge }
`

// smtpCounter is an in-process SMTP server counting messages by Message-ID.
type smtpCounter struct {
	mu   sync.Mutex
	byID map[string]int
}

func (s *smtpCounter) NewSession(*smtp.Conn) (smtp.Session, error) { return &countSession{s: s}, nil }

func (s *smtpCounter) counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.byID))
	for k, v := range s.byID {
		out[k] = v
	}
	return out
}

type countSession struct{ s *smtpCounter }

func (c *countSession) Mail(string, *smtp.MailOptions) error { return nil }
func (c *countSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (c *countSession) Reset()                               {}
func (c *countSession) Logout() error                        { return nil }
func (c *countSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, msg.Body); err != nil {
		return err
	}
	c.s.mu.Lock()
	c.s.byID[msg.Header.Get("Message-ID")]++
	c.s.mu.Unlock()
	return nil
}

// TestCrashChild is the worker process of TestCrashExactlyOnce; it does
// nothing unless started by it.
func TestCrashChild(t *testing.T) {
	dbURL := os.Getenv(crashChildEnv)
	if dbURL == "" {
		t.Skip("only runs as the child of TestCrashExactlyOnce")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	def, err := flow.Parse("crash.yaml", []byte(crashFlowSrc))
	require.NoError(t, err)
	mailer, err := email.NewSMTP("smtp://" + os.Getenv(crashSMTPEnv) + "?tls=none&auth=none")
	require.NoError(t, err)
	templates, err := email.NewTemplates()
	require.NoError(t, err)
	e := &flow.Engine{
		Flows: []*flow.Definition{def},
		InTx: func(ctx context.Context, fn func(tx flow.Tx) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		Marks: func(ctx context.Context) (flow.EffectMarks, error) { return db.EffectMarks(ctx) },
		Mail:  mailer, Templates: templates, From: crashFrom,
	}
	workers := river.NewWorkers()
	e.Workers(workers)
	client, err := db.JobClient(store.JobConfig{Workers: workers, PollEvery: 20 * time.Millisecond, MaxWorkers: 8,
		Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	e.Jobs = client
	require.NoError(t, client.Start(ctx))
	fmt.Println("child ready")
	select {} // until killed
}

// TestCrashExactlyOnce kills the worker at random points of a five-step
// journey (two emails, two ledger entries, a CRM write) and checks that in
// the end every run completed with each ledger entry written once and each
// email received exactly once — except when the kill fell in the few
// milliseconds between the commit before SMTP's final dot and the record
// after the relay's reply, which the effect row then says ("uncertain",
// received at most once) — and never twice.
func TestCrashExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns worker processes")
	}
	dbURL := storetest.PostgresSchemaURL(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	_, err = db.Migrate(ctx)
	require.NoError(t, err)
	_, err = db.MigrateJobs(ctx)
	require.NoError(t, err)

	counter := &smtpCounter{byID: map[string]int{}}
	srv := smtp.NewServer(counter)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0) // killed senders reset their connections
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	// History: one mint per contact, its event jobs queued with it.
	inserter, err := db.JobClient(store.JobConfig{InsertOnly: true})
	require.NoError(t, err)
	enq := &flow.Engine{Jobs: inserter}
	chains := &store.ChainStore{DB: db, OnEvents: func(ctx context.Context, tx *store.Tx, evs []chain.Event) error {
		return enq.EnqueueEvents(ctx, tx.SQL(), evs)
	}}
	var events []chain.Event
	for i := range crashRuns {
		key, err := crypto.GenerateKey()
		require.NoError(t, err)
		wallet := crypto.PubkeyToAddress(key.PublicKey)
		require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
			id, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: fmt.Sprintf("c%d@example.org", i)})
			if err != nil {
				return err
			}
			_, err = crm.Link(ctx, tx, id, crm.Identity{Kind: crm.IdentityWallet, Value: wallet.Hex()})
			return err
		}))
		events = append(events, mintEvent(1, uint(i), wallet))
	}
	require.NoError(t, chains.Commit(ctx, chain.Batch{ChainID: testChainID, Events: events,
		Headers:    []chain.Header{{Number: 1, Hash: blockHash(1), ParentHash: blockHash(0)}},
		Checkpoint: chain.Checkpoint{ChainID: testChainID, Number: 1, Hash: blockHash(1)}}))

	completed := func() int64 {
		var n int64
		require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM flow_runs WHERE status = $1`, flow.RunCompleted).Scan(&n))
		return n
	}
	start := func() (*exec.Cmd, *bufio.Reader) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dbURL, crashSMTPEnv+"="+ln.Addr().String())
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		r := bufio.NewReader(out)
		for {
			line, err := r.ReadString('\n')
			require.NoError(t, err, "child exited before it was ready")
			if line == "child ready\n" {
				return cmd, r
			}
		}
	}
	// afterKill does what River's rescuer would do, at once: jobs the dead
	// worker held are available again, and its leadership is released.
	afterKill := func() {
		_, err := db.SQL.ExecContext(ctx, `UPDATE river_job SET state = 'available', attempted_by = NULL WHERE state = 'running'`)
		require.NoError(t, err)
		_, err = db.SQL.ExecContext(ctx, `DELETE FROM river_leader`)
		require.NoError(t, err)
	}

	progress := func() int64 {
		var n int64
		require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM flow_effects`).Scan(&n))
		return n
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	kills, midWork := 0, 0
	// The child needs a while to get going on a slow or loaded machine
	// (or under -race): a kill that saw no progress doubles the delay.
	base := 20 * time.Millisecond
	for midWork < crashKills {
		if completed() == crashRuns {
			t.Fatalf("the journeys finished after %d kills; raise crashRuns so that %d kills land mid-journey", kills, crashKills)
		}
		before := progress()
		cmd, _ := start()
		time.Sleep(base + time.Duration(rng.Int64N(int64(base)*3/2)))
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		kills++
		if progress() > before {
			midWork++ // the worker was killed while it was getting somewhere
			base = max(base/2, 20*time.Millisecond)
		} else {
			base = min(2*base, 4*time.Second)
		}
		afterKill()
		require.Less(t, kills, 10*crashKills, "too few kills landed while work was done")
	}
	t.Logf("%d kills (%d after progress), %d of %d runs completed before the last one, %d effects", kills, midWork, completed(), crashRuns, progress())

	// Let a last worker finish. A worker that makes no progress for a
	// minute is restarted (at most three times), as an operator would.
	for restarts := 0; completed() < crashRuns && restarts <= 3; restarts++ {
		if restarts > 0 {
			t.Logf("no progress for a minute: restarting the worker (%d)", restarts)
		}
		cmd, _ := start()
		last, lastAt := progress(), time.Now()
		for completed() < crashRuns && time.Since(lastAt) < time.Minute {
			time.Sleep(100 * time.Millisecond)
			if p := progress(); p != last {
				last, lastAt = p, time.Now()
			}
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		afterKill()
	}
	if n := completed(); n != crashRuns {
		rows, err := db.SQL.QueryContext(ctx, `SELECT state, kind, COUNT(*) FROM river_job GROUP BY state, kind`)
		require.NoError(t, err)
		for rows.Next() {
			var state, kind string
			var c int
			require.NoError(t, rows.Scan(&state, &kind, &c))
			t.Logf("jobs %s %s: %d", kind, state, c)
		}
		require.NoError(t, rows.Close())
		t.Fatalf("%d of %d runs completed after the crashes", n, crashRuns)
	}

	// Ledger: exactly one entry per award step per run.
	rows, err := db.SQL.QueryContext(ctx, `SELECT idem_key, COUNT(*) FROM points_ledger GROUP BY idem_key`)
	require.NoError(t, err)
	keys := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		require.NoError(t, rows.Scan(&k, &n))
		keys[k] = n
	}
	require.NoError(t, rows.Close())
	require.Len(t, keys, 2*crashRuns)

	// Email: never twice; once unless the effect row admits uncertainty,
	// which only the kills landing between the commit and the record cause.
	received := counter.counts()
	effects := map[string]string{}
	erows, err := db.SQL.QueryContext(ctx, `SELECT run_id, step, status FROM flow_effects WHERE kind = 'email'`)
	require.NoError(t, err)
	for erows.Next() {
		var run int64
		var step, status string
		require.NoError(t, erows.Scan(&run, &step, &status))
		effects[fmt.Sprintf("run:%d:%s", run, step)] = status
	}
	require.NoError(t, erows.Close())
	require.Len(t, effects, 2*crashRuns)
	uncertain, uncertainLost := 0, 0
	ids := map[string]bool{}
	for key, status := range effects {
		id := "<" + email.MessageID(email.Message{ID: key, From: crashFrom}) + ">"
		ids[id] = true
		n := received[id]
		require.LessOrEqual(t, n, 1, "%s sent %d times", key, n)
		switch status {
		case flow.EffectDone:
			require.Equal(t, 1, n, "%s done but received %d times", key, n)
		case flow.EffectUncertain:
			uncertain++
			if n == 0 {
				uncertainLost++
			}
		default:
			t.Fatalf("%s left %s", key, status)
		}
	}
	var total int
	for id, n := range received {
		require.True(t, ids[id], "received %s, which no email step sent", id)
		total += n
	}
	require.Equal(t, 2*crashRuns-uncertainLost, total)
	// A kill lands in that window for about one in-flight email in two
	// (less on an idle machine): allow two per kill that landed mid-work.
	require.LessOrEqual(t, uncertain, 2*midWork, "too many uncertain emails for %d kills", midWork)
	t.Logf("%d emails received for %d email steps, %d uncertain (%d of them not received), %d kills",
		total, 2*crashRuns, uncertain, uncertainLost, kills)

	var traits int64
	require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE traits LIKE '%welcomed%'`).Scan(&traits))
	require.EqualValues(t, crashRuns, traits)
	var ledgerRows int64
	require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM points_ledger`).Scan(&ledgerRows))
	require.EqualValues(t, 2*crashRuns, ledgerRows)
}
