using System.Net;
using System.Net.Http;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Http;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>From an HTTP answer to one <see cref="LcApiException"/> shape: status, stable id, API text, advice.</summary>
public class ApiErrorsTests
{
    private static HttpResponseMessage Response(int status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    [Theory]
    [InlineData(400, "LimaCharlie.BadRequest")]
    [InlineData(401, "LimaCharlie.Unauthorized")]
    [InlineData(403, "LimaCharlie.Forbidden")]
    [InlineData(404, "LimaCharlie.NotFound")]
    [InlineData(409, "LimaCharlie.Conflict")]
    [InlineData(413, "LimaCharlie.RequestTooLarge")]
    [InlineData(422, "LimaCharlie.ValidationFailed")]
    [InlineData(429, "LimaCharlie.RateLimited")]
    [InlineData(500, "LimaCharlie.ServerError")]
    [InlineData(502, "LimaCharlie.ServerError")]
    [InlineData(503, "LimaCharlie.ServiceUnavailable")]
    [InlineData(504, "LimaCharlie.GatewayTimeout")]
    public void StatusMapsToAStableId(int status, string errorId)
    {
        using var response = Response(status);

        var error = ApiErrors.FromResponse(response, "{\"error\":\"what the API said\"}", "GET", "/v1/sensors/x", 0);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("what the API said", error.ApiMessage);
        Assert.Equal("GET", error.Method);
        Assert.Equal("/v1/sensors/x", error.Path);
        Assert.StartsWith($"GET /v1/sensors/x failed with {status}", error.Message);
        Assert.EndsWith(": what the API said", error.Message);
    }

    [Fact]
    public void MessageFieldIsUsedWhenThereIsNoErrorField()
    {
        using var response = Response(400);

        var error = ApiErrors.FromResponse(response, "{\"message\":\"bad tag\"}", "POST", "/v1/x", 0);

        Assert.Equal("bad tag", error.ApiMessage);
    }

    [Fact]
    public void NonJsonErrorBodyIsQuotedFlatAndShort()
    {
        using var response = Response(502);
        var html = "<html>\n<head><title>502 Bad Gateway</title></head>\n" + new string('x', 2000) + "</html>";

        var error = ApiErrors.FromResponse(response, html, "GET", "/v1/x", 0);

        Assert.StartsWith("<html> <head><title>502 Bad Gateway</title></head>", error.ApiMessage);
        Assert.DoesNotContain("\n", error.ApiMessage);
        Assert.True(error.ApiMessage!.Length <= 503, $"{error.ApiMessage.Length} characters");
        Assert.EndsWith("...", error.ApiMessage);
    }

    [Fact]
    public void EmptyErrorBodyGivesNoApiMessage()
    {
        using var response = Response(404);

        var error = ApiErrors.FromResponse(response, "", "GET", "/v1/x", 0);

        Assert.Null(error.ApiMessage);
        Assert.EndsWith("404 Not Found.", error.Message);
    }

    [Fact]
    public void SecretsInTheApiTextAreMasked()
    {
        using var response = Response(400);
        var jwt = TestJwt.WithTimes(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var error = ApiErrors.FromResponse(response, $"{{\"error\":\"token {jwt} is malformed\"}}", "GET", "/v1/x", 0);

        Assert.DoesNotContain(jwt, error.Message);
        Assert.Equal("token *** is malformed", error.ApiMessage);
    }

    [Fact]
    public void RateLimitAdviceNamesTheQuotaAndPeriod()
    {
        using var response = Response(429, ("X-RateLimit-Quota", "42"), ("X-RateLimit-Period", "7"));

        var error = ApiErrors.FromResponse(response, "{\"error\":\"rate limit exceeded\"}", "GET", "/v1/x", 3);

        Assert.Contains("42 calls per 7 s", error.RecommendedAction);
        Assert.Equal(3, error.Retries);
        Assert.Contains("after 3 retries", error.Message);
    }

    [Fact]
    public void EveryClassifiedErrorHasAdvice()
    {
        foreach (var status in new[] { 400, 401, 403, 404, 409, 413, 422, 429, 500, 503, 504 })
        {
            using var response = Response(status);
            Assert.False(string.IsNullOrWhiteSpace(ApiErrors.FromResponse(response, "", "GET", "/v1/x", 0).RecommendedAction), $"{status}");
        }
    }
}

/// <summary>The same errors end to end: what the emulator answers, what the caller catches.</summary>
public class ApiErrorsEndToEndTests : EmulatorTest
{
    public ApiErrorsEndToEndTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task JsonErrorTextIsExtracted()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var unknown = Guid.NewGuid();
        var request = new LcRequest(HttpMethod.Get, $"v1/orgs/{unknown}", Client.Auth.TokenTarget.Organization(org.Oid));

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(request, Client.Logging.NullLog.Instance, default));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("LimaCharlie.NotFound", error.ErrorId);
        Assert.Equal("organization not found", error.ApiMessage);
        Assert.Equal($"/v1/orgs/{unknown}", error.Path);
    }

