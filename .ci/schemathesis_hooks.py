"""Schemathesis hooks: sign every request as a KONA PLATE client does.

Schemathesis generates bodies and headers from our spec; the reference mock, like the vendor,
rejects any request whose X-KM-Tran-Token is not an HMAC-SHA256 of the exact body bytes. So
this hook serialises the body itself (compact JSON), sends those bytes, and sets the X-KM-*
headers from one clock reading in KST, keyed with the mock's documented TEST secret.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import secrets

import schemathesis
from schemathesis.core import NotSet

ACCESS_KEY = os.environ.get("KONAPLATE_ACCESS_KEY", "KPTESTACCESSKEY0000000000000000000000001")
SECRET_KEY = os.environ.get("KONAPLATE_SECRET_KEY", "kp-test-secret-key-do-not-use-in-production")
KST = datetime.timezone(datetime.timedelta(hours=9))


@schemathesis.hook
def before_call(context, case, kwargs):
    # Bytes bodies are sent verbatim by Schemathesis, so the MAC covers exactly what is sent.
    if isinstance(case.body, NotSet):
        # No body at all: the MAC covers the empty message, as the vendor's guide says.
        body = b""
    elif isinstance(case.body, (bytes, bytearray)):
        body = bytes(case.body)
    else:
        try:
            body = json.dumps(case.body, separators=(",", ":"), ensure_ascii=False).encode()
        except (TypeError, ValueError):
            body = str(case.body).encode()
        case.body = body
    now = datetime.datetime.now(KST)
    mac = base64.b64encode(hmac.new(SECRET_KEY.encode(), body, hashlib.sha256).digest()).decode()
    headers = dict(case.headers or {})
    headers.update(
        {
            "Content-Type": "application/json",
            "X-KM-User-AspId": "000170000000000",
            "X-KM-Correlation-Id": now.strftime("%y%m%d%H%M%S") + "-" + secrets.token_hex(4)[:7],
            "X-KM-Access-Key": ACCESS_KEY,
            "X-KM-Tran-Time": now.strftime("%Y%m%d%H%M%S"),
            "X-KM-Tran-Token": "KMV1:" + now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}:" + mac,
            "X-KM-Time-Zone": "KST",
        }
    )
    headers.pop("X-KM-Crypto-Key-Id", None)
    case.headers = headers
