package email

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func testMessage(id string) Message {
	return Message{
		ID:             id,
		From:           "Beckon <hello@beckon.example>",
		To:             "holder@example.org",
		Subject:        "Points & perks",
		HTML:           "<p>Hello <b>holder</b></p>",
		Text:           "Hello holder",
		UnsubscribeURL: "https://beckon.example/u/abc?x=1",
		Headers:        map[string]string{"X-Beckon-Flow": "welcome"},
	}
}

// parseParts returns the decoded text/plain and text/html parts of a
// multipart/alternative message.
func parseParts(t *testing.T, msg *mail.Message) (text, html string) {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mediaType)
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable transparently
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			text = string(b)
		case "text/html":
			html = string(b)
		}
	}
	return text, html
}

func TestOutboxWritesParseableMessage(t *testing.T) {
	dir := t.TempDir()
	ob, err := NewOutbox(dir)
	require.NoError(t, err)

	m := testMessage("run-1:step-2")
	require.NoError(t, ob.Send(t.Context(), m))

	f, err := os.Open(ob.Path(m.ID))
	require.NoError(t, err)
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	require.NoError(t, err)

	from, err := msg.Header.AddressList("From")
	require.NoError(t, err)
	require.Equal(t, "hello@beckon.example", from[0].Address)
	to, err := msg.Header.AddressList("To")
	require.NoError(t, err)
	require.Equal(t, "holder@example.org", to[0].Address)

	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	require.NoError(t, err)
	require.Equal(t, "Points & perks", subj)
	require.Equal(t, "<"+MessageID(m)+">", msg.Header.Get("Message-ID"))
	require.True(t, strings.HasSuffix(MessageID(m), "@beckon.example"))
	require.Equal(t, "<https://beckon.example/u/abc?x=1>", msg.Header.Get("List-Unsubscribe"))
	require.Equal(t, "List-Unsubscribe=One-Click", msg.Header.Get("List-Unsubscribe-Post"))
	require.Equal(t, "welcome", msg.Header.Get("X-Beckon-Flow"))
	_, err = msg.Header.Date()
	require.NoError(t, err)

	text, html := parseParts(t, msg)
	require.Equal(t, "Hello holder", strings.TrimSpace(text))
	require.Equal(t, "<p>Hello <b>holder</b></p>", strings.TrimSpace(html))
}

func TestOutboxIdempotent(t *testing.T) {
	dir := t.TempDir()
	ob, err := NewOutbox(dir)
	require.NoError(t, err)

	m := testMessage("run-1:step-2")
	require.NoError(t, ob.Send(t.Context(), m))
	m.Subject = "retried"
	require.NoError(t, ob.Send(t.Context(), m))
	require.NoError(t, ob.Send(t.Context(), testMessage("../../etc/passwd")))

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 2, "no temp files left behind, one file per id")
	n, err := ob.Count()
	require.NoError(t, err)
	require.Equal(t, 2, n)
	for _, e := range entries {
		require.Equal(t, dir, filepath.Dir(filepath.Join(dir, e.Name())))
	}

	b, err := os.ReadFile(ob.Path("run-1:step-2"))
	require.NoError(t, err)
	require.Contains(t, string(b), "Subject: retried")
}

func TestOutboxNonHTTPSUnsubscribeAndTextOnly(t *testing.T) {
	ob, err := NewOutbox(t.TempDir())
	require.NoError(t, err)
	m := Message{ID: "x", From: "a@b.example", To: "c@d.example", Text: "plain", UnsubscribeURL: "mailto:unsub@b.example"}
	require.NoError(t, ob.Send(t.Context(), m))

	f, err := os.Open(ob.Path("x"))
	require.NoError(t, err)
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	require.NoError(t, err)
	require.Equal(t, "<mailto:unsub@b.example>", msg.Header.Get("List-Unsubscribe"))
	require.Empty(t, msg.Header.Get("List-Unsubscribe-Post"), "one-click needs https")
	require.True(t, strings.HasPrefix(msg.Header.Get("Content-Type"), "text/plain"))
}

func TestBuildMsgRejectsBadInput(t *testing.T) {
	ob, err := NewOutbox(t.TempDir())
	require.NoError(t, err)
	ctx := t.Context()

	bad := []func(*Message){
		func(m *Message) { m.ID = " " },
		func(m *Message) { m.To = "not an address" },
		func(m *Message) { m.HTML, m.Text = "", "" },
		func(m *Message) { m.Headers = map[string]string{"Message-ID": "<x@y>"} },
		func(m *Message) { m.Headers = map[string]string{"X-Evil": "a\r\nBcc: victim@example.org"} },
		func(m *Message) { m.UnsubscribeURL = "https://x.example/>, <https://evil.example" },
	}
	for i, mutate := range bad {
		m := testMessage("bad")
		mutate(&m)
		require.Error(t, ob.Send(ctx, m), "case %d", i)
	}
	n, err := ob.Count()
	require.NoError(t, err)
	require.Zero(t, n)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, ob.Send(cancelled, testMessage("ok")), context.Canceled)
}

