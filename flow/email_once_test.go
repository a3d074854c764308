package flow_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/crm/email/emailtest"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// crashPoint is where crashMail stops its worker, as a SIGKILL would.
type crashPoint int

const (
	noCrash           crashPoint = iota
	crashBeforeSend              // claimed pending, nothing written to the relay
	crashBeforeDot               // committed (started), the final dot not sent
	crashBeforeRecord            // the relay answered 250, "done" not recorded
	takenBeforeCommit            // another attempt moved the claim on first
	replyLost                    // delivered, but the send reports a lost reply
)

// crashMail wraps the real sender and ends the calling goroutine at its
// crash point with runtime.Goexit: nothing after it in the worker runs,
// and cancelling the send's context closes its connection the way a dying
// process's socket closes.
type crashMail struct {
	next   email.CommitSender
	at     crashPoint
	cancel context.CancelFunc
	taken  func(ctx context.Context) error // for takenBeforeCommit

	mu    sync.Mutex
	sends int
}

func (c *crashMail) Send(ctx context.Context, m email.Message) error {
	return c.SendCommit(ctx, m, nil)
}

func (c *crashMail) SendCommit(ctx context.Context, m email.Message, commit func(context.Context) error) error {
	c.mu.Lock()
	c.sends++
	c.mu.Unlock()
	switch c.at {
	case crashBeforeSend:
		runtime.Goexit()
	case crashBeforeDot:
		return c.next.SendCommit(ctx, m, func(ctx context.Context) error {
			if err := commit(ctx); err != nil {
				return err
			}
			c.cancel()
			runtime.Goexit()
			return nil
		})
	case crashBeforeRecord:
		if err := c.next.SendCommit(ctx, m, commit); err != nil {
			return err
		}
		c.cancel()
		runtime.Goexit()
	case replyLost:
		if err := c.next.SendCommit(ctx, m, commit); err != nil {
			return err
		}
		return fmt.Errorf("read reply: connection reset: %w", email.ErrMaybeDelivered)
	case takenBeforeCommit:
		return c.next.SendCommit(ctx, m, func(ctx context.Context) error {
			if err := c.taken(ctx); err != nil {
				return err
			}
			return commit(ctx)
		})
	}
	return c.next.SendCommit(ctx, m, commit)
}

func (c *crashMail) attempts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sends
}

// noJobs stands in for River: the one-step flow enqueues nothing.
type noJobs struct{}

func (noJobs) InsertTx(context.Context, *sql.Tx, river.JobArgs, *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	return nil, errors.New("unexpected job")
}

func (noJobs) InsertManyTx(context.Context, *sql.Tx, []river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	return nil, errors.New("unexpected jobs")
}