    [Fact]
    public async Task NonJsonSuccessIsAnInvalidResponseQuotingItsStart()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 200, PathPrefix = "/v1/who", Body = "<html><body>Please log in to the proxy</body></html>", ContentType = "text/html" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("<html><body>Please log in to the proxy", error.Message);
        Assert.Contains("-ApiUrl", error.RecommendedAction);
    }

    [Fact]
    public async Task EmptyOrganizationAnswerIsAnInvalidResponse()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 200, PathPrefix = $"/v1/orgs/{org.Oid}", Body = "" });

        var error = await Assert.ThrowsAsync<LcApiException>(
            () => connection.Account(Client.Logging.NullLog.Instance).Organizations.GetAsync(org.Oid, default));

        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
        Assert.Equal($"/v1/orgs/{org.Oid}", error.Path);
    }

    [Fact]
    public async Task RateLimitedAnswerCarriesTheQuotaInItsAdvice()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o => o.MaxRetryCount = 0));
        AddFault(new FaultSpec { Status = 429, PathPrefix = "/v1/who", RateLimitQuota = 42, RatePeriod = 7 });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal("LimaCharlie.RateLimited", error.ErrorId);
        Assert.Equal("rate limit exceeded", error.ApiMessage);
        Assert.Contains("42 calls per 7 s", error.RecommendedAction);
    }

    [Theory]
    [InlineData(403, "LimaCharlie.Forbidden")]
    [InlineData(409, "LimaCharlie.Conflict")]
    [InlineData(413, "LimaCharlie.RequestTooLarge")]
    [InlineData(504, "LimaCharlie.GatewayTimeout")]
    public async Task FaultStatusesSurfaceWithTheirIds(int status, string errorId)
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o => o.MaxRetryCount = 0));
        AddFault(new FaultSpec { Status = status, PathPrefix = "/v1/who", Error = $"injected {status}" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal($"injected {status}", error.ApiMessage);
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("null", "neither an object nor a list")]
    [InlineData("42", "neither an object nor a list")]
    [InlineData("\"text\"", "neither an object nor a list")]
    public async Task EmptyOrScalarAnswerToAGetIsInvalid(string body, string why)
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 200, PathPrefix = "/v1/who", Body = body, ContentType = "application/json" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public async Task ARawRequestAcceptsAnyJsonAnswer()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 200, PathPrefix = "/v1/who", Body = "42", ContentType = "application/json", Count = 1 });
        var request = new LcRequest(HttpMethod.Get, "v1/who", Client.Auth.TokenTarget.Organization(org.Oid)) { AcceptsAnyJson = true };

        var answer = await connection.SendAsync(request, Client.Logging.NullLog.Instance, default);

        Assert.Equal(42, answer.GetInt32());
    }

    [Fact]
    public void ALongPathIsShortenedInTheMessageOnly()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.RequestUriTooLong);
        var path = "/v1/hive/lookup/x/" + new string('k', 100_000);

        var error = ApiErrors.FromResponse(response, "", "GET", path, 0);

        Assert.True(error.Message.Length < 500, error.Message.Length.ToString());
        Assert.Equal(path, error.Path);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void ADotSegmentIsRefused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => LcRequest.PathOf("v1", "hive", "lookup", name));

        Assert.Contains($"'{name}'", error.Message);
    }
}
