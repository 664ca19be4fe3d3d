using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The service map of a session, and the answer modes: JSON on another host, records as they arrive, bytes.</summary>
public class ServiceReachTests : EmulatorTest
{
    public ServiceReachTests(EmulatorFixture emulator) : base(emulator) { }

    private Uri ServicesUrl => Emulator.Server.ServicesUrl;

    private LcConnection ConnectWith(SeededOrg org, SessionOptions? options = null, params (string Name, Uri Url)[] services) =>
        new(org.Credential(), new LcEndpoints(BaseUrl, BaseUrl, services.Select(s => KeyValuePair.Create(s.Name, s.Url))),
            options ?? FastOptions(), "LimaCharlie.Tests");

    [Fact]
    public async Task TheOrganizationsMapIsReadOnceForAllItsServices()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);

        var replay = await connection.Services.RootAsync(org.Oid, "replay", NullLog.Instance, default);
        var cases = await connection.Services.RootAsync(org.Oid, "cases", NullLog.Instance, default);
        var search = await connection.Services.RootAsync(org.Oid, "search", NullLog.Instance, default);

        Assert.Equal(ServicesUrl, replay); // announced as a bare loopback host: plain http
        Assert.Equal(ServicesUrl, cases);
        Assert.Equal(Emulator.Server.SearchUrl, search);
        Assert.Single(ApiRequests($"/v1/orgs/{org.Oid}/url"));
    }

    [Fact]
    public async Task ASessionsOwnRootWinsWithoutReadingTheMap()
    {
        var org = SeedOrg();
        var mine = new Uri("https://replay.proxy.example.com/lc/");
        var connection = ConnectWith(org, services: ("Replay", mine));

        Assert.Equal(mine, await connection.Services.RootAsync(org.Oid, "replay", NullLog.Instance, default));
        Assert.Equal(ServiceMap.DefaultDownloadsUrl, await connection.Services.RootAsync(null, ServiceMap.Downloads, NullLog.Instance, default));
        Assert.Empty(ApiRequests($"/v1/orgs/{org.Oid}/url"));
    }

    [Fact]
    public async Task OnlyTheSessionsHostsAreNamed()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);
        Assert.Empty(connection.Services.NamesOf(new Uri(ServicesUrl, "api/v1/cases")));

        await connection.Services.ForOrganizationAsync(org.Oid, NullLog.Instance, default);

        Assert.Equal(new[] { "cases", "logs", "replay" }, connection.Services.NamesOf(new Uri(ServicesUrl, "api/v1/cases")).Order());
        Assert.Contains(ServiceMap.Api, connection.Services.NamesOf(new Uri(BaseUrl, "v1/who")));
        Assert.Empty(connection.Services.NamesOf(new Uri("https://elsewhere.example.com/v1/who")));
    }

    [Fact]
    public async Task AServiceTheOrganizationLacksIsNamedWithTheOnesItHas()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.Services.RootAsync(org.Oid, "nosuch", NullLog.Instance, default));

        Assert.Equal("LimaCharlie.ServiceUnavailable", error.ErrorId);
        Assert.Contains("replay", error.Message);
        Assert.Contains("cases", error.Message);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("jwt")]
    [InlineData("no spaces")]
    public void ServiceUrlsOfTheApiOrNotNamedAsServicesAreRefused(string name) =>
        Assert.Throws<LcConfigurationException>(() => new LcEndpoints(null, null, new[] { KeyValuePair.Create(name, new Uri("https://x.example.com/")) }));

    /// <summary>The org's live stream, sending a record every <paramref name="intervalMs"/> and no keep-alive in between.</summary>
    private LcRequest StreamRequest(Guid oid, int intervalMs)
    {
        State.SetLiveStream(oid.ToString(), new LiveStreamSettings { RatePerSecond = 1000.0 / intervalMs, KeepAliveSeconds = 3600 });
        return new LcRequest(HttpMethod.Post, oid.ToString(), TokenTarget.Organization(oid)) { Root = ServicesUrl }.WithForm("type", "event");
    }

    [Fact]
    public async Task AnEndlessStreamIsReadRecordByRecordUntilCancelled()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);
        using var cancel = new CancellationTokenSource();
        var seen = new List<JsonElement>();

        var reading = Task.Run(async () =>
        {
            await foreach (var record in connection.ReadRecordsAsync(StreamRequest(org.Oid, 20), NullLog.Instance, cancel.Token))
            {
                seen.Add(record);
                if (seen.Count == 5) cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(5, seen.Count);
        Assert.Equal("connected", seen[0].GetProperty("__trace").GetString());
        Assert.Equal(4, seen[4].GetProperty("event").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task AStreamHasNoOverallTimeLimitOnlyAnIdleOne()
    {
        var org = SeedOrg();
        // A record every 50 ms, a Timeout of 1 s (margin for a loaded machine), read for 2.5 s.
        var connection = ConnectWith(org, FastOptions(o => o.Timeout = TimeSpan.FromSeconds(1)));
        var clock = Stopwatch.StartNew();
        var records = 0;

        await foreach (var _ in connection.ReadRecordsAsync(StreamRequest(org.Oid, 50), NullLog.Instance, default))
        {
            if (++records > 1 && clock.Elapsed > TimeSpan.FromSeconds(2.5)) break;
        }

        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(2.5), "the stream was read for longer than the session's Timeout");
    }

    [Fact]
    public async Task AStreamThatFallsSilentLongerThanTheTimeoutIsATimeout()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org, FastOptions(o => o.Timeout = TimeSpan.FromMilliseconds(500)));
        var records = 0;

        var error = await Assert.ThrowsAsync<LcApiException>(async () =>
        {
            await foreach (var _ in connection.ReadRecordsAsync(StreamRequest(org.Oid, 30_000), NullLog.Instance, default)) records++;
        });

        Assert.Equal("LimaCharlie.Timeout", error.ErrorId);
        Assert.Equal(1, records); // the "connected" line came; then nothing for longer than the timeout
    }

    [Fact]
    public async Task BytesAreCopiedAsTheyAreWithTheirTypeAndNoToken()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org, services: (ServiceMap.Downloads, ServicesUrl));
        using var plain = new HttpClient();
        var expected = await plain.GetByteArrayAsync(new Uri(ServicesUrl, "sensor/mac/arm64"));
        var root = await connection.Services.RootAsync(null, ServiceMap.Downloads, NullLog.Instance, default);
        var request = new LcRequest(HttpMethod.Get, "sensor/mac/arm64", null) { Root = root };
        var log = new RecordingLog();
        var progress = new List<long>();
        using var output = new MemoryStream();

        var body = await connection.DownloadAsync(request, output, (done, _) => progress.Add(done), log, default);

        Assert.Equal(expected, output.ToArray());
        Assert.Equal(expected.Length, body.Length);
        Assert.Equal("application/octet-stream", body.MediaType);
        Assert.Equal(expected.Length, progress[^1]);
        Assert.All(Requests.Where(r => r.Path == "/sensor/mac/arm64"), r => Assert.False(r.HasAuth));
        Assert.Contains(log.DebugLines, l => l.Contains("(streamed, not shown)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TextIsDecodedByItsCharset()
    {
        var org = SeedOrg();
        State.SetFindings(org.Oid.ToString(), 4);
        var connection = ConnectWith(org);
        var request = new LcRequest(HttpMethod.Get, $"v1/cloudsec/{org.Oid}/findings", TokenTarget.Organization(org.Oid)).WithQuery("format", "csv");

        var (text, body) = await connection.ReadTextAsync(request, NullLog.Instance, default);

        Assert.Equal("text/csv", body.MediaType);
        Assert.StartsWith("finding_id,severity,", text, StringComparison.Ordinal);
        Assert.Contains("\"Bucket \"\"logs-4\"\" is public, naïvely\"\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARawCallToAServiceGoesToItsRootWithTheOrganizationInItsQuery()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);
        var call = new RawCall(HttpMethod.Get, "/api/v1/cases") { Service = "cases" };
        call.Query.Add(KeyValuePair.Create("oids", "{oid}"));

        var request = await RawRequest.BuildAsync(connection, call, NullLog.Instance, default);

        Assert.Equal(ServicesUrl, request.Root);
        Assert.Equal("api/v1/cases", request.Path);
        Assert.Equal(org.Oid.ToString(), Assert.Single(request.Query).Value);
        Assert.Equal(TokenTarget.Organization(org.Oid), request.Target);
        Assert.Null(request.TokenFormField);
    }

    [Fact]
    public async Task TheStreamTakesItsTokenInTheFormAndDownloadsTakeNone()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org, services: [(ServiceMap.Stream, ServicesUrl), (ServiceMap.Downloads, new Uri("http://127.0.0.1:1/"))]);

        var stream = await RawRequest.BuildAsync(connection, new RawCall(HttpMethod.Post, "{oid}") { Service = "stream" }, NullLog.Instance, default);
        var download = await RawRequest.BuildAsync(connection, new RawCall(HttpMethod.Get, "") { Uri = new Uri("http://127.0.0.1:1/sensor/linux/64") }, NullLog.Instance, default);

        Assert.Equal("jwt", stream.TokenFormField);
        Assert.Equal(org.Oid.ToString(), stream.Path);
        Assert.Null(download.Target);
        Assert.Equal("sensor/linux/64", download.Path);
    }

    [Fact]
    public async Task AUrlOfAnotherHostIsRefusedUnlessForced()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);
        var foreign = new Uri("https://elsewhere.example.com/v1/who");

        var error = await Assert.ThrowsAsync<LcConfigurationException>(() =>
            RawRequest.BuildAsync(connection, new RawCall(HttpMethod.Get, "") { Uri = foreign }, NullLog.Instance, default));
        var forced = await RawRequest.BuildAsync(connection, new RawCall(HttpMethod.Get, "") { Uri = foreign, Force = true }, NullLog.Instance, default);

        Assert.Equal("LimaCharlie.ForeignHost", error.ErrorId);
        Assert.Equal(new Uri("https://elsewhere.example.com/"), forced.Root);
    }

    [Fact]
    public async Task AnUploadToTheLogsHostCarriesBasicWithTheIngestionKeyMaskedInTheLog()
    {
        var org = SeedOrg();
        var key = State.SetIngestionKey(org.Oid.ToString(), "uploads");
        var connection = ConnectWith(org);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "line one\n");
        var log = new RecordingLog(debug: true);
        try
        {
            var payloadId = await connection.Organization(org.Oid, log).Artifacts.UploadAsync(file, ApiCredential.Secure(key), new ArtifactUpload { Hint = "txt", Source = "xunit" }, null, default);

            var artifact = Assert.Single(State.Artifacts(org.Oid.ToString()));
            Assert.Equal(payloadId, artifact.PayloadId);
            Assert.Equal("xunit", artifact.Source);
            Assert.Equal(Path.GetFullPath(file), artifact.Path);
            var ingest = Assert.Single(Requests, r => r.Path == "/ingest");
            Assert.True(ingest.HasAuth);
            Assert.Empty(MintRequests());
            var text = string.Join("\n", log.Lines.Select(l => l.Text));
            Assert.Contains("Authorization: ***", text);
            Assert.DoesNotContain(key, text);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{org.Oid}:{key}")), text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ARefusedIngestionKeyIsNamedAsSuch()
    {
        var org = SeedOrg();
        var connection = ConnectWith(org);
        var call = new RawCall(HttpMethod.Post, "ingest") { Service = ServiceMap.Logs, IngestionKey = ApiCredential.Secure(Guid.NewGuid().ToString()) };
        var request = await RawRequest.BuildAsync(connection, call, NullLog.Instance, default);
        request.Bytes = [1, 2, 3];

        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(request, NullLog.Instance, default));

        Assert.Null(request.Target);
        Assert.Equal("LimaCharlie.IngestionKeyRefused", error.ErrorId);
        Assert.Equal(401, error.StatusCode);
        Assert.Empty(MintRequests());
    }

    [Fact]
    public async Task AllOrganizationsTakesTheUsersTokenMintedWithoutAnOrganization()
    {
        var user = SeedUser(organizations: 2);
        var connection = Connect(user.Credential(user.Orgs[0]));
        var call = new RawCall(HttpMethod.Get, "cloudsec/fleet/overview") { AllOrganizations = true };

        var request = await RawRequest.BuildAsync(connection, call, NullLog.Instance, default);
        var answer = await connection.SendAsync(request, NullLog.Instance, default);

        Assert.Equal(TokenTarget.AllOrganizations, request.Target);
        Assert.Equal(user.Orgs.Select(o => o.ToString()).Order(), answer.GetProperty("orgs").EnumerateArray().Select(o => o.GetProperty("oid").GetString()).Order());
        var organizationKey = ConnectWith(SeedOrg());
        var refused = await Assert.ThrowsAsync<LcConfigurationException>(() => RawRequest.BuildAsync(organizationKey, call, NullLog.Instance, default));
        Assert.Equal("LimaCharlie.UserKeyRequired", refused.ErrorId);
    }
}
