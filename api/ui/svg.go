package ui

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// Charts are drawn here as inline SVG so the pages need no script or
// network to show them. Every text that comes from data is escaped.

func esc(s string) string { return template.HTMLEscapeString(s) }

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// barChart draws one bar per value with its label under it.
func barChart(title string, labels []string, values []int64) template.HTML {
	const w, h, top, bottom, left = 640.0, 180.0, 16.0, 28.0, 36.0
	var peak int64 = 1
	for _, v := range values {
		peak = max(peak, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" role="img" aria-label="%s"><title>%s</title>`, f1(w), f1(h), esc(title), esc(title))
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f1(left), f1(h-bottom), f1(w), f1(h-bottom))
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%d</text>`, f1(left-4), f1(top+4), peak)
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">0</text>`, f1(left-4), f1(h-bottom))
	n := max(len(values), 1)
	slot := (w - left) / float64(n)
	every := max(n/8, 1)
	for i, v := range values {
		bh := (h - top - bottom) * float64(v) / float64(peak)
		x := left + float64(i)*slot + slot*0.15
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s"><title>%s: %d</title></rect>`,
			f1(x), f1(h-bottom-bh), f1(slot*0.7), f1(bh), esc(labels[i]), v)
		if i%every == 0 || i == n-1 {
			fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`, f1(x+slot*0.35), f1(h-bottom+16), esc(labels[i]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// sparkline draws values as a small line, oldest left.
func sparkline(title string, values []int64) template.HTML {
	const w, h = 160.0, 32.0
	var peak int64 = 1
	for _, v := range values {
		peak = max(peak, v)
	}
	var pts []string
	for i, v := range values {
		x := 0.0
		if len(values) > 1 {
			x = w * float64(i) / float64(len(values)-1)
		}
		pts = append(pts, f1(x)+","+f1(h-2-(h-4)*float64(v)/float64(peak)))
	}
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %s %s" role="img" aria-label="%s"><title>%s</title><polyline points="%s"/></svg>`,
		f1(w), f1(h), esc(title), esc(title), strings.Join(pts, " ")))
}

