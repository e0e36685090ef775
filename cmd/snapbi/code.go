package main

import (
	"flag"
	"fmt"
	"net/http"
	"strings"

	"github.com/snapbi/snap/responsecode"
)

func codeCommand() *command {
	return &command{
		name:     "code",
		args:     "CODE...",
		operands: true,
		summary:  "explain a SNAP response code: HTTP status, service, case, outcome, action",
		help: `
Code explains SNAP response codes such as 4045701: the HTTP status (404),
the service (57, Direct Debit Cancel), the case (01, Transaction Not Found)
with its message and description from the generic SNAP table, and what the
merchant must do: the outcome on a first attempt and on a retry, and the
action, as responsecode.Classify decides where a provider's own table is
silent.

	snapbi code 4045701 5005601

Exit status 1 when a code is malformed (an answer carrying it is an
unexpected answer: Pending).`,
		setup: func(fs *flag.FlagSet) func(*app, []string) error {
			return func(a *app, args []string) error {
				if len(args) == 0 {
					return usagef("give a response code, e.g. 'snapbi code 4045701'")
				}
				o := out{a.stdout}
				malformed := false
				for i, arg := range args {
					if i > 0 {
						o.blank()
					}
					if !explainCode(o, arg) {
						malformed = true
					}
				}
				if malformed {
					return errInvalid
				}
				return nil
			}
		},
	}
}

// explainCode prints one code and reports whether it parsed.
func explainCode(o out, s string) bool {
	o.line("code", s)
	c, err := responsecode.Parse(strings.TrimSpace(s))
	if err != nil {
		o.line("malformed", err.Error())
		o.line("outcome", "pending: an answer with a malformed code is unexpected; "+responsecode.Action(responsecode.Pending))
		return false
	}
	status := fmt.Sprintf("%d", c.HTTPStatus())
	if text := http.StatusText(c.HTTPStatus()); text != "" {
		status += " " + text
	}
	o.line("HTTP status", status)
	service := fmt.Sprintf("%02d", c.Service())
	if name := responsecode.ServiceName(c.Service()); name != "" {
		service += " " + name
	} else {
		service += " (not a service in the SDK's scope)"
	}
	o.line("service", service)
	if k, ok := responsecode.Lookup(c.HTTPStatus(), c.Case()); ok {
		o.line("case", fmt.Sprintf("%02d %s (%s)", c.Case(), k.Message, k.Category))
		desc := strings.Split(k.Description, "\n")
		o.line("description", desc[0])
		o.more(desc[1:]...)
	} else {
		o.line("case", fmt.Sprintf("%02d (not in the generic SNAP table: only the provider's documentation defines it)", c.Case()))
	}
	outcome := responsecode.Classify(c)
	o.line("outcome", fmt.Sprintf("%s: %s", outcome, responsecode.Action(outcome)))
	if responsecode.Retryable(c) {
		o.line("retryable", "yes: the provider asks for the same request again (idempotent calls only)")
	} else {
		o.line("retryable", "no")
	}
	return true
}
