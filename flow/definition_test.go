package flow

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func mustParse(t *testing.T, src string) *Definition {
	t.Helper()
	d, err := Parse("t.yaml", []byte(src))
	require.NoError(t, err)
	require.NotNil(t, d)
	return d
}

func TestLoadWelcome(t *testing.T) {
	d, err := Load("testdata/welcome.yaml")
	require.NoError(t, err)

	require.Equal(t, "genesis-welcome", d.Name)
	require.Equal(t, "testdata/welcome.yaml", d.File)
	require.Equal(t, "Welcome new Genesis Pass holders", d.Description)
	require.Equal(t, Trigger{Event: EventMint, Contract: "genesis-pass", Where: "has(event.args.tokenId)"}, d.Trigger)
	require.Equal(t, 3, d.Confirmations)
	require.Equal(t, "contact.points < 1000", d.When)
	require.Equal(t, Reentry{Mode: ReentryOnce}, d.Reentry)
	require.Nil(t, d.Goal)

	require.Len(t, d.Steps, 4)
	require.Equal(t, Step{Path: "0", Line: 11, Type: StepAwardPoints,
		AwardPoints: &PointsStep{Amount: 100, Reason: "genesis mint"}}, d.Steps[0])
	require.Equal(t, Step{Path: "1", Line: 12, Type: StepDiscordRole,
		DiscordRole: &DiscordRoleStep{Add: "Holder"}}, d.Steps[1])
	require.Equal(t, Step{Path: "2", Line: 13, Type: StepEmail,
		Email: &EmailStep{Template: "welcome"}}, d.Steps[2])
	require.Equal(t, Step{Path: "3", Line: 14, Type: StepTelegramMessage,
		TelegramMessage: &MessageStep{Channel: "-1001234567890",
			Text: `New holder {{ .Contact.id }} minted token #{{ .Event.args.tokenId }}`}}, d.Steps[3])

	require.Equal(t, "0", d.First())
	require.Equal(t, "1", d.NextAfter("0"))
	require.Equal(t, "3", d.NextAfter("2"))
	require.Equal(t, "", d.NextAfter("3"))
}

func TestLoadStakeNudge(t *testing.T) {
	d, err := Load("testdata/stake-nudge.yaml")
	require.NoError(t, err)

	require.Equal(t, "stake-nudge", d.Name)
	require.Equal(t, Trigger{Event: EventMint, Contract: "genesis-pass"}, d.Trigger)
	require.Equal(t, Reentry{Mode: ReentryOncePer, Per: 30 * 24 * time.Hour}, d.Reentry)
	require.Equal(t, &Goal{Event: EventStake, Within: 14 * 24 * time.Hour, Exit: true}, d.Goal)
	require.Zero(t, d.Confirmations)

	require.Len(t, d.Steps, 3)
	require.Equal(t, StepWait, d.Steps[0].Type)
	require.Equal(t, 72*time.Hour, d.Steps[0].Wait)

	branch := d.Steps[1]
	require.Equal(t, StepIf, branch.Type)
	require.Equal(t, "!contact.staked", branch.If)
	require.Equal(t, 7, branch.Line)
	require.Len(t, branch.Then, 2)
	require.Len(t, branch.Else, 2)

	want := []struct {
		path string
		line int
		typ  string
	}{
		{"1.then.0", 9, StepEmail},
		{"1.then.1", 10, StepWait},
		{"1.else.0", 12, StepAwardPoints},
		{"1.else.1", 13, StepDiscordMessage},
		{"2", 14, StepCRMUpdate},
	}
	for _, w := range want {
		s, ok := d.Step(w.path)
		require.True(t, ok, w.path)
		require.Equal(t, w.path, s.Path)
		require.Equal(t, w.line, s.Line, w.path)
		require.Equal(t, w.typ, s.Type, w.path)
	}
	require.Equal(t, 3*24*time.Hour, branch.Then[1].Wait)
	require.Equal(t, &PointsStep{Amount: 10, Reason: "loyal staker"}, branch.Else[0].AwardPoints)
	require.Equal(t, &MessageStep{Text: "Thanks for staking, {{ .Contact.id }}!"}, branch.Else[1].DiscordMessage)
	require.Equal(t, map[string]string{"lifecycle": "holder"}, d.Steps[2].CRMUpdate)

	// Step returns a pointer into the definition, not a copy.
	s, ok := d.Step("1")
	require.True(t, ok)
	require.Same(t, &d.Steps[1], s)
	_, ok = d.Step("9")
	require.False(t, ok)
}