// lineChart draws a series over time, for points balances.
func lineChart(title string, at []time.Time, values []int64) template.HTML {
	const w, h, top, bottom, left = 640.0, 180.0, 16.0, 28.0, 48.0
	if len(values) == 0 {
		return ""
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	lo = min(lo, 0)
	if hi == lo {
		hi = lo + 1
	}
	t0, t1 := at[0], at[len(at)-1]
	span := max(t1.Sub(t0), time.Second)
	var pts []string
	for i, v := range values {
		x := left + (w-left-8)*float64(at[i].Sub(t0))/float64(span)
		y := h - bottom - (h-top-bottom)*float64(v-lo)/float64(hi-lo)
		pts = append(pts, f1(x)+","+f1(y))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" role="img" aria-label="%s"><title>%s</title>`, f1(w), f1(h), esc(title), esc(title))
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, f1(left), f1(h-bottom), f1(w), f1(h-bottom))
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%d</text>`, f1(left-4), f1(top+4), hi)
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%d</text>`, f1(left-4), f1(h-bottom), lo)
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s">%s</text>`, f1(left), f1(h-bottom+16), t0.UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, f1(w-8), f1(h-bottom+16), t1.UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, strings.Join(pts, " "))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// statusBar draws a stacked horizontal bar of run statuses.
func statusBar(byStatus map[string]int64) template.HTML {
	const w, h = 320.0, 14.0
	var total int64
	for _, n := range byStatus {
		total += n
	}
	if total == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="status" viewBox="0 0 %s %s" role="img" aria-label="runs by status">`, f1(w), f1(h))
	x := 0.0
	for _, st := range runStatuses {
		n := byStatus[st]
		if n == 0 {
			continue
		}
		bw := w * float64(n) / float64(total)
		fmt.Fprintf(&b, `<rect class="st-%s" x="%s" y="0" width="%s" height="%s"><title>%s: %d</title></rect>`, st, f1(x), f1(bw), f1(h), st, n)
		x += bw
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

var runStatuses = []string{flow.RunCompleted, flow.RunRunning, flow.RunWaiting, flow.RunExited, flow.RunCancelled, flow.RunFailed}

// node is one step box of a flow diagram.
type node struct {
	step     *flow.Step
	col, row int
}

type edge struct {
	from, to *node
	label    string
}

// layout places steps top to bottom from (col, row); an if step's
// branches go side by side under it. It returns the nodes whose next step
// is whatever follows the list, and the columns and rows used.
func layout(steps []flow.Step, col, row int, entry []*node, entryLabel string, nodes *[]*node, edges *[]edge) (tails []*node, cols, rows int) {
	tails, cols = entry, 1
	label := entryLabel
	for i := range steps {
		n := &node{step: &steps[i], col: col, row: row + rows}
		*nodes = append(*nodes, n)
		for _, t := range tails {
			*edges = append(*edges, edge{from: t, to: n, label: label})
		}
		label = ""
		rows++
		switch steps[i].Type {
		case flow.StepExit:
			tails = nil
		case flow.StepIf:
			thenTails, thenCols, thenRows := layout(steps[i].Then, col, row+rows, []*node{n}, "yes", nodes, edges)
			if len(steps[i].Then) == 0 {
				thenCols, thenRows = 0, 0
			}
			elseTails, elseCols, elseRows := layout(steps[i].Else, col+max(thenCols, 1), row+rows, []*node{n}, "no", nodes, edges)
			if len(steps[i].Else) == 0 {
				elseCols, elseRows = 0, 0
			}
			tails = append(thenTails, elseTails...)
			cols = max(cols, max(thenCols, 1)+elseCols)
			rows += max(thenRows, elseRows)
		default:
			tails = []*node{n}
		}
	}
	return tails, cols, rows
}

// stepLabel says what a step does in a few words.
func stepLabel(s *flow.Step) string {
	switch s.Type {
	case flow.StepAwardPoints, flow.StepRevokePoints:
		if s.AwardPoints != nil {
			return fmt.Sprintf("%s %d", s.Type, s.AwardPoints.Amount)
		}
	case flow.StepEmail:
		if s.Email != nil {
			return "email " + s.Email.Template
		}
	case flow.StepDiscordRole:
		if s.DiscordRole != nil {
			if s.DiscordRole.Add != "" {
				return "discord role +" + s.DiscordRole.Add
			}
			return "discord role −" + s.DiscordRole.Remove
		}
	case flow.StepWait:
		return "wait " + s.Wait.String()
	case flow.StepIf:
		return "if " + s.If
	}
	return s.Type
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// stepCounts says in a line how many runs did what at a step.
func stepCounts(c store.StepCount) string {
	var parts []string
	if n := c.Effects[flow.EffectDone]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d done", n))
	}
	if n := c.Effects[flow.EffectSkipped]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", n))
	}
	if n := c.Effects[flow.EffectUncertain] + c.Effects[flow.EffectStarted]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d uncertain", n))
	}
	if n := c.Runs[flow.RunRunning] + c.Runs[flow.RunWaiting]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d here", n))
	}
	if n := c.Runs[flow.RunFailed]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", n))
	}
	if n := c.Runs[flow.RunExited]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d exited", n))
	}
	if len(parts) == 0 {
		return "0 runs"
	}
	return strings.Join(parts, " · ")
}

// flowDiagram draws a flow's trigger and steps as boxes joined by arrows,
// each step with its counts.
func flowDiagram(def *flow.Definition, counts map[string]store.StepCount, entered int64) template.HTML {
	const boxW, boxH, colW, rowH, pad = 230.0, 58.0, 250.0, 88.0, 10.0
	trigger := &node{step: &flow.Step{Path: "trigger", Type: "trigger"}}
	nodes := []*node{trigger}
	var edges []edge
	_, cols, rows := layout(def.Steps, 0, 1, []*node{trigger}, "", &nodes, &edges)
	w := pad*2 + float64(max(cols, 1))*colW
	h := pad*2 + float64(rows+1)*rowH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="diagram" viewBox="0 0 %s %s" width="%s" role="img" aria-label="steps of flow %s">`, f1(w), f1(h), f1(w), esc(def.Name))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>`)
	pos := func(n *node) (x, y float64) { return pad + float64(n.col)*colW, pad + float64(n.row)*rowH }
	for _, e := range edges {
		x1, y1 := pos(e.from)
		x2, y2 := pos(e.to)
		x1, y1 = x1+boxW/2, y1+boxH
		x2 = x2 + boxW/2
		fmt.Fprintf(&b, `<path class="edge" d="M%s,%s C%s,%s %s,%s %s,%s" marker-end="url(#arrow)"/>`,
			f1(x1), f1(y1), f1(x1), f1(y1+20), f1(x2), f1(y2-20), f1(x2), f1(y2-2))
		if e.label != "" {
			fmt.Fprintf(&b, `<text class="edge-label" x="%s" y="%s">%s</text>`, f1((x1+x2)/2+6), f1((y1+y2)/2), e.label)
		}
	}
	for _, n := range nodes {
		x, y := pos(n)
		class, title, sub := "step", stepLabel(n.step), ""
		if n == trigger {
			class = "step trigger"
			title = "on " + def.Trigger.Event
			if def.Trigger.Contract != "" {
				title += " of " + def.Trigger.Contract
			}
			sub = fmt.Sprintf("%d entered", entered)
		} else {
			c := counts[n.step.Path]
			sub = stepCounts(c)
			if c.Runs[flow.RunFailed] > 0 {
				class += " failed"
			}
		}
		fmt.Fprintf(&b, `<g class="%s" data-step="%s"><rect x="%s" y="%s" width="%s" height="%s" rx="6"/>`, class, esc(n.step.Path), f1(x), f1(y), f1(boxW), f1(boxH))
		fmt.Fprintf(&b, `<text class="step-title" x="%s" y="%s">%s</text>`, f1(x+10), f1(y+22), esc(truncate(title, 30)))
		fmt.Fprintf(&b, `<text class="step-count" x="%s" y="%s">%s</text></g>`, f1(x+10), f1(y+44), esc(sub))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
