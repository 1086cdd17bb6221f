#!/usr/bin/python3
"""Independent OAuth 1.0a check of the emulator.

Signs requests with python3-oauthlib (Debian's package; not our signer) using
the credentials file written by `netsuite sim serve --credentials-out`, and
checks that the emulator accepts them and refuses the same request replayed.

Usage: oauthlib_check.py CREDENTIALS_JSON
"""
import json
import sys
import urllib.error
import urllib.request

from oauthlib import oauth1


def send(url, method, headers, body=None):
    req = urllib.request.Request(url, method=method, headers=headers, data=body)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def main():
    creds = json.load(open(sys.argv[1]))
    client = oauth1.Client(
        creds["consumer_key"],
        client_secret=creds["consumer_secret"],
        resource_owner_key=creds["token_id"],
        resource_owner_secret=creds["token_secret"],
        signature_method=oauth1.SIGNATURE_HMAC_SHA256,
        realm=creds["account"],
    )
    base = creds["base_url"]
    failures = 0
    cases = [
        ("GET", base + "/services/rest/system/v1/governanceLimits", None),
        # Query parameters are signed, with spaces, quotes and a plus sign.
        ("GET", base + "/app/site/hosting/restlet.nl?script=1&deploy=1&q=a%20%22b%22%2Bc&empty=", None),
        ("POST", base + "/app/site/hosting/restlet.nl?script=1&deploy=1", b'{"hello": "world"}'),
    ]
    for method, url, body in cases:
        headers = {"Content-Type": "application/json"} if body else {}
        uri, signed, _ = client.sign(url, http_method=method, headers=headers)
        status, text = send(uri, method, signed, body)
        if status != 200:
            print(f"FAIL {method} {url}: oauthlib-signed request refused: {status} {text}")
            failures += 1
            continue
        print(f"ok   {method} {url}: accepted ({status})")
        status, text = send(uri, method, signed, body)
        if status != 401 or "INVALID_LOGIN" not in text:
            print(f"FAIL {method} {url}: replay not refused: {status} {text}")
            failures += 1
        else:
            print(f"ok   {method} {url}: replay refused ({status})")
    passed = len(cases) * 2 - failures
    print(f"oauthlib: {passed} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
