package community

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"
)

// LogSink is a Recorder that appends actions as JSON lines to a file. It is
// the backend for demos and for installs without bot tokens: the file is a
// readable audit trail of what flows would have done. Keys already in the
// file are loaded on open, so de-duplication survives restarts.
type LogSink struct {
	path string
	log  *slog.Logger
	now  func() time.Time

	mu     sync.Mutex
	f      *os.File
	seen   map[string]struct{}
	counts map[string]int
}

var _ Recorder = (*LogSink)(nil)

// LogSinkOption configures a LogSink.
type LogSinkOption func(*LogSink)

// WithLogger sets the logger each recorded action is reported to
// (default slog.Default()).
func WithLogger(l *slog.Logger) LogSinkOption {
	return func(s *LogSink) { s.log = l }
}

// WithClock sets the time source used for actions without At.
func WithClock(now func() time.Time) LogSinkOption {
	return func(s *LogSink) { s.now = now }
}

// NewLogSink opens (creating if needed) the JSON-lines file at path.
func NewLogSink(path string, opts ...LogSinkOption) (*LogSink, error) {
	s := &LogSink{
		path:   path,
		log:    slog.Default(),
		now:    time.Now,
		seen:   map[string]struct{}{},
		counts: map[string]int{},
	}
	for _, opt := range opts {
		opt(s)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open community log: %w", err)
	}
	if err := s.load(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	s.f = f
	return s, nil
}

// load replays the existing file. A malformed line (e.g. a torn final write
// after a crash) is skipped with a warning rather than making the sink
// unusable; the next append starts on a fresh line.
func (s *LogSink) load(f *os.File) error {
	r := bufio.NewReader(f)
	lineNo := 0
	var last byte = '\n'
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			lineNo++
			last = line[len(line)-1]
			var a Action
			if jerr := json.Unmarshal(line, &a); jerr != nil {
				s.log.Warn("skipping malformed community log line", "path", s.path, "line", lineNo, "err", jerr)
			} else {
				s.remember(a)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read community log: %w", err)
		}
	}
	if last != '\n' {
		if _, err := f.Write([]byte{'\n'}); err != nil {
			return fmt.Errorf("repair community log: %w", err)
		}
	}
	return nil
}

func (s *LogSink) remember(a Action) {
	if a.Key != "" {
		s.seen[a.Key] = struct{}{}
	}
	s.counts[a.Platform]++
}

// Record appends a unless an action with the same non-empty Key was already
// recorded. Each line is written with a single write and synced, so a
// recorded action is durable once Record returns.
func (s *LogSink) Record(ctx context.Context, a Action) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("record community action: %w", err)
	}
	if a.At.IsZero() {
		a.At = s.now()
	}
	a.At = a.At.UTC()
	line, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode community action: %w", err)
	}
	line = append(line, '\n')

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return errors.New("record community action: sink is closed")
	}
	if a.Key != "" {
		if _, dup := s.seen[a.Key]; dup {
			s.log.DebugContext(ctx, "community action already recorded", "platform", a.Platform, "kind", a.Kind, "key", a.Key)
			return nil
		}
	}
	if _, err := s.f.Write(line); err != nil {
		return fmt.Errorf("append community action: %w", err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sync community log: %w", err)
	}
	s.remember(a)
	s.log.InfoContext(ctx, "community action recorded",
		"platform", a.Platform, "kind", a.Kind, "target", a.Target, "guild", a.Guild,
		"role", a.Role, "channel", a.Channel, "key", a.Key)
	return nil
}

// Count returns how many actions have been recorded for platform, including
// those loaded from the file.
func (s *LogSink) Count(platform string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[platform]
}

// Path returns the file the sink appends to.
func (s *LogSink) Path() string { return s.path }

// Close closes the underlying file. Further Record calls fail.
func (s *LogSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	if err != nil {
		return fmt.Errorf("close community log: %w", err)
	}
	return nil
}
