package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/snapbi/snap"
)

// Row is one line of the quickstart's table.
type Row struct {
	Provider, API, Code string
	Outcome             snap.Outcome
	Want                snap.Outcome
	Attempts            int
	Latency             time.Duration
	Note                string
}

// runFlows makes the signed calls of the quickstart.
func runFlows(ctx context.Context) ([]Row, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1.0/debit/cancel":
			calls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"responseCode":"2005700","responseMessage":"Successful"}`)
		case strings.HasSuffix(r.URL.Path, "/slow"):
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	core, err := snap.NewClient(snap.Config{BaseURL: srv.URL, PartnerID: "demo", ChannelID: "95221", PrivateKey: key, Signature: snap.Asymmetric},
		snap.WithTimeout(200*time.Millisecond),
		snap.WithRetry(snap.RetryPolicy{MaxAttempts: 3, BaseDelay: 20 * time.Millisecond, MaxDelay: 50 * time.Millisecond}))
	if err != nil {
		return nil, err
	}
	var rows []Row
	call := func(provider, api, path string, want snap.Outcome) {
		resp, err := core.Do(ctx, &snap.Request{Path: path, ServiceCode: 57, Idempotent: true, Body: map[string]string{"originalPartnerReferenceNo": "quickstart-1"}}, nil)
		row := Row{Provider: provider, API: api, Outcome: snap.OutcomeOf(err), Want: want}
		if resp != nil {
			row.Code, row.Attempts, row.Latency = resp.RawCode, resp.Attempts, resp.Duration
		}
		var e *snap.Error
		if errors.As(err, &e) {
			row.Note = e.Reason + " → " + e.Action
		}
		rows = append(rows, row)
	}
	call("generic", "debit cancel (57)", "/v1.0/debit/cancel", snap.Success)
	call("generic", "debit cancel, provider hangs", "/v1.0/debit/slow", snap.Pending)
	return rows, nil
}

func printTable(w io.Writer, rows []Row) {
	fmt.Fprintln(w, "== Calls against the simulated provider")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tAPI\tCODE\tOUTCOME\tATTEMPTS\tLATENCY\tNOTE")
	for _, r := range rows {
		code := r.Code
		if code == "" {
			code = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.Provider, r.API, code, r.Outcome, r.Attempts, r.Latency.Round(time.Millisecond), r.Note)
	}
	tw.Flush()
}

// checkRows fails when any call ended other than expected.
func checkRows(rows []Row) error {
	var bad []string
	for _, r := range rows {
		if r.Outcome != r.Want {
			bad = append(bad, fmt.Sprintf("%s %s: got %s, want %s", r.Provider, r.API, r.Outcome, r.Want))
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}
