package email

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func checkSuppressions(t *testing.T, sups []Suppression) {
	for _, s := range sups {
		if !slices.Contains([]string{ReasonUnsubscribed, ReasonBounced, ReasonComplained}, s.Reason) {
			t.Fatalf("reason %q", s.Reason)
		}
		if n, err := NormalizeAddress(s.Email); err != nil || n != s.Email {
			t.Fatalf("address %q not normalised (%q, %v)", s.Email, n, err)
		}
	}
}

func FuzzParseSendGridEvents(f *testing.F) {
	f.Add([]byte(`[{"email":"a@b.example","event":"bounce","type":"bounce","timestamp":1700000000}]`))
	f.Add([]byte(`[{"email":"A <a@b.example>","event":"spamreport","timestamp":"17"}]`))
	f.Add([]byte(`[{"email":"x","event":"open"},{"event":"group_unsubscribe","email":"c@d.example"}]`))
	f.Add([]byte(`[{"email":"a@b.example","event":"bounce","type":"blocked"}]`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[null, 1, "x"]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		sups, ignored, err := ParseSendGridEvents(body)
		if err != nil {
			if sups != nil || ignored != 0 {
				t.Fatal("an error returns nothing")
			}
			return
		}
		checkSuppressions(t, sups)
		if ignored < 0 {
			t.Fatal("negative ignored")
		}
	})
}

func FuzzParseSignedEvents(f *testing.F) {
	f.Add([]byte(`{"events":[{"type":"bounce","email":"a@b.example","detail":"550"}]}`))
	f.Add([]byte(`{"events":[{"type":"bounce","email":"a@b.example","permanent":false},{"type":"complaint","email":"c@d.example"}]}`))
	f.Add([]byte(`{"events":[{"type":"unsubscribe","email":"Ä <x@y.example>"}]}`))
	f.Add([]byte(`{"events":[{"type":"other","email":"a@b.example"}]}`))
	f.Add([]byte(`{"events":null}`))
	f.Add([]byte(`{"events":[],"extra":1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		sups, ignored, err := ParseSignedEvents(body)
		if err != nil {
			if sups != nil || ignored != 0 {
				t.Fatal("an error returns nothing")
			}
			return
		}
		checkSuppressions(t, sups)
	})
}

func FuzzConfirmToken(f *testing.F) {
	secret := []byte("fuzz-secret-0123456789")
	now := time.Unix(1_800_000_000, 0)
	f.Add("a@b.example", int64(3600), "")
	f.Add("x\ny@z.example", int64(-5), "tampered")
	f.Add("", int64(0), "a.b")
	f.Fuzz(func(t *testing.T, addr string, ttl int64, other string) {
		tok := ConfirmToken(secret, addr, now.Add(time.Duration(ttl%1e6)*time.Second))
		got, err := ParseConfirmToken(secret, tok, now)
		if (err == nil || errors.Is(err, ErrTokenExpired)) && got != addr {
			t.Fatalf("token for %q confirms %q", addr, got)
		}
		if _, err := ParseConfirmToken([]byte("another-secret-000000"), tok, now); err == nil {
			t.Fatal("token accepted under another secret")
		}
		if got, err := ParseConfirmToken(secret, other, now); err == nil || errors.Is(err, ErrTokenExpired) {
			// Only our own signatures pass, and they never carry a newline.
			if got == "" || strings.Contains(got, "\n") {
				t.Fatalf("token %q accepted for %q", other, got)
			}
		}
	})
}

func FuzzParsePostmarkRecord(f *testing.F) {
	f.Add([]byte(`{"RecordType":"Bounce","Type":"HardBounce","Email":"a@b.example","Inactive":true,"BouncedAt":"2019-11-05T16:33:54.9070259Z"}`))
	f.Add([]byte(`{"RecordType":"SpamComplaint","Email":"a@b.example"}`))
	f.Add([]byte(`{"RecordType":"SubscriptionChange","Recipient":"a@b.example","SuppressSending":true,"SuppressionReason":"HardBounce"}`))
	f.Add([]byte(`{"RecordType":"Delivery","Recipient":"a@b.example"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		sups, ignored, err := ParsePostmarkRecord(body)
		if err != nil {
			if sups != nil || ignored != 0 {
				t.Fatal("an error returns nothing")
			}
			return
		}
		if len(sups)+ignored != 1 {
			t.Fatalf("one record gives one outcome, got %d suppressions and %d ignored", len(sups), ignored)
		}
		checkSuppressions(t, sups)
	})
}
