using System.Diagnostics;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Cancellation (Ctrl+C in a cmdlet) ends a call at once, whatever the server is doing.</summary>
[Collection(TimingCollection.Name)]
public class CancellationTimingTests : EmulatorTest
{
    public CancellationTimingTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task CancellingEndsACallThatTheServerDelays()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid);
        AddFault(new FaultSpec { DelayMs = 20_000, PathPrefix = "/v1/who" });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallWho(connection, org.Oid, ct: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cancelled after {clock.ElapsedMilliseconds} ms");
        Assert.True(await Wait.UntilAsync(() => ApiRequests("/v1/who").Count == 2));
        Assert.Equal(0, ApiRequests("/v1/who")[1].Status); // abandoned, not retried
    }

    [Fact]
    public async Task CancellingDuringBackoffEndsTheCall()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(10);
            o.RetryMaxDelay = TimeSpan.FromSeconds(10);
            o.RetryBudget = TimeSpan.FromMinutes(1);
        }));
        await CallWho(connection, org.Oid);
        AddFault(new FaultSpec { Status = 503, PathPrefix = "/v1/who" });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallWho(connection, org.Oid, ct: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"cancelled after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(2, ApiRequests("/v1/who").Count); // the warm-up and the one 503; no retry after cancelling
    }
}
