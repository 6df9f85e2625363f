"""The cases whose request body a JavaScript proxy cannot forward unchanged.

Usage: python js_unsafe_cases.py PROFILE CASE_DIR... ; prints one trial name per line.

Prism (Node.js) parses a JSON request body and serialises it again before forwarding it. A
JavaScript number is an IEEE double, so an integer beyond 2^53 that a double cannot hold
(the documented maximum userId 9999999999999999999, a 16-digit card number sent as a number)
reaches the server as another number, and a float with an integral value loses its ".0". The
server then sees other bytes than the client signed, and answers 401 Unauthorized. That is a
hazard of the proxy (docs/testing.md), not a defect of the case, so .ci/prism.sh skips exactly
these cases, found from the data rather than listed by hand.
"""
import json
import re
import sys
from pathlib import Path

import yaml

PLACEHOLDER = re.compile(r"^\{\{\s*([^{}]+?)\s*\}\}$")


def js_unsafe(value):
    """Whether JSON.parse then JSON.stringify would change this value's text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return False
    if isinstance(value, int):
        # A double holds it exactly, and JavaScript prints it without an exponent.
        return int(float(value)) != value or abs(value) >= 10**21
    if isinstance(value, float):
        # serde_json writes 1.0 where JavaScript writes 1; tiny and huge ones get exponents.
        return value.is_integer() or abs(value) >= 1e21 or 0 < abs(value) < 1e-6
    if isinstance(value, list):
        return any(js_unsafe(v) for v in value)
    return any(js_unsafe(v) for v in value.values())


def resolve(value, variables):
    """Whole-string placeholders take the variable's own type, as the harness does."""
    if isinstance(value, str):
        match = PLACEHOLDER.match(value)
        if not match:
            return value
        found = variables
        for key in match.group(1).split("."):
            found = found.get(key) if isinstance(found, dict) else None
        return value if found is None else found
    if isinstance(value, list):
        return [resolve(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, variables) for k, v in value.items()}
    return value


def body_of(request, variables):
    if "raw-body" in request:
        try:
            return json.loads(request["raw-body"])
        except (TypeError, ValueError):
            return None  # not JSON: Prism forwards it as it is
    return resolve(request.get("body"), variables)


def main(profile, *case_dirs):
    variables = (yaml.safe_load(Path(profile).read_text()) or {}).get("vars") or {}
    for directory in case_dirs:
        for path in sorted(Path(directory).glob("*.yaml")):
            doc = yaml.safe_load(path.read_text()) or {}
            for case in doc.get("cases") or []:
                if js_unsafe(body_of(case.get("request") or {}, variables)):
                    print(f"{doc['operation']}::{case['id']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
