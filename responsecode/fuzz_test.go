package responsecode_test

import (
	"testing"

	"github.com/snapbi/snap/responsecode"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"4045701", "2005400", "20054000", "", "40A5701", "0005700", "6005700", "5999999", "40457٠1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := responsecode.Parse(s)
		if err != nil {
			if !c.IsZero() {
				t.Fatalf("Parse(%q) failed but returned %#v", s, c)
			}
			return
		}
		if !c.Valid() {
			t.Fatalf("Parse(%q) accepted an invalid code %#v", s, c)
		}
		if got := c.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		back, err := responsecode.Parse(c.String())
		if err != nil || back != c {
			t.Fatalf("round trip of %q: %#v, %v", s, back, err)
		}
		o := responsecode.Classify(c)
		if o == responsecode.Failed && !c.Defined() {
			t.Fatalf("%q undefined but Failed", s)
		}
		_ = responsecode.Retryable(c)
		_ = c.Message()
	})
}
