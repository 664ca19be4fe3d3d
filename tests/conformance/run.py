"""The official LimaCharlie Python SDK driven against the emulator: does the SDK parse each answer into what was seeded?

    python3 run.py --emulator http://127.0.0.1:PORT [--sdk DIR] [--only TEXT] [--out results.jsonl]
    python3 run.py --check [--sdk DIR]        # prints why the suite cannot run here, exits 3; else exits 0
    python3 run.py --list  [--sdk DIR]        # one JSON line per operation: {"op", "area", "reads"}

Every `ops_*.py` beside this file registers operations. Each result is one JSON line:
{"op", "area", "status": "passed" | "failed", "detail", "ms"}.
"""

from __future__ import annotations

import argparse
import glob
import importlib
import json
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SDK_DIR_NAME = "python-limacharlie-v5"


def find_sdk(explicit: str | None) -> str | None:
    """The SDK's source folder: --sdk, LC_PYTHON_SDK, or shared/peers/ beside the repository or one of its parents."""
    candidates = [explicit, os.environ.get("LC_PYTHON_SDK")]
    folder = os.path.dirname(os.path.dirname(HERE))
    while True:
        candidates.append(os.path.join(os.path.dirname(folder), "shared", "peers", SDK_DIR_NAME))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for candidate in candidates:
        if candidate and os.path.isfile(os.path.join(candidate, "limacharlie", "client.py")):
            return candidate
    return None


def unavailable(sdk: str | None) -> str | None:
    if sdk is None:
        return (f"the official Python SDK ({SDK_DIR_NAME}) was not found: set LC_PYTHON_SDK to its source folder "
                f"(the one holding limacharlie/client.py)")
    for module in ("requests", "yaml"):
        try:
            importlib.import_module(module)
        except ImportError:
            return f"python3 lacks the '{module}' package the SDK needs"
    return None


def load(sdk: str, emulator: str | None) -> list:
    # The SDK must reach only the emulator: no proxy, no cached or stored credentials.
    os.environ["LC_NO_JWT_CACHE"] = "1"
    os.environ["LC_EPHEMERAL_CREDS"] = "1"
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    for variable in ("LC_OID", "LC_API_KEY", "LC_UID", "LC_CURRENT_ENV"):
        os.environ.pop(variable, None)
    sys.path.insert(0, sdk)
    sys.path.insert(0, HERE)
    import limacharlie.client as lcc
    if emulator:
        lcc.ROOT_URL = emulator.rstrip("/")
        lcc.JWT_URL = emulator.rstrip("/")
    import harness
    for path in sorted(glob.glob(os.path.join(HERE, "ops_*.py"))):
        importlib.import_module(os.path.splitext(os.path.basename(path))[0])
    return harness.OPERATIONS


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emulator")
    parser.add_argument("--sdk")
    parser.add_argument("--only")
    parser.add_argument("--out")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()

    sdk = find_sdk(args.sdk)
    reason = unavailable(sdk)
    if args.check:
        print(reason or sdk)
        return 3 if reason else 0
    if reason:
        print(reason, file=sys.stderr)
        return 3

    operations = load(sdk, args.emulator)
    if args.list:
        for op in operations:
            print(json.dumps({"op": op.name, "area": op.area, "reads": op.reads}))
        return 0
    if not args.emulator:
        parser.error("--emulator is required to run the operations")

    import harness
    context = harness.Context(harness.Emulator(args.emulator))
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    failed = 0
    try:
        for op in operations:
            if args.only and args.only not in op.name:
                continue
            started = time.perf_counter()
            try:
                op.run(context)
                status, detail = "passed", ""
            except harness.Mismatch as mismatch:
                status, detail = "failed", str(mismatch)
            except Exception as error:  # the SDK failing to parse is exactly what this suite looks for
                status = "failed"
                detail = f"{type(error).__name__}: {error}\n" + "".join(traceback.format_tb(error.__traceback__)[-3:])
            failed += status == "failed"
            line = {"op": op.name, "area": op.area, "status": status, "detail": detail,
                    "ms": round((time.perf_counter() - started) * 1000)}
            out.write(json.dumps(line) + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
