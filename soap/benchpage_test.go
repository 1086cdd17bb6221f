package soap

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"

	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/common"
)

// searchPage returns the standard benchmark page: a searchResponse (2024_2
// namespaces) with n customers of about 40 fields each, with an
// addressbookList of two addresses and five custom fields, children in the
// order of the XSD sequences. It is the Go port of the project's page
// generator (shared bench script gen_soap_search_xml.py): the same elements
// and sizes (5.2 MB for 1,000 customers), with its own random values.
func searchPage(n int) []byte {
	const v = "2024_2"
	rnd := rand.New(rand.NewPCG(42, 42))
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
		`<soapenv:Header><platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_%s.platform.webservices.netsuite.com">`+
		`<platformMsgs:nsId>WEBSERVICES_1234567_SB1_112820241234567891234567890_abc</platformMsgs:nsId></platformMsgs:documentInfo></soapenv:Header>`, v)
	fmt.Fprintf(&b, `<soapenv:Body><searchResponse xmlns="urn:messages_%s.platform.webservices.netsuite.com">`+
		`<platformCore:searchResult xmlns:platformCore="urn:core_%s.platform.webservices.netsuite.com">`+
		`<platformCore:status isSuccess="true"/><platformCore:totalRecords>%d</platformCore:totalRecords>`+
		`<platformCore:pageSize>%d</platformCore:pageSize><platformCore:totalPages>1</platformCore:totalPages>`+
		`<platformCore:pageIndex>1</platformCore:pageIndex>`+
		`<platformCore:searchId>WEBSERVICES_1234567_SB1_search_1</platformCore:searchId><platformCore:recordList>`, v, v, n, n)
	rel := "urn:relationships_" + v + ".lists.webservices.netsuite.com"
	custOrder := xsdOrder(reflect.TypeOf(relationships.Customer{}))
	bookOrder := xsdOrder(reflect.TypeOf(relationships.CustomerAddressbook{}))
	addrOrder := xsdOrder(reflect.TypeOf(common.Address{}))
	for i := 1; i <= n; i++ {
		name := xmlEscape(fmt.Sprintf("Acme & Söhne %d <GmbH>", i))
		var f elems
		f.add("entityId", fmt.Sprintf("<listRel:entityId>CUST%06d</listRel:entityId>", i))
		f.add("isPerson", "<listRel:isPerson>false</listRel:isPerson>")
		f.add("companyName", "<listRel:companyName>"+name+"</listRel:companyName>")
		f.ref("entityStatus", "13", "CUSTOMER-Closed Won")
		f.ref("category", "2", "Corporate")
		f.add("url", fmt.Sprintf("<listRel:url>https://example.com/c/%d</listRel:url>", i))
		f.add("defaultAddress", fmt.Sprintf("<listRel:defaultAddress>%s&lt;br&gt;Street %d&lt;br&gt;Berlin 10115</listRel:defaultAddress>", name, i))
		f.add("isInactive", "<listRel:isInactive>false</listRel:isInactive>")
		f.add("phone", fmt.Sprintf("<listRel:phone>+49 30 %07d</listRel:phone>", rnd.IntN(1e7)))
		f.add("fax", fmt.Sprintf("<listRel:fax>+49 30 %07d</listRel:fax>", rnd.IntN(1e7)))
		f.add("email", fmt.Sprintf("<listRel:email>billing%d@example.com</listRel:email>", i))
		f.ref("subsidiary", "1", "Parent Company")
		f.ref("salesRep", fmt.Sprint(i%17+1), fmt.Sprintf("Rep %d", i%17+1))
		f.ref("terms", "2", "Net 30")
		f.add("creditLimit", fmt.Sprintf("<listRel:creditLimit>%d.0</listRel:creditLimit>", 1000+rnd.IntN(99000)))
		f.add("balance", fmt.Sprintf("<listRel:balance>%.2f</listRel:balance>", rnd.Float64()*10000))
		f.add("overdueBalance", "<listRel:overdueBalance>0.0</listRel:overdueBalance>")
		f.add("daysOverdue", "<listRel:daysOverdue>0</listRel:daysOverdue>")
		f.add("unbilledOrders", fmt.Sprintf("<listRel:unbilledOrders>%.2f</listRel:unbilledOrders>", rnd.Float64()*500))
		f.add("consolUnbilledOrders", "<listRel:consolUnbilledOrders>0.0</listRel:consolUnbilledOrders>")
		f.ref("currency", "1", "USD")
		f.add("dateCreated", fmt.Sprintf("<listRel:dateCreated>2024-0%d-1%dT0%d:12:34.000-07:00</listRel:dateCreated>", i%9+1, i%10, i%10))
		f.add("lastModifiedDate", fmt.Sprintf("<listRel:lastModifiedDate>2024-11-2%dT10:00:00.000-08:00</listRel:lastModifiedDate>", i%8+1))
		f.add("emailPreference", "<listRel:emailPreference>_default</listRel:emailPreference>")
		f.add("globalSubscriptionStatus", "<listRel:globalSubscriptionStatus>_softOptIn</listRel:globalSubscriptionStatus>")
		f.add("language", "<listRel:language>_englishUS</listRel:language>")
		f.add("taxable", "<listRel:taxable>true</listRel:taxable>")
		f.add("stage", "<listRel:stage>_customer</listRel:stage>")
		f.add("isBudgetApproved", "<listRel:isBudgetApproved>false</listRel:isBudgetApproved>")
		for _, a := range []string{"aging", "aging1", "aging2", "aging3", "aging4"} {
			f.add(a, "<listRel:"+a+">0.0</listRel:"+a+">")
		}
		f.add("shipComplete", "<listRel:shipComplete>false</listRel:shipComplete>")
		f.ref("accessRole", "14", "Customer Center")
		var book strings.Builder
		book.WriteString(`<listRel:addressbookList replaceAll="false">`)
		for j := range 2 {
			var bf, af elems
			bf.add("defaultShipping", fmt.Sprintf("<listRel:defaultShipping>%v</listRel:defaultShipping>", j == 0))
			bf.add("defaultBilling", fmt.Sprintf("<listRel:defaultBilling>%v</listRel:defaultBilling>", j == 1))
			bf.add("label", "<listRel:label>"+[]string{"Ship", "Bill"}[j]+"</listRel:label>")
			bf.add("internalId", fmt.Sprintf("<listRel:internalId>%d</listRel:internalId>", i*10+j))
			af.add("country", "<platformCommon:country>_germany</platformCommon:country>")
			af.add("addressee", "<platformCommon:addressee>"+name+"</platformCommon:addressee>")
			af.add("addr1", fmt.Sprintf("<platformCommon:addr1>Straße %d</platformCommon:addr1>", i))
			af.add("city", "<platformCommon:city>Berlin</platformCommon:city>")
			af.add("zip", "<platformCommon:zip>10115</platformCommon:zip>")
			af.add("addrText", fmt.Sprintf("<platformCommon:addrText>%s&lt;br&gt;Straße %d</platformCommon:addrText>", name, i))
			bf.add("addressbookAddress", `<listRel:addressbookAddress xmlns:platformCommon="urn:common_`+v+`.platform.webservices.netsuite.com">`+af.join(addrOrder)+`</listRel:addressbookAddress>`)
			book.WriteString("<listRel:addressbook>" + bf.join(bookOrder) + "</listRel:addressbook>")
		}
		book.WriteString("</listRel:addressbookList>")
		f.add("addressbookList", book.String())
		f.add("customFieldList", "<listRel:customFieldList>"+
			fmt.Sprintf(`<platformCore:customField internalId="1201" scriptId="custentity_region" xsi:type="platformCore:SelectCustomFieldRef"><platformCore:value internalId="%d" typeId="12"><platformCore:name>Region %d</platformCore:name></platformCore:value></platformCore:customField>`, i%5, i%5)+
			fmt.Sprintf(`<platformCore:customField internalId="1202" scriptId="custentity_score" xsi:type="platformCore:LongCustomFieldRef"><platformCore:value>%d</platformCore:value></platformCore:customField>`, i*7%100)+
			fmt.Sprintf(`<platformCore:customField internalId="1203" scriptId="custentity_vip" xsi:type="platformCore:BooleanCustomFieldRef"><platformCore:value>%v</platformCore:value></platformCore:customField>`, i%3 == 0)+
			`<platformCore:customField internalId="1204" scriptId="custentity_notes" xsi:type="platformCore:StringCustomFieldRef"><platformCore:value>Note for `+name+`</platformCore:value></platformCore:customField>`+
			`<platformCore:customField internalId="1205" scriptId="custentity_since" xsi:type="platformCore:DateCustomFieldRef"><platformCore:value>2020-01-01T00:00:00.000-08:00</platformCore:value></platformCore:customField>`+
			"</listRel:customFieldList>")
		fmt.Fprintf(&b, `<platformCore:record xmlns:listRel="%s" internalId="%d" externalId="EXT-%d" xsi:type="listRel:Customer">`, rel, i, i)
		b.WriteString(f.join(custOrder))
		b.WriteString("</platformCore:record>")
	}
	b.WriteString("</platformCore:recordList></platformCore:searchResult></searchResponse></soapenv:Body></soapenv:Envelope>\n")
	return b.Bytes()
}

type elems struct{ names, xml []string }

func (e *elems) add(name, x string) { e.names = append(e.names, name); e.xml = append(e.xml, x) }

func (e *elems) ref(name, id, label string) {
	e.add(name, fmt.Sprintf(`<listRel:%s internalId="%s"><platformCore:name>%s</platformCore:name></listRel:%s>`, name, id, label, name))
}

// join writes the elements in the order of the XSD sequence.
func (e *elems) join(order map[string]int) string {
	idx := make([]int, len(e.names))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return order[e.names[idx[a]]] < order[e.names[idx[b]]] })
	var s strings.Builder
	for _, i := range idx {
		s.WriteString(e.xml[i])
	}
	return s.String()
}

// xsdOrder maps element names to their position in the generated struct,
// which follows the XSD sequence.
func xsdOrder(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("soap"), ",")
		if tag != "" {
			m[tag] = i
		}
	}
	return m
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
