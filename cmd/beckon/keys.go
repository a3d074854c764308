package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/store"
)

const keysUsage = `Usage:
  beckon keys create --scope read|write|admin --name NAME [--json]
  beckon keys list   [--json]
  beckon keys revoke PREFIX|ID

The secret of a new key is printed once, by create; Beckon keeps only its
SHA-256 hash and shows the key afterwards by its prefix. Scopes include the
weaker ones: admin > write > read. Every subcommand takes --config FILE and
--data-dir DIR.`

type keyJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Prefix    string `json:"prefix"`
	Scope     string `json:"scope"`
	CreatedAt string `json:"created_at"`
	RevokedAt string `json:"revoked_at,omitempty"`
	Secret    string `json:"secret,omitempty"`
}

func toKeyJSON(k api.Key) keyJSON {
	out := keyJSON{ID: k.ID, Name: k.Name, Prefix: k.Prefix, Scope: k.Scope, CreatedAt: k.CreatedAt.UTC().Format(time.RFC3339)}
	if !k.RevokedAt.IsZero() {
		out.RevokedAt = k.RevokedAt.UTC().Format(time.RFC3339)
	}
	return out
}

func (m *Main) keys(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{keysUsage}
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "create", "list", "revoke":
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, keysUsage)
		return nil
	default:
		return &usageError{fmt.Sprintf("keys: unknown subcommand %q\n\n%s", sub, keysUsage)}
	}
	fs := m.flagSet("keys " + sub + " [flags]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	asJSON := fs.Bool("json", false, "print JSON")
	var scope, name *string
	if sub == "create" {
		scope = fs.String("scope", "", "read, write or admin (required)")
		name = fs.String("name", "", "what the key is for (required)")
	}
	// A key named before the flags (keys revoke PREFIX --data-dir D) is
	// taken out first: flag parsing stops at the first argument.
	var positional []string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		positional, rest = rest[:1], rest[1:]
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	positional = append(positional, fs.Args()...)
	switch sub {
	case "create":
		if !api.ValidScope(*scope) {
			return &usageError{"keys create: --scope must be read, write or admin"}
		}
		if *name == "" {
			return &usageError{"keys create: --name is required"}
		}
		if len(positional) > 0 {
			return &usageError{"keys create: unexpected argument " + positional[0]}
		}
	case "revoke":
		if len(positional) != 1 {
			return &usageError{"keys revoke: name one key by its prefix or id"}
		}
	case "list":
		if len(positional) > 0 {
			return &usageError{"keys list: unexpected argument " + positional[0]}
		}
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, *dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	keys := &api.Keys{DB: db}
	switch sub {
	case "create":
		secret, k, err := keys.Create(ctx, *name, *scope)
		if err != nil {
			return err
		}
		if *asJSON {
			out := toKeyJSON(k)
			out.Secret = secret
			return jsonEncoder(m.Stdout).Encode(out)
		}
		fmt.Fprintf(m.Stdout, "%s\n", secret)
		fmt.Fprintf(m.Stderr, "created %s key %q (%s); the secret above is shown only now\n", k.Scope, k.Name, k.Prefix)
		return nil
	case "list":
		list, err := keys.List(ctx)
		if err != nil {
			return err
		}
		out := make([]keyJSON, len(list))
		for i, k := range list {
			out[i] = toKeyJSON(k)
		}
		if *asJSON {
			return jsonEncoder(m.Stdout).Encode(map[string]any{"keys": out})
		}
		w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tPREFIX\tSCOPE\tNAME\tCREATED\tREVOKED")
		for _, k := range out {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Scope, k.Name, k.CreatedAt, k.RevokedAt)
		}
		return w.Flush()
	default: // revoke
		k, err := keys.Revoke(ctx, positional[0])
		if errors.Is(err, store.ErrNotFound) {
			return &usageError{fmt.Sprintf("keys revoke: no key %q", positional[0])}
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return jsonEncoder(m.Stdout).Encode(toKeyJSON(k))
		}
		fmt.Fprintf(m.Stdout, "revoked %s (%s, %q)\n", k.Prefix, k.Scope, k.Name)
		return nil
	}
}
