package soap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/soap/internal/wire"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/common"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

var testCreds = auth.Credentials{Account: "1234567_SB1", ConsumerKey: "ck0123456789abcdef", ConsumerSecret: "cs0123456789secret",
	TokenID: "tok0123456789abcdef", TokenSecret: "ts0123456789secret"}

// fakeNS is an httptest NetSuite SOAP endpoint. It checks every request
// (POST to /services/NetSuitePort_2025_2, text/xml, a quoted SOAPAction
// naming the body's operation, a tokenPassport that verifies and whose
// nonce was never seen, no applicationInfo, 2025_2 namespaces) and answers
// with handle's body (wrapped in an envelope with an nsId) and status.
type fakeNS struct {
	t      *testing.T
	mu     sync.Mutex
	nonces map[string]bool
	calls  []call
	handle func(c call) (int, string)
}

type call struct {
	action string
	body   []byte // the request's SOAP body content
	header []byte
}

var (
	passportRE = regexp.MustCompile(`(?s)<platformMessages:tokenPassport.*</platformMessages:tokenPassport>`)
	headerRE   = regexp.MustCompile(`(?s)<soapenv:Header>(.*)</soapenv:Header>`)
	bodyRE     = regexp.MustCompile(`(?s)<soapenv:Body>(.*)</soapenv:Body>`)
)

func (f *fakeNS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := f.t
	raw, _ := io.ReadAll(r.Body)
	action := strings.Trim(r.Header.Get("SOAPAction"), `"`)
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/services/NetSuitePort_2025_2":
		t.Errorf("%s %s", r.Method, r.URL.Path)
	case !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml"):
		t.Errorf("content type %q", r.Header.Get("Content-Type"))
	case r.Header.Get("SOAPAction") != `"`+action+`"` || operations[action].action != action:
		t.Errorf("SOAPAction %q", r.Header.Get("SOAPAction"))
	case r.Header.Get("Authorization") != "":
		t.Error("an Authorization header was sent with a tokenPassport")
	case strings.Contains(string(raw), "applicationInfo"):
		t.Error("applicationInfo sent with TBA")
	}
	hm, bm := headerRE.FindSubmatch(raw), bodyRE.FindSubmatch(raw)
	if hm == nil || bm == nil {
		t.Fatalf("no header or body in %s", raw)
	}
	pm := passportRE.Find(hm[1])
	p, err := auth.ParsePassportXML(pm)
	if err != nil {
		t.Errorf("passport: %v", err)
	} else if err := auth.VerifyPassport(p, testCreds.ConsumerSecret, testCreds.TokenSecret); err != nil || p.Account != testCreds.Account {
		t.Errorf("passport does not verify: %v", err)
	}
	if !strings.HasPrefix(string(bm[1]), "<platformMessages:"+operations[action].in+" ") {
		t.Errorf("body of %s starts %.80s", action, bm[1])
	}
	if strings.Contains(string(raw), "_2025_1.") || !strings.Contains(string(bm[1]), "urn:messages_2025_2.platform.webservices.netsuite.com") {
		t.Errorf("namespaces of another version: %.300s", bm[1])
	}
	c := call{action: action, body: bm[1], header: hm[1]}
	f.mu.Lock()
	if p != nil {
		if f.nonces[p.Nonce] {
			t.Errorf("nonce %s used twice", p.Nonce)
		}
		f.nonces[p.Nonce] = true
	}
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	status, body := f.handle(c)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, envelope(body))
}

func envelope(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
		`xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header>` +
		`<platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_2025_2.platform.webservices.netsuite.com">` +
		`<platformMsgs:nsId>WEBSERVICES_TEST_NSID</platformMsgs:nsId></platformMsgs:documentInfo></soapenv:Header><soapenv:Body>` +
		body + `</soapenv:Body></soapenv:Envelope>`
}

const msgNS = `xmlns="urn:messages_2025_2.platform.webservices.netsuite.com" xmlns:c="urn:core_2025_2.platform.webservices.netsuite.com"`

