package hostiletest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

// readmeRows maps each row of the README's outcome table to the answer
// classes that stand for it. A row added to the README without an entry
// here fails the test, and so does a cell that disagrees with what the SDK
// does.
var readmeRows = map[string][]string{
	"success code of the service called, proven by the whole answer":       {"proven success"},
	"success code of another service":                                      {"another service's success"},
	"two `responseCode` keys (whichever comes last)":                       {"duplicate responseCode, success last", "duplicate responseCode, refusal last"},
	"success code without a mandatory field":                               {"success without responseMessage"},
	"success code echoing another reference":                               {"success echoing another originalPartnerReferenceNo", "success echoing another partnerReferenceNo"},
	"success code on HTTP 202":                                             {"success code on HTTP 202"},
	"cancel answer reporting the transaction paid (00) or in process (03)": {"cancel answer reporting state 00", "cancel answer reporting state 03"},
	"`202xx00` in progress":                                                {"202 in progress"},
	"`400xx02`, `404xx01` and the other refusals the provider documents":   {"documented refusal 400xx02", "documented refusal 404xx01", "a generic refusal"},
	"`401xx01` invalid token, again after one token renewal":               {"invalid token every time"},
	"`409xx00` conflict, `409xx01` duplicate reference":                    {"409 conflict", "409 duplicate reference"},
	"`429xx00` too many requests":                                          {"429 too many"},
	"`500xx00` general error (DANA OTC's table: Failed)":                   {"500 general error"},
	"`500xx01`, `500xx02`, `504xx00`":                                      {"500 internal error", "500 external error", "504 timeout"},
	"an undefined code, or a code outside a closed table (DANA OTC)":       {"undefined case"},
	"a code whose HTTP part disagrees with the HTTP status":                {"code disagrees with HTTP status"},
	"empty, HTML, truncated or non-object body; missing, null, numeric or 8-digit code": {"empty 200", "HTML 200", "HTML 502",
		"truncated JSON", "JSON array", "no code", "null code", "numeric code", "8-digit code"},
	"timeout, connection reset":                                        {"timeout", "connection reset"},
	"NICEPAY `resultCd` `0000` on HTTP 200, `tXid` and `amt` echoed":   {"nicepay:proven success"},
	"NICEPAY refusal its v2 error table documents (`9314`, `9301`, …)": {"nicepay:documented refusal 9314", "nicepay:documented refusal 9301"},
	"NICEPAY anything else: `0000` on HTTP 202, `\"0000 \"`, `\"00000\"`, `Z999`, `9302`, a refusal on HTTP 400": {"nicepay:0000 on HTTP 202",
		"nicepay:0000 with a space", "nicepay:five zeros", "nicepay:undocumented code", "nicepay:busy", "nicepay:refusal on HTTP 400"},
}

// TestReadmeOutcomeTable checks the README's table row by row against the
// SDK's behaviour: the idempotent column with debit's Cancel, the payment
// column with debit's Payment, NICEPAY rows with nicepay's Cancel.
func TestReadmeOutcomeTable(t *testing.T) {
	table := readmeTable(t, "outcome-table")

	ops := map[string]op{}
	for _, o := range operations(t) {
		ops[o.name] = o
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(table), "\n")[2:] {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		require.Len(t, cells, 3, line)
		label, idempotent, payment := cells[0], cells[1], cells[2]
		classes, ok := readmeRows[label]
		require.True(t, ok, "README row %q has no test entry", label)
		seen++
		if strings.HasPrefix(classes[0], "nicepay:") {
			names := make([]string, len(classes)) // readmeRows stays as written, for -count=N
			for i, c := range classes {
				names[i] = strings.TrimPrefix(c, "nicepay:")
			}
			check(t, ops["nicepay/Cancel"], names, idempotent)
			continue
		}
		check(t, ops["debit/Cancel"], classes, idempotent)
		check(t, ops["debit/Payment"], classes, payment)
	}
	assert.Equal(t, len(readmeRows), seen, "every entry has its README row")
}

// check runs the classes of a row that apply to o and compares each
// outcome with the cell's first word; "—" says none applies to o.
func check(t *testing.T, o op, names []string, cell string) {
	t.Helper()
	want := snap.Outcome(strings.ToLower(strings.Fields(cell)[0]))
	var applicable []class
	for _, k := range classesFor(o) {
		for _, name := range names {
			if k.name == name {
				applicable = append(applicable, k)
			}
		}
	}
	if want == "—" {
		assert.Empty(t, applicable, "%s: %v apply, but the README says —", o.name, names)
		return
	}
	require.NotEmpty(t, applicable, "%s has none of the classes %v", o.name, names)
	for _, c := range applicable {
		t.Run(o.name+"/"+c.name, func(t *testing.T) {
			h := newHostile(t, c)
			got := snap.OutcomeOf(o.call(context.Background(), h.srv.URL))
			assert.Equal(t, want, got, "README says %s", cell)
			switch {
			case strings.Contains(cell, "retried"):
				assert.Greater(t, int(h.requests.Load()), 1, "README says retried")
			case strings.Contains(cell, "never resent"):
				assert.Equal(t, 1, int(h.requests.Load()), "README says never resent")
			}
		})
	}
}

// readmeTable is the README's part between <!-- name --> and <!-- /name -->,
// which must be there.
func readmeTable(t *testing.T, name string) string {
	t.Helper()
	readme := testkit.Read(t, filepath.Join(testkit.Root(), "README.md"))
	table := between(string(readme), "<!-- "+name+" -->", "<!-- /"+name+" -->")
	require.NotEmpty(t, table, "the README has the %s", name)
	return table
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	inner, _, _ := strings.Cut(after, end)
	return inner
}
