using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Cmdlets;

/// <summary>
/// An LCQL search stopped before its end is cancelled on the server: Ctrl+C (PowerShell.Stop) during Invoke-LcQuery, and
/// a cancelled token in the engine, both send <c>DELETE /v1/search/{queryId}</c> although the caller's token is cancelled;
/// a query run to its end is deleted too, which releases its concurrency slot.
/// </summary>
public sealed class QueryCancellationTests : EmulatorTest, IDisposable
{
    private readonly PowerShellHost _ps = new();
    private readonly SeededOrg _org;

    public QueryCancellationTests(EmulatorFixture emulator) : base(emulator)
    {
        _org = SeedOrg();
        var sensor = State.AddSensor(_org.Oid.ToString(), new SensorSpec { Hostname = "ws-stop-01" });
        var now = DateTimeOffset.UtcNow;
        State.RegisterTelemetry(_org.Oid.ToString(), new TelemetryRequest
        {
            Sid = sensor.Sid, Count = 500, Start = now.AddHours(-2).ToUnixTimeSeconds(), End = now.AddMinutes(-1).ToUnixTimeSeconds(),
        });
        _ps.SetVariable("oid", _org.Oid);
        _ps.SetVariable("key", ApiCredential.Secure(_org.Secret));
        _ps.SetVariable("url", BaseUrl);
    }

    public void Dispose() => _ps.Dispose();

    private IReadOnlyList<RequestRecord> SearchRequests(string method) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith("/v1/search", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task StoppingInvokeLcQuerySendsTheCancel()
    {
        // The service keeps the query pending and asks for the next poll in a minute: the cmdlet sits in its wait.
        State.SearchSettings = new SearchSettings { PendingPolls = 1_000, PollIntervalMs = 60_000 };
        _ps.Run("Connect-LcOrg -OrganizationId $oid -ApiKey $key -ApiUrl $url -JwtUrl $url");
        using var ps = _ps.Prepare("Invoke-LcQuery '-2h | * | *'");
        var running = ps.BeginInvoke();

        Assert.True(await Wait.UntilAsync(() => SearchRequests("GET").Count >= 1, TimeSpan.FromSeconds(60)), "the query was never polled");
        Assert.Empty(SearchRequests("DELETE"));
        ps.Stop();

        Assert.True(await Wait.UntilAsync(() => SearchRequests("DELETE").Count == 1, TimeSpan.FromSeconds(30)), "no cancel was sent");
        var queryId = State.SearchQueries.Single().QueryId;
        Assert.Equal($"/v1/search/{queryId}", SearchRequests("DELETE").Single().Path);
        Assert.Equal(200, SearchRequests("DELETE").Single().Status);
        Assert.Equal("cancelled", State.FindSearch(queryId)!.State);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Single(SearchRequests("GET"));
        Assert.True(running.IsCompleted);
    }

    [Fact]
    public async Task CancellingTheEngineEnumerationSendsTheCancel()
    {
        State.SearchSettings = new SearchSettings { PendingPolls = 1_000, PollIntervalMs = 60_000 };
        var connection = Connect(_org.Credential());
        using var cancel = new CancellationTokenSource();
        var search = new SearchRequest { Query = "-2h | * | *", Start = DateTimeOffset.UtcNow.AddHours(-3), End = DateTimeOffset.UtcNow };
        var log = new RecordingLog();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in connection.Organization(null, log).Search.RunAsync(search, cancel.Token)) { }
        });

        Assert.True(await Wait.UntilAsync(() => SearchRequests("GET").Count >= 1, TimeSpan.FromSeconds(60)), "the query was never polled");
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        var delete = Assert.Single(SearchRequests("DELETE"));
        Assert.Equal($"/v1/search/{State.SearchQueries.Single().QueryId}", delete.Path);
        Assert.Equal("cancelled", State.SearchQueries.Single().State);
    }

    [Fact]
    public async Task ANaturalEndReleasesTheFinishedQuery()
    {
        State.SearchSettings = new SearchSettings { ResultsPerPage = 200, PendingPolls = 1, PollIntervalMs = 0 };
        var connection = Connect(_org.Credential());
        var search = new SearchRequest { Query = "-2h | * | *", Start = DateTimeOffset.UtcNow.AddHours(-3), End = DateTimeOffset.UtcNow };
        var rows = new List<object>();
        await foreach (var row in connection.Organization(null, new RecordingLog()).Search.RunAsync(search, CancellationToken.None)) rows.Add(row);

        Assert.Equal(500, rows.Count);
        Assert.All(rows, r => Assert.IsType<LimaCharlie.Event>(r));
        Assert.Equal(6, SearchRequests("GET").Count); // 3 pages, each polled once pending
        var delete = Assert.Single(SearchRequests("DELETE"));
        Assert.Equal(200, delete.Status);
        var query = State.SearchQueries.Single();
        Assert.Equal("completed", query.State);
        Assert.False(State.HoldsSlot(query));
    }
}