func newFake(t *testing.T, handle func(c call) (int, string), opts ...netsuite.Option) (*Service, *fakeNS) {
	t.Helper()
	f := &fakeNS{t: t, nonces: map[string]bool{}, handle: handle}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	opts = append([]netsuite.Option{netsuite.WithCredentials(testCreds), netsuite.WithBaseURL(srv.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }})}, opts...)
	c, err := netsuite.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	validateRequests(t, f)
	return New(c), f
}

// decodeBody decodes a captured request body into v (the fake server's
// view of what the client sent).
func decodeBody(t *testing.T, body []byte, v any) {
	t.Helper()
	doc := strings.Replace(string(body), " ", ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `, 1)
	d := wire.NewDecoder(strings.NewReader(doc))
	if k, err := d.Next(); err != nil || k != wire.Start {
		t.Fatalf("request body: %v", err)
	}
	if err := d.DecodeElement(v); err != nil {
		t.Fatalf("request body: %v\n%s", err, body)
	}
}

// TestPassportPerAttempt: a retried request carries a new passport.
func TestPassportPerAttempt(t *testing.T) {
	n := 0
	svc, f := newFake(t, func(c call) (int, string) {
		n++
		if n == 1 {
			return 500, `<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>busy</faultstring><detail>` +
				`<platformFaults:exceededConcurrentRequestLimitFault xmlns:platformFaults="urn:faults_2025_2.platform.webservices.netsuite.com">` +
				`<platformFaults:code>WS_REQUEST_BLOCKED</platformFaults:code><platformFaults:message>busy</platformFaults:message>` +
				`</platformFaults:exceededConcurrentRequestLimitFault></detail></soapenv:Fault>`
		}
		return 200, `<getServerTimeResponse ` + msgNS + `><c:getServerTimeResult><c:status isSuccess="true"/>` +
			`<c:serverTime>2025-01-02T03:04:05.000-08:00</c:serverTime></c:getServerTimeResult></getServerTimeResponse>`
	}, netsuite.WithRetryer(&netsuite.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	var info ResponseInfo
	r, err := svc.GetServerTime(context.Background(), &messages.GetServerTimeRequest{}, Info(&info))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 2 || len(f.nonces) != 2 {
		t.Errorf("%d calls, %d nonces", len(f.calls), len(f.nonces))
	}
	if !r.GetServerTimeResult.ServerTime.Equal(time.Date(2025, 1, 2, 11, 4, 5, 0, time.UTC)) || info.NSID != "WEBSERVICES_TEST_NSID" {
		t.Errorf("serverTime %v nsId %q", r.GetServerTimeResult.ServerTime, info.NSID)
	}
}

func TestFault(t *testing.T) {
	svc, _ := newFake(t, func(c call) (int, string) {
		return 500, `<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>Invalid login attempt.</faultstring><detail>` +
			`<platformFaults:invalidCredentialsFault xmlns:platformFaults="urn:faults_2025_2.platform.webservices.netsuite.com">` +
			`<platformFaults:code>INVALID_LOGIN_ATTEMPT</platformFaults:code><platformFaults:message>Invalid login attempt.</platformFaults:message>` +
			`</platformFaults:invalidCredentialsFault><ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">h</ns1:hostname></detail></soapenv:Fault>`
	}, netsuite.WithRetryer(netsuite.NoRetry))
	_, err := svc.GetRecord(context.Background(), &core.RecordRef{InternalId: "1", Type: core.RecordTypeCustomer})
	var ne *netsuite.Error
	if !errors.As(err, &ne) || ne.SOAPFault != "invalidCredentialsFault" || ne.Code() != "INVALID_LOGIN_ATTEMPT" || ne.NSID != "WEBSERVICES_TEST_NSID" {
		t.Fatalf("error %#v", err)
	}
	if !netsuite.IsInvalidLogin(err) {
		t.Error("not IsInvalidLogin")
	}
	if strings.Contains(err.Error(), string(testCreds.TokenSecret)) || strings.Contains(err.Error(), string(testCreds.ConsumerSecret)) {
		t.Error("a secret is in the error")
	}
}

