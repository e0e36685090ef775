// Package examplerun runs an example program's run function under given
// environment settings, for the examples' tests: each example reads its
// real account from the environment, or starts the simulator when none is
// set.
package examplerun

import "testing"

// Case is one run: the settings it sets (every other one listed to Table is
// cleared) and the exit code it must end with.
type Case struct {
	Name string
	Env  map[string]string
	Want int
}

// PartnerKey is the test merchant key, relative to an example's directory.
const PartnerKey = "../../testdata/keys/partner_pkcs8.pem"

// Table runs each case as a subtest: it clears every setting in settings,
// sets the case's own and checks run's exit code.
func Table(t *testing.T, run func() int, settings []string, cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			for _, k := range settings {
				t.Setenv(k, "")
			}
			for k, v := range c.Env {
				t.Setenv(k, v)
			}
			if got := run(); got != c.Want {
				t.Fatalf("run() = %d, want %d", got, c.Want)
			}
		})
	}
}
