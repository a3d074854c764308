package flow

import (
	"context"
	"fmt"
	"time"
)

// Cap is a frequency cap: at most Max effects of one channel per contact
// within Per, across all flows.
type Cap struct {
	Max int
	Per time.Duration
}

// QuietHours is the local night during which channel steps wait. Start
// and End are minutes after local midnight; Start > End wraps past
// midnight (22:00-08:00). Contacts without a valid timezone use
// DefaultTimezone (UTC when empty).
type QuietHours struct {
	Start, End      int
	DefaultTimezone string
}

// ParseQuietHours reads "22:00-08:00".
func ParseQuietHours(s, tz string) (*QuietHours, error) {
	var h1, m1, h2, m2 int
	if _, err := fmt.Sscanf(s, "%d:%d-%d:%d", &h1, &m1, &h2, &m2); err != nil {
		return nil, fmt.Errorf("quiet hours %q: want HH:MM-HH:MM", s)
	}
	if h1 < 0 || h1 > 23 || h2 < 0 || h2 > 23 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59 {
		return nil, fmt.Errorf("quiet hours %q: hours 0-23, minutes 0-59", s)
	}
	if tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			return nil, fmt.Errorf("quiet hours timezone %q: %w", tz, err)
		}
	}
	return &QuietHours{Start: h1*60 + m1, End: h2*60 + m2, DefaultTimezone: tz}, nil
}

// Delay returns how long from now until the quiet period that contains
// now (in the contact's timezone) ends; 0 outside it.
func (q *QuietHours) Delay(now time.Time, timezone string) time.Duration {
	if q == nil || q.Start == q.End {
		return 0
	}
	loc, err := time.LoadLocation(timezone)
	if timezone == "" || err != nil {
		if loc, err = time.LoadLocation(q.DefaultTimezone); err != nil {
			loc = time.UTC
		}
	}
	local := now.In(loc)
	mins := local.Hour()*60 + local.Minute()
	inside := (q.Start < q.End && mins >= q.Start && mins < q.End) ||
		(q.Start > q.End && (mins >= q.Start || mins < q.End))
	if !inside {
		return 0
	}
	end := time.Date(local.Year(), local.Month(), local.Day(), q.End/60, q.End%60, 0, 0, loc)
	if !end.After(local) {
		end = end.AddDate(0, 0, 1)
	}
	return end.Sub(local)
}

// channelSteps are the step types quiet hours and caps apply to.
func isChannel(stepType string) bool {
	switch stepType {
	case StepEmail, StepDiscordMessage, StepTelegramMessage, StepWebhook:
		return true
	}
	return false
}

// hold returns how long a channel step must wait for quiet hours or its
// frequency cap; 0 when it may go now.
func (e *Engine) hold(ctx context.Context, tx Tx, run Run, step *Step, facts map[string]any) (time.Duration, error) {
	if !isChannel(step.Type) || run.ContactID == 0 {
		return 0, nil // caps and quiet hours protect contacts; a global run has none
	}
	now := e.now()
	tz, _ := facts["timezone"].(string)
	if d := e.Quiet.Delay(now, tz); d > 0 {
		return d, nil
	}
	c, ok := e.Caps[step.Type]
	if !ok || c.Max <= 0 || c.Per <= 0 {
		return 0, nil
	}
	n, err := tx.SentSince(ctx, run.ContactID, step.Type, now.Add(-c.Per))
	if err != nil {
		return 0, err
	}
	if n < int64(c.Max) {
		return 0, nil
	}
	// Retry after a slice of the window rather than computing the exact
	// moment the oldest send leaves it: cheap and never early by design.
	return max(c.Per/24, time.Minute), nil
}
