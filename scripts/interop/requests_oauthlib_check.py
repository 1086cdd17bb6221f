#!/usr/bin/python3
"""A third-party REST client against the emulator.

Debian's python3-requests-oauthlib (OAuth1 for the requests library, not our
code) runs a SuiteQL query and a record GET with the credentials file written
by `netsuite sim serve --credentials-out`.

Usage: requests_oauthlib_check.py CREDENTIALS_JSON
"""
import json
import sys

import requests
from requests_oauthlib import OAuth1


def main():
    creds = json.load(open(sys.argv[1]))
    auth = OAuth1(
        creds["consumer_key"],
        client_secret=creds["consumer_secret"],
        resource_owner_key=creds["token_id"],
        resource_owner_secret=creds["token_secret"],
        signature_method="HMAC-SHA256",
        realm=creds["account"],
    )
    base = creds["base_url"]
    failures = 0

    r = requests.post(
        base + "/services/rest/query/v1/suiteql",
        params={"limit": 5, "offset": 0},
        json={"q": "SELECT id, entityid, email FROM customer WHERE email LIKE '%@%' ORDER BY id"},
        headers={"Prefer": "transient"},
        auth=auth,
        timeout=10,
    )
    page = r.json() if r.ok else {}
    if r.status_code != 200 or page.get("count") != 5 or not page.get("hasMore"):
        print(f"FAIL SuiteQL: {r.status_code} {r.text[:300]}")
        failures += 1
    else:
        print(f"ok   SuiteQL: {page['count']} of {page['totalResults']} customers")

    cid = page.get("items", [{}])[0].get("id", "0")
    r = requests.get(base + "/services/rest/record/v1/customer/" + cid, auth=auth, timeout=10)
    rec = r.json() if r.ok else {}
    if r.status_code != 200 or rec.get("id") != cid or "entityId" not in rec:
        print(f"FAIL record GET customer/{cid}: {r.status_code} {r.text[:300]}")
        failures += 1
    else:
        print(f"ok   record GET customer/{cid}: {rec['entityId']}")

    print(f"requests-oauthlib: {2 - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
