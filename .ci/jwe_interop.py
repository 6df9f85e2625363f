"""JWE interoperability with an independent implementation: Python joserfc.

Driven by `tests/library/jwe_interop.rs` (its `#[ignore]`d tests, which CI runs with
`KONAPLATE_PYTHON=<venv python> cargo test --test library -- --ignored jwe_interop::`); usable by hand too.
Needs `pip install joserfc`. Only RSA-OAEP-256 with A128GCM / A256GCM is allowed, as KONA PLATE
uses them (joserfc does not enable RSA-OAEP-256 by default, so it is named explicitly).

    python .ci/jwe_interop.py encrypt --public-key PEM [--enc A128GCM|A256GCM]  < plaintext > token
    python .ci/jwe_interop.py decrypt --private-key PEM [--expect-enc ENC]      < token     > plaintext
    python .ci/jwe_interop.py mock-exchange --base-url URL --server-public-key PEM \\
        --client-private-key PEM                                                 > answer.json

`mock-exchange` is a whole KONA PLATE client in joserfc: it sends an encrypted
pre-issue/waiting/physical request (Tran-Token over the exact `{"encData": ...}` wrapper, with
X-KM-Crypto-Key-Id) to a reference mock with its test fixtures, decrypts the encrypted answer and
prints it. Exit status: 0 ok, 1 a JOSE or HTTP failure (message on stderr), 2 usage.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import secrets
import sys
import urllib.error
import urllib.request

from joserfc import jwe
from joserfc.jwk import RSAKey

ALG = "RSA-OAEP-256"
ENCS = ("A128GCM", "A256GCM")
ALLOWED = [ALG, *ENCS]

# The reference mock's TEST credentials (src/mock/config.rs); they protect nothing.
ACCESS_KEY = os.environ.get("KONAPLATE_ACCESS_KEY") or "KPTESTACCESSKEY0000000000000000000000001"
SECRET_KEY = os.environ.get("KONAPLATE_SECRET_KEY") or "kp-test-secret-key-do-not-use-in-production"
CRYPTO_KEY_ID = os.environ.get("KONAPLATE_CRYPTO_KEY_ID") or "KPTESTCRYPTOKEYID000000000000001"
KST = datetime.timezone(datetime.timedelta(hours=9))
PRE_ISSUE = "/api/v1/issued-cards/pre-issue/waiting/physical"
# member.active and physical.active of cases/targets/mock.yaml.
PRE_ISSUE_BODY = {
    "userId": 50000104652,
    "physicalCardNo": "9420000000000001",
    "physicalCardExpDate": "3108",
    "physicalCardCVC": "123",
}


def load_key(path):
    with open(path, "rb") as f:
        return RSAKey.import_key(f.read())


def encrypt(plaintext, public_key, enc):
    return jwe.encrypt_compact({"alg": ALG, "enc": enc}, plaintext, public_key, algorithms=ALLOWED)


def decrypt(token, private_key, expect_enc=None):
    obj = jwe.decrypt_compact(token, private_key, algorithms=ALLOWED)
    if obj.protected.get("alg") != ALG:
        raise ValueError(f"unexpected alg {obj.protected.get('alg')!r}")
    if expect_enc and obj.protected.get("enc") != expect_enc:
        raise ValueError(f"enc is {obj.protected.get('enc')!r}, expected {expect_enc!r}")
    return obj.plaintext


def signed_headers(body):
    now = datetime.datetime.now(KST)
    mac = base64.b64encode(hmac.new(SECRET_KEY.encode(), body, hashlib.sha256).digest()).decode()
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-KM-User-AspId": "000170000000000",
        "X-KM-Correlation-Id": now.strftime("%y%m%d%H%M%S") + "-" + secrets.token_hex(4)[:7],
        "X-KM-Access-Key": ACCESS_KEY,
        "X-KM-Crypto-Key-Id": CRYPTO_KEY_ID,
        "X-KM-Tran-Time": now.strftime("%Y%m%d%H%M%S"),
        "X-KM-Tran-Token": "KMV1:" + now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}:" + mac,
        "X-KM-Time-Zone": "KST",
    }


def mock_exchange(base_url, server_public, client_private):
    plaintext = json.dumps(PRE_ISSUE_BODY, separators=(",", ":")).encode()
    wire = json.dumps({"encData": encrypt(plaintext, server_public, "A128GCM")}).encode()
    request = urllib.request.Request(
        base_url.rstrip("/") + PRE_ISSUE, data=wire, headers=signed_headers(wire), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    answer = json.loads(raw)
    if "encData" not in answer:
        raise ValueError(f"HTTP {status}: the answer is not encrypted: {raw[:200]!r}")
    return decrypt(answer["encData"], client_private)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("encrypt", help="stdin plaintext -> stdout compact JWE")
    p.add_argument("--public-key", required=True)
    p.add_argument("--enc", choices=ENCS, default="A128GCM")
    p = sub.add_parser("decrypt", help="stdin compact JWE -> stdout plaintext")
    p.add_argument("--private-key", required=True)
    p.add_argument("--expect-enc", choices=ENCS)
    p = sub.add_parser("mock-exchange", help="an encrypted request to a reference mock")
    p.add_argument("--base-url", required=True)
    p.add_argument("--server-public-key", required=True)
    p.add_argument("--client-private-key", required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "encrypt":
            sys.stdout.write(encrypt(sys.stdin.buffer.read(), load_key(args.public_key), args.enc))
        elif args.command == "decrypt":
            token = sys.stdin.buffer.read().decode().strip()
            sys.stdout.buffer.write(decrypt(token, load_key(args.private_key), args.expect_enc))
        else:
            sys.stdout.buffer.write(
                mock_exchange(
                    args.base_url, load_key(args.server_public_key), load_key(args.client_private_key)
                )
            )
    except Exception as e:  # joserfc raises many types; every one is a failure to report
        print(f"jwe_interop {args.command}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
