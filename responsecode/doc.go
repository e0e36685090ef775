// Package responsecode reads SNAP BI response codes and says what they mean
// for the merchant.
//
// A SNAP responseCode has 7 digits: the HTTP status (3), the service code (2)
// and the case code (2). "4045701" is HTTP 404, service 57 (direct debit
// cancel), case 01 (Transaction Not Found). [Parse] reads one, [New] builds
// one, and [Code.String] writes it back.
//
// The generic case table of the SNAP direct debit specification, every
// HTTP+case pair with its category, message and description, is exported as
// [Cases] and [Lookup]. Service codes in scope have names ([ServiceName]).
//
// Every call ends in one [Outcome]: [Success], [Failed] (definitive: the
// operation did not happen) or [Pending] (unknown: hold the money and check
// the status later). [Classify] is the generic rule; a provider package that
// documents its own table overrides it per code with a [Table]. Nothing in
// this package ever classifies an unknown or undefined code as Failed: a
// merchant who marks a cancel Failed releases goods or money.
package responsecode
