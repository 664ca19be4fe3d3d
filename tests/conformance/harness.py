"""What every conformance operation uses: the emulator's control API, fresh tenants, SDK objects bound to them, and checks.

An operation seeds the emulator through its control API (`/_emu/`), drives the official SDK against it, and checks that
the SDK parsed the answer into what was seeded: the fields the SDK and its CLI read must be there, with the seeded
values. It raises `Mismatch` (or any exception the SDK raises) to fail.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Callable

OPERATIONS: list["Operation"] = []


@dataclass
class Operation:
    name: str       # the SDK call, as `Class.method` (or `cli <command>` for CLI-only reading code)
    area: str
    reads: str      # where in the SDK the answer is read (file:line), the reference for the shape
    run: Callable[["Context"], None]


def operation(name: str, area: str, reads: str) -> Callable[[Callable[["Context"], None]], Callable[["Context"], None]]:
    def register(fn: Callable[["Context"], None]) -> Callable[["Context"], None]:
        OPERATIONS.append(Operation(name, area, reads, fn))
        return fn
    return register


class Mismatch(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Mismatch(message)


def equal(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, the SDK got {actual!r}")


def has(record: Any, *fields: str, what: str = "answer") -> None:
    check(isinstance(record, dict), f"{what}: expected an object, the SDK got {type(record).__name__}: {str(record)[:200]}")
    missing = [f for f in fields if f not in record]
    check(not missing, f"{what}: lacks {', '.join(missing)} (has {', '.join(sorted(record))})")


def raises(call: Callable[[], Any], *errors: Any, what: str = "the call", status: int | None = None,
           text: str | None = None) -> Exception:
    """Runs `call`, which must raise one of `errors` (SDK error classes, or their names in limacharlie.errors), with the
    HTTP `status` and a message holding `text` when given; returns the error."""
    import limacharlie.errors as sdk_errors
    expected = tuple(getattr(sdk_errors, e) if isinstance(e, str) else e for e in errors)
    names = " or ".join(e.__name__ for e in expected)
    try:
        result = call()
    except expected as error:
        if status is not None:
            equal(getattr(error, "status_code", None), status, f"{what}: {type(error).__name__}.status_code")
        if text is not None:
            check(text in str(error), f"{what}: the error names {text!r}, got {error}")
        return error
    except Exception as error:  # noqa: BLE001 - another error type is the mismatch being reported
        raise Mismatch(f"{what}: expected {names}, the SDK raised {type(error).__name__}: {error}") from error
    raise Mismatch(f"{what}: expected {names}, the SDK returned {result!r}")


class Emulator:
    """The emulator's control API (no auth, JSON)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_emu/{path.lstrip('/')}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read().decode()
        return json.loads(text) if text else None

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)

    def requests_since(self, seq: int, oid: str | None = None) -> list[dict[str, Any]]:
        records = [r for r in self.get("requests") if r["seq"] > seq]
        return [r for r in records if oid is None or oid in (r.get("path") or "")]

    def last_seq(self) -> int:
        records = self.get("requests")
        return max((r["seq"] for r in records), default=0)


@dataclass
class Tenant:
    oid: str
    name: str
    org_key: str
    org_key_id: str
    uid: str
    email: str
    user_key: str


class Context:
    """One operation's view: the emulator, fresh tenants, and SDK objects bound to them."""

    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator

    def tenant(self, perms: list[str] | None = None, **org: Any) -> Tenant:
        name = f"conf-{uuid.uuid4().hex[:10]}"
        created = self.emu.post("orgs", {"name": name, "location": "usa", **org})
        key_body: dict[str, Any] = {"kind": "org", "oid": created["oid"], "name": f"{name}-key"}
        if perms is not None:
            key_body["perms"] = perms
        key = self.emu.post("keys", key_body)
        user = self.emu.post("users", {"email": f"{name}@example.test"})
        self.emu.post(f"users/{user['uid']}/orgs", {"oid": created["oid"], "owner": True})
        user_key = self.emu.post("keys", {"kind": "user", "uid": user["uid"], "name": f"{name}-user-key"})
        return Tenant(created["oid"], name, key["secret"], key["id"], user["uid"], user["email"], user_key["secret"])

    def client(self, tenant: Tenant, user: bool = False, oid: str | None = None) -> Any:
        from limacharlie.client import Client
        if user:
            return Client(oid=oid or tenant.oid, uid=tenant.uid, api_key=tenant.user_key)
        return Client(oid=tenant.oid, api_key=tenant.org_key)

    def org(self, tenant: Tenant, user: bool = False) -> Any:
        from limacharlie.sdk.organization import Organization
        return Organization(self.client(tenant, user=user))

    def seed_sensors(self, tenant: Tenant, **spec: Any) -> list[str]:
        return self.emu.post(f"orgs/{tenant.oid}/sensors", spec)["sids"]

    def seed_hive(self, tenant: Tenant, hive: str, key: str, **record: Any) -> Any:
        return self.emu.post(f"orgs/{tenant.oid}/hive/{hive}/{urllib.request.quote(key, safe='')}", record)


def now() -> int:
    return int(time.time())
