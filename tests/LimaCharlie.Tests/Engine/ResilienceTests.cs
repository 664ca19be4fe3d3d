using System.Diagnostics;
using System.Net.Http;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Retries of 429/5xx and broken connections, the retry budget and count, timeouts.</summary>
public class ResilienceTests : EmulatorTest
{
    public ResilienceTests(EmulatorFixture emulator) : base(emulator) { }

    private const string WhoPath = "/v1/who";

    private static LcRequest Post(Guid oid) =>
        new LcRequest(HttpMethod.Post, "v1/who", TokenTarget.Organization(oid)).WithForm("name", "value");

    [Fact]
    public async Task RateLimitedThenSuccess()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 429, Count = 1, PathPrefix = WhoPath });

        var who = await CallWho(connection, org.Oid);

        Assert.Equal(org.Oid.ToString(), who.GetProperty("orgs")[0].GetString());
        Assert.Equal(new[] { 429, 200 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task BurstOfServiceUnavailableIsRidden()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 503, Count = 4, PathPrefix = WhoPath });

        await CallWho(connection, org.Oid);

        Assert.Equal(new[] { 503, 503, 503, 503, 200 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task RetryAfterIsHonoured()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid); // token cached: the timing below covers the retry only
        AddFault(new FaultSpec { Status = 429, Count = 1, RetryAfter = 1, PathPrefix = WhoPath });

        var clock = Stopwatch.StartNew();
        await CallWho(connection, org.Oid);

        // Backoff alone would wait 25-50 ms; the server asked for a second.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(990), $"retried after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(new[] { 200, 429, 200 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task RetryAfterBeyondTheBudgetFailsAtOnce()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o => o.RetryBudget = TimeSpan.FromSeconds(5)));
        AddFault(new FaultSpec { Status = 429, RetryAfter = 60, PathPrefix = WhoPath });

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal("LimaCharlie.RateLimited", error.ErrorId);
        Assert.Equal(0, error.Retries);
        Assert.Single(ApiRequests(WhoPath));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ServerErrorIsRetriedForGet()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 500, Count = 1, PathPrefix = WhoPath });

        await CallWho(connection, org.Oid);

        Assert.Equal(new[] { 500, 200 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task ServerErrorIsNotRetriedForPost()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 500, Count = 1, PathPrefix = WhoPath, Error = "internal failure" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(Post(org.Oid), NullLog.Instance, default));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("LimaCharlie.ServerError", error.ErrorId);
        Assert.Equal(0, error.Retries);
        Assert.Single(ApiRequests(WhoPath));
    }

    [Fact]
    public async Task ServiceUnavailableIsNotRetriedForPost()
    {
        // A 503 may come from a gateway after the backend did the work: repeating a POST could do it twice.
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 503, Count = 1, PathPrefix = WhoPath, Method = "POST" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(Post(org.Oid), NullLog.Instance, default));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(new[] { 503 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task CutConnectionIsRetriedForGet()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Cut = true, Count = 1, PathPrefix = WhoPath });

        var who = await CallWho(connection, org.Oid);

        Assert.Equal(org.Oid.ToString(), who.GetProperty("orgs")[0].GetString());
        Assert.Equal(new[] { 0, 200 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task BodyCutAfterTheHeadersIsRetriedForGet()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { CutBody = true, Count = 1, PathPrefix = WhoPath });

        var who = await CallWho(connection, org.Oid);

        Assert.Equal(org.Oid.ToString(), who.GetProperty("orgs")[0].GetString());
        Assert.Equal(2, ApiRequests(WhoPath).Count);
    }

    [Fact]
    public async Task TruncatedGzipPageIsRetriedForGet()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { TruncateGzip = true, Count = 1, PathPrefix = WhoPath });

        var who = await CallWho(connection, org.Oid);

        Assert.Equal(org.Oid.ToString(), who.GetProperty("orgs")[0].GetString());
        Assert.Equal(new[] { 200, 200 }, ApiRequests(WhoPath).Select(r => r.Status));
    }

    [Fact]
    public async Task CutConnectionIsNotRetriedForPost()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Cut = true, Count = 1, PathPrefix = WhoPath });

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(Post(org.Oid), NullLog.Instance, default));

        Assert.Equal("LimaCharlie.ConnectionFailed", error.ErrorId);
        Assert.Equal(0, error.StatusCode);
        // The emulator logs a request once its handling ends, which for a cut can be after the client saw the cut.
        for (var i = 0; i < 40 && !ApiRequests(WhoPath).Any(); i++) await Task.Delay(50);
        await Task.Delay(200); // and a retry, were there one, would have been logged by now
        Assert.Single(ApiRequests(WhoPath));
    }

    [Fact]
    public async Task SpentBudgetReturnsTheLastAnswer()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o =>
        {
            o.RetryBudget = TimeSpan.FromSeconds(1);
            o.MaxRetryCount = 100;
        }));
        AddFault(new FaultSpec { Status = 503, PathPrefix = WhoPath, Error = "service down for maintenance" });

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("LimaCharlie.ServiceUnavailable", error.ErrorId);
        Assert.Equal("service down for maintenance", error.ApiMessage);
        Assert.True(error.Retries > 0);
        Assert.Equal(error.Retries + 1, ApiRequests(WhoPath).Count);
        Assert.Contains($"after {error.Retries} retr", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task MaxRetryCountIsRespected(int maxRetries)
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o => o.MaxRetryCount = maxRetries));
        AddFault(new FaultSpec { Status = 503, PathPrefix = WhoPath });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal(maxRetries, error.Retries);
        Assert.Equal(maxRetries + 1, ApiRequests(WhoPath).Count);
    }

    [Fact]
    public async Task ClientErrorsAreNeverRetried()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 404, PathPrefix = WhoPath });

        await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Single(ApiRequests(WhoPath));
    }

    [Fact]
    public async Task SlowAnswerTimesOut()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid); // token minted with the generous default timeout
        connection.Options.Timeout = TimeSpan.FromMilliseconds(500); // options apply to the next request
        connection.Options.MaxRetryCount = 0;
        AddFault(new FaultSpec { DelayMs = 5_000, PathPrefix = WhoPath });

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal("LimaCharlie.Timeout", error.ErrorId);
        Assert.Equal(0, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal("/v1/who", error.Path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"took {clock.Elapsed}");
        Assert.True(await Wait.UntilAsync(() => ApiRequests(WhoPath).Count == 2)); // the server saw the attempt abandoned
        Assert.Equal(0, ApiRequests(WhoPath)[1].Status);
    }

    [Fact]
    public async Task TimedOutGetIsRetried()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid);
        connection.Options.Timeout = TimeSpan.FromSeconds(1.5);
        AddFault(new FaultSpec { DelayMs = 5_000, Count = 1, PathPrefix = WhoPath });

        await CallWho(connection, org.Oid);

        // warm-up 200, the abandoned attempt (status 0, recorded once the server notices), the retry's 200
        Assert.True(await Wait.UntilAsync(() => ApiRequests(WhoPath).Count == 3), string.Join(",", ApiRequests(WhoPath).Select(r => r.Status)));
        Assert.Equal(new[] { 0, 200 }, ApiRequests(WhoPath).Skip(1).Select(r => r.Status).OrderBy(s => s));
    }

    [Fact]
    public async Task TimedOutPostIsNotRetried()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid);
        connection.Options.Timeout = TimeSpan.FromMilliseconds(500);
        AddFault(new FaultSpec { DelayMs = 5_000, Count = 1, PathPrefix = WhoPath, Method = "POST" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(Post(org.Oid), NullLog.Instance, default));

        Assert.Equal("LimaCharlie.Timeout", error.ErrorId);
        Assert.Equal(0, error.Retries);
        Assert.True(await Wait.UntilAsync(() => ApiRequests(WhoPath).Count == 2));
        Assert.Equal(new[] { "GET", "POST" }, ApiRequests(WhoPath).Select(r => r.Method));
    }
}