func TestParseSpecExample(t *testing.T) {
	d := mustParse(t, `name: genesis-welcome
description: Welcome new holders
trigger: { event: mint, contract: genesis-pass, where: 'event.args.tokenId != ""' }
confirmations: 3
when: 'contact.points < 1000'
reentry: once
steps:
  - award_points: { amount: 100, reason: genesis mint }
  - discord_role: { add: Holder }
  - email: { template: welcome }
  - wait: 72h
  - if: '!contact.staked'
    then: [ { email: { template: stake-nudge } } ]
    else: [ { award_points: { amount: 10, reason: loyal staker } } ]
goal: { event: stake, within: 14d }
`)
	require.Len(t, d.Steps, 5)
	require.Equal(t, "4.then.0", d.Steps[4].Then[0].Path)
	require.Equal(t, 13, d.Steps[4].Then[0].Line)
	require.Equal(t, "4.else.0", d.Steps[4].Else[0].Path)
	require.Equal(t, 14, d.Steps[4].Else[0].Line)
}

func TestParseVariants(t *testing.T) {
	const head = "name: x\ntrigger: { event: stake }\n"
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, d *Definition)
	}{
		{"reentry defaults to once", head + "steps: [ {wait: 1h} ]\n", func(t *testing.T, d *Definition) {
			require.Equal(t, Reentry{Mode: ReentryOnce}, d.Reentry)
		}},
		{"reentry always", head + "reentry: always\nsteps: [ {wait: 1h} ]\n", func(t *testing.T, d *Definition) {
			require.Equal(t, Reentry{Mode: ReentryAlways}, d.Reentry)
		}},
		{"reentry once_per block mapping", head + "reentry:\n  once_per: 1d12h\nsteps: [ {wait: 1h} ]\n", func(t *testing.T, d *Definition) {
			require.Equal(t, Reentry{Mode: ReentryOncePer, Per: 36 * time.Hour}, d.Reentry)
		}},
		{"exit spellings", head + "steps:\n  - exit\n  - exit:\n  - exit: {}\n  - exit: true\n", func(t *testing.T, d *Definition) {
			require.Len(t, d.Steps, 4)
			for i, s := range d.Steps {
				require.Equal(t, StepExit, s.Type, i)
				require.Equal(t, 4+i, s.Line)
			}
		}},
		{"revoke points", head + "steps: [ {revoke_points: {amount: 7, reason: refund}} ]\n", func(t *testing.T, d *Definition) {
			require.Equal(t, StepRevokePoints, d.Steps[0].Type)
			require.Equal(t, &PointsStep{Amount: 7, Reason: "refund"}, d.Steps[0].AwardPoints)
		}},
		{"webhook and discord remove", head + "steps:\n  - webhook: { url: 'https://hooks.example.com/x', body: '{\"w\":\"{{ .Event.Wallet }}\"}' }\n  - discord_role: { remove: Pending }\n", func(t *testing.T, d *Definition) {
			require.Equal(t, &WebhookStep{URL: "https://hooks.example.com/x", Body: `{"w":"{{ .Event.Wallet }}"}`}, d.Steps[0].Webhook)
			require.Equal(t, &DiscordRoleStep{Remove: "Pending"}, d.Steps[1].DiscordRole)
		}},
		{"templated webhook url and custom template funcs", head + "steps:\n  - webhook: { url: '{{ env \"HOOK\" }}' }\n  - discord_message: { channel: '123', text: '{{ .Contact.Points | comma }} pts' }\n", func(t *testing.T, d *Definition) {
			require.Equal(t, "123", d.Steps[1].DiscordMessage.Channel)
		}},
		{"then before if, no else", head + "steps:\n  - then: [ {wait: 1m} ]\n    if: contact.staked\n", func(t *testing.T, d *Definition) {
			require.Equal(t, "contact.staked", d.Steps[0].If)
			require.Nil(t, d.Steps[0].Else)
			require.Equal(t, "0.then.0", d.Steps[0].Then[0].Path)
		}},
		{"crm_update scalars become strings", head + "steps: [ {crm_update: {tier: gold, score: 12, vip: true}} ]\n", func(t *testing.T, d *Definition) {
			require.Equal(t, map[string]string{"tier": "gold", "score": "12", "vip": "true"}, d.Steps[0].CRMUpdate)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, mustParse(t, tc.src))
		})
	}
	extra := map[string]string{EventSegmentEntered: ", segment: vip", EventSegmentExited: ", segment: vip",
		EventPoints: ", above: 1000", EventSchedule: ", cron: '@daily'"}
	for _, ev := range EventKinds() {
		d := mustParse(t, "name: x\ntrigger: { event: "+ev+extra[ev]+" }\nsteps: [ {wait: 1h} ]\n")
		require.Equal(t, ev, d.Trigger.Event)
	}
}

