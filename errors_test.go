package netsuite

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func response(status int, body string, hdr map[string]string) *http.Response {
	h := http.Header{}
	for k, v := range hdr {
		h.Set(k, v)
	}
	u, _ := url.Parse("https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/contact/5?fields=x")
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)),
		Request: &http.Request{Method: "GET", URL: u}}
}

func TestCheckResponse(t *testing.T) {
	tests := []struct {
		name                        string
		status                      int
		body                        string
		notFound, perm, conc, login bool
		code                        string
		msg                         string
	}{
		{"401", 401, `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}`,
			false, false, false, true, "INVALID_LOGIN", "401 Unauthorized; INVALID_LOGIN: Invalid login attempt."},
		{"403", 403, `{"type":"x","title":"Forbidden","status":403,"o:errorDetails":[{"detail":"Permission Violation: You need the 'Lists -> Contacts' permission to access this page.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}`,
			false, true, false, false, "INSUFFICIENT_PERMISSION", "'Lists -> Contacts'"},
		{"404", 404, `{"type":"x","title":"Not Found","status":404,"o:errorDetails":[{"detail":"The record instance does not exist.","o:errorCode":"NONEXISTENT_ID"}]}`,
			true, false, false, false, "NONEXISTENT_ID", "NONEXISTENT_ID"},
		{"429", 429, `{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html","title":"Bad Request","status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`,
			false, false, true, false, "CONCURRENCY_LIMIT_EXCEEDED", "Request blocked"},
		{"suiteql 400", 400, `{"type":"x","title":"Bad Request","status":400,"o:errorDetails":[{"detail":"Invalid search query.","o:errorQueryParam":"q","o:errorCode":"INVALID_PARAMETER"}]}`,
			false, false, false, false, "INVALID_PARAMETER", "(query parameter q)"},
		{"restlet limit", 400, `{"error" : {"code" : "SSS_REQUEST_LIMIT_EXCEEDED","message" : "Request Limit Exceeded!"}}`,
			false, false, true, false, "SSS_REQUEST_LIMIT_EXCEEDED", "Request Limit Exceeded!"},
		{"not json", 502, `<html><title>Bad Gateway</title>bad gateway</html>`, false, false, false, false, "", `an HTML page titled "Bad Gateway", not NetSuite's: check the base URL`},
		{"empty 503", 503, ``, false, false, false, false, "", "503; an empty answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckResponse(response(tt.status, tt.body, nil))
			wrapped := fmt.Errorf("listing: %w", err)
			var e *Error
			if !errors.As(wrapped, &e) || e.Code() != tt.code {
				t.Fatalf("err %v code %q", err, e.Code())
			}
			if IsNotFound(wrapped) != tt.notFound || IsPermission(wrapped) != tt.perm || IsConcurrencyLimit(wrapped) != tt.conc || IsInvalidLogin(wrapped) != tt.login {
				t.Errorf("predicates: notFound %v perm %v conc %v login %v", IsNotFound(wrapped), IsPermission(wrapped), IsConcurrencyLimit(wrapped), IsInvalidLogin(wrapped))
			}
			if !strings.Contains(err.Error(), tt.msg) || strings.Contains(err.Error(), "fields=x") {
				t.Errorf("message %q", err)
			}
		})
	}
	if CheckResponse(response(204, "", nil)) != nil {
		t.Error("204 is not an error")
	}
	if IsNotFound(errors.New("x")) || IsPermission(nil) {
		t.Error("predicates on non-NetSuite errors")
	}
}
