using System.Text.Json.Nodes;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.Client.Streams;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The live stream reader against the emulator's stream: records, filters, control lines, reconnects, refusals.</summary>
public class LiveStreamTests : EmulatorTest
{
    public LiveStreamTests(EmulatorFixture emulator) : base(emulator) { }

    private LcConnection ConnectStream(SeededOrg org) =>
        new(org.Credential(), new LcEndpoints(BaseUrl, BaseUrl, [KeyValuePair.Create(ServiceMap.Stream, Emulator.Server.ServicesUrl)]),
            FastOptions(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(20)), "LimaCharlie.Tests");

    private static async Task<List<T>> Take<T>(LiveStreamReader<T> reader, int count, TimeSpan? within = null)
    {
        using var time = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        var list = new List<T>();
        await foreach (var record in reader.ReadAllAsync(time.Token))
        {
            list.Add(record);
            if (list.Count == count) break;
        }
        return list;
    }

    private static long Seq(Event e) => Convert.ToInt64(e.Data["n"]);

    [Fact]
    public async Task EventsArriveTypedInOrderAfterTheSubscriptionIsConfirmed()
    {
        var org = SeedOrg();
        State.SeedSensors(org.Oid.ToString(), new SensorSeedRequest { Count = 2 });
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 200 });
        var log = new RecordingLog();
        await using var reader = ConnectStream(org).Organization(null, log).LiveStream.Open<Event>(LiveStreamKind.Event, null, null, default);

        await reader.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        var events = await Take(reader, 50);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), events.Select(Seq));
        Assert.All(events, e => Assert.NotEqual(Guid.Empty, e.SensorId));
        Assert.Contains(events, e => e.EventType == "DNS_REQUEST");
        Assert.Empty(log.WarningLines);
        Assert.Equal(0, reader.Gaps);
    }

    [Fact]
    public async Task FiltersAreSentToTheService()
    {
        var org = SeedOrg();
        var sids = State.SeedSensors(org.Oid.ToString(), new SensorSeedRequest { Count = 3 }).Sids;
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 300 });
        var filter = new LiveStreamFilter { SensorId = Guid.Parse(sids[1]) };
        List<Event> events;
        await using (var reader = ConnectStream(org).Organization(null).LiveStream.Open<Event>(LiveStreamKind.Event, filter, null, default))
        {
            events = await Take(reader, 10);
        }

        Assert.True(await Wait.UntilAsync(() => Requests.Any(r => r.Path == $"/{org.Oid}")), "the stream request is recorded when it ends");
        Assert.All(events, e => Assert.Equal(Guid.Parse(sids[1]), e.SensorId));
        Assert.All(events.Zip(events.Skip(1)), p => Assert.Equal(3, Seq(p.Second) - Seq(p.First)));
        var form = Requests.Single(r => r.Path == $"/{org.Oid}").Form;
        Assert.Equal([sids[1]], form["sid"]);
        Assert.Equal(["event"], form["type"]);
    }

    [Fact]
    public async Task DetectionsOfACategoryAndPublishedRecordsOfAnInvestigation()
    {
        var org = SeedOrg();
        State.SeedSensors(org.Oid.ToString(), new SensorSeedRequest { Count = 1 });
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 100 });
        var connection = ConnectStream(org);
        await using var detections = connection.Organization(null).LiveStream.Open<Detection>(LiveStreamKind.Detect, new LiveStreamFilter { Category = "dns-exfil" }, null, default);
        await using var answers = connection.Organization(null).LiveStream.Open<Event>(LiveStreamKind.Event, new LiveStreamFilter { InvestigationId = "inv-7" }, null, default);

        var found = await Take(detections, 5);
        await answers.WaitConnectedAsync(default);
        foreach (var inv in new[] { "inv-6", "inv-7" })
        {
            State.PublishLive(org.Oid.ToString(), "event", new JsonObject
            {
                ["routing"] = new JsonObject { ["event_type"] = "OS_VERSION_REP", ["investigation_id"] = inv },
                ["event"] = new JsonObject { ["VERSION_MAJOR"] = 10 },
            });
        }
        var answer = Assert.Single(await Take(answers, 1));

        Assert.All(found, d => Assert.Equal("dns-exfil", d.Category));
        Assert.Equal("OS_VERSION_REP", answer.EventType);
        Assert.Equal("inv-7", answer.Routing["investigation_id"]);
    }

    [Fact]
    public async Task ACutStreamIsOpenedAgainAndEachGapIsReported()
    {
        var org = SeedOrg();
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 500, CutAfterRecords = 40, CutMidLine = true });
        var log = new RecordingLog();
        await using var reader = ConnectStream(org).Organization(null, log).LiveStream.Open<Event>(LiveStreamKind.Event, null, null, default);

        var events = await Take(reader, 200);

        var seqs = events.Select(Seq).ToList();
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.True(seqs.SequenceEqual(seqs.Order()), "records arrive in order");
        var jumps = seqs.Zip(seqs.Skip(1)).Count(p => p.Second != p.First + 1);
        Assert.True(reader.Gaps >= 4, $"cut every 40 records: {reader.Gaps} gaps");
        Assert.True(jumps <= reader.Gaps, $"{jumps} jumps in the sequence, {reader.Gaps} gaps reported");
        Assert.Equal(reader.Gaps, log.WarningLines.Count(w => w.Contains("interrupted")));
    }

    [Fact]
    public async Task AnUnauthorizedLineIsAnsweredWithAFreshTokenThenAnError()
    {
        var org = SeedOrg();
        var connection = ConnectStream(org);
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RefuseConnections = 1, RefuseLine = "error: unauthorized" });
        await using (var reader = connection.Organization(null).LiveStream.Open<Event>(LiveStreamKind.Event, null, null, default))
        {
            Assert.Single(await Take(reader, 1));
        }
        Assert.Equal(2, State.Counters.MintsTotal);

        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RefuseConnections = 2, RefuseLine = "error: unauthorized" });
        await using var refused = connection.Organization(null).LiveStream.Open<Event>(LiveStreamKind.Event, null, null, default);
        var error = await Assert.ThrowsAsync<LcApiException>(() => Take(refused, 1));
        Assert.Equal("LimaCharlie.StreamRefused", error.ErrorId);
        await Assert.ThrowsAsync<LcApiException>(() => refused.WaitConnectedAsync(default));
    }

    [Fact]
    public async Task OtherErrorLinesAreWarningsAndARepeatedRefusalEndsTheWatch()
    {
        var org = SeedOrg();
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 100, RefuseConnections = 1, ExtraLines = ["error: output lagging", "not json"] });
        var log = new RecordingLog();
        await using (var reader = ConnectStream(org).Organization(null, log).LiveStream.Open<Event>(LiveStreamKind.Event, null, null, default))
        {
            Assert.Equal(3, (await Take(reader, 3)).Count);
        }
        Assert.Contains(log.WarningLines, w => w.Contains("refused the subscription (error: failed to create output)"));
        Assert.Contains(log.WarningLines, w => w.Contains("error: output lagging"));
        Assert.Contains(log.WarningLines, w => w.Contains("not json"));

        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RefuseConnections = 100 });
        await using var refused = ConnectStream(org).Organization(null).LiveStream.Open<Event>(LiveStreamKind.Event, null, new LiveStreamOptions { MaxRefusedSubscriptions = 3 }, default);
        var error = await Assert.ThrowsAsync<LcApiException>(() => Take(refused, 1));
        Assert.Equal("LimaCharlie.StreamFailed", error.ErrorId);
    }

    [Fact]
    public async Task ASlowConsumerKeepsTheBufferBoundedAndTheServicesDropsAreCounted()
    {
        var org = SeedOrg();
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 20_000, SlowConsumerLag = 100 });
        var log = new RecordingLog();
        await using var reader = ConnectStream(org).Organization(null, log).LiveStream.Open<Event>(LiveStreamKind.Event, null, new LiveStreamOptions { BufferCapacity = 16 }, default);
        await reader.WaitConnectedAsync(default);
        await Task.Delay(2500);

        var seqs = new List<long>();
        using (var time = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await foreach (var e in reader.ReadAllAsync(time.Token))
            {
                seqs.Add(Seq(e));
                if (seqs.Count > 1 && seqs[^1] != seqs[^2] + 1) break;
            }
        }

        var missing = seqs[^1] - seqs[^2] - 1;
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.True(missing > 0, "the service dropped what the slow reader could not take");
        Assert.True(reader.Dropped >= missing, $"{missing} records missing, {reader.Dropped} reported dropped");
        Assert.Contains(log.WarningLines, w => w.Contains("dropped"));
    }

    [Fact]
    public async Task AnIdleConnectionIsOpenedAgain()
    {
        var org = SeedOrg();
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 0, KeepAliveSeconds = 30 });
        var log = new RecordingLog();
        await using var reader = ConnectStream(org).Organization(null, log).LiveStream.Open<Event>(LiveStreamKind.Event, null, new LiveStreamOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) }, default);
        await reader.WaitConnectedAsync(default);

        Assert.True(await Wait.UntilAsync(() => reader.Gaps >= 2, TimeSpan.FromSeconds(10)));

        Assert.Contains(log.WarningLines, w => w.Contains("nothing arrived for 0.3 s"));
    }

    [Fact]
    public async Task CancellingEndsTheWatchAtOnce()
    {
        var org = SeedOrg();
        State.SetLiveStream(org.Oid.ToString(), new LiveStreamSettings { RatePerSecond = 0 });
        using var cancel = new CancellationTokenSource();
        var reader = ConnectStream(org).Organization(null).LiveStream.Open<Event>(LiveStreamKind.Event, null, null, cancel.Token);
        await reader.WaitConnectedAsync(default);
        var reading = Task.Run(async () => { await foreach (var _ in reader.ReadAllAsync(cancel.Token)) { } });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        await reader.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"ended after {clock.ElapsedMilliseconds} ms");
    }
}