func TestParseValidationErrors(t *testing.T) {
	const head = "name: x\ntrigger: { event: stake }\n"
	tests := []struct {
		name string
		src  string
		want []string // each must appear in the error text
	}{
		{"empty file", "", []string{"f.yaml:1: empty flow file"}},
		{"not a mapping", "- a\n", []string{"f.yaml:1: must be a mapping, got a list"}},
		{"yaml syntax", "name: [\n", []string{"f.yaml:", "invalid YAML"}},
		{"missing required", "description: d\n", []string{
			"f.yaml:1: name: required", "f.yaml:1: trigger: required", "f.yaml:1: steps: required"}},
		{"bad name", "name: Hello World\ntrigger: { event: stake }\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:1: name: \"Hello World\" must match"}},
		{"name too long", "name: " + strings.Repeat("a", 64) + "\ntrigger: { event: stake }\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:1: name:"}},
		{"unknown event with suggestion", "name: x\ntrigger:\n  event: stak\nsteps: [ {wait: 1h} ]\n", []string{
			`f.yaml:3: trigger.event: unknown event "stak"`, `did you mean "stake"?`}},
		{"trigger event required", "name: x\ntrigger: { contract: c }\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:2: trigger.event: required"}},
		{"unknown top-level key", head + "stepz: []\n", []string{
			`f.yaml:3: stepz: unknown key "stepz" (did you mean "steps"?)`}},
		{"unknown key without suggestion", head + "steps: [ {wait: 1h} ]\nzzzzzzzz: 1\n", []string{
			`f.yaml:4: zzzzzzzz: unknown key "zzzzzzzz"`}},
		{"duplicate key", head + "steps: [ {wait: 1h} ]\nname: y\n", []string{"f.yaml:4: name: duplicate key"}},
		{"negative confirmations", head + "confirmations: -2\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:3: confirmations: must be 0 or more"}},
		{"confirmations not int", head + "confirmations: many\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:3: confirmations: must be an integer"}},
		{"reentry unknown", head + "reentry: twice\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:3: reentry: must be once, always or {once_per: <duration>}"}},
		{"reentry once_per without window", head + "reentry: once_per\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:3: reentry: once_per needs a window"}},
		{"reentry once_per zero", head + "reentry: { once_per: 0s }\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:3: reentry.once_per: must be positive"}},
		{"steps empty", head + "steps: []\n", []string{"f.yaml:3: steps: must have at least one step"}},
		{"steps not a list", head + "steps: { wait: 1h }\n", []string{"f.yaml:3: steps: must be a list of steps, got a mapping"}},
		{"amount zero", head + "steps:\n  - award_points: { amount: 0 }\n", []string{
			"f.yaml:4: steps[0].award_points.amount: must be greater than 0"}},
		{"amount negative revoke", head + "steps:\n  - revoke_points: { amount: -3 }\n", []string{
			"f.yaml:4: steps[0].revoke_points.amount: must be greater than 0"}},
		{"amount missing", head + "steps:\n  - award_points: { reason: r }\n", []string{
			"f.yaml:4: steps[0].award_points.amount: required"}},
		{"amount float", head + "steps:\n  - award_points: { amount: 1.5 }\n", []string{
			"f.yaml:4: steps[0].award_points.amount: must be an integer"}},
		{"wait negative", head + "steps:\n  - wait: -5m\n", []string{"f.yaml:4: steps[0].wait: must be positive"}},
		{"wait zero", head + "steps:\n  - wait: 0d\n", []string{"f.yaml:4: steps[0].wait: must be positive"}},
		{"wait garbage", head + "steps:\n  - wait: soon\n", []string{"f.yaml:4: steps[0].wait: must be a duration like 30m, 72h or 3d"}},
		{"wait number", head + "steps:\n  - wait: 60\n", []string{"f.yaml:4: steps[0].wait: must be a duration"}},
		{"no type key", head + "steps:\n  - {}\n", []string{"f.yaml:4: steps[0]: step needs exactly one type key"}},
		{"two type keys", head + "steps:\n  - email: { template: a }\n    wait: 1h\n", []string{
			"f.yaml:4: steps[0]: step has several type keys (email, wait)"}},
		{"unknown step type", head + "steps:\n  - award_point: { amount: 1 }\n", []string{
			`f.yaml:4: steps[0].award_point: unknown key "award_point" (did you mean "award_points"?)`}},
		{"scalar step", head + "steps:\n  - wait\n", []string{"f.yaml:4: steps[0]: must be a mapping, got a scalar"}},
		{"if without then", head + "steps:\n  - if: contact.staked\n", []string{
			"f.yaml:4: steps[0].then: required for an if step"}},
		{"if empty then", head + "steps:\n  - if: contact.staked\n    then: []\n", []string{
			"f.yaml:5: steps[0].then: must have at least one step"}},
		{"if empty condition", head + "steps:\n  - if: ''\n    then: [ {wait: 1h} ]\n", []string{
			"f.yaml:4: steps[0].if: condition required"}},
		{"then on non-if", head + "steps:\n  - wait: 1h\n    then: [ {wait: 1h} ]\n", []string{
			"f.yaml:5: steps[0].then: only allowed on an if step"}},
		{"nested branch error path", head + "steps:\n  - if: contact.staked\n    then:\n      - wait: 1h\n      - email: { template: '' }\n", []string{
			"f.yaml:7: steps[0].then[1].email.template: required"}},
		{"email template missing", head + "steps:\n  - email: {}\n", []string{"f.yaml:4: steps[0].email.template: required"}},
		{"email typo", head + "steps:\n  - email: { templat: w }\n", []string{
			`f.yaml:4: steps[0].email.templat: unknown key "templat" (did you mean "template"?)`,
			"f.yaml:4: steps[0].email.template: required"}},
		{"email not a mapping", head + "steps:\n  - email: welcome\n", []string{"f.yaml:4: steps[0].email: must be a mapping, got a scalar"}},
		{"discord_role empty", head + "steps:\n  - discord_role: {}\n", []string{"f.yaml:4: steps[0].discord_role: needs add or remove"}},
		{"message text missing", head + "steps:\n  - telegram_message: { channel: '1' }\n", []string{
			"f.yaml:4: steps[0].telegram_message.text: required"}},
		{"message bad template", head + "steps:\n  - discord_message:\n      text: '{{ .Contact'\n", []string{
			"f.yaml:5: steps[0].discord_message.text: invalid template"}},
		{"template error line inside block scalar", head + "steps:\n  - email: { template: w }\n  - discord_message:\n      text: |\n        Hello\n        {{ .Contact\n", []string{
			"f.yaml:9: steps[1].discord_message.text: invalid template: unclosed action"}},
		{"webhook bad url", head + "steps:\n  - webhook: { url: 'ftp://x' }\n", []string{
			"f.yaml:4: steps[0].webhook.url: must be an absolute http or https URL"}},
		{"webhook bad body", head + "steps:\n  - webhook:\n      url: https://x.example\n      body: '{{ if }}'\n", []string{
			"f.yaml:6: steps[0].webhook.body: invalid template"}},
		{"crm_update empty", head + "steps:\n  - crm_update: {}\n", []string{"f.yaml:4: steps[0].crm_update: must set at least one field"}},
		{"crm_update nested value", head + "steps:\n  - crm_update: { a: [1] }\n", []string{"f.yaml:4: steps[0].crm_update.a: must be a string, got a list"}},
		{"exit with settings", head + "steps:\n  - exit: now\n", []string{"f.yaml:4: steps[0].exit: takes no settings"}},
		{"goal missing fields", head + "steps: [ {wait: 1h} ]\ngoal: {}\n", []string{
			"f.yaml:4: goal.event: required", "f.yaml:4: goal.within: required"}},
		{"goal bad", head + "steps: [ {wait: 1h} ]\ngoal:\n  event: sell\n  within: -1h\n", []string{
			`f.yaml:5: goal.event: unknown event "sell"`, "f.yaml:6: goal.within: must be positive"}},
		{"aliases rejected", "name: x\ntrigger: &t { event: stake }\nsteps: [ {wait: 1h} ]\ngoal: *t\n", []string{
			"f.yaml:4: YAML aliases are not supported"}},
		{"description not string", head + "description: [a]\nsteps: [ {wait: 1h} ]\n", []string{
			"f.yaml:3: description: must be a string, got a list"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse("f.yaml", []byte(tc.src))
			require.Error(t, err)
			require.Nil(t, d)
			var ve ValidationErrors
			require.ErrorAs(t, err, &ve)
			require.NotEmpty(t, ve)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestInvalidTestdata(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"syntax.yaml", []string{"testdata/invalid/syntax.yaml:", "invalid YAML"}},
		{"unknown-keys.yaml", []string{
			`testdata/invalid/unknown-keys.yaml:4: steps[0].email.templat: unknown key "templat" (did you mean "template"?)`,
			`testdata/invalid/unknown-keys.yaml:5: steps[1].award_point: unknown key "award_point" (did you mean "award_points"?)`,
			`testdata/invalid/unknown-keys.yaml:6: descripton: unknown key "descripton" (did you mean "description"?)`,
		}},
		{"bad-cel.yaml", []string{
			"testdata/invalid/bad-cel.yaml:4: trigger.where: invalid CEL expression",
			"undeclared reference to 'contact'",
			"testdata/invalid/bad-cel.yaml:5: when: invalid CEL expression",
			"testdata/invalid/bad-cel.yaml:7: steps[0].if: CEL expression must evaluate to bool, got int",
			"testdata/invalid/bad-cel.yaml:12: steps[1].if: invalid CEL expression (column 1): undeclared reference to 'missing_var'",
		}},
		{"many.yaml", []string{
			"many.yaml:1: name:",
			`many.yaml:2: trigger.event: unknown event "burn"`,
			"many.yaml:3: confirmations: must be 0 or more",
			"many.yaml:4: reentry:",
			"many.yaml:6: steps[0].award_points.amount: must be greater than 0",
			"many.yaml:7: steps[1].wait: must be positive",
			"many.yaml:8: steps[2]: step has several type keys",
			"many.yaml:10: steps[3].then: required",
			"many.yaml:11: steps[4].discord_role: needs add or remove",
			"many.yaml:12: steps[5].webhook.url:",
			"many.yaml:13: steps[6].telegram_message.text: invalid template",
			"many.yaml:14: goal.within: required",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", "invalid", tc.file))
			require.Error(t, err)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}

	// All problems of a file are reported, sorted by line.
	_, err := Load("testdata/invalid/many.yaml")
	var ve ValidationErrors
	require.ErrorAs(t, err, &ve)
	require.GreaterOrEqual(t, len(ve), 12)
	for i := 1; i < len(ve); i++ {
		require.LessOrEqual(t, ve[i-1].Line, ve[i].Line)
	}
	require.Len(t, strings.Split(err.Error(), "\n"), len(ve))
}

func TestCELCompileErrorLines(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"when syntax", "name: x\ntrigger: { event: stake }\nwhen: 'contact.points <'\nsteps: [ {wait: 1h} ]\n",
			"f.yaml:3: when: invalid CEL expression"},
		{"where uses contact", "name: x\ntrigger:\n  event: stake\n  where: contact.staked\nsteps: [ {wait: 1h} ]\n",
			"f.yaml:4: trigger.where: invalid CEL expression (column 1): undeclared reference to 'contact'"},
		{"where non-bool", "name: x\ntrigger:\n  event: stake\n  where: '\"a\" + \"b\"'\nsteps: [ {wait: 1h} ]\n",
			"f.yaml:4: trigger.where: CEL expression must evaluate to bool, got string"},
		{"nested if unknown variable", "name: x\ntrigger: { event: stake }\nsteps:\n  - if: contact.staked\n    then:\n      - if: wallet == 'x'\n        then: [ {wait: 1h} ]\n",
			"f.yaml:6: steps[0].then[0].if: invalid CEL expression (column 1): undeclared reference to 'wallet'"},
		{"literal block second line", "name: x\ntrigger: { event: stake }\nwhen: |\n  contact.staked &&\n  nope\nsteps: [ {wait: 1h} ]\n",
			"f.yaml:5: when: invalid CEL expression (column 1): undeclared reference to 'nope'"},
		{"unknown function", "name: x\ntrigger: { event: stake }\nwhen: 'frobnicate(contact)'\nsteps: [ {wait: 1h} ]\n",
			"f.yaml:3: when: invalid CEL expression"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.src))
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestNextAfterNested(t *testing.T) {
	d := mustParse(t, `name: nested
trigger: { event: vote }
steps:
  - wait: 1h                     # 0
  - if: contact.staked           # 1
    then:
      - email: { template: a }   # 1.then.0
      - if: contact.points > 10  # 1.then.1
        then:
          - wait: 1m             # 1.then.1.then.0
        else:
          - wait: 2m             # 1.then.1.else.0
          - wait: 3m             # 1.then.1.else.1
    else:
      - exit                     # 1.else.0
  - if: contact.tier == 'gold'   # 2
    then:
      - wait: 4m                 # 2.then.0
`)
	require.Equal(t, "0", d.First())
	tests := map[string]string{
		"0":               "1",
		"1":               "2",
		"1.then.0":        "1.then.1",
		"1.then.1":        "2",
		"1.then.1.then.0": "2",
		"1.then.1.else.0": "1.then.1.else.1",
		"1.then.1.else.1": "2",
		"1.else.0":        "2",
		"2":               "",
		"2.then.0":        "",
		"unknown":         "",
		"":                "",
	}
	for path, want := range tests {
		require.Equal(t, want, d.NextAfter(path), path)
	}
	for path := range tests {
		if path == "unknown" || path == "" {
			continue
		}
		s, ok := d.Step(path)
		require.True(t, ok, path)
		require.Equal(t, path, s.Path)
	}

	// Walking with a fixed branch choice visits the expected sequence.
	walk := func(takeThen bool) []string {
		var seen []string
		for p := d.First(); p != ""; {
			seen = append(seen, p)
			s, _ := d.Step(p)
			next := d.NextAfter(p)
			if s.Type == StepIf {
				branch := s.Else
				if takeThen {
					branch = s.Then
				}
				if len(branch) > 0 {
					next = branch[0].Path
				}
			}
			p = next
		}
		return seen
	}
	require.Equal(t, []string{"0", "1", "1.then.0", "1.then.1", "1.then.1.then.0", "2", "2.then.0"}, walk(true))
	require.Equal(t, []string{"0", "1", "1.else.0", "2"}, walk(false))

	var zero Definition
	require.Equal(t, "", zero.First())
	require.Equal(t, "", zero.NextAfter("0"))
}

func TestLoadGlob(t *testing.T) {
	defs, err := LoadGlob([]string{"testdata/*.yaml", "testdata/welcome.yaml"})
	require.NoError(t, err)
	require.Len(t, defs, 2)
	require.Equal(t, "stake-nudge", defs[0].Name)
	require.Equal(t, "genesis-welcome", defs[1].Name)

	defs, err = LoadGlob([]string{"testdata/nothing-*.yaml"})
	require.NoError(t, err)
	require.Empty(t, defs)

	_, err = LoadGlob([]string{"testdata/[.yaml"})
	require.ErrorContains(t, err, "glob")

	dir := t.TempDir()
	data, err := os.ReadFile("testdata/welcome.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.yaml"), data, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.yaml"), data, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.yaml"), []byte("name: c\n"), 0o600))
	defs, err = LoadGlob([]string{filepath.Join(dir, "*.yaml")})
	require.Nil(t, defs)
	require.ErrorContains(t, err, filepath.Join(dir, "b.yaml")+`:1: name: duplicate flow name "genesis-welcome", already defined in `+filepath.Join(dir, "a.yaml")+":1")
	require.ErrorContains(t, err, filepath.Join(dir, "c.yaml")+":1: trigger: required")
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)

	_, err = Load(filepath.Join(dir, "missing.yaml"))
	require.ErrorIs(t, err, os.ErrNotExist)
	require.ErrorContains(t, err, "read flow:")
}

