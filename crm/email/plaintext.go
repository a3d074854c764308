package email

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// PlainText derives the text/plain alternative of an HTML body: block
// elements become line breaks, list items get a dash, links keep their
// target as "text (url)", and head, style and script content is dropped.
// It is what a template without a .txt part sends as its text part.
func PlainText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b textBuilder
	var hrefs []string // one entry per open <a>, "" when no href to show
	skip := 0          // depth inside head/style/script/title
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			end := tt == html.EndTagToken
			switch tag {
			case "head", "style", "script", "title", "template":
				if tt == html.StartTagToken {
					skip++
				} else if end && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch tag {
			case "br":
				b.newline(1)
			case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "section", "article", "header", "footer", "pre":
				b.newline(2)
			case "tr", "dt", "dd":
				b.newline(1)
			case "td", "th":
				if !end {
					b.space()
				}
			case "hr":
				b.newline(2)
				b.raw("----")
				b.newline(2)
			case "li":
				b.newline(1)
				if !end {
					b.raw("- ")
				}
			case "img":
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "alt" && len(v) > 0 {
						b.text(string(v))
					}
				}
			case "a":
				if end {
					if n := len(hrefs); n > 0 {
						if href := hrefs[n-1]; href != "" && !strings.Contains(b.currentLine(), href) {
							b.text(" (" + href + ")")
						}
						hrefs = hrefs[:n-1]
					}
				} else if tt == html.StartTagToken {
					href := ""
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = strings.TrimSpace(string(v))
						}
					}
					if strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") {
						href = ""
					}
					hrefs = append(hrefs, strings.TrimPrefix(href, "mailto:"))
				}
			}
		}
	}
}

// textBuilder collapses whitespace the way a browser would and keeps at
// most one blank line between blocks.
type textBuilder struct {
	buf      bytes.Buffer
	newlines int  // trailing newlines written
	pendingS bool // a space is owed before the next word
}

func (b *textBuilder) text(s string) {
	if s == "" {
		return
	}
	if isHTMLSpace(rune(s[0])) {
		b.pendingS = true
	}
	words := strings.FieldsFunc(s, isHTMLSpace)
	for i, w := range words {
		if (i > 0 || b.pendingS) && b.newlines == 0 && b.buf.Len() > 0 {
			b.buf.WriteByte(' ')
		}
		b.buf.WriteString(w)
		b.newlines = 0
	}
	if len(words) > 0 {
		b.pendingS = isHTMLSpace(rune(s[len(s)-1]))
	}
}

func (b *textBuilder) raw(s string) {
	b.buf.WriteString(s)
	b.newlines, b.pendingS = 0, false
}

func (b *textBuilder) space() { b.pendingS = true }

func (b *textBuilder) newline(n int) {
	if b.buf.Len() == 0 {
		return
	}
	for b.newlines < n {
		b.buf.WriteByte('\n')
		b.newlines++
	}
	b.pendingS = false
}

func (b *textBuilder) currentLine() string {
	s := b.buf.String()
	return s[strings.LastIndexByte(s, '\n')+1:]
}

func (b *textBuilder) String() string {
	return strings.TrimFunc(b.buf.String(), isHTMLSpace) + "\n"
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}
