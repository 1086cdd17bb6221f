"""OAuth 2.0 client credentials, both ways, with Debian's python3-jwt.

Usage: oauth2_interop.py NETSUITE_BINARY CREDS.json WORKDIR
(run by scripts/oauth2-interop.sh against `netsuite sim serve --demo`).

Facts checked (NetSuite Help Center): the token request, section
162755359851; the assertion (typ JWT, alg PS256/PS384/PS512/ES256/ES384/
ES512, kid = certificate id, iss = client id, scope, aud = token URL,
exp less than 60 minutes after iat), section 162790605110.
"""
import datetime
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

binary, creds_path, work = sys.argv[1], sys.argv[2], sys.argv[3]
creds = json.load(open(creds_path))
base = creds["base_url"].rstrip("/")
token_url = base + "/services/rest/auth/oauth2/v1/token"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def post_token(assertion):
    body = urllib.parse.urlencode({
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }).encode()
    req = urllib.request.Request(token_url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def suiteql(token):
    req = urllib.request.Request(base + "/services/rest/query/v1/suiteql",
                                 data=json.dumps({"q": "SELECT id FROM customer"}).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", "Prefer": "transient"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, {}


def assertion(key, alg, kid, scope):
    now = int(time.time())
    claims = {"iss": creds["client_id"], "scope": scope, "aud": token_url, "iat": now, "exp": now + 300}
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid, "typ": "JWT"})


def cli(*args):
    return subprocess.run([binary, "--credentials", creds_path, *args], check=True, capture_output=True, text=True).stdout


# 1a. ES256 with the demo's EC P-256 key.
demo_key = serialization.load_pem_private_key(open(creds["private_key_file"], "rb").read(), password=None)
for scope in ["rest_webservices,restlets", ["rest_webservices"]]:
    status, tok = post_token(assertion(demo_key, "ES256", creds["certificate_id"], scope))
    check(status == 200 and tok.get("token_type") == "bearer" and str(tok.get("expires_in")) == "3600",
          "python3-jwt ES256 assertion (scope %r) gets a token: %s %s" % (scope, status, {k: v for k, v in tok.items() if k != "access_token"}))
    if status == 200:
        status, rows = suiteql(tok["access_token"])
        check(status == 200 and len(rows.get("items", [])) > 0, "its bearer runs SuiteQL: %s, %d rows" % (status, len(rows.get("items", []))))

# 1b. PS256 with an RSA 3072 key and a certificate mapped through sim admin.
rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
now = datetime.datetime.now(datetime.timezone.utc)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "python3-jwt interop")])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(rsa_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=365)).sign(rsa_key, hashes.SHA256()))
cert_path = work + "/rsa-cert.pem"
open(cert_path, "wb").write(cert.public_bytes(serialization.Encoding.PEM))
demo = [c for c in json.loads(cli("sim", "admin", "--url", base, "--json", "certificate", "list")) if c["id"] == creds["certificate_id"]][0]
mapped = json.loads(cli("sim", "admin", "--url", base, "--json", "certificate", "map", demo["integration"], demo["employee"], demo["role"], cert_path))
check(mapped.get("keyType") == "RSA" and mapped.get("keyBits") == 3072, "sim admin maps the RSA 3072 certificate: %s" % mapped.get("id"))
for alg in ["PS256", "PS512"]:
    status, tok = post_token(assertion(rsa_key, alg, mapped["id"], "rest_webservices"))
    check(status == 200, "python3-jwt %s assertion gets a token: %s %s" % (alg, status, tok if status != 200 else ""))
    if status == 200:
        status, rows = suiteql(tok["access_token"])
        check(status == 200 and len(rows.get("items", [])) > 0, "its bearer runs SuiteQL: %s" % status)
# RS256 (RSA PKCS#1 v1.5) is refused as NetSuite refuses it.
status, tok = post_token(assertion(rsa_key, "RS256", mapped["id"], "rest_webservices"))
check(status == 401 and tok == {"error": "invalid_client"}, "python3-jwt RS256 assertion is refused: %s %s" % (status, tok))

# 2. Our client's assertion verifies with python3-jwt.
ours = cli("--auth", "oauth2-m2m", "auth", "assertion").strip()
header = jwt.get_unverified_header(ours)
check(header.get("alg") == "ES256" and header.get("kid") == creds["certificate_id"] and header.get("typ") == "JWT",
      "our assertion's header: %s" % header)
try:
    claims = jwt.decode(ours, demo_key.public_key(), algorithms=["ES256"], audience=token_url, issuer=creds["client_id"],
                        options={"require": ["iat", "exp", "iss", "aud"]})
    check(claims["exp"] - claims["iat"] < 3600 and "rest_webservices" in claims["scope"], "our assertion verifies with python3-jwt: %s" % {k: claims[k] for k in ("iss", "scope", "iat", "exp")})
except jwt.PyJWTError as e:
    check(False, "our assertion verifies with python3-jwt: %s" % e)
# And a python3-jwt verification with the wrong key fails (the check can fail).
try:
    jwt.decode(ours, rsa_key.public_key(), algorithms=["ES256", "PS256"], audience=token_url)
    check(False, "our assertion must not verify with another key")
except (jwt.PyJWTError, TypeError, ValueError):
    check(True, "our assertion does not verify with another key")

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("oauth2 interop: all checks passed")