func TestMessageIDDeterministic(t *testing.T) {
	a := MessageID(testMessage("run:1"))
	require.Equal(t, a, MessageID(testMessage("run:1")))
	require.NotEqual(t, a, MessageID(testMessage("run:2")))
	require.Equal(t, "beckon.invalid", strings.SplitN(MessageID(Message{ID: "x", From: "bogus"}), "@", 2)[1])
}

func TestTemplatesBuiltin(t *testing.T) {
	tpl, err := NewTemplates()
	require.NoError(t, err)
	require.Equal(t, []string{"confirm", "stake-nudge", "welcome"}, tpl.Names())

	data := map[string]any{
		"Contact":        map[string]string{"wallet": "0xAbC<script>"},
		"Points":         1200,
		"UnsubscribeURL": "https://beckon.example/u/1?a=1&b=2",
	}
	for _, name := range []string{"stake-nudge", "welcome"} {
		subject, html, text, err := tpl.Render(name, data)
		require.NoError(t, err, name)
		require.Contains(t, subject, "1200")
		require.NotContains(t, subject, "\n")
		require.Contains(t, html, "0xAbC&lt;script&gt;", "html escapes contact data")
		require.NotContains(t, html, "<script>")
		require.Contains(t, html, `href="https://beckon.example/u/1?a=1&amp;b=2"`)
		require.Contains(t, text, "0xAbC<script>", "text is not html-escaped")
		require.Contains(t, text, "https://beckon.example/u/1?a=1&b=2")
		require.True(t, strings.HasPrefix(html, "<!doctype html>"), "bodies are wrapped in the layout")
		require.Contains(t, html, "<title>"+strings.ReplaceAll(subject, "—", "—")+"</title>")
		require.NotContains(t, text, "<p>", "derived text has no markup")
	}

	_, _, _, err = tpl.Render("nope", data)
	require.ErrorContains(t, err, `"nope"`)

	_, _, _, err = tpl.Render("welcome", map[string]any{"Points": 1})
	require.Error(t, err, "missing keys are errors, not blank output")
}

func TestTemplatesOverrideAndSubjectNotEscaped(t *testing.T) {
	dir := fstest.MapFS{
		"welcome.html": {Data: []byte(`{{define "subject"}}Hi {{.Name}} & co{{end}}<p>{{.Name}}</p>`)},
		"custom.html":  {Data: []byte(`{{define "subject"}}Custom{{end}}<a href="{{.URL}}">x</a>`)},
		"broken.txt":   {Data: []byte(`ignored without html`)},
	}
	tpl, err := NewTemplates(dir)
	require.NoError(t, err)
	require.Equal(t, []string{"confirm", "custom", "stake-nudge", "welcome"}, tpl.Names())

	subject, html, text, err := tpl.Render("welcome", map[string]any{"Name": "Tom & <Jerry>"})
	require.NoError(t, err)
	require.Equal(t, "Hi Tom & <Jerry> & co", subject)
	require.Contains(t, html, "<p>Tom &amp; &lt;Jerry&gt;</p>")
	require.Contains(t, html, "<title>Hi Tom &amp; &lt;Jerry&gt; & co</title>", "the layout wraps overrides too")
	require.NotContains(t, html, "Unsubscribe", "no link, no footer")
	require.Equal(t, "Tom & <Jerry>\n", text, "override without .txt gets a text part derived from the html")

	_, html, _, err = tpl.Render("custom", map[string]any{"URL": "javascript:alert(1)"})
	require.NoError(t, err)
	require.Contains(t, html, "#ZgotmplZ", "unsafe URLs are neutralised")

	_, err = NewTemplates(fstest.MapFS{"nosubj.html": {Data: []byte(`<p>hi</p>`)}})
	require.ErrorContains(t, err, "subject")
}

func TestRenderedTemplateRoundTrip(t *testing.T) {
	tpl, err := NewTemplates()
	require.NoError(t, err)
	subject, html, text, err := tpl.Render("stake-nudge", map[string]any{
		"Contact": map[string]string{"wallet": "0x1234"}, "Points": 7, "UnsubscribeURL": "https://beckon.example/u/9",
	})
	require.NoError(t, err)

	ob, err := NewOutbox(t.TempDir())
	require.NoError(t, err)
	m := Message{ID: "r:1", From: "hello@beckon.example", To: "h@example.org", Subject: subject, HTML: html, Text: text,
		UnsubscribeURL: "https://beckon.example/u/9"}
	require.NoError(t, ob.Send(t.Context(), m))
	f, err := os.Open(ob.Path("r:1"))
	require.NoError(t, err)
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	require.NoError(t, err)
	gotText, gotHTML := parseParts(t, msg)
	require.Contains(t, gotText, "You hold 7 points")
	require.Contains(t, gotHTML, "<strong>7 points</strong>")
}
