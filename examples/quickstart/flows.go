package main

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/snaptest"
)

// Row is one line of the quickstart's table: one call (or one notification)
// and what came of it.
type Row struct {
	Provider, API string
	// Code is the response code as the SDK read it ("-" when no answer came).
	Code string
	// Outcome is what the call means for the money; Want is what the
	// quickstart expects of it.
	Outcome, Want snap.Outcome
	// Attempts is how many requests the simulated provider received for
	// the call; WantAttempts is the number expected.
	Attempts, WantAttempts int
	// Latency is the wall time of the call, retries included.
	Latency time.Duration
	// Note is what to do with the money (the provider's action) or what the
	// answer said.
	Note string
	// Deviation says what else went other than expected: the SDK and the
	// provider disagreeing on attempts, or the provider's state after the
	// call. "" when nothing did.
	Deviation string
}

// step is one call of a flow.
type step struct {
	provider, api string
	// srv and path locate the requests that make the call's attempts.
	srv  *snaptest.Server
	path string
	want snap.Outcome
	// attempts is the number of requests expected (1 unless a fault makes
	// the SDK retry).
	attempts int
	call     func(ctx context.Context) result
}

// result is what a step's call produced.
type result struct {
	// err is the call's error (nil on Success).
	err error
	// raw is the SDK's last answer, when the provider package returns it;
	// its RawCode and Attempts are read from it.
	raw *snap.Response
	// code is the answer's code when there is no raw (a notification's
	// ack).
	code string
	// attempts counts deliveries that no simulator records (a notification
	// received by the merchant).
	attempts int
	// note describes a successful answer.
	note string
	// problem is a check of the answer or of the provider's state that
	// failed.
	problem string
}

// runFlows runs every provider's flow against simulated providers on
// loopback, all trusting partnerKey as the merchant's key.
func runFlows(ctx context.Context, partnerKey *rsa.PrivateKey) ([]Row, error) {
	flows := []func(context.Context, *rsa.PrivateKey) ([]step, func(), error){
		danaSteps, payermaxSteps, nicepaySteps, paydiaSteps, debitSteps, faultSteps, settleSteps,
	}
	var rows []Row
	for _, flow := range flows {
		steps, closeFlow, err := flow(ctx, partnerKey)
		if err != nil {
			return rows, err
		}
		for _, s := range steps {
			rows = append(rows, s.run(ctx))
		}
		closeFlow()
	}
	return rows, nil
}

// run makes the step's call and reads its row from the SDK's answer and the
// simulator's record.
func (s step) run(ctx context.Context) Row {
	before := len(s.srv.RequestsTo(s.path))
	start := time.Now()
	res := s.call(ctx)
	row := Row{
		Provider: s.provider, API: s.api,
		Outcome: snap.OutcomeOf(res.err), Want: s.want,
		WantAttempts: s.attempts,
		Latency:      time.Since(start),
		Note:         res.note,
		Deviation:    res.problem,
	}
	if s.path != "" {
		row.Attempts = len(s.srv.RequestsTo(s.path)) - before
	} else {
		row.Attempts = res.attempts
	}
	sdkAttempts := 0
	var e *snap.Error
	switch {
	case errors.As(res.err, &e):
		row.Code, sdkAttempts = e.RawCode, e.Attempts
		if row.Note == "" {
			row.Note = e.Action
			if e.Reason != "" {
				row.Note = e.Reason + " → " + e.Action
			}
		}
	case res.err != nil: // a *snap.ValidationError: nothing was sent
		row.Note = res.err.Error()
	case res.raw != nil:
		row.Code, sdkAttempts = res.raw.RawCode, res.raw.Attempts
	}
	if res.code != "" {
		row.Code = res.code
	}
	if sdkAttempts != 0 && sdkAttempts != row.Attempts && row.Deviation == "" {
		row.Deviation = fmt.Sprintf("the SDK counted %d attempts, the provider received %d", sdkAttempts, row.Attempts)
	}
	return row
}

func printTable(w io.Writer, rows []Row) {
	fmt.Fprintln(w, "== Calls against simulated providers (snaptest)")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tAPI\tCODE\tOUTCOME\tATTEMPTS\tLATENCY\tNOTE / ACTION")
	for _, r := range rows {
		code := r.Code
		if code == "" {
			code = "-"
		}
		note := r.Note
		if r.Outcome != r.Want || r.Attempts != r.WantAttempts || r.Deviation != "" {
			note = "UNEXPECTED: " + strings.Join(deviations(r), "; ") + " | " + note
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.Provider, r.API, code, r.Outcome, r.Attempts, latency(r.Latency), note)
	}
	tw.Flush()
}

// latency writes d in milliseconds, with a decimal below 10ms.
func latency(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.1fms", ms)
	}
	return fmt.Sprintf("%.0fms", ms)
}

// deviations lists what went other than expected in a row.
func deviations(r Row) []string {
	var d []string
	if r.Outcome != r.Want {
		d = append(d, fmt.Sprintf("outcome %s, want %s", r.Outcome, r.Want))
	}
	if r.Attempts != r.WantAttempts {
		d = append(d, fmt.Sprintf("%d attempts, want %d", r.Attempts, r.WantAttempts))
	}
	if r.Deviation != "" {
		d = append(d, r.Deviation)
	}
	return d
}

// checkRows fails when any call went other than expected.
func checkRows(rows []Row) error {
	var bad []string
	for _, r := range rows {
		if d := deviations(r); len(d) > 0 {
			bad = append(bad, r.Provider+" "+r.API+": "+strings.Join(d, ", "))
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}
