package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCRMCommands imports a CSV with bad rows, recomputes, previews and
// exports segments, and syncs to a HubSpot stand-in, on the embedded store.
func TestCRMCommands(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "beckon.yaml")
	var mu sync.Mutex
	var upserted []string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/crm/v3/objects/contacts/batch/upsert" {
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, `{}`)
			return
		}
		var body struct {
			Inputs []struct{ ID string }
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		var results []map[string]string
		for _, in := range body.Inputs {
			upserted = append(upserted, in.ID)
			results = append(results, map[string]string{"id": "1"})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "COMPLETE", "results": results})
	}))
	defer hs.Close()
	require.NoError(t, os.WriteFile(cfg, []byte(`
segments:
  - name: pros
    when: 'contact.traits.plan == "pro"'
  - name: paris
    when: 'contact.timezone == "Europe/Paris" && contact.points >= 0'
hubspot:
  base_url: `+hs.URL+`
`), 0o644))
	csv := filepath.Join(dir, "c.csv")
	require.NoError(t, os.WriteFile(csv, []byte("email,wallet,timezone,trait:plan\n"+
		"a@example.org,0x0000000000000000000000000000000000000001,Europe/Paris,pro\n"+
		"nope,,,\n"+
		"b@example.org,,UTC,free\n"), 0o644))
	run := func(env map[string]string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
		code := m.Run(t.Context(), args)
		return code, out.String(), errb.String()
	}
	common := []string{"--config", cfg, "--data-dir", dir}

	code, out, _ := run(nil, append(append([]string{"crm", "import"}, common...), csv)...)
	require.Equal(t, exitFailure, code, "bad rows make the command fail")
	require.Contains(t, out, "c.csv:3: email \"nope\"")
	require.Contains(t, out, "2 imported")

	code, out, stderr := run(nil, append([]string{"segments", "recompute", "--json"}, common...)...)
	require.Equal(t, exitOK, code, stderr)
	var results []struct {
		Segment string
		Members int64
		SQL     bool
	}
	require.NoError(t, json.Unmarshal([]byte(out), &results))
	require.Len(t, results, 2)
	require.Equal(t, int64(1), results[0].Members)
	require.False(t, results[0].SQL, "traits run in CEL")
	require.True(t, results[1].SQL)

	code, out, _ = run(nil, append([]string{"segments", "preview", "--when", "contact.timezone == 'UTC'", "--json"}, common...)...)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, `"size": 1`)

	code, out, _ = run(nil, append(append([]string{"segments", "export"}, common...), "paris")...)
	require.Equal(t, exitOK, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	require.True(t, strings.HasPrefix(lines[1], "1,a@example.org,0x0000000000000000000000000000000000000001"), lines[1])

	code, _, stderr = run(nil, append([]string{"crm", "sync"}, common...)...)
	require.Equal(t, exitUsage, code, "no token")
	require.Contains(t, stderr, "HUBSPOT_TOKEN")

	env := map[string]string{"HUBSPOT_TOKEN": "secret"}
	code, out, stderr = run(env, append([]string{"crm", "sync", "--dry-run", "--json"}, common...)...)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, `"dry_run": true`)
	require.Empty(t, upserted, "dry run sends nothing")

	code, out, stderr = run(env, append([]string{"crm", "sync"}, common...)...)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "2 written")
	require.ElementsMatch(t, []string{"a@example.org", "b@example.org"}, upserted)

	code, out, _ = run(env, append([]string{"crm", "sync"}, common...)...)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "0 changed contacts", "the cursor moved")
}
