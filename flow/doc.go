// Package flow parses, validates and evaluates Beckon flow files: YAML
// journeys that react to on-chain events (mint, stake, vote, ...) with
// steps such as awarding points, sending email or adding Discord roles.
//
// A flow file looks like:
//
//	name: genesis-welcome
//	description: Welcome new holders
//	trigger: { event: mint, contract: genesis-pass, where: 'event.args.tokenId != ""' }
//	confirmations: 3
//	when: 'contact.points < 1000'
//	reentry: once              # once | always | {once_per: 30d}
//	steps:
//	  - award_points: { amount: 100, reason: genesis mint }
//	  - discord_role: { add: Holder }
//	  - email: { template: welcome }
//	  - wait: 72h
//	  - if: '!contact.staked'
//	    then: [ { email: { template: stake-nudge } } ]
//	    else: [ { award_points: { amount: 10, reason: loyal staker } } ]
//	goal: { event: stake, within: 14d }
//
// Everything is checked when the file is loaded rather than when a journey
// reaches a step, because a broken step discovered days into a journey
// cannot be retried cleanly. Parse reports every problem of a file as a
// ValidationErrors value whose lines read "file:line: field: message".
//
// # Steps
//
// Each step is a mapping with exactly one key naming its type (see
// StepTypes); "if" additionally takes "then" and an optional "else" list.
// Every step gets a Path ("0", "4.then.0", "4.else.1") that stays the same
// as long as the steps before it in the same list are unchanged; the runner
// uses it in idempotency keys, so reordering steps of a live flow starts
// affected journeys' steps afresh. First and NextAfter walk the steps in
// execution order; the runner decides which branch of an "if" to enter
// with EvalIf.
//
// Durations ("wait", "reentry.once_per", "goal.within") use Go syntax plus
// a leading day count: 30m, 72h, 3d, 1d12h.
//
// # Conditions
//
// "when", "trigger.where", "if" and "exit_when" are CEL expressions,
// compiled and type-checked at load time and evaluated with these
// variables:
//
//	event    map(string, dyn)  chain events: kind, contract, wallet, block, tx, args, confirmed;
//	                           other triggers: what started the run (segment, from/to, name, args, ...)
//	contact  flow.Contact      typed: id, points, tier, staked, staked_amount, wallets, email,
//	                           identities, traits, segments, holdings, votes, ... (see Contact)
//	now      timestamp         evaluation time
//
// Because contact is a declared object type, `contact.pionts` fails
// validation. Chain event arguments are better filtered with
// trigger.args, which compares exact big integers.
//
// trigger.where runs before the contact is known and may only use event
// and now. docs/flows.md describes triggers, steps and journey semantics. Reading a missing map key is an evaluation error; guard optional
// data with has(event.args.x). The CEL string extension library
// (lowerAscii, split, ...) is available. Go values are converted by
// CELValue; notably integers that do not fit in int64 become doubles.
package flow
