#!/usr/bin/env python3
# tests/lifecycle/json-check.py: check 'vdctl show --json' and
# 'vdctl list --json' output read from standard input.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   json-check.py object [KEY=JSON ...]
#       stdin is one desktop object: every documented key is there with
#       its documented type, and each KEY has the value JSON (a JSON text:
#       '"running"', '5900', 'null', 'true').
#   json-check.py array NAME [KEY=JSON ...]
#       stdin is an array of such objects (each one checked); the one
#       named NAME is there exactly once and has those values.
#   json-check.py array-lacks NAME
#       stdin is such an array and no object in it is named NAME.
#   json-check.py same-object FILE NAME
#       the object named NAME in the array on stdin equals the object in
#       FILE ('show --json' output), key for key.
#
# Exit 0 when all holds, 1 with the reasons on stdout otherwise.

import json
import re
import sys

STR, INT, BOOL, NULL = "string", "integer", "boolean", "null"

# The documented keys of a desktop object and the JSON types each may take.
SCHEMA = {
    "name": (STR,),
    "uuid": (STR,),
    "state": (STR,),
    "graphics": (STR, NULL),
    "listen": (STR, NULL),
    "listen_type": (STR, NULL),
    "listen_network": (STR, NULL),
    "port": (INT, NULL),
    "tls_port": (INT, NULL),
    "password_set": (BOOL,),
    "password": (STR,),
    "insecure": (BOOL, NULL),
    "usb_model": (STR, NULL),
    "usb3": (BOOL,),
    "usbredir": (INT,),
    "vdagent": (BOOL,),
    "guest_agent": (BOOL,),
    "video": (STR, NULL),
    "sound": (STR, NULL),
    "memory_mib": (INT,),
    "vcpus": (INT,),
    "answer_file_cd": (STR, NULL),
    "vcpus_max": (INT,),
    "on_disconnect": ("dict",),
    "idle_shutdown": (INT, NULL),
}

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def json_type(value):
    # bool is a subclass of int in Python: test it first.
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, str):
        return STR
    return type(value).__name__


def check_object(obj, where, problems):
    if not isinstance(obj, dict):
        problems.append(f"{where}: not a JSON object but {json_type(obj)}")
        return
    for key, types in SCHEMA.items():
        if key not in obj:
            problems.append(f"{where}: no key '{key}'")
            continue
        t = json_type(obj[key])
        if t not in types:
            problems.append(f"{where}: '{key}' is {t} ({obj[key]!r}), "
                            f"expected {' or '.join(types)}")
    uuid = obj.get("uuid")
    if isinstance(uuid, str) and not UUID_RE.match(uuid):
        problems.append(f"{where}: uuid {uuid!r} is not a UUID")
    for key in ("port", "tls_port"):
        port = obj.get(key)
        if json_type(port) == INT and not 0 < port < 65536:
            problems.append(f"{where}: {key} {port} is not a TCP port")
    for key in ("memory_mib", "vcpus"):
        n = obj.get(key)
        if json_type(n) == INT and n <= 0:
            problems.append(f"{where}: {key} {n} is not positive")


def check_values(obj, pairs, where, problems):
    for pair in pairs:
        key, _, text = pair.partition("=")
        want = json.loads(text)
        got = obj.get(key, "<missing>")
        if got != want or json_type(got) != json_type(want):
            problems.append(f"{where}: '{key}' is {json.dumps(got)}, expected {json.dumps(want)}")


def named(array, name):
    return [o for o in array if isinstance(o, dict) and o.get("name") == name]


def main(argv):
    mode, args = argv[1], argv[2:]
    text = sys.stdin.read()
    problems = []
    try:
        doc = json.loads(text)
    except ValueError as e:
        print(f"not JSON: {e}")
        print(text[:2000])
        return 1

    if mode == "object":
        check_object(doc, "object", problems)
        if not problems:
            check_values(doc, args, "object", problems)
    elif mode in ("array", "array-lacks", "same-object"):
        if not isinstance(doc, list):
            print(f"not a JSON array but {json_type(doc)}")
            return 1
        for i, obj in enumerate(doc):
            check_object(obj, f"element {i}", problems)
        if mode == "array":
            hits = named(doc, args[0])
            if len(hits) != 1:
                problems.append(f"{len(hits)} objects named {args[0]!r}, expected 1")
            else:
                check_values(hits[0], args[1:], args[0], problems)
        elif mode == "array-lacks":
            if named(doc, args[0]):
                problems.append(f"an object named {args[0]!r} is still listed")
        else:
            with open(args[0], encoding="utf-8") as f:
                single = json.load(f)
            hits = named(doc, args[1])
            if len(hits) != 1:
                problems.append(f"{len(hits)} objects named {args[1]!r}, expected 1")
            elif hits[0] != single:
                problems.append(f"list --json has {json.dumps(hits[0], sort_keys=True)}")
                problems.append(f"show --json has {json.dumps(single, sort_keys=True)}")
    else:
        print(f"unknown mode {mode}")
        return 2

    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
