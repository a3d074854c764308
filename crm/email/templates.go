package email

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"maps"
	"slices"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.html
var builtinTemplates embed.FS

// LayoutName is the template file (layout.html) that wraps every HTML body.
// It renders {{template "content" .}} where the body goes and may use
// {{template "subject" .}}; a body that is a whole document (it contains
// "<html") is sent as it is.
const LayoutName = "layout"

// Templates renders named email templates. Each name NAME consists of
//
//	NAME.html  the HTML body, containing a {{define "subject"}}…{{end}} block
//	NAME.txt   optional plain-text body; without it the text part is
//	           derived from the rendered HTML (see PlainText)
//
// HTML bodies go through html/template so contact data is escaped; the
// subject and text bodies go through text/template because they are not HTML
// and escaping would corrupt them (an "&" would arrive as "&amp;").
type Templates struct {
	set map[string]*templateSet
}

type templateSet struct {
	subject *texttemplate.Template
	html    *htmltemplate.Template
	entry   string                 // template of html to execute: the layout or the body
	text    *texttemplate.Template // nil when NAME.txt is absent
}

type source struct{ html, text []byte }

// NewTemplates loads the built-in templates (layout, welcome, stake-nudge,
// confirm) and then every template found at the root of each dir in order,
// so operators can override a built-in — the layout included — by shipping
// a file with the same name, e.g. NewTemplates(os.DirFS("/etc/beckon/email")).
func NewTemplates(dirs ...fs.FS) (*Templates, error) {
	builtin, err := fs.Sub(builtinTemplates, "templates")
	if err != nil {
		return nil, fmt.Errorf("open built-in templates: %w", err)
	}
	sources := map[string]source{}
	for _, dir := range append([]fs.FS{builtin}, dirs...) {
		if dir == nil {
			continue
		}
		if err := collect(dir, sources); err != nil {
			return nil, err
		}
	}
	layout, err := htmltemplate.New(LayoutName).Option("missingkey=error").Parse(string(sources[LayoutName].html))
	if err != nil {
		return nil, fmt.Errorf("parse template %q: %w", LayoutName, err)
	}
	// The layout must place the body; without it every email would be empty.
	if !strings.Contains(string(sources[LayoutName].html), `{{template "content"`) {
		return nil, fmt.Errorf("template %q must contain {{template \"content\" .}}", LayoutName)
	}
	t := &Templates{set: map[string]*templateSet{}}
	for name, src := range sources {
		if name == LayoutName {
			continue
		}
		set, err := parseSet(layout, name, src)
		if err != nil {
			return nil, err
		}
		t.set[name] = set
	}
	return t, nil
}

// collect reads the templates at the root of dir into sources, replacing
// earlier ones of the same name.
func collect(dir fs.FS, sources map[string]source) error {
	htmlFiles, err := fs.Glob(dir, "*.html")
	if err != nil {
		return fmt.Errorf("list templates: %w", err)
	}
	for _, file := range htmlFiles {
		name := strings.TrimSuffix(file, ".html")
		var src source
		if src.html, err = fs.ReadFile(dir, file); err != nil {
			return fmt.Errorf("read template %q: %w", name, err)
		}
		src.text, err = fs.ReadFile(dir, name+".txt")
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("read template %q text: %w", name, err)
		}
		sources[name] = src
	}
	return nil
}

func parseSet(layout *htmltemplate.Template, name string, src source) (*templateSet, error) {
	// The subject block lives in the HTML file for convenience, but is
	// parsed a second time as text so it is not HTML-escaped.
	subj, err := texttemplate.New(name).Option("missingkey=error").Parse(string(src.html))
	if err != nil {
		return nil, fmt.Errorf("parse template %q subject: %w", name, err)
	}
	if subj.Lookup("subject") == nil {
		return nil, fmt.Errorf("template %q has no {{define \"subject\"}} block", name)
	}
	h, err := layout.Clone()
	if err != nil {
		return nil, fmt.Errorf("clone layout for %q: %w", name, err)
	}
	if _, err := h.New("content").Parse(string(src.html)); err != nil {
		return nil, fmt.Errorf("parse template %q html: %w", name, err)
	}
	set := &templateSet{subject: subj.Lookup("subject"), html: h, entry: LayoutName}
	if strings.Contains(strings.ToLower(string(src.html)), "<html") {
		set.entry = "content"
	}
	if src.text != nil {
		set.text, err = texttemplate.New(name).Option("missingkey=error").Parse(string(src.text))
		if err != nil {
			return nil, fmt.Errorf("parse template %q text: %w", name, err)
		}
	}
	return set, nil
}

// Names returns the available template names, sorted. The layout is not one.
func (t *Templates) Names() []string {
	names := make([]string, 0, len(t.set))
	for n := range t.set {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Render executes template name with data. The subject is collapsed to one
// line; the text part comes from NAME.txt or, without one, from the HTML.
// A map data without "UnsubscribeURL" renders as if it were empty, so the
// layout's footer needs no key from callers that have no link.
func (t *Templates) Render(name string, data any) (subject, html, text string, err error) {
	set, ok := t.set[name]
	if !ok {
		return "", "", "", fmt.Errorf("email template %q not found", name)
	}
	if m, ok := data.(map[string]any); ok {
		if _, has := m["UnsubscribeURL"]; !has {
			m = maps.Clone(m)
			m["UnsubscribeURL"] = ""
			data = m
		}
	}
	var buf bytes.Buffer
	if err := set.subject.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("render template %q subject: %w", name, err)
	}
	subject = strings.Join(strings.Fields(buf.String()), " ")

	buf.Reset()
	if err := set.html.ExecuteTemplate(&buf, set.entry, data); err != nil {
		return "", "", "", fmt.Errorf("render template %q html: %w", name, err)
	}
	html = strings.TrimSpace(buf.String())

	if set.text == nil {
		return subject, html, PlainText(html), nil
	}
	buf.Reset()
	if err := set.text.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("render template %q text: %w", name, err)
	}
	return subject, html, strings.TrimSpace(buf.String()) + "\n", nil
}
