package responsecode_test

import (
	"fmt"

	"github.com/snapbi/snap/responsecode"
)

func Example() {
	c, err := responsecode.Parse("4045701")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.HTTPStatus(), c.Service(), c.Case())
	fmt.Println(responsecode.ServiceName(c.Service()), "-", c.Message())
	o := responsecode.Classify(c)
	fmt.Println(o, "-", responsecode.Action(o))

	// The SNAP direct debit sample has an 8-digit code.
	_, err = responsecode.Parse("20054000")
	fmt.Println(err)
	// Output:
	// 404 57 1
	// Direct Debit Cancel - Transaction Not Found
	// failed - Mark as Failed
	// responsecode: "20054000" has 8 characters, want 7
}

func ExampleClassify() {
	for _, s := range []string{"2005700", "2025700", "4095700", "5005700", "5045700", "4035724"} {
		c, _ := responsecode.Parse(s)
		fmt.Println(s, responsecode.Classify(c))
	}
	// Output:
	// 2005700 success
	// 2025700 pending
	// 4095700 pending
	// 5005700 pending
	// 5045700 pending
	// 4035724 pending
}

func ExampleTable() {
	// A provider package declares what its documentation says per code.
	cancel := responsecode.Table{
		"4044601": {Outcome: responsecode.Failed, Action: "Mark Cancel Payment process as Failed and hold the money"},
	}
	c, _ := responsecode.Parse("4044601")
	r, listed := cancel.Classify(c)
	fmt.Println(r.Outcome, listed, r.Action)

	c, _ = responsecode.Parse("5044600") // not in the table: the generic rule
	r, listed = cancel.Classify(c)
	fmt.Println(r.Outcome, listed, r.Action)
	// Output:
	// failed true Mark Cancel Payment process as Failed and hold the money
	// pending false Mark as Pending: hold the money and check the status later
}

func ExampleLookup() {
	k, ok := responsecode.Lookup(403, 14)
	fmt.Println(ok, k.Category, k.Message)
	// Output:
	// true Business Insufficient Funds
}
