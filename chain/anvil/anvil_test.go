package anvil_test

import (
	"context"
	"testing"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/beckonhq/beckon/chain/anvil"
	"github.com/beckonhq/beckon/chain/anvil/anviltest"
)

func TestStartAnswersAndStops(t *testing.T) {
	n := anviltest.Start(t)
	ctx := context.Background()
	c, err := ethclient.DialContext(ctx, n.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if id.Uint64() != anvil.ChainID {
		t.Fatalf("chain id %d, want %d", id, anvil.ChainID)
	}
	n.Stop()
	if err := n.Alive(); err == nil {
		t.Fatal("node still alive after Stop")
	}
}
