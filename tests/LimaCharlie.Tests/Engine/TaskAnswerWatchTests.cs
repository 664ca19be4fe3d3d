using System.Text.Json.Nodes;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.Client.Streams;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Tasks that wait for their answers (TaskAnswerWatch), and the reliable-tasking service's answers, against the emulator.</summary>
public class TaskAnswerWatchTests : EmulatorTest
{
    public TaskAnswerWatchTests(EmulatorFixture emulator) : base(emulator) { }

    private LcConnection ConnectStream(SeededOrg org) =>
        new(org.Credential(), new LcEndpoints(BaseUrl, BaseUrl, [KeyValuePair.Create(ServiceMap.Stream, Emulator.Server.ServicesUrl)]),
            FastOptions(), "LimaCharlie.Tests");

    private (SeededOrg Org, Guid Sid) OrgWithSensor(string platform = "windows")
    {
        var org = SeedOrg();
        var sid = State.SeedSensors(org.Oid.ToString(), new SensorSeedRequest
        {
            Sensors = [new SensorSpec { Hostname = "answering-01", Plat = platform, Online = true }],
        }).Sids[0];
        return (org, Guid.Parse(sid));
    }

    private static async Task<TaskAnswerWatch> Open(LcConnection connection, Guid oid, string? label = null) =>
        await TaskAnswerWatch.OpenAsync(connection.Organization(oid), TaskAnswerWatch.NewInvestigationId(label),
            new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

    [Fact]
    public async Task TellsTheAnswersOfSeveralCommandsApartByTheOrderTheSensorHandlesThem()
    {
        var (org, sid) = OrgWithSensor();
        var connection = ConnectStream(org);
        await using var watch = await Open(connection, org.Oid, "order");
        string[] commands = ["os_version", "not_a_command", "history_dump", "run --shell-command whoami", "netstat"];

        var outcomes = await watch.RunAsync(sid, null, commands,
            ct => connection.Organization(org.Oid, NullLog.Instance).Sensors.TaskAsync(sid, commands, watch.InvestigationId, null, ct),
            TimeSpan.FromSeconds(10), default);

        Assert.Equal(5, outcomes.Count);
        var version = Assert.IsType<SensorTaskResult>(outcomes[0]);
        Assert.Equal(("os_version", "OS_VERSION_REP", true), (version.Command, version.EventType, version.Complete));
        Assert.Equal("answering-01", version.Hostname);
        var refused = Assert.IsType<LcApiException>(outcomes[1]);
        Assert.Equal(ErrorIds.TaskRefused, refused.Kind);
        Assert.Contains("unknown command: not_a_command (error 1)", refused.Message);
        var history = Assert.IsType<SensorTaskResult>(outcomes[2]);
        Assert.Equal(["NEW_PROCESS", "DNS_REQUEST", "NETWORK_CONNECTIONS", "HISTORY_DUMP_REP"], history.Events.Select(e => e.EventType));
        var run = Assert.IsType<SensorTaskResult>(outcomes[3]);
        Assert.Equal(("RECEIPT", true), (run.EventType, run.Complete));
        Assert.Equal("NETSTAT_REP", Assert.IsType<SensorTaskResult>(outcomes[4]).EventType);
        Assert.All(outcomes.OfType<SensorTaskResult>(), r => Assert.Equal(watch.InvestigationId, r.InvestigationId));
    }

    [Fact]
    public async Task KeepsWhatArrivedWhenTheTimeOutComesBeforeTheAnswerEvent()
    {
        var (org, sid) = OrgWithSensor();
        await using var watch = await Open(ConnectStream(org), org.Oid);
        // A sensor that sends part of an answer and then nothing: one event with the id, no *_REP.
        Task Send(CancellationToken ct)
        {
            State.PublishLive(org.Oid.ToString(), "event", new JsonObject
            {
                ["routing"] = new JsonObject
                {
                    ["sid"] = sid.ToString(), ["event_type"] = "NEW_PROCESS", ["investigation_id"] = watch.InvestigationId, ["hostname"] = "answering-01",
                },
                ["event"] = new JsonObject { ["PROCESS_ID"] = 42 },
            });
            return Task.CompletedTask;
        }

        var outcomes = await watch.RunAsync(sid, null, ["history_dump"], Send, TimeSpan.FromMilliseconds(500), default);

        var partial = Assert.IsType<SensorTaskResult>(Assert.Single(outcomes));
        Assert.False(partial.Complete);
        Assert.Equal("NEW_PROCESS", partial.EventType);
        Assert.Equal(42L, partial.Data["PROCESS_ID"]);
    }

    [Fact]
    public async Task ReportsASilentSensorAsTimedOutAndIgnoresAnswersOfOtherSensors()
    {
        var (org, sid) = OrgWithSensor();
        var other = Guid.Parse(State.SeedSensors(org.Oid.ToString(), new SensorSeedRequest { Count = 1 }).Sids[0]);
        var connection = ConnectStream(org);
        await using var watch = await Open(connection, org.Oid);

        var outcomes = await watch.RunAsync(sid, "silent-01", ["os_version"],
            ct => connection.Organization(org.Oid, NullLog.Instance).Sensors.TaskAsync(other, ["os_version"], watch.InvestigationId, null, ct),
            TimeSpan.FromMilliseconds(300), default);

        var timedOut = Assert.IsType<LcApiException>(Assert.Single(outcomes));
        Assert.Equal(ErrorIds.TaskTimedOut, timedOut.Kind);
        Assert.Equal($"Sensor silent-01 ({sid}) did not answer 'os_version' within 0.3 s (not even a delivery receipt).", timedOut.Message);
    }

    [Fact]
    public async Task ReadsAReliableTaskListKeyedByTaskIdWithTheExtensionsFieldNames()
    {
        var (org, sid) = OrgWithSensor();
        AddFault(new FaultSpec
        {
            Status = 200, Count = 1, PathPrefix = $"/v1/service/{org.Oid}/reliable-tasking",
            Body = new JsonObject
            {
                ["tasks"] = new JsonObject
                {
                    ["t-7"] = new JsonObject { ["task"] = "os_version", ["sid"] = sid.ToString(), ["context"] = "audit-7", ["ttl"] = 3600, ["created"] = 1700000000 },
                },
            }.ToJsonString(),
        });

        var tasks = await Connect(org.Credential()).Organization(org.Oid).ReliableTasks.ListAsync(sid, default);

        var task = Assert.Single(tasks);
        Assert.Equal(("t-7", "os_version", "audit-7"), (task.TaskId, task.Command, task.InvestigationId));
        Assert.Equal(TimeSpan.FromHours(1), task.TimeToLive);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000 + 3600), task.ExpiresAt);
        Assert.Equal(sid, task.SensorId);
    }
}