// TestGetAndStatus: a record-level failure becomes a *netsuite.Error the
// predicates understand.
func TestGetAndStatus(t *testing.T) {
	svc, f := newFake(t, func(c call) (int, string) {
		if strings.Contains(string(c.body), `internalId="404"`) {
			return 200, `<getResponse ` + msgNS + `><readResponse><c:status isSuccess="false"><c:statusDetail type="ERROR"><c:code>RCRD_DSNT_EXIST</c:code>` +
				`<c:message>That record does not exist.</c:message></c:statusDetail></c:status></readResponse></getResponse>`
		}
		return 200, `<getResponse ` + msgNS + `><readResponse><c:status isSuccess="true"/><record xmlns:r="urn:relationships_2025_2.lists.webservices.netsuite.com" ` +
			`xsi:type="r:Customer" internalId="7"><r:companyName>Seven</r:companyName></record></readResponse></getResponse>`
	})
	rec, err := svc.GetRecord(context.Background(), &core.RecordRef{InternalId: "7", Type: core.RecordTypeCustomer})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := rec.(*relationships.Customer); !ok || *c.CompanyName != "Seven" {
		t.Errorf("record %#v", rec)
	}
	var sent messages.GetRequest
	decodeBody(t, f.calls[0].body, &sent)
	if r, ok := sent.BaseRef.(*core.RecordRef); !ok || r.InternalId != "7" || r.Type != core.RecordTypeCustomer {
		t.Errorf("sent %#v", sent.BaseRef)
	}
	_, err = svc.GetRecord(context.Background(), &core.RecordRef{InternalId: "404", Type: core.RecordTypeCustomer})
	if !netsuite.IsNotFound(err) {
		t.Errorf("error %v: want not found", err)
	}
}

// TestPreferencesHeaders: preferences on every call, searchPreferences only
// on searches, a call's options over the service's.
func TestPreferencesHeaders(t *testing.T) {
	svc, f := newFake(t, func(c call) (int, string) {
		return 200, "<" + operations[c.action].out + " " + msgNS + "/>"
	})
	svc.prefs = &messages.Preferences{WarningAsError: ptr(false)}
	ctx := context.Background()
	pageSize := SearchPreferences(&messages.SearchPreferences{PageSize: ptr(50), BodyFieldsOnly: ptr(false)})
	if _, err := svc.Search(ctx, &messages.SearchRequest{SearchRecord: &common.CustomerSearchBasic{}}, pageSize); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(ctx, &messages.GetRequest{BaseRef: &core.RecordRef{InternalId: "1", Type: core.RecordTypeCustomer}}, pageSize, Preferences(&messages.Preferences{IgnoreReadOnlyFields: ptr(true)})); err != nil {
		t.Fatal(err)
	}
	h0, h1 := string(f.calls[0].header), string(f.calls[1].header)
	if !strings.Contains(h0, "<platformMessages:pageSize>50</platformMessages:pageSize>") || !strings.Contains(h0, "<platformMessages:warningAsError>false<") {
		t.Errorf("search headers %s", h0)
	}
	if strings.Contains(h1, "searchPreferences") || !strings.Contains(h1, "<platformMessages:ignoreReadOnlyFields>true<") || strings.Contains(h1, "warningAsError") {
		t.Errorf("get headers %s", h1)
	}
}

func ptr[T any](v T) *T { return &v }

