"""The SDK's client (client.py): JWTs from the JWT endpoint, the renewal on 401, and how it maps error answers."""

import time

from harness import Context, check, equal, operation, raises


def _jwt_exp(jwt: str) -> float | None:
    from limacharlie.jwt_cache import _decode_jwt_exp
    return _decode_jwt_exp(jwt)


def _fault(ctx: Context, **spec) -> None:
    ctx.emu.post("faults", spec)



@operation("Client.refresh_jwt (org key)", "client", "client.py:585 data['jwt']; jwt_cache.py:151 exp claim")
def mint_org(ctx: Context) -> None:
    tenant = ctx.tenant()
    client = ctx.client(tenant)
    client.refresh_jwt()
    exp = _jwt_exp(client._jwt)
    check(exp is not None and time.time() + 600 < exp <= time.time() + 3700,
          f"the JWT's exp claim is about an hour ahead, got {exp!r}")
    equal(ctx.org(tenant).get_info().get("oid"), tenant.oid, "GET orgs/{oid} with the minted token")


@operation("Client.get_jwt (expiry_hours)", "client", "client.py:318 expiry as an absolute Unix time")
def mint_long(ctx: Context) -> None:
    tenant = ctx.tenant()
    client = ctx.client(tenant)
    before = time.time()
    jwt = client.get_jwt(expiry_hours=4)
    exp = _jwt_exp(jwt)
    check(exp is not None and before + 4 * 3600 - 5 <= exp <= time.time() + 4 * 3600 + 5,
          f"a token asked for 4 hours expires 4 hours ahead, got {exp and exp - before:.0f} s")


@operation("Client.refresh_jwt (user key, oid=-)", "client", "client.py:411 uid + secret + oid")
def mint_user(ctx: Context) -> None:
    tenant = ctx.tenant()
    client = ctx.client(tenant, user=True)
    client.refresh_jwt(oid_override="-")
    check(_jwt_exp(client._jwt) is not None, "a user token carries exp")
    orgs = client.request("GET", "user/orgs")
    oids = [o.get("oid") for o in orgs.get("orgs", [])]
    check(tenant.oid in oids, f"GET user/orgs with the oid=- token lists the user's org, got {oids}")


@operation("Client.request (401 renews once)", "client", "client.py:749 refresh then retry")
def renew_on_401(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.get_info()
    first = org.client._jwt
    _fault(ctx, status=401, count=1, pathPrefix=f"/v1/orgs/{tenant.oid}", error="token expired")
    try:
        equal(org.get_info().get("oid"), tenant.oid, "the call retried after the renewal")
    finally:
        ctx.emu.delete("faults")
    check(org.client._jwt != first, "a new token was minted after the 401")


@operation("Client.request (revoked key)", "client", "client.py:770 AuthenticationError; errors.py:226")
def revoked(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.get_info()
    ctx.emu.post(f"keys/{tenant.org_key_id}/revoke")
    raises(org.get_info, AuthenticationError, what="a call with a revoked key")


@operation("Client.request (404 -> NotFoundError)", "client", "errors.py:236")
def not_found(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    from limacharlie.sdk.sensor import Sensor
    tenant = ctx.tenant()
    error = raises(lambda: Sensor(ctx.org(tenant), "6d3b2ad4-a1c3-4bfe-9b06-4a4b07a1f4b2").get_info(), NotFoundError, what="an unknown sensor")
    check("sensor not found" in str(error), f"the API's error text reaches the SDK's message, got {error}")


@operation("Client.request (missing permission)", "client", "errors.py:226 401 / :231 403")
def missing_permission(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError, PermissionDeniedError
    tenant = ctx.tenant(perms=["org.get"])
    org = ctx.org(tenant)
    org.get_info()
    try:
        org.list_sensors().__next__()
    except (AuthenticationError, PermissionDeniedError) as error:
        check("sensor.list" in str(error), f"the refusal names the missing permission, got {error}")
        return
    except StopIteration:
        pass
    raise AssertionError("listing sensors without sensor.list was not refused")


@operation("Client.request (429 -> RateLimitError)", "client", "client.py:778")
def rate_limited(ctx: Context) -> None:
    from limacharlie.errors import RateLimitError
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.get_info()
    _fault(ctx, status=429, count=1, pathPrefix=f"/v1/orgs/{tenant.oid}", retryAfter=1, rateLimitQuota=100, ratePeriod=60)
    try:
        raises(org.get_info, RateLimitError, what="a 429 answer")
    finally:
        ctx.emu.delete("faults")


@operation("Client.request (504 retried)", "client", "client.py:789")
def gateway_timeout(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.get_info()
    _fault(ctx, status=504, count=1, pathPrefix=f"/v1/orgs/{tenant.oid}")
    try:
        equal(org.get_info().get("oid"), tenant.oid, "the call after one 504")
    finally:
        ctx.emu.delete("faults")
