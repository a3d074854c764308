package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/beckonhq/beckon/community"
)

// MaxTimestampSkew is how far X-Signature-Timestamp may be from now;
// older requests are replays.
const MaxTimestampSkew = 5 * time.Minute

// maxInteractionBody bounds the request body; interactions are small.
const maxInteractionBody = 1 << 20

// Interactions answers Discord's HTTP interactions endpoint
// (POST /discord/interactions): it verifies the Ed25519 signature over
// timestamp + body with the application's public key, rejects stale
// timestamps, answers PING with PONG and runs slash commands through the
// bot. Every verification failure is a 401, as Discord expects.
type Interactions struct {
	PublicKey ed25519.PublicKey
	Commands  *Commands
	Log       *slog.Logger
	Now       func() time.Time
}

var _ http.Handler = (*Interactions)(nil)

func (h *Interactions) now() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

func (h *Interactions) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

// ParsePublicKey decodes the hex public key shown in the Developer Portal.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord public key: want %d hex-encoded bytes", ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// Verify checks the request's signature headers over body.
func (h *Interactions) Verify(header http.Header, body []byte) error {
	sigHex := header.Get("X-Signature-Ed25519")
	ts := header.Get("X-Signature-Timestamp")
	if sigHex == "" || ts == "" {
		return fmt.Errorf("missing signature headers")
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("malformed signature")
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("malformed timestamp")
	}
	if d := h.now().Sub(time.Unix(secs, 0)); d > MaxTimestampSkew || d < -MaxTimestampSkew {
		return fmt.Errorf("stale timestamp")
	}
	if len(h.PublicKey) != ed25519.PublicKeySize {
		return fmt.Errorf("no public key configured")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(h.PublicKey, msg, sig) {
		return fmt.Errorf("bad signature")
	}
	return nil
}

func (h *Interactions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
	if err != nil || len(body) > maxInteractionBody {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if err := h.Verify(r.Header, body); err != nil {
		h.log().WarnContext(r.Context(), "discord interaction rejected", "err", err)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var in discordgo.Interaction
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	var resp *discordgo.InteractionResponse
	if in.Type == discordgo.InteractionPing {
		resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	} else {
		resp = h.Commands.Respond(r.Context(), &in)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// Commands turns slash-command interactions into bot commands; the
// gateway and the HTTP endpoint share it.
type Commands struct {
	Bot *community.Bot
	// AdminRole is the role id whose holders may run admin commands.
	AdminRole string
	// Session, when set, lets /sync-roles answer at once with a deferred
	// response and edit in the result: Discord drops interactions not
	// answered within 3 s, and a full reconciliation takes longer.
	Session *discordgo.Session
}

// Respond answers one interaction.
func (c *Commands) Respond(ctx context.Context, in *discordgo.Interaction) *discordgo.InteractionResponse {
	if in.Type != discordgo.InteractionApplicationCommand {
		return message(community.Reply{Text: "Unsupported interaction.", Ephemeral: true})
	}
	cmd := ToCommand(in, c.AdminRole)
	if cmd.Name == community.CmdSyncRoles && cmd.Admin && c.Session != nil {
		bg := context.WithoutCancel(ctx)
		go func() {
			reply, _ := c.Bot.Handle(bg, cmd)
			_, _ = c.Session.InteractionResponseEdit(in, &discordgo.WebhookEdit{Content: &reply.Text}, discordgo.WithContext(bg))
		}()
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}
	}
	reply, _ := c.Bot.Handle(ctx, cmd) // errors are logged by the bot and answered generically
	return message(reply)
}

func message(r community.Reply) *discordgo.InteractionResponse {
	data := &discordgo.InteractionResponseData{Content: r.Text, AllowedMentions: &discordgo.MessageAllowedMentions{}}
	if r.Ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// ToCommand extracts the bot command from a slash-command interaction.
// Admin is set when the member holds adminRole (never in DMs).
func ToCommand(in *discordgo.Interaction, adminRole string) community.Command {
	data := in.ApplicationCommandData()
	cmd := community.Command{Platform: community.PlatformDiscord, Name: data.Name, Args: map[string]string{}, ID: in.ID}
	switch {
	case in.Member != nil && in.Member.User != nil:
		cmd.UserID = in.Member.User.ID
		for _, r := range in.Member.Roles {
			if adminRole != "" && r == adminRole {
				cmd.Admin = true
			}
		}
	case in.User != nil:
		cmd.UserID = in.User.ID
	}
	opts := data.Options
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		cmd.Args["subcommand"] = opts[0].Name
		opts = opts[0].Options
	}
	for _, o := range opts {
		switch v := o.Value.(type) {
		case string:
			cmd.Args[o.Name] = v
		case float64:
			cmd.Args[o.Name] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			cmd.Args[o.Name] = fmt.Sprint(v)
		}
	}
	return cmd
}

// SlashCommands are the commands registered in each guild.
func SlashCommands() []*discordgo.ApplicationCommand {
	minAmount := 1.0
	pointsOpts := []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionUser, Name: "user", Description: "Member", Required: true},
		{Type: discordgo.ApplicationCommandOptionInteger, Name: "amount", Description: "Points", Required: true, MinValue: &minAmount},
		{Type: discordgo.ApplicationCommandOptionString, Name: "reason", Description: "Why", Required: false},
	}
	return []*discordgo.ApplicationCommand{
		{Name: community.CmdLink, Description: "Link your wallet to your Discord account"},
		{Name: community.CmdPoints, Description: "Your points and tier"},
		{Name: community.CmdRank, Description: "Your place on the leaderboard"},
		{Name: community.CmdLeaderboard, Description: "The top of the leaderboard"},
		{Name: community.CmdQuests, Description: "Your quest progress"},
		{Name: community.CmdRewards, Description: "Rewards you can claim"},
		{Name: community.CmdUnlink, Description: "Unlink your wallet"},
		{Name: community.CmdAward, Description: "Admin: award points", Options: pointsOpts},
		{Name: community.CmdRevoke, Description: "Admin: revoke points", Options: pointsOpts},
		{Name: community.CmdSegment, Description: "Admin: segments", Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "size", Description: "How many contacts a segment holds",
			Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "Segment", Required: true}},
		}}},
		{Name: community.CmdSyncRoles, Description: "Admin: reconcile roles with the rules now"},
	}
}
