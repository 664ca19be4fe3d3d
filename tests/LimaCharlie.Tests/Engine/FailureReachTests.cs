using System.Net;
using System.Net.Http;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>
/// Which failures concern only their item and which every later call (issue 14, item 4), and the token work they cause:
/// a refusal naming a missing permission does not renew the token; a refused key is asked for once, not once per caller.
/// </summary>
public class FailureReachTests : EmulatorTest
{
    public FailureReachTests(EmulatorFixture emulator) : base(emulator) { }

    private static LcApiException Answer(int status, string error)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        return ApiErrors.FromResponse(response, $"{{\"error\":\"{error}\"}}", "POST", "/v1/x/tags", 0);
    }

    [Theory]
    [InlineData(401, "unauthorized: missing permission sensor.tag", FailureReach.MissingPermission)]
    [InlineData(401, "insufficient privileges: dr.set required", FailureReach.MissingPermission)]
    [InlineData(403, "permission denied", FailureReach.MissingPermission)]
    [InlineData(403, "forbidden", FailureReach.MissingPermission)]
    [InlineData(401, "token expired", FailureReach.CredentialRefused)]
    [InlineData(401, "this endpoint requires a user-scoped token", FailureReach.CredentialRefused)]
    [InlineData(404, "organization not found", FailureReach.OrganizationGone)]
    [InlineData(413, "request entity too large", FailureReach.TokenTooLarge)]
    [InlineData(404, "sensor not found", FailureReach.Item)]
    [InlineData(404, "lc_error_code:RECORD_NOT_FOUND", FailureReach.Item)]
    [InlineData(400, "invalid tag", FailureReach.Item)]
    [InlineData(409, "exists", FailureReach.Item)]
    [InlineData(422, "bad value", FailureReach.Item)]
    [InlineData(429, "rate limit exceeded", FailureReach.Item)]
    [InlineData(500, "internal error", FailureReach.Item)]
    [InlineData(504, "gateway timeout", FailureReach.Item)]
    public void AnswersReachTheItemOrEveryCall(int status, string error, FailureReach reach) =>
        Assert.Equal(reach, ApiErrors.Reach(Answer(status, error)));

    [Fact]
    public void ARefusalOfTheJwtEndpointReachesEveryCall()
    {
        var refused = new LcApiException("The JWT endpoint refused the organization key", 401, "unknown api key", "POST", "/",
            ErrorIds.AuthenticationFailed);
        Assert.Equal(FailureReach.CredentialRefused, ApiErrors.Reach(refused));
    }

    [Fact]
    public void AServiceTheOrganizationDoesNotUseReachesEveryCallAndIsNotCalledAPermission()
    {
        var missing = new LcApiException("The organization does not use the reliable-tasking service", 400, "org not registered to service",
            "POST", "/v1/service/x/reliable-tasking", ErrorIds.ServiceNotSubscribed);
        Assert.Equal(FailureReach.ServiceMissing, ApiErrors.Reach(missing));
    }

    [Fact]
    public void ARefusedIngestionKeyReachesEveryFile()
    {
        var refused = new LcApiException("The service refused the ingestion key", 401, "invalid ingestion key", "POST", "/ingest",
            ErrorIds.IngestionKeyRefused);
        Assert.Equal(FailureReach.CredentialRefused, ApiErrors.Reach(refused));
    }

    [Fact]
    public void FailuresWithIdsOfTheirOwnConcernTheirItem()
    {
        var notSubscribed = new LcApiException("not subscribed", 403, "org not subscribed to extension ext-x", "POST", "/v1/extension/request/ext-x",
            ErrorIds.ExtensionNotSubscribed);
        var signedUrl = new LcApiException("refused", 403, "SignatureDoesNotMatch", "GET", "/storage", ErrorIds.SignedUrlRefused);
        var unreachable = ApiErrors.Transport(new HttpRequestException("refused"), "GET", "/v1/x", 3);

        Assert.Equal(FailureReach.Item, ApiErrors.Reach(notSubscribed));
        Assert.Equal(FailureReach.Item, ApiErrors.Reach(signedUrl));
        Assert.Equal(FailureReach.Item, ApiErrors.Reach(unreachable));
    }

    [Theory]
    [InlineData("unauthorized: missing permission sensor.tag", "sensor.tag")]
    [InlineData("unauthorized: missing permission user.ctrl on organization 8cbe27f4-bfa1-4afb-ba19-138cd51389cd", "user.ctrl")]
    [InlineData("missing privilege: ai_agent.get.mtd", "ai_agent.get.mtd")]
    [InlineData("Permission denied", null)]
    [InlineData("token expired", null)]
    [InlineData(null, null)]
    public void TheMissingPermissionIsReadFromTheText(string? text, string? permission) =>
        Assert.Equal(permission, ApiErrors.MissingPermission(text));

    [Fact]
    public void TheAdviceOfAMissingPermissionNamesIt()
    {
        var error = Answer(401, "unauthorized: missing permission sensor.tag");
        Assert.Equal("LimaCharlie.Unauthorized", error.ErrorId);
        Assert.Contains("lacks the permission sensor.tag", error.RecommendedAction);
    }

    [Fact]
    public async Task AMissingPermissionIsNotRenewedAsIfTheTokenWereBad()
    {
        var org = SeedOrg(perms: new[] { "org.get", "sensor.list" });
        var sensor = State.AddSensor(org.Oid.ToString(), new LimaCharlie.Emulator.State.SensorSpec());
        var connection = Connect(org.Credential());
        var tag = new LcRequest(HttpMethod.Post, $"v1/{sensor.Sid}/tags", TokenTarget.Organization(org.Oid)).WithForm("tags", "vip");

        var errors = new List<LcApiException>();
        for (var i = 0; i < 5; i++)
            errors.Add(await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(tag, NullLog.Instance, default)));

        Assert.All(errors, e => Assert.Equal(FailureReach.MissingPermission, ApiErrors.Reach(e)));
        Assert.Equal("unauthorized: missing permission sensor.tag", errors[0].ApiMessage);
        Assert.Single(MintRequests());
        Assert.Equal(5, ApiRequests($"/v1/{sensor.Sid}/tags").Count);
    }

    [Fact]
    public async Task AForbiddenAnswerIsNotRenewedEither()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 403, PathPrefix = "/v1/who", Error = "permission denied" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal(FailureReach.MissingPermission, ApiErrors.Reach(error));
        Assert.Single(MintRequests());
    }

    [Fact]
    public async Task AnExpiredTokenIsStillRenewed()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid);
        AddFault(new FaultSpec { Status = 401, Count = 1, PathPrefix = "/v1/who", Error = "token expired" });

        await CallWho(connection, org.Oid);

        Assert.Equal(2, MintRequests().Count);
    }

    [Fact]
    public async Task CallsInFlightWithARevokedKeyShareOneRefusalOfTheJwtEndpoint()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid);
        State.RevokeKey(org.KeyId);

        var calls = Enumerable.Range(0, 16).Select(_ => Task.Run(() => CallWho(connection, org.Oid))).ToList();
        var errors = new List<LcApiException>();
        foreach (var call in calls) errors.Add(await Assert.ThrowsAsync<LcApiException>(() => call));

        Assert.All(errors, e => Assert.Equal("LimaCharlie.AuthenticationFailed", e.ErrorId));
        Assert.All(errors, e => Assert.Equal(FailureReach.CredentialRefused, ApiErrors.Reach(e)));
        Assert.Equal(2, MintRequests().Count); // the first token, and one refused renewal for the sixteen
    }
}
