// The npm package netsuite-rest (ehmad11/netsuite-rest, installed unmodified
// by scripts/netsuite-rest.sh) against the emulator, through its documented
// API only: new NsApiWrapper({consumer_key, consumer_secret_key, token,
// token_secret, realm, base_url}) and request({path, method, body}).
// The package signs with HMAC-SHA256 (oauth-1.0a) and sends bodies without
// a Content-Type header.
//
// Usage: NODE_PATH=<dir>/node_modules node check.js CREDENTIALS_JSON
"use strict";

const fs = require("fs");
const NsApiWrapper = require("netsuite-rest");

const creds = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const api = new NsApiWrapper({
  consumer_key: creds.consumer_key,
  consumer_secret_key: creds.consumer_secret,
  token: creds.token_id,
  token_secret: creds.token_secret,
  realm: creds.account,
  base_url: creds.base_url,
});

function check(cond, what, detail) {
  if (!cond) {
    throw new Error(`FAIL ${what}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  }
  console.log(`ok   ${what}`);
}

// header returns a response header. The package's afterResponse hook
// returns {...response, data}: on Node 16 and later IncomingMessage.headers
// is a prototype getter, which the spread drops, so the headers are read
// from rawHeaders (an own property) when headers is missing.
function header(resp, name) {
  if (resp.headers) return resp.headers[name.toLowerCase()];
  const raw = resp.rawHeaders || [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === name.toLowerCase()) return raw[i + 1];
  }
  return undefined;
}

// rejection returns the HTTP error of a request the package rejected.
async function rejection(opts) {
  try {
    const r = await api.request(opts);
    return { statusCode: r.statusCode, body: String(r.body), resolved: true };
  } catch (err) {
    if (!err.response) throw err;
    return { statusCode: err.response.statusCode, body: String(err.response.body) };
  }
}

async function main() {
  // The README's test request.
  const options = await api.request({ path: "*", method: "OPTIONS" });
  check(options.statusCode === 204, "OPTIONS * is 204", `${options.statusCode}`);

  // SuiteQL, as the README shows it.
  const page = await api.request({
    path: "query/v1/suiteql?limit=5",
    method: "POST",
    body: `{"q": "SELECT id, companyName, email, dateCreated FROM customer ORDER BY id"}`,
  });
  check(page.statusCode === 200 && page.data.count === 5 && page.data.items.length === 5 && page.data.hasMore === true,
    "SuiteQL page of 5 customers", page.data);

  // Create a customer; the id is in the Location header.
  const name = `netsuite-rest interop ${Date.now()}`;
  const created = await api.request({
    path: "record/v1/customer",
    method: "POST",
    body: JSON.stringify({ companyName: name, subsidiary: { id: "1" }, email: "interop@example.com" }),
  });
  const location = header(created, "Location") || "";
  const m = location.match(/\/services\/rest\/record\/v1\/customer\/(\d+)$/);
  check(created.statusCode === 204 && created.data === null && m !== null, "POST customer is 204 with Location", location);
  const id = m[1];

  // The created record is readable, as a record and through SuiteQL.
  const got = await api.request({ path: `record/v1/customer/${id}` });
  check(got.statusCode === 200 && got.data.id === id && got.data.companyName === name &&
    got.data.email === "interop@example.com" && got.data.subsidiary.id === "1", "GET the created customer", got.data);
  const q = await api.request({
    path: "query/v1/suiteql",
    method: "POST",
    body: JSON.stringify({ q: `SELECT id, companyname FROM customer WHERE id = ${id}` }),
  });
  check(q.statusCode === 200 && q.data.count === 1 && q.data.items[0].companyname === name, "SuiteQL finds the created customer", q.data);

  // NetSuite's refusals, as the package's callers see them.
  const empty = await rejection({ path: "record/v1/customer", method: "POST", body: "{}" });
  check(!empty.resolved && empty.statusCode === 400 && empty.body.includes("Error while accessing a resource. Please enter value(s) for: "),
    "POST customer {} is refused", empty);
  const badRef = await rejection({ path: "record/v1/customer", method: "POST", body: JSON.stringify({ companyName: "x", subsidiary: { id: "999" } }) });
  check(!badRef.resolved && badRef.statusCode === 400 && badRef.body.includes("Invalid Field Value 999 for the following field: subsidiary"),
    "POST customer with subsidiary 999 is refused", badRef);
  const badBody = await rejection({ path: "record/v1/customer", method: "POST", body: "bad body" });
  check(!badBody.resolved && badBody.statusCode === 400 && badBody.body.includes("Invalid content in the request body"),
    "POST customer with a body that is not JSON is refused", badBody);
  const badType = await rejection({ path: "record/v1/bad-path" });
  check(!badType.resolved && badType.statusCode === 404 && badType.body.includes("Record type 'bad-path' does not exist"),
    "GET of an unknown record type is 404", badType);

  // Delete it; then it is gone.
  const del = await api.request({ path: `record/v1/customer/${id}`, method: "DELETE" });
  check(del.statusCode === 204, "DELETE the created customer", `${del.statusCode}`);
  const gone = await rejection({ path: `record/v1/customer/${id}` });
  check(!gone.resolved && gone.statusCode === 404 &&
    gone.body.includes("The record instance does not exist. Provide a valid record instance ID."), "GET after DELETE is 404", gone);
}

main().catch((err) => {
  console.error(err.message || err);
  if (err.response) console.error(`HTTP ${err.response.statusCode}: ${err.response.body}`);
  process.exit(1);
});
