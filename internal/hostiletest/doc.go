// Package hostiletest holds the hostile-provider matrix: a loopback server
// of its own (not snaptest) that sends every class of answer the outcome
// rule must survive to every public operation of every provider package,
// and asserts no false Failed, no false Success and never more requests than
// the retry policy allows. It has no code outside its tests.
package hostiletest
