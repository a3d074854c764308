package telegram

import "strings"

// EscapeMarkdownV2 escapes s so Telegram's MarkdownV2 parser renders it
// literally. Besides the 18 characters the Bot API documents as special
// (_ * [ ] ( ) ~ ` > # + - = | { } . !) it also escapes the backslash, which
// tgbotapi.EscapeText omits; without that a literal "\" would swallow the
// next character or escape the escape.
func EscapeMarkdownV2(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	// All special characters are ASCII, so working on bytes is safe for
	// multi-byte UTF-8 and leaves any invalid input bytes untouched.
	for i := 0; i < len(s); i++ {
		if isMarkdownV2Special(s[i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isMarkdownV2Special(c byte) bool {
	switch c {
	case '_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!', '\\':
		return true
	}
	return false
}
