package paydia

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/snapbi/snap/internal/testkit"
)

// FuzzDecode: the lenient reader never panics, agrees with encoding/json on
// a body json reads whole, and fails where json fails.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"void_query_response.seed.json", "void_response.json"} {
		f.Add(testkit.Fixture(f, name))
	}
	f.Add([]byte(`{"voidAmount":{"value":"3000.005","currency":"IDR"},"partnerVoidNo":"p"}`))
	f.Add([]byte(`{"latestVoidStatus":0,"voidNo":"v"}`))
	f.Add([]byte(`OK`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var got, want VoidQueryResponse
		err := decode(body, &got)
		jerr := json.Unmarshal(body, &want)
		if (err == nil) != (jerr == nil) && len(body) > 0 && body[0] == '{' {
			t.Fatalf("decode error %v, json error %v", err, jerr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("decode read %+v, json %+v", got, want)
		}
	})
}
