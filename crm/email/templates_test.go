package email

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestTemplatesLayoutOverrideTextAndWholeDocuments(t *testing.T) {
	dir := fstest.MapFS{
		"layout.html": {Data: []byte(`<html><body><header>ACME</header>{{template "content" .}}<footer>{{with .UnsubscribeURL}}<a href="{{.}}">stop</a>{{end}}</footer></body></html>`)},
		"note.html":   {Data: []byte(`{{define "subject"}}Note{{end}}<p>Hello {{.Name}}</p>`)},
		"note.txt":    {Data: []byte(`Hello {{.Name}}, in plain words & unescaped.`)},
		"full.html":   {Data: []byte(`{{define "subject"}}Full{{end}}<!doctype html><html><body><p>Mine</p></body></html>`)},
	}
	tpl, err := NewTemplates(dir)
	require.NoError(t, err)

	_, html, text, err := tpl.Render("note", map[string]any{"Name": "Ada", "UnsubscribeURL": "https://x.example/u"})
	require.NoError(t, err)
	require.Equal(t, `<html><body><header>ACME</header><p>Hello Ada</p><footer><a href="https://x.example/u">stop</a></footer></body></html>`, html)
	require.Equal(t, "Hello Ada, in plain words & unescaped.\n", text, "a .txt part wins over derivation")

	_, html, text, err = tpl.Render("welcome", map[string]any{"Contact": map[string]string{"wallet": "0x1"}, "Points": 3})
	require.NoError(t, err)
	require.Contains(t, html, "<header>ACME</header>", "built-in bodies use the overriding layout")
	require.Contains(t, text, "ACME")

	_, html, _, err = tpl.Render("full", map[string]any{})
	require.NoError(t, err)
	require.Equal(t, `<!doctype html><html><body><p>Mine</p></body></html>`, html, "whole documents skip the layout")

	_, err = NewTemplates(fstest.MapFS{"layout.html": {Data: []byte(`<p>no slot</p>`)}})
	require.ErrorContains(t, err, `layout`)
	_, err = NewTemplates(fstest.MapFS{"bad.html": {Data: []byte(`{{define "subject"}}x{{end}}{{.Oops`)}})
	require.ErrorContains(t, err, `"bad"`)
}

func TestConfirmTemplate(t *testing.T) {
	tpl, err := NewTemplates()
	require.NoError(t, err)
	subject, html, text, err := tpl.Render("confirm", map[string]any{
		"Email": "ada@example.org", "ConfirmURL": "https://beckon.example/v1/email/confirm?token=a.b", "Expires": "2026-11-30 10:00 UTC",
	})
	require.NoError(t, err)
	require.Equal(t, "Please confirm your email address", subject)
	require.Contains(t, html, `href="https://beckon.example/v1/email/confirm?token=a.b"`)
	require.Contains(t, text, "Confirm my address (https://beckon.example/v1/email/confirm?token=a.b)")
	require.NotContains(t, html, "Unsubscribe")
}

func TestPlainText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs", "<p>One\n  two</p><p>Three</p>", "One two\n\nThree\n"},
		{"entities", "<p>Tom &amp; Jerry &lt;3</p>", "Tom & Jerry <3\n"},
		{"link", `<p>Go <a href="https://x.example/?a=1&amp;b=2">here</a>.</p>`, "Go here (https://x.example/?a=1&b=2).\n"},
		{"link same as text", `<a href="https://x.example">https://x.example</a>`, "https://x.example\n"},
		{"mailto", `<a href="mailto:a@b.example">write</a>`, "write (a@b.example)\n"},
		{"anchor and js", `<a href="#top">top</a> <a href="javascript:x()">js</a>`, "top js\n"},
		{"head dropped", "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script><p>Body</p></body></html>", "Body\n"},
		{"lists", "<ul><li>a</li><li>b <b>bold</b></li></ul>", "- a\n- b bold\n"},
		{"br and inline", "a<br>b<span> c</span>d", "a\nb cd\n"},
		{"img alt", `<p><img src="x.png" alt="Logo"> text</p>`, "Logo text\n"},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc\n"},
		{"hr", "<p>a</p><hr><p>b</p>", "a\n\n----\n\nb\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, PlainText(c.in))
		})
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "<p>a</p>", `<a href="x">y`, "<head><p>", "</a></a><li>", "<script>", "&amp;&#x41;&bogus;", "<p>\xff\xfe</p>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := PlainText(in)
		require.True(t, strings.HasSuffix(out, "\n"))
		require.NotContains(t, out, "\n\n\n", "at most one blank line")
		if utf8.ValidString(in) && !strings.ContainsAny(in, "<&") {
			// Text without markup keeps its words.
			require.Equal(t, strings.Join(strings.FieldsFunc(in, isHTMLSpace), " "), strings.Join(strings.FieldsFunc(out, isHTMLSpace), " "))
		}
	})
}
