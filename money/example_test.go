package money_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/snapbi/snap/money"
)

func Example() {
	amount, err := money.New("10000.5", "IDR")
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(amount)
	fmt.Println(string(b))

	// PayerMax sends numbers; both forms are read.
	var got money.Money
	_ = json.Unmarshal([]byte(`{"value":10000.5,"currency":"IDR"}`), &got)
	fmt.Println(got, got.Equal(amount))

	// An amount is never rounded silently.
	_, err = money.New("10.123", "IDR")
	fmt.Println(err, errors.Is(err, money.ErrDecimals))
	// Output:
	// {"value":"10000.50","currency":"IDR"}
	// IDR 10000.50 true
	// money: value has more than 2 decimal places ("10.123") true
}

func ExampleMoney_IntegerString() {
	s, err := money.IDR(10000).IntegerString()
	fmt.Println(s, err)
	_, err = money.MustNew("10000.50", "IDR").IntegerString()
	fmt.Println(err)
	// Output:
	// 10000 <nil>
	// money: value has a non-zero fractional part ("10000.50")
}

func ExampleMoney_Sub() {
	paid := money.IDR(10000)
	refunded := money.MustNew("2500.50", "IDR")
	left, err := paid.Sub(refunded)
	fmt.Println(left, err)
	// Output:
	// IDR 7499.50 <nil>
}