// TestListSplit: 450 records go as 200+200+50, results in input order;
// a failing chunk reports how far it got.
func TestListSplit(t *testing.T) {
	var sizes []int
	failAt := -1
	svc, _ := newFake(t, func(c call) (int, string) {
		var req messages.AddListRequest
		decodeBody(t, c.body, &req)
		sizes = append(sizes, len(req.Record))
		if len(sizes)-1 == failAt {
			return 500, `<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring></soapenv:Fault>`
		}
		var b strings.Builder
		b.WriteString(`<addListResponse ` + msgNS + `><writeResponseList><c:status isSuccess="true"/>`)
		for _, r := range req.Record {
			ext := r.(*relationships.Customer).ExternalId
			fmt.Fprintf(&b, `<writeResponse><c:status isSuccess="true"/><baseRef xsi:type="c:RecordRef" internalId="id-%s" externalId="%s"/></writeResponse>`, ext, ext)
		}
		b.WriteString(`</writeResponseList></addListResponse>`)
		return 200, b.String()
	}, netsuite.WithRetryer(netsuite.NoRetry))
	recs := make([]core.Record, 450)
	for i := range recs {
		recs[i] = &relationships.Customer{ExternalId: fmt.Sprint(i), CompanyName: ptr(fmt.Sprint("c", i))}
	}
	res, err := svc.AddList(context.Background(), recs)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sizes) != "[200 200 50]" || len(res) != 450 {
		t.Fatalf("chunks %v, %d results", sizes, len(res))
	}
	for i, w := range res {
		if r := w.BaseRef.(*core.RecordRef); r.InternalId != fmt.Sprint("id-", i) {
			t.Fatalf("result %d is %s", i, r.InternalId)
		}
	}
	sizes, failAt = nil, 1
	res, err = svc.AddList(context.Background(), recs)
	var le *ListError
	if !errors.As(err, &le) || le.Done != 200 || len(res) != 200 || len(sizes) != 2 {
		t.Errorf("partial failure: %v, %d results, chunks %v", err, len(res), sizes)
	}
	var ne *netsuite.Error
	if !errors.As(err, &ne) || ne.Title != "boom" {
		t.Errorf("cause %v", err)
	}
}