func TestValidationErrorFormat(t *testing.T) {
	require.Equal(t, "flows/a.yaml:7: steps[2].email.template: required",
		(&ValidationError{File: "flows/a.yaml", Line: 7, Field: "steps[2].email.template", Msg: "required"}).Error())
	require.Equal(t, "a.yaml:1: empty flow file", (&ValidationError{File: "a.yaml", Line: 1, Msg: "empty flow file"}).Error())
	require.Equal(t, "line 2: name: required", (&ValidationError{Line: 2, Field: "name", Msg: "required"}).Error())

	es := ValidationErrors{{File: "a", Line: 1, Msg: "x"}, {File: "a", Line: 2, Field: "f", Msg: "y"}}
	require.Equal(t, "a:1: x\na:2: f: y", es.Error())
	var one *ValidationError
	require.True(t, errors.As(error(es), &one))
	require.Equal(t, "x", one.Msg)
}

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"30m":   30 * time.Minute,
		"72h":   72 * time.Hour,
		"3d":    72 * time.Hour,
		"1d12h": 36 * time.Hour,
		"1.5h":  90 * time.Minute,
		" 2d ":  48 * time.Hour,
	}
	for in, want := range good {
		got, err := ParseDuration(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "d", "3x", "1d-2h", "1dd", "99999999999999d", "106751d24h", "h3d"} {
		_, err := ParseDuration(in)
		require.Error(t, err, in)
	}
}

