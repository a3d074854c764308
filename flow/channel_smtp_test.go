package flow_test

import (
	"io"
	"log"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func startCounterSMTP(t *testing.T) (*smtpCounter, string) {
	t.Helper()
	counter := &smtpCounter{byID: map[string]int{}}
	srv := smtp.NewServer(counter)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return counter, ln.Addr().String()
}

func (s *smtpCounter) total() int {
	n := 0
	for _, c := range s.counts() {
		n += c
	}
	return n
}

// TestSMTPFrequencyCapAndQuietHours sends through a real SMTP server: the
// second email of the day waits for the cap, and an email due in the
// contact's local night waits for the morning while a contact whose
// timezone is in daytime gets it at once.
func TestSMTPFrequencyCapAndQuietHours(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		counter, addr := startCounterSMTP(t)
		mailer, err := email.NewSMTP("smtp://" + addr + "?tls=none&auth=none")
		require.NoError(t, err)
		welcome := parseFlow(t, "name: welcome\ntrigger: { event: custom, name: hello }\nreentry: always\nsteps: [ {email: {template: welcome}} ]\n")
		now := time.Now().UTC()
		mins := now.Hour()*60 + now.Minute()
		// Quiet for an hour either side of now in UTC, so in daytime at UTC+14.
		quiet := &flow.QuietHours{Start: (mins + 24*60 - 60) % (24 * 60), End: (mins + 60) % (24 * 60), DefaultTimezone: "UTC"}
		h := newHarnessWith(t, backend, func(e *flow.Engine) {
			e.Mail = mailer
			e.Caps = map[string]flow.Cap{flow.StepEmail: {Max: 1, Per: 24 * time.Hour}}
			e.Quiet = quiet
		}, welcome)
		night, day := h.newHolder("night"), h.newHolder("day")
		_, err = h.db.SQL.ExecContext(h.ctx, `UPDATE contacts SET timezone = $1 WHERE id = $2`, "Pacific/Kiritimati", day.contactID)
		require.NoError(t, err)

		send := func(contactID int64, key string) {
			h.signal(func(tx *store.Tx) error { return h.engine.CustomEvent(h.ctx, tx, contactID, "hello", key, nil) })
		}
		send(night.contactID, "1")
		send(day.contactID, "1")
		h.waitFor("the daytime email", func() (bool, error) { return counter.total() == 1, nil })
		h.waitFor("the night email to be held", func() (bool, error) {
			for _, r := range h.flowRuns("welcome") {
				if r.ContactID == night.contactID {
					n, err := h.snoozes(r.ID, "0")
					return n >= 1, err
				}
			}
			return false, nil
		})
		// A second email for the daytime contact is over the cap.
		send(day.contactID, "2")
		h.waitFor("the capped email to be held", func() (bool, error) {
			runs := h.flowRuns("welcome")
			if len(runs) != 3 {
				return false, nil
			}
			n, err := h.snoozes(runs[2].ID, "0")
			return n >= 1, err
		})
		require.Equal(t, 1, counter.total(), "one email received: the other two are delayed, not sent")
		for _, r := range h.flowRuns("welcome") {
			if r.ContactID == day.contactID && r.Status == flow.RunCompleted {
				continue
			}
			require.Equal(t, flow.RunRunning, r.Status, "delayed, not dropped")
		}
	})
}
