package snap

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/snapbi/snap/internal/testkit"
)

// maxDoAllocs bounds the allocations of one symmetric Do with the token
// cached, so that a regression fails CI (BENCHMARKS.md has the figures: the
// plain net/http floor makes 149, and so does Do).
const maxDoAllocs = 155

func TestDoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	srv := httptest.NewServer(benchHandler())
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: "partner", ChannelID: "95221", ClientSecret: "secret",
		PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric, TokenPath: "/v1.0/access-token/b2b"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req := &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: benchReq}
	do := func() {
		var out benchCancelAnswer
		if _, err := c.Do(ctx, req, &out); err != nil {
			t.Fatal(err)
		}
	}
	do() // the token, the connection
	allocs := testing.AllocsPerRun(200, do)
	t.Logf("%.0f allocations per Do", allocs)
	if allocs > maxDoAllocs {
		t.Errorf("Do makes %.0f allocations, more than %d", allocs, maxDoAllocs)
	}
}
