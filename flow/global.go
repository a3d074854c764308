package flow

import (
	"context"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/beckonhq/beckon/crm"
)

// Global reports whether d is a global schedule: a schedule without
// per_contact, which starts one run per firing that belongs to no
// contact (a channel post, a webhook).
func (d *Definition) Global() bool {
	return d.Trigger.Event == EventSchedule && !d.Trigger.PerContact
}

// checkGlobal rejects what a run for no contact cannot do: steps that act
// on a contact, event waits, goals and re-entry (each firing is its own run).
func (p *parser) checkGlobal(m map[string]*yaml.Node) {
	const why = "a global schedule (no per_contact) runs for no contact"
	if n, ok := m["goal"]; ok {
		p.errorf(n, "goal", "not allowed: %s", why)
	}
	if n, ok := m["reentry"]; ok {
		p.errorf(n, "reentry", "not allowed: %s; each firing starts one run", why)
	}
	var walk func(steps []Step)
	walk = func(steps []Step) {
		for i := range steps {
			s := &steps[i]
			field := "steps." + s.Path
			switch s.Type {
			case StepWebhook, StepIf, StepExit:
			case StepWait:
				if s.WaitEvent != "" {
					p.errorAt(s.Line, field, "wait for an event is not allowed: "+why)
				}
			case StepDiscordMessage, StepTelegramMessage:
				if stepMessage(s).Channel == "" {
					p.errorAt(s.Line, field, s.Type+" needs a channel: "+why)
				}
			default:
				p.errorAt(s.Line, field, s.Type+" is not allowed: "+why)
			}
			walk(s.Then)
			walk(s.Else)
		}
	}
	walk(p.d.Steps)
}

// runContact loads the run's contact and, when readFacts, what conditions
// read about it; a global schedule's run has none, and conditions see an
// empty contact.
func (e *Engine) runContact(ctx context.Context, tx Tx, run Run, readFacts bool) (crm.Contact, map[string]any, error) {
	if run.ContactID == 0 {
		return crm.Contact{}, map[string]any{}, nil
	}
	contact, err := tx.Contact(ctx, run.ContactID)
	if err != nil || !readFacts {
		return contact, nil, err
	}
	var facts map[string]any
	if fo, ok := tx.(factsOf); ok {
		facts, err = fo.FactsOf(ctx, contact)
	} else {
		facts, err = tx.ContactFacts(ctx, contact.ID)
	}
	return contact, facts, err
}

// startGlobal starts a global schedule's run for the firing at, unless
// `when` (over the event alone) says no. The firing time is the run's
// trigger key, so a firing delivered twice (a retried job, two replicas,
// a restart inside the minute) starts one run.
func (e *Engine) startGlobal(ctx context.Context, tx Tx, def *Definition, at time.Time) error {
	vars := map[string]any{"kind": EventSchedule, "at": at.Format(time.RFC3339)}
	ok, err := def.Allows(Vars{Event: vars, Contact: map[string]any{}})
	if err != nil {
		e.log().Warn("flow condition failed", "flow", def.Name, "at", at, "err", err)
		return nil
	}
	if !ok {
		return nil
	}
	run, created, err := tx.CreateRun(ctx, Run{Flow: def.Name, Status: RunRunning, Step: def.First(),
		TriggerKey: fmt.Sprintf("schedule:%d", at.Unix()), Trigger: vars})
	if err != nil || !created {
		return err
	}
	return e.advance(ctx, tx, run, run.Step, 0)
}