func TestListLimits(t *testing.T) {
	var sizes []string
	svc, _ := newFake(t, func(c call) (int, string) {
		n := strings.Count(string(c.body), "<platformMessages:baseRef ") + strings.Count(string(c.body), "<platformMessages:record ")
		sizes = append(sizes, fmt.Sprint(c.action, ":", n))
		out := operations[c.action].out
		inner := strings.Repeat(`<writeResponse><c:status isSuccess="true"/></writeResponse>`, n)
		list := "writeResponseList"
		if c.action == "getList" {
			inner, list = strings.Repeat(`<readResponse><c:status isSuccess="true"/></readResponse>`, n), "readResponseList"
		}
		return 200, "<" + out + " " + msgNS + "><" + list + ">" + inner + "</" + list + "></" + out + ">"
	})
	ctx := context.Background()
	refs := make([]core.BaseRef, 1001)
	recs := make([]core.Record, 101)
	for i := range refs {
		refs[i] = &core.RecordRef{InternalId: fmt.Sprint(i), Type: core.RecordTypeCustomer}
	}
	for i := range recs {
		recs[i] = &relationships.Customer{ExternalId: fmt.Sprint(i)}
	}
	check := func(n int, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	r1, err := svc.GetList(ctx, refs)
	check(len(r1), err)
	r2, err := svc.DeleteList(ctx, refs[:201], nil)
	check(len(r2), err)
	r3, err := svc.UpdateList(ctx, recs)
	check(len(r3), err)
	r4, err := svc.UpsertList(ctx, recs)
	check(len(r4), err)
	want := "[getList:1000 getList:1 deleteList:200 deleteList:1 updateList:100 updateList:1 upsertList:100 upsertList:1]"
	if fmt.Sprint(sizes) != want || len(r1) != 1001 || len(r2) != 201 || len(r3) != 101 || len(r4) != 101 {
		t.Errorf("requests %v", sizes)
	}
}

// TestCustomFieldsAndNullFields: the custom field helpers and
// nullFieldList go on the wire as NetSuite expects.
func TestCustomFieldsAndNullFields(t *testing.T) {
	svc, f := newFake(t, func(c call) (int, string) {
		return 200, `<updateResponse ` + msgNS + `><writeResponse><c:status isSuccess="true"/><baseRef xsi:type="c:RecordRef" internalId="9"/></writeResponse></updateResponse>`
	})
	cust := &relationships.Customer{InternalId: "9"}
	cust.CustomFieldList = cust.CustomFieldList.Set(&core.StringCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "old"})
	cust.CustomFieldList.Set(&core.StringCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "VIP"})
	cust.CustomFieldList.Set(&core.BooleanCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_vip"}, Value: true})
	cust.ClearFields("fax", "custentity_old", "fax")
	ref, err := svc.UpdateRecord(context.Background(), cust)
	if err != nil || ref.InternalId != "9" {
		t.Fatal(ref, err)
	}
	body := string(f.calls[0].body)
	for _, want := range []string{
		`<platformCore:nullFieldList xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com"><platformCore:name>fax</platformCore:name><platformCore:name>custentity_old</platformCore:name></platformCore:nullFieldList>`,
		`xsi:type="platformCore:StringCustomFieldRef" scriptId="custentity_notes"><platformCore:value>VIP</platformCore:value>`,
		`xsi:type="platformCore:BooleanCustomFieldRef" scriptId="custentity_vip"><platformCore:value>true</platformCore:value>`,
		`xsi:type="listsRelationships:Customer"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	if strings.Count(body, "custentity_notes") != 1 || cust.CustomFieldList.Get("custentity_vip") == nil || cust.CustomFieldList.Get("nope") != nil {
		t.Error("Set did not replace by script id")
	}
}

// searchFake serves a search of pages (each a list of internal ids);
// totalPages is len(pages). expireAt makes that page's searchMoreWithId
// fail with INVALID_SEARCH_MORE.
func searchFake(t *testing.T, pages [][]int, expireAt int) (*Service, *fakeNS) {
	return newFake(t, func(c call) (int, string) {
		page := 1
		if c.action == "searchMoreWithId" {
			var req messages.SearchMoreWithIdRequest
			decodeBody(t, c.body, &req)
			if req.SearchId != "SID-1" {
				t.Errorf("search id %q", req.SearchId)
			}
			page = req.PageIndex
		}
		out := operations[c.action].out
		if page == expireAt {
			return 200, "<" + out + " " + msgNS + `><c:searchResult><c:status isSuccess="false"><c:statusDetail type="ERROR"><c:code>INVALID_SEARCH_MORE</c:code>` +
				`<c:message>Invalid searchMore request. The search has expired.</c:message></c:statusDetail></c:status></c:searchResult></` + out + ">"
		}
		var b strings.Builder
		total := 0
		for _, p := range pages {
			total += len(p)
		}
		fmt.Fprintf(&b, `<%s %s><c:searchResult><c:status isSuccess="true"/><c:totalRecords>%d</c:totalRecords><c:pageSize>5</c:pageSize>`+
			`<c:totalPages>%d</c:totalPages><c:pageIndex>%d</c:pageIndex><c:searchId>SID-1</c:searchId><c:recordList>`, out, msgNS, total, len(pages), page)
		if page <= len(pages) {
			for _, id := range pages[page-1] {
				fmt.Fprintf(&b, `<c:record xmlns:r="urn:relationships_2025_2.lists.webservices.netsuite.com" xsi:type="r:Customer" internalId="%d"/>`, id)
			}
		}
		fmt.Fprintf(&b, `</c:recordList></c:searchResult></%s>`, out)
		return 200, b.String()
	})
}

func collect(t *testing.T, svc *Service, sr core.SearchRecord) ([]string, error) {
	var ids []string
	for r, err := range svc.SearchRecords(context.Background(), sr, SearchPreferences(&messages.SearchPreferences{PageSize: ptr(5)})) {
		if err != nil {
			return ids, err
		}
		ids = append(ids, r.(*relationships.Customer).InternalId)
	}
	return ids, nil
}

func TestSearchPaging(t *testing.T) {
	sr := &common.CustomerSearchBasic{CompanyName: &core.SearchStringField{Operator: core.SearchStringFieldOperatorStartsWith, SearchValue: ptr("Acme")}}
	// An empty page in the middle (records deleted while paging).
	svc, f := searchFake(t, [][]int{{1, 2, 3, 4, 5}, {}, {6, 7}}, 0)
	ids, err := collect(t, svc, sr)
	if err != nil || strings.Join(ids, ",") != "1,2,3,4,5,6,7" || len(f.calls) != 3 {
		t.Fatalf("ids %v, %v, %d calls", ids, err, len(f.calls))
	}
	var sent messages.SearchRequest
	decodeBody(t, f.calls[0].body, &sent)
	if b, ok := sent.SearchRecord.(*common.CustomerSearchBasic); !ok || *b.CompanyName.SearchValue != "Acme" || b.CompanyName.Operator != "startsWith" {
		t.Errorf("sent %#v", sent.SearchRecord)
	}
	if !strings.Contains(string(f.calls[0].header), "<platformMessages:pageSize>5<") || !strings.Contains(string(f.calls[1].header), "<platformMessages:pageSize>5<") {
		t.Error("search preferences not on every page")
	}
	// An empty result.
	svc, f = searchFake(t, [][]int{{}}, 0)
	if ids, err := collect(t, svc, sr); err != nil || len(ids) != 0 || len(f.calls) != 1 {
		t.Errorf("empty: %v %v %d calls", ids, err, len(f.calls))
	}
	// An expired search id.
	svc, _ = searchFake(t, [][]int{{1}, {2}, {3}}, 3)
	ids, err = collect(t, svc, sr)
	var se *SearchError
	if !errors.Is(err, ErrSearchExpired) || !errors.As(err, &se) || se.Page != 3 || se.SearchID != "SID-1" || strings.Join(ids, ",") != "1,2" {
		t.Errorf("expired: ids %v, err %v", ids, err)
	}
	// Breaking out stops paging.
	svc, f = searchFake(t, [][]int{{1, 2}, {3}}, 0)
	for range svc.SearchRecords(context.Background(), sr) {
		break
	}
	if len(f.calls) != 1 {
		t.Errorf("%d calls after break", len(f.calls))
	}
}

// TestSearchKinds: joined, advanced (columns) and saved searches encode as
// NetSuite expects and their rows decode.
func TestSearchKinds(t *testing.T) {
	svc, f := newFake(t, func(c call) (int, string) {
		return 200, `<searchResponse ` + msgNS + ` xmlns:r="urn:relationships_2025_2.lists.webservices.netsuite.com" xmlns:pc="urn:common_2025_2.platform.webservices.netsuite.com">` +
			`<c:searchResult><c:status isSuccess="true"/><c:totalRecords>1</c:totalRecords><c:totalPages>1</c:totalPages><c:pageIndex>1</c:pageIndex><c:searchRowList>` +
			`<c:searchRow xsi:type="r:CustomerSearchRow"><r:basic><pc:entityId><c:searchValue>C1</c:searchValue></pc:entityId></r:basic>` +
			`<r:contactJoin><pc:email><c:searchValue>a@b.c</c:searchValue></pc:email></r:contactJoin></c:searchRow></c:searchRowList></c:searchResult></searchResponse>`
	})
	joined := &relationships.CustomerSearch{
		Basic:       &common.CustomerSearchBasic{IsInactive: &core.SearchBooleanField{SearchValue: ptr(false)}},
		ContactJoin: &common.ContactSearchBasic{Email: &core.SearchStringField{Operator: core.SearchStringFieldOperatorContains, SearchValue: ptr("@b.c")}},
	}
	adv := &relationships.CustomerSearchAdvanced{Criteria: joined, Columns: &relationships.CustomerSearchRow{
		Basic:       &common.CustomerSearchRowBasic{EntityId: []*core.SearchColumnStringField{{}}},
		ContactJoin: &common.ContactSearchRowBasic{Email: []*core.SearchColumnStringField{{}}},
	}}
	saved := &relationships.CustomerSearchAdvanced{SavedSearchScriptId: "customsearch_vip"}
	for _, sr := range []core.SearchRecord{joined, adv, saved} {
		var rows []core.SearchRow
		for r, err := range svc.SearchRows(context.Background(), sr) {
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r)
		}
		row, ok := rows[0].(*relationships.CustomerSearchRow)
		if len(rows) != 1 || !ok || *row.Basic.EntityId[0].SearchValue != "C1" || *row.ContactJoin.Email[0].SearchValue != "a@b.c" {
			t.Errorf("rows %#v", rows)
		}
	}
	for i, want := range []string{
		`xsi:type="listsRelationships:CustomerSearch"`,
		`<listsRelationships:columns><listsRelationships:basic><platformCommon:entityId`,
		`savedSearchScriptId="customsearch_vip"`,
	} {
		if !strings.Contains(string(f.calls[i].body), want) {
			t.Errorf("search %d lacks %s:\n%s", i, want, f.calls[i].body)
		}
	}
	var sent messages.SearchRequest
	decodeBody(t, f.calls[1].body, &sent)
	if a, ok := sent.SearchRecord.(*relationships.CustomerSearchAdvanced); !ok || *a.Criteria.ContactJoin.Email.SearchValue != "@b.c" {
		t.Errorf("advanced search sent as %#v", sent.SearchRecord)
	}
}

func TestWaitAsync(t *testing.T) {
	n := 0
	svc, _ := newFake(t, func(c call) (int, string) {
		if c.action == "asyncAddList" {
			return 200, `<asyncAddListResponse ` + msgNS + `><c:asyncStatusResult><c:jobId>JOB-1</c:jobId><c:status>pending</c:status>` +
				`<c:percentCompleted>0</c:percentCompleted><c:estRemainingDuration>0</c:estRemainingDuration></c:asyncStatusResult></asyncAddListResponse>`
		}
		n++
		st := "processing"
		if n == 2 {
			st = "finished"
		}
		return 200, `<checkAsyncStatusResponse ` + msgNS + `><c:asyncStatusResult><c:jobId>JOB-1</c:jobId><c:status>` + st +
			`</c:status><c:percentCompleted>50.0</c:percentCompleted><c:estRemainingDuration>1.0</c:estRemainingDuration></c:asyncStatusResult></checkAsyncStatusResponse>`
	})
	ctx := context.Background()
	job, err := svc.AsyncAddList(ctx, &messages.AsyncAddListRequest{Record: []core.Record{&relationships.Customer{ExternalId: "x"}}})
	if err != nil || job.AsyncStatusResult.JobId != "JOB-1" {
		t.Fatal(job, err)
	}
	st, err := svc.WaitAsync(ctx, job.AsyncStatusResult.JobId, time.Millisecond)
	if err != nil || st.Status != core.AsyncStatusTypeFinished || n != 2 {
		t.Errorf("status %+v, %v, %d polls", st, err, n)
	}
}

func TestVersionSetting(t *testing.T) {
	c, err := netsuite.NewClient(netsuite.WithCredentials(testCreds),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	if u := New(c).URL(); u != "https://1234567-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2025_2" {
		t.Errorf("default endpoint %s", u)
	}
	s := New(c, WithVersion("2023_2"))
	if s.Version() != "2023_2" || !strings.HasSuffix(s.URL(), "/services/NetSuitePort_2023_2") {
		t.Errorf("version %s endpoint %s", s.Version(), s.URL())
	}
	body, err := s.envelope(c.Authenticator(), nil, []byte("<x/>"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "urn:messages_2023_2.platform.webservices.netsuite.com") || strings.Contains(string(body), "2025_2") {
		t.Errorf("envelope of 2023_2: %s", body)
	}
}