func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.yaml", "testdata/invalid/*.yaml"} {
		files, err := filepath.Glob(pattern)
		require.NoError(f, err)
		for _, file := range files {
			data, err := os.ReadFile(file)
			require.NoError(f, err)
			f.Add(data)
		}
	}
	f.Add([]byte("name: a\ntrigger: {event: mint}\nsteps: [ {if: 'true', then: [ {if: 'false', then: [exit]} ]} ]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("name: a\ntrigger: {event: mint, where: 'event.x ? : '}\nsteps: [ {wait: 9999999999d} ]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.yaml", data)
		if err != nil {
			require.Nil(t, d)
			var ve ValidationErrors
			require.ErrorAs(t, err, &ve)
			require.NotEmpty(t, ve)
			return
		}
		require.NotNil(t, d)
		require.NotEmpty(t, d.Name)
		// Navigation must terminate and stay inside the flow.
		steps := 0
		for p := d.First(); p != ""; p = d.NextAfter(p) {
			_, ok := d.Step(p)
			require.True(t, ok, p)
			steps++
			require.LessOrEqual(t, steps, len(data))
		}
	})
}

// TestMalformedFlows loads every file of testdata/malformed: each is wrong
// in one way, and its first line names the field and message expected.
func TestMalformedFlows(t *testing.T) {
	files, err := filepath.Glob("testdata/malformed/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 15)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			first, _, _ := strings.Cut(string(data), "\n")
			want, ok := strings.CutPrefix(first, "# want: ")
			require.True(t, ok, "first line must be '# want: field: message'")
			_, err = Load(f)
			require.Error(t, err)
			require.Contains(t, err.Error(), f+":")
			require.Contains(t, err.Error(), want)
		})
	}
}
