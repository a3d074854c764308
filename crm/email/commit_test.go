package email

import (
	"context"
	"errors"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func messageIDs(t *testing.T, got []received) []string {
	t.Helper()
	var ids []string
	for _, r := range got {
		msg, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
		require.NoError(t, err)
		ids = append(ids, msg.Header.Get("Message-ID"))
	}
	return ids
}

// TestSMTPSendCommitHoldsTheDot checks that commit runs before the relay
// has the message, and that a failing commit leaves the relay with nothing
// while the sender stays usable.
func TestSMTPSendCommitHoldsTheDot(t *testing.T) {
	f := &fakeSMTP{}
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://127.0.0.1:" + port + "?tls=none")
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Send(t.Context(), testMessage("warm")), "leaves a pooled session")

	commits := 0
	require.NoError(t, s.SendCommit(t.Context(), testMessage("run:1:0"), func(context.Context) error {
		commits++
		require.Len(t, f.received(), 1, "the relay does not have the message before commit")
		return nil
	}))
	require.Equal(t, 1, commits)
	require.Len(t, f.received(), 2)

	refused := errors.New("record failed")
	err = s.SendCommit(t.Context(), testMessage("run:2:0"), func(context.Context) error { return refused })
	require.ErrorIs(t, err, refused)
	require.NotErrorIs(t, err, ErrMaybeDelivered)

	require.NoError(t, s.Send(t.Context(), testMessage("run:3:0")), "the dropped session is not reused")
	// The relay handles sessions in parallel: give the dropped one time to
	// be read to its end before asserting that it delivered nothing.
	time.Sleep(100 * time.Millisecond)
	require.Equal(t, []string{
		"<" + MessageID(testMessage("warm")) + ">",
		"<" + MessageID(testMessage("run:1:0")) + ">",
		"<" + MessageID(testMessage("run:3:0")) + ">",
	}, messageIDs(t, f.received()))
}

// TestSMTPSendCommitLostReply: the relay reads the whole message and then
// the connection fails before its reply; the message may have been
// accepted, which the error says.
func TestSMTPSendCommitLostReply(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go loseReply(conn)
		}
	}()
	s, err := NewSMTP("smtp://" + ln.Addr().String() + "?tls=none")
	require.NoError(t, err)
	defer s.Close()

	committed := false
	err = s.SendCommit(t.Context(), testMessage("run:1:0"), func(context.Context) error { committed = true; return nil })
	require.True(t, committed)
	require.ErrorIs(t, err, ErrMaybeDelivered)

	err = s.Send(t.Context(), testMessage("run:2:0"))
	require.Error(t, err)
	require.NotErrorIs(t, err, ErrMaybeDelivered, "a plain send makes no promise either way")
}

// loseReply speaks just enough SMTP to take a message, then hangs up
// without answering the final dot.
func loseReply(conn net.Conn) {
	defer conn.Close()
	tp := textproto.NewConn(conn)
	_ = tp.PrintfLine("220 localhost")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		switch verb, _, _ := strings.Cut(strings.ToUpper(line), " "); verb {
		case "DATA":
			_ = tp.PrintfLine("354 go ahead")
			_, _ = tp.ReadDotBytes()
			return
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("250 ok")
		}
	}
}

func TestOutboxSendCommit(t *testing.T) {
	dir := t.TempDir()
	ob, err := NewOutbox(dir)
	require.NoError(t, err)

	refused := errors.New("record failed")
	err = ob.SendCommit(t.Context(), testMessage("run:1:0"), func(context.Context) error {
		n, err := ob.Count()
		require.NoError(t, err)
		require.Zero(t, n, "commit runs before the message is in place")
		return refused
	})
	require.ErrorIs(t, err, refused)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "no message and no temporary file")

	require.NoError(t, ob.SendCommit(t.Context(), testMessage("run:1:0"), func(context.Context) error { return nil }))
	require.FileExists(t, ob.Path("run:1:0"))
}

// plainSender has no two-phase delivery.
type plainSender struct{ sent []string }

func (p *plainSender) Send(_ context.Context, m Message) error {
	p.sent = append(p.sent, m.ID)
	return nil
}

func TestGuardSendCommit(t *testing.T) {
	ok := StatusFunc(func(context.Context, string) (Status, error) { return Status{Confirmed: true}, nil })
	refused := errors.New("record failed")

	f := &fakeSMTP{}
	s, err := NewSMTP("smtp://127.0.0.1:" + startSMTP(t, f) + "?tls=none")
	require.NoError(t, err)
	defer s.Close()
	g := NewGuard(s, ok, true)
	err = g.SendCommit(t.Context(), testMessage("run:1:0"), func(context.Context) error {
		require.Empty(t, f.received())
		return refused
	})
	require.ErrorIs(t, err, refused)
	require.NoError(t, g.SendCommit(t.Context(), testMessage("run:2:0"), func(context.Context) error { return nil }))
	time.Sleep(100 * time.Millisecond)
	require.Equal(t, []string{"<" + MessageID(testMessage("run:2:0")) + ">"}, messageIDs(t, f.received()))

	// Over a plain transport commit comes first, and a failed one sends nothing.
	p := &plainSender{}
	g = NewGuard(p, ok, true)
	require.ErrorIs(t, g.SendCommit(t.Context(), testMessage("run:3:0"), func(context.Context) error { return refused }), refused)
	require.NoError(t, g.SendCommit(t.Context(), testMessage("run:4:0"), func(context.Context) error {
		require.Empty(t, p.sent)
		return nil
	}))
	require.Equal(t, []string{"run:4:0"}, p.sent)

	// A refused address never reaches commit.
	blocked := NewGuard(p, StatusFunc(func(context.Context, string) (Status, error) { return Status{Suppressed: true}, nil }), true)
	err = blocked.SendCommit(t.Context(), testMessage("run:5:0"), func(context.Context) error {
		t.Fatal("commit of a suppressed address")
		return nil
	})
	require.ErrorIs(t, err, ErrSuppressed)
}
