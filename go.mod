module github.com/snapbi/snap

go 1.24.0

require (
	github.com/go-resty/resty/v2 v2.17.2 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/net v0.43.0 // indirect
)
