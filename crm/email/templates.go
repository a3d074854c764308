package email

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"slices"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.html templates/*.txt
var builtinTemplates embed.FS

// Templates renders named email templates. Each name NAME consists of
//
//	NAME.html  the HTML body, containing a {{define "subject"}}…{{end}} block
//	NAME.txt   optional plain-text body
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
	text    *texttemplate.Template // nil when NAME.txt is absent
}

// NewTemplates loads the built-in templates (welcome, stake-nudge) and then
// every template found at the root of each dir in order, so operators can
// override a built-in by shipping a file with the same name, e.g.
// NewTemplates(os.DirFS("/etc/beckon/email")).
func NewTemplates(dirs ...fs.FS) (*Templates, error) {
	builtin, err := fs.Sub(builtinTemplates, "templates")
	if err != nil {
		return nil, fmt.Errorf("open built-in templates: %w", err)
	}
	t := &Templates{set: map[string]*templateSet{}}
	for _, dir := range append([]fs.FS{builtin}, dirs...) {
		if dir == nil {
			continue
		}
		if err := t.load(dir); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *Templates) load(dir fs.FS) error {
	htmlFiles, err := fs.Glob(dir, "*.html")
	if err != nil {
		return fmt.Errorf("list templates: %w", err)
	}
	for _, file := range htmlFiles {
		name := strings.TrimSuffix(file, ".html")
		set, err := parseSet(dir, name)
		if err != nil {
			return err
		}
		t.set[name] = set
	}
	return nil
}

func parseSet(dir fs.FS, name string) (*templateSet, error) {
	htmlSrc, err := fs.ReadFile(dir, name+".html")
	if err != nil {
		return nil, fmt.Errorf("read template %q: %w", name, err)
	}
	h, err := htmltemplate.New(name).Option("missingkey=error").Parse(string(htmlSrc))
	if err != nil {
		return nil, fmt.Errorf("parse template %q html: %w", name, err)
	}
	// The subject block lives in the HTML file for convenience, but is
	// parsed a second time as text so it is not HTML-escaped.
	subj, err := texttemplate.New(name).Option("missingkey=error").Parse(string(htmlSrc))
	if err != nil {
		return nil, fmt.Errorf("parse template %q subject: %w", name, err)
	}
	if subj.Lookup("subject") == nil {
		return nil, fmt.Errorf("template %q has no {{define \"subject\"}} block", name)
	}
	set := &templateSet{subject: subj.Lookup("subject"), html: h}

	textSrc, err := fs.ReadFile(dir, name+".txt")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read template %q text: %w", name, err)
	default:
		set.text, err = texttemplate.New(name).Option("missingkey=error").Parse(string(textSrc))
		if err != nil {
			return nil, fmt.Errorf("parse template %q text: %w", name, err)
		}
	}
	return set, nil
}

// Names returns the available template names, sorted.
func (t *Templates) Names() []string {
	names := make([]string, 0, len(t.set))
	for n := range t.set {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Render executes template name with data. The subject is collapsed to one
// line; text is empty when the template has no .txt part.
func (t *Templates) Render(name string, data any) (subject, html, text string, err error) {
	set, ok := t.set[name]
	if !ok {
		return "", "", "", fmt.Errorf("email template %q not found", name)
	}
	var buf bytes.Buffer
	if err := set.subject.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("render template %q subject: %w", name, err)
	}
	subject = strings.Join(strings.Fields(buf.String()), " ")

	buf.Reset()
	if err := set.html.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("render template %q html: %w", name, err)
	}
	html = strings.TrimSpace(buf.String())

	if set.text != nil {
		buf.Reset()
		if err := set.text.Execute(&buf, data); err != nil {
			return "", "", "", fmt.Errorf("render template %q text: %w", name, err)
		}
		text = strings.TrimSpace(buf.String()) + "\n"
	}
	return subject, html, text, nil
}
