using System.Net.Http;
using System.Text.RegularExpressions;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>What -Verbose and -Debug would show: every attempt, and never a key or a token.</summary>
public class LoggingTests : EmulatorTest
{
    public LoggingTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task DebugOutputOfAMintAndACallHoldsNoSecret()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var log = new RecordingLog(debug: true);

        await CallWho(connection, org.Oid, log);
        var jwt = (await connection.GetTokenAsync(TokenTarget.Organization(org.Oid), NullLog.Instance, default)).Value;

        Assert.Equal(1, State.Counters.MintsTotal); // the token searched for is the one used during the logged call
        foreach (var (level, text) in log.Lines)
        {
            Assert.DoesNotContain(org.Secret, text);
            Assert.DoesNotContain(jwt, text);
            Assert.DoesNotContain(jwt.Split('.')[1], text); // not even the payload part
        }

        // The debug output did describe what carries the secrets, masked:
        Assert.Contains(log.DebugLines, l => l.StartsWith("HTTP request POST /") && l.Contains("secret=***") && l.Contains($"oid={org.Oid}"));
        Assert.Contains(log.DebugLines, l => l.StartsWith("HTTP response POST /") && l.Contains("\"jwt\":\"***\""));
        Assert.Contains(log.DebugLines, l => l.StartsWith("HTTP request GET /v1/who") &&
                                             Regex.IsMatch(l, @"Authorization: \*\*\* \(\d+ chars\)"));
    }

    [Fact]
    public async Task SecretQueryParametersAreMaskedInVerboseLines()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var log = new RecordingLog(debug: false);
        var request = new LcRequest(HttpMethod.Get, "v1/who", TokenTarget.Organization(org.Oid)).WithQuery("api_key", org.Secret);

        await connection.SendAsync(request, log, default);

        var line = Assert.Single(log.VerboseLines, l => l.StartsWith("GET /v1/who"));
        Assert.Contains("api_key=***", line);
        Assert.DoesNotContain(org.Secret, string.Join("\n", log.Lines.Select(l => l.Text)));
        Assert.DoesNotContain(log.DebugLines, l => l.StartsWith("HTTP ")); // no request/response dumps without -Debug
    }

    [Fact]
    public async Task OneVerboseLinePerAttemptWithMethodPathStatusAndTime()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var log = new RecordingLog(debug: false);
        AddFault(new FaultSpec { Status = 503, Count = 1, PathPrefix = "/v1/who" });

        await CallWho(connection, org.Oid, log);

        var attempts = log.VerboseLines.Where(l => Regex.IsMatch(l, @"^GET /v1/who -> \d{3} .* in \d+ ms")).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.StartsWith("GET /v1/who -> 503 Service Unavailable in ", attempts[0]);
        Assert.DoesNotContain("(retry", attempts[0]);
        Assert.StartsWith("GET /v1/who -> 200 OK in ", attempts[1]);
        Assert.EndsWith("ms (retry 1)", attempts[1]);
        Assert.Single(log.VerboseLines, l => Regex.IsMatch(l, @"^POST / -> 200 OK in \d+ ms$"));
        Assert.Single(log.VerboseLines, l => l.StartsWith("Retrying GET /v1/who") && l.Contains("503"));
    }
}