// TestEmailStepCrashPhases crashes the worker of an email step at each
// phase of the send, then runs the step's job again as River's rescuer
// would, and checks what the relay received and what the effect row says.
func TestEmailStepCrashPhases(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		db := backend.Open(t)
		relay := emailtest.Start(t)
		smtp, err := email.NewSMTP(relay.URL())
		require.NoError(t, err)
		t.Cleanup(func() { _ = smtp.Close() })
		confirmed := email.StatusFunc(func(context.Context, string) (email.Status, error) { return email.Status{Confirmed: true}, nil })
		mail := &crashMail{next: email.NewGuard(smtp, confirmed, true)}
		def, err := flow.Parse("once.yaml", []byte("name: once\ntrigger: { event: mint, contract: pass }\nsteps:\n  - email: { template: welcome }\n"))
		require.NoError(t, err)
		templates, err := email.NewTemplates()
		require.NoError(t, err)
		var logs bytes.Buffer
		var logMu sync.Mutex
		e := &flow.Engine{
			Flows: []*flow.Definition{def},
			InTx: func(ctx context.Context, fn func(tx flow.Tx) error) error {
				return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
			},
			Jobs: noJobs{}, Mail: mail, Templates: templates, From: "Team <team@example.org>",
			Log: slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil)),
		}
		ctx := t.Context()

		received := func(runID int64) int {
			want := "<" + email.MessageID(email.Message{ID: fmt.Sprintf("run:%d:0", runID), From: e.From}) + ">"
			n := 0
			for _, m := range relay.Messages() {
				if m.Parsed(t).Header.Get("Message-ID") == want {
					n++
				}
			}
			return n
		}
		status := func(runID int64) (run, effect string) {
			require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT status FROM flow_runs WHERE id = $1`, runID).Scan(&run))
			err := db.SQL.QueryRowContext(ctx, `SELECT status FROM flow_effects WHERE run_id = $1 AND step = '0'`, runID).Scan(&effect)
			if errors.Is(err, sql.ErrNoRows) {
				return run, ""
			}
			require.NoError(t, err)
			return run, effect
		}
		newRun := func(name string) int64 {
			var id int64
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				c, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: name + "@example.org"})
				if err != nil {
					return err
				}
				r, _, err := tx.CreateRun(ctx, flow.Run{Flow: "once", ContactID: c, TriggerKey: name, Status: flow.RunRunning, Step: "0"})
				id = r.ID
				return err
			}))
			return id
		}
		// attempt runs the step once with the sender set to crash at at;
		// crashed says the worker stopped there.
		attempt := func(runID int64, at crashPoint) (crashed bool, err error) {
			actx, cancel := context.WithCancel(ctx)
			defer cancel()
			mail.at, mail.cancel = at, cancel
			done := make(chan struct{})
			go func() {
				defer close(done)
				crashed = true
				err = flow.WorkStep(actx, e, flow.StepArgs{RunID: runID, Step: "0"})
				crashed = false
			}()
			<-done
			return crashed, err
		}
		// settled waits for the relay to have read a dropped session to
		// its end, so a message it would wrongly accept is counted.
		settled := func() { time.Sleep(200 * time.Millisecond) }

		t.Run("before send", func(t *testing.T) {
			run := newRun("before-send")
			crashed, _ := attempt(run, crashBeforeSend)
			require.True(t, crashed)
			_, eff := status(run)
			require.Equal(t, flow.EffectPending, eff)
			require.Zero(t, received(run))

			before := mail.attempts()
			crashed, err := attempt(run, noCrash)
			require.False(t, crashed)
			require.NoError(t, err)
			settled()
			r, eff := status(run)
			require.Equal(t, flow.RunCompleted, r)
			require.Equal(t, flow.EffectDone, eff)
			require.Equal(t, 1, received(run), "sent again, once")
			require.Equal(t, before+1, mail.attempts())
		})

		t.Run("before the dot", func(t *testing.T) {
			run := newRun("before-dot")
			crashed, _ := attempt(run, crashBeforeDot)
			require.True(t, crashed)
			_, eff := status(run)
			require.Equal(t, flow.EffectStarted, eff)

			before := mail.attempts()
			crashed, err := attempt(run, noCrash)
			require.False(t, crashed)
			require.NoError(t, err)
			settled()
			r, eff := status(run)
			require.Equal(t, flow.RunCompleted, r)
			require.Equal(t, flow.EffectUncertain, eff)
			require.Equal(t, before, mail.attempts(), "an uncertain email is not sent again")
			require.Zero(t, received(run), "the relay discards a message without its final dot")
			logMu.Lock()
			require.Contains(t, logs.String(), fmt.Sprintf("level=WARN msg=\"effect interrupted; not repeating it\" flow=once run=%d step=0", run))
			logMu.Unlock()
		})

		t.Run("before the record", func(t *testing.T) {
			run := newRun("before-record")
			crashed, _ := attempt(run, crashBeforeRecord)
			require.True(t, crashed)
			_, eff := status(run)
			require.Equal(t, flow.EffectStarted, eff)
			require.Equal(t, 1, received(run))

			before := mail.attempts()
			crashed, err := attempt(run, noCrash)
			require.False(t, crashed)
			require.NoError(t, err)
			settled()
			r, eff := status(run)
			require.Equal(t, flow.RunCompleted, r)
			require.Equal(t, flow.EffectUncertain, eff)
			require.Equal(t, before, mail.attempts())
			require.Equal(t, 1, received(run))
		})

		t.Run("taken by another attempt", func(t *testing.T) {
			run := newRun("taken")
			mail.taken = func(ctx context.Context) error {
				return db.InTx(ctx, func(tx *store.Tx) error {
					ok, err := tx.StartEffect(ctx, run, "0")
					if err == nil && !ok {
						err = errors.New("not pending")
					}
					return err
				})
			}
			crashed, err := attempt(run, takenBeforeCommit)
			require.False(t, crashed)
			require.Error(t, err)
			settled()
			r, eff := status(run)
			require.Equal(t, flow.RunRunning, r)
			require.Equal(t, flow.EffectStarted, eff, "the other attempt's claim is not released")
			require.Zero(t, received(run), "the losing attempt sends nothing")
		})

		t.Run("reply lost", func(t *testing.T) {
			run := newRun("reply-lost")
			before := mail.attempts()
			crashed, err := attempt(run, replyLost)
			require.False(t, crashed)
			require.NoError(t, err, "not retried")
			settled()
			r, eff := status(run)
			require.Equal(t, flow.RunCompleted, r)
			require.Equal(t, flow.EffectUncertain, eff)
			require.Equal(t, before+1, mail.attempts())
			require.Equal(t, 1, received(run))
			logMu.Lock()
			require.Contains(t, logs.String(), fmt.Sprintf("level=WARN msg=\"email may have been delivered; not repeating it\" flow=once run=%d step=0", run))
			logMu.Unlock()
		})

		require.Equal(t, 3, len(relay.Messages()), "nothing else reached the relay")
	})
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
