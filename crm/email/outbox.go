package email

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Outbox is a Sender that writes each message as an .eml file into a
// directory instead of delivering it. It lets a demo or a fresh install run
// real flows without an SMTP relay, and the files open in any mail client.
type Outbox struct {
	dir string
}

var _ CommitSender = (*Outbox)(nil)

// NewOutbox returns an Outbox writing into dir, creating it if needed.
func NewOutbox(dir string) (*Outbox, error) {
	if dir == "" {
		return nil, fmt.Errorf("outbox dir is required")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create outbox dir: %w", err)
	}
	return &Outbox{dir: dir}, nil
}

// Dir returns the directory the outbox writes to.
func (o *Outbox) Dir() string { return o.dir }

// Path returns the file a message with the given idempotency key is written
// to. The name is a hash of the key so arbitrary keys are safe on disk.
func (o *Outbox) Path(id string) string {
	return filepath.Join(o.dir, hashID(id)+".eml")
}

// Send writes m to the outbox. The file is written to a temporary name and
// renamed into place, so readers never see a partial message and sending the
// same ID again replaces the file instead of adding a second one.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	return o.SendCommit(ctx, m, nil)
}

// SendCommit writes m like Send, calling commit after the temporary file is
// complete and before the rename that delivers it; if commit fails the
// file is removed and its error returned.
func (o *Outbox) SendCommit(ctx context.Context, m Message, commit func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("outbox send: %w", err)
	}
	msg, err := buildMsg(m)
	if err != nil {
		return fmt.Errorf("outbox build message: %w", err)
	}
	tmp, err := os.CreateTemp(o.dir, ".tmp-*.eml")
	if err != nil {
		return fmt.Errorf("outbox create temp file: %w", err)
	}
	cleanup := func() {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}
	if _, err := msg.WriteTo(tmp); err != nil {
		cleanup()
		return fmt.Errorf("outbox write message: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		cleanup()
		return fmt.Errorf("outbox sync message: %w", err)
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("outbox close message: %w", err)
	}
	if commit != nil {
		if err := commit(ctx); err != nil {
			_ = os.Remove(tmp.Name())
			return fmt.Errorf("outbox send abandoned before delivery: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), o.Path(m.ID)); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("outbox rename message: %w", err)
	}
	return nil
}

// List returns the paths of all messages in the outbox, sorted by name.
// In-flight temporary files are not included.
func (o *Outbox) List() ([]string, error) {
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() && !strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".eml") {
			out = append(out, filepath.Join(o.dir, name))
		}
	}
	slices.Sort(out)
	return out, nil
}

// Count returns the number of messages in the outbox.
func (o *Outbox) Count() (int, error) {
	files, err := o.List()
	if err != nil {
		return 0, err
	}
	return len(files), nil
}
