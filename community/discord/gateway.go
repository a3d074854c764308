package discord

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/beckonhq/beckon/community"
)

var _ community.MemberLister = (*Client)(nil)

// Session exposes the discordgo session, for wiring the gateway.
func (c *Client) Session() *discordgo.Session { return c.s }

// RegisterCommands replaces the application's slash commands in guildID
// with SlashCommands. Guild commands appear at once, unlike global ones.
func (c *Client) RegisterCommands(ctx context.Context, appID, guildID string) error {
	if appID == "" || guildID == "" {
		return errors.New("discord register commands: application and guild are required")
	}
	if _, err := c.s.ApplicationCommandBulkOverwrite(appID, guildID, SlashCommands(), discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord PUT applications/%s/guilds/%s/commands: %w", appID, guildID, err)
	}
	return nil
}

// GuildMembers lists every member of the guild with their roles (needs the
// Server Members privileged intent on the application).
func (c *Client) GuildMembers(ctx context.Context, guildID string) ([]community.Member, error) {
	var out []community.Member
	after := ""
	for {
		page, err := c.s.GuildMembers(guildID, after, 1000, discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("discord GET guilds/%s/members: %w", guildID, err)
		}
		for _, m := range page {
			if m.User == nil || m.User.Bot {
				continue
			}
			out = append(out, community.Member{UserID: m.User.ID, Roles: m.Roles})
		}
		if len(page) < 1000 {
			return out, nil
		}
		after = page[len(page)-1].User.ID
	}
}

// SendDirectMessage opens (or reuses) the DM channel with userID and posts
// text there.
func (c *Client) SendDirectMessage(ctx context.Context, userID, text, key string) error {
	if userID == "" || text == "" {
		return errors.New("discord direct message: user and text are required")
	}
	ch, err := c.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord POST users/@me/channels: %w", err)
	}
	return c.SendMessage(ctx, ch.ID, text, key)
}

// OpenGateway connects to the gateway and answers slash commands arriving
// there with cmds; it returns a function closing the connection.
func (c *Client) OpenGateway(ctx context.Context, cmds *Commands) (func() error, error) {
	c.s.Identify.Intents = discordgo.IntentsGuilds
	remove := c.s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		resp := cmds.Respond(ctx, ic.Interaction)
		if err := s.InteractionRespond(ic.Interaction, resp, discordgo.WithContext(ctx)); err != nil {
			c.log.WarnContext(ctx, "discord interaction response", "err", err)
		}
	})
	if err := c.s.Open(); err != nil {
		remove()
		return nil, fmt.Errorf("discord gateway: %w", err)
	}
	return func() error { remove(); return c.s.Close() }, nil
}

// Linked Roles metadata keys, so servers can gate roles natively.
const (
	MetaPoints   = "points"
	MetaHoldings = "holdings"
	MetaTier     = "tier"
)

// RegisterRoleConnectionMetadata declares the linked-role fields Beckon
// reports: points and holdings (integer ≥ threshold) and tier rank.
func (c *Client) RegisterRoleConnectionMetadata(ctx context.Context, appID string) error {
	md := []*discordgo.ApplicationRoleConnectionMetadata{
		{Type: discordgo.ApplicationRoleConnectionMetadataIntegerGreaterThanOrEqual, Key: MetaPoints, Name: "Points", Description: "Loyalty points at least"},
		{Type: discordgo.ApplicationRoleConnectionMetadataIntegerGreaterThanOrEqual, Key: MetaHoldings, Name: "Holdings", Description: "Tokens held at least"},
		{Type: discordgo.ApplicationRoleConnectionMetadataIntegerGreaterThanOrEqual, Key: MetaTier, Name: "Tier", Description: "Tier rank at least (1 = lowest tier)"},
	}
	if _, err := c.s.ApplicationRoleConnectionMetadataUpdate(appID, md); err != nil {
		return fmt.Errorf("discord PUT applications/%s/role-connections/metadata: %w", appID, err)
	}
	return nil
}

// RoleConnection is what Beckon reports for one user's linked role.
type RoleConnection struct {
	Points, Holdings int64
	TierRank         int // 0: no tier
	TierName         string
}

// UpdateRoleConnection pushes a user's values with their OAuth2 access
// token (scope role_connections.write), as Discord requires a user token
// for this route.
func (c *Client) UpdateRoleConnection(ctx context.Context, appID, userAccessToken string, rc RoleConnection) error {
	s, err := discordgo.New("Bearer " + userAccessToken)
	if err != nil {
		return fmt.Errorf("discord role connection: %w", err)
	}
	s.Client = c.s.Client
	_, err = s.UserApplicationRoleConnectionUpdate(appID, &discordgo.ApplicationRoleConnection{
		PlatformName:     "Beckon",
		PlatformUsername: rc.TierName,
		Metadata: map[string]string{
			MetaPoints:   strconv.FormatInt(rc.Points, 10),
			MetaHoldings: strconv.FormatInt(rc.Holdings, 10),
			MetaTier:     strconv.Itoa(rc.TierRank),
		},
	})
	if err != nil {
		return fmt.Errorf("discord PUT users/@me/applications/%s/role-connection: %w", appID, err)
	}
	return nil
}
