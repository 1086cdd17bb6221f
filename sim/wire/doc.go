// Package wire writes NetSuite's response shapes byte for byte, so that the
// emulator answers on the wire as NetSuite does.
//
// The REST side covers the REST web services error envelope
// (application/vnd.oracle.resource+json; type=error, see [RESTError]) and the
// RESTlet error body (see [RESTletError]). The SOAP side covers the SuiteTalk
// SOAP 1.1 envelope with its documentInfo/nsId header (see [SOAPWriter]),
// SOAP faults (see [SOAPFault]) and per-operation status details (see
// [Status]).
//
// Wording, key order and element layout follow live NetSuite responses where
// one was found (the recorded SuiteTalk responses under testdata/recorded, and
// the bodies quoted in the team's research notes); each constructor's doc
// comment names its source and says when the wording is not confirmed.
package wire
