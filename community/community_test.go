package community

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readLines(t *testing.T, path string) []Action {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []Action
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var a Action
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a), sc.Text())
		out = append(out, a)
	}
	require.NoError(t, sc.Err())
	return out
}

func newSink(t *testing.T, path string) *LogSink {
	t.Helper()
	var logs bytes.Buffer
	fixed := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s, err := NewLogSink(path, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithClock(func() time.Time { return fixed }))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestLogSinkDedupAndReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "community.jsonl")
	s := newSink(t, path)
	d := NewLogDiscord(s)
	tg := NewLogTelegram(s)
	ctx := t.Context()

	require.NoError(t, d.AddRole(ctx, "g1", "u1", "r1", "run1:grant"))
	require.NoError(t, d.AddRole(ctx, "g1", "u1", "r1", "run1:grant"), "retry is a no-op")
	require.NoError(t, d.RemoveRole(ctx, "g1", "u1", "r1", "run1:revoke"))
	require.NoError(t, d.SendMessage(ctx, "c1", "gm holders", "run1:announce"))
	require.NoError(t, tg.SendMessage(ctx, "-100123", "gm", "run1:tg"))
	require.NoError(t, tg.SendMessage(ctx, "@beckon", "no key, always recorded", ""))
	require.NoError(t, tg.SendMessage(ctx, "@beckon", "no key, always recorded", ""))

	require.Equal(t, 3, s.Count(PlatformDiscord))
	require.Equal(t, 3, s.Count(PlatformTelegram))

	lines := readLines(t, path)
	require.Len(t, lines, 6)
	require.Equal(t, Action{Platform: "discord", Kind: "role_add", Target: "u1", Guild: "g1", Role: "r1", Key: "run1:grant",
		At: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, lines[0])
	require.Equal(t, "role_remove", lines[1].Kind)
	require.Equal(t, Action{Platform: "discord", Kind: "message", Channel: "c1", Text: "gm holders", Key: "run1:announce", At: lines[0].At}, lines[2])
	require.Equal(t, "-100123", lines[3].Target)

	require.NoError(t, s.Close())
	require.Error(t, d.AddRole(ctx, "g1", "u2", "r1", "run2:grant"), "closed sink refuses writes")

	// A torn final line from a crash is skipped and repaired on reopen.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"platform":"discord","kind":"ro`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	s2 := newSink(t, path)
	require.Equal(t, 3, s2.Count(PlatformDiscord))
	require.Equal(t, 3, s2.Count(PlatformTelegram))
	d2 := NewLogDiscord(s2)
	require.NoError(t, d2.AddRole(ctx, "g1", "u1", "r1", "run1:grant"), "key remembered across reopen")
	require.NoError(t, d2.AddRole(ctx, "g1", "u2", "r1", "run2:grant"))
	require.Equal(t, 4, s2.Count(PlatformDiscord))

	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, 8, bytes.Count(raw, []byte("\n")))
	last := bytes.Split(bytes.TrimSpace(raw), []byte("\n"))
	var a Action
	require.NoError(t, json.Unmarshal(last[len(last)-1], &a))
	require.Equal(t, "run2:grant", a.Key)
}

func TestLogSinkConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "community.jsonl")
	s := newSink(t, path)
	d := NewLogDiscord(s)

	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			// Every key is recorded by two goroutines; only one must win.
			key := fmt.Sprintf("run:%d", i%25)
			assert.NoError(t, d.AddRole(context.Background(), "g", "u", "r", key))
		})
	}
	wg.Wait()
	require.Equal(t, 25, s.Count(PlatformDiscord))
	require.Len(t, readLines(t, path), 25)
}

func TestLogClientsValidateAndHonourContext(t *testing.T) {
	s := newSink(t, filepath.Join(t.TempDir(), "c.jsonl"))
	d, tg := NewLogDiscord(s), NewLogTelegram(s)
	ctx := t.Context()
	require.Error(t, d.AddRole(ctx, "", "u", "r", "k"))
	require.Error(t, d.RemoveRole(ctx, "g", "u", "", "k"))
	require.Error(t, d.SendMessage(ctx, "c", "", "k"))
	require.Error(t, tg.SendMessage(ctx, "", "hi", "k"))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, tg.SendMessage(cancelled, "1", "hi", "k"), context.Canceled)
	require.Zero(t, s.Count(PlatformTelegram))
}
