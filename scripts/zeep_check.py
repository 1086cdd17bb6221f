#!/usr/bin/python3
"""An independent SOAP client against the emulator.

Debian's python3-zeep loads the WSDL of one endpoint version FROM THE
EMULATOR (/wsdl/v<version>_0/netsuite.wsdl and every XSD it imports), builds
a tokenPassport signed here with hmac/hashlib (Help Center section
4395630653, TokenPassport Complex Type: base string
account&consumerKey&token&nonce&timestamp, key consumerSecret&tokenSecret,
HMAC-SHA256, base64), and checks:

  - getServerTime succeeds and is the current time;
  - get of a demo customer by RecordRef (internalId, type="customer")
    succeeds and its entityId is the one SuiteQL gives over REST (signed by
    python3-requests-oauthlib);
  - a wrong signature and an HMAC_SHA1 passport are refused with NetSuite's
    invalidCredentialsFault, "Invalid login attempt.".

Any mismatch exits non-zero.

Usage: zeep_check.py CREDENTIALS_JSON [VERSION]   (VERSION default 2025_2)
"""
import base64
import datetime
import hashlib
import hmac
import json
import secrets
import sys
import time

import requests
import zeep
from requests_oauthlib import OAuth1

failures = 0


def check(name, ok, detail=""):
    global failures
    if ok:
        print(f"ok   {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {detail}")


def passport(client, creds, version, algorithm="HMAC_SHA256", secret_suffix=""):
    """A fresh tokenPassport, signed here (never by the project's code)."""
    core = f"urn:core_{version}.platform.webservices.netsuite.com"
    nonce = secrets.token_hex(10)
    timestamp = str(int(time.time()))
    base = "&".join([creds["account"], creds["consumer_key"], creds["token_id"], nonce, timestamp])
    key = creds["consumer_secret"] + "&" + creds["token_secret"] + secret_suffix
    digest = hashlib.sha1 if algorithm == "HMAC_SHA1" else hashlib.sha256
    sig = base64.b64encode(hmac.new(key.encode(), base.encode(), digest).digest()).decode()
    Signature = client.get_type(f"{{{core}}}TokenPassportSignature")
    TokenPassport = client.get_type(f"{{{core}}}TokenPassport")
    return TokenPassport(account=creds["account"], consumerKey=creds["consumer_key"], token=creds["token_id"],
                         nonce=nonce, timestamp=int(timestamp), signature=Signature(sig, algorithm=algorithm))


def first_customer(creds):
    """The first customer's id and entityId, from SuiteQL over REST."""
    auth = OAuth1(creds["consumer_key"], client_secret=creds["consumer_secret"],
                  resource_owner_key=creds["token_id"], resource_owner_secret=creds["token_secret"],
                  signature_method="HMAC-SHA256", realm=creds["account"])
    r = requests.post(creds["base_url"] + "/services/rest/query/v1/suiteql", params={"limit": 1},
                      json={"q": "SELECT id, entityid FROM customer ORDER BY id"},
                      headers={"Prefer": "transient"}, auth=auth, timeout=10)
    if r.status_code != 200 or not r.json().get("items"):
        print(f"FAIL SuiteQL: {r.status_code} {r.text[:300]}")
        sys.exit(1)
    row = r.json()["items"][0]
    return str(row["id"]), row["entityid"]


def refused(name, call):
    try:
        call()
    except zeep.exceptions.Fault as f:
        detail = f.detail
        kind = detail[0].tag if detail is not None and len(detail) else ""
        check(name, f.message == "Invalid login attempt." and kind.endswith("}invalidCredentialsFault"),
              f"fault {kind} {f.message!r}")
        return
    check(name, False, "the request was accepted")


def main():
    creds = json.load(open(sys.argv[1]))
    version = sys.argv[2] if len(sys.argv) > 2 else "2025_2"
    base = creds["base_url"]
    wsdl = f"{base}/wsdl/v{version}_0/netsuite.wsdl"
    client = zeep.Client(wsdl)
    check(f"zeep loaded {wsdl}", client.wsdl is not None)
    address = client.service._binding_options["address"]
    check("soap:address is the emulator", address == f"{base}/services/NetSuitePort_{version}", address)

    resp = client.service.getServerTime(_soapheaders={"tokenPassport": passport(client, creds, version)})
    st = resp.body.getServerTimeResult if hasattr(resp, "body") else resp
    now = datetime.datetime.now(datetime.timezone.utc)
    ok = st.status.isSuccess and abs((st.serverTime - now).total_seconds()) < 60
    check("getServerTime", ok, f"{st}")

    cid, entity_id = first_customer(creds)
    core = f"urn:core_{version}.platform.webservices.netsuite.com"
    RecordRef = client.get_type(f"{{{core}}}RecordRef")
    ref = RecordRef(internalId=cid, type="customer")
    resp = client.service.get(baseRef=ref, _soapheaders={"tokenPassport": passport(client, creds, version)})
    rr = resp.body.readResponse if hasattr(resp, "body") else resp
    rec = rr.record
    ok = rr.status.isSuccess and rec is not None and rec.internalId == cid and rec.entityId == entity_id
    check(f"get customer {cid} (entityId {entity_id!r})", ok, f"{rr}")

    refused("wrong signature is refused",
            lambda: client.service.getServerTime(
                _soapheaders={"tokenPassport": passport(client, creds, version, secret_suffix="x")}))
    refused("HMAC_SHA1 is refused",
            lambda: client.service.getServerTime(
                _soapheaders={"tokenPassport": passport(client, creds, version, algorithm="HMAC_SHA1")}))

    print(f"zeep {zeep.__version__}, endpoint {version}: {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
