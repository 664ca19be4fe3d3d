using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using LimaCharlie.Client.Http;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>
/// A connection that cannot be made (refused, unknown host, TLS handshake) fails within seconds instead of riding the
/// whole retry budget, and a long wait before a retry is announced. Failures come from a fake handler, so no name is
/// ever sent to a DNS server.
/// </summary>
public class ConnectFailureTests
{
    private sealed class FakeServer : HttpMessageHandler
    {
        private readonly Func<int, HttpResponseMessage> _answer;
        public int Attempts;

        public FakeServer(Func<int, HttpResponseMessage> answer) => _answer = answer;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(_answer(++Attempts));
    }

    private static async Task<(HttpResponseMessage? Response, Exception? Error, TimeSpan Elapsed)> Send(
        FakeServer server, RecordingLog log, SessionOptions? options = null, bool idempotent = true)
    {
        var pipeline = new LcPipeline(options ?? new SessionOptions(), "LimaCharlie.Tests");
        using var invoker = new HttpMessageInvoker(new ResilienceHandler { InnerHandler = server });
        using var request = new HttpRequestMessage(idempotent ? HttpMethod.Get : HttpMethod.Post, "https://api.example.test/v1/who");
        new LcRequestContext(pipeline, log, target: null, idempotent, "GET /v1/who").AttachTo(request);
        var clock = Stopwatch.StartNew();
        try
        {
            return (await invoker.SendAsync(request, CancellationToken.None), null, clock.Elapsed);
        }
        catch (Exception e)
        {
            return (null, e, clock.Elapsed);
        }
    }

    public static TheoryData<string> NoConnection() => new() { "refused", "unknown host", "tls" };

    private static Exception Failure(string kind) => kind switch
    {
        "refused" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.example.test:443)",
            new SocketException((int)SocketError.ConnectionRefused)),
        "unknown host" => new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (lc.invalid:443)",
            new SocketException((int)SocketError.HostNotFound)),
        _ => new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established",
            new AuthenticationException("The remote certificate is invalid")),
    };

    [Theory]
    [MemberData(nameof(NoConnection))]
    public async Task AConnectionThatCannotBeMadeFailsWithinSeconds(string kind)
    {
        var server = new FakeServer(_ => throw Failure(kind));
        var log = new RecordingLog();

        // The default options: 8 retries in a 2-minute budget, which used to mean about 85 s of silence.
        var (_, error, elapsed) = await Send(server, log);

        Assert.IsType<HttpRequestException>(error);
        Assert.Equal(1 + ResilienceHandler.ConnectRetries, server.Attempts);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"gave up after {elapsed.TotalSeconds:0.0} s");
        Assert.All(log.VerboseLines.Where(l => l.StartsWith("Retrying")), l => Assert.Contains("connection retry", l));
    }

    [Theory]
    [MemberData(nameof(NoConnection))]
    public void ConnectFailuresAreClassifiedAsNoConnection(string kind)
    {
        Assert.Equal(ResilienceHandler.Failure.NoConnection, ResilienceHandler.Classify(Failure(kind)));
        Assert.Equal(ResilienceHandler.Failure.Ambiguous, ResilienceHandler.Classify(new IOException("reset")));
        Assert.Equal(ResilienceHandler.Failure.Ambiguous, ResilienceHandler.Classify(new TimeoutException()));
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedForAPostToo()
    {
        // Nothing reached the server, so repeating a POST cannot do its work twice.
        var server = new FakeServer(n => n == 1 ? throw Failure("refused") : new HttpResponseMessage(HttpStatusCode.OK));

        var (response, error, _) = await Send(server, new RecordingLog(), Fast(), idempotent: false);

        Assert.Null(error);
        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task ServiceUnavailableStillGetsEveryRetry()
    {
        var server = new FakeServer(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var (response, _, _) = await Send(server, new RecordingLog(), Fast());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response!.StatusCode);
        Assert.Equal(1 + 8, server.Attempts);
    }

    [Fact]
    public async Task AWaitOfMoreThanTwoSecondsIsAnnounced()
    {
        var server = new FakeServer(n =>
        {
            if (n > 1) return new HttpResponseMessage(HttpStatusCode.OK);
            var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return busy;
        });
        var log = new RecordingLog();

        var (response, _, elapsed) = await Send(server, log, Fast());

        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        Assert.True(elapsed >= TimeSpan.FromSeconds(2.9), $"retried after {elapsed.TotalSeconds:0.0} s");
        var warning = Assert.Single(log.WarningLines);
        Assert.Equal("Retrying GET /v1/who in 3 s (503 Service Unavailable; retry 1 of at most 8).", warning);
    }

    [Fact]
    public async Task AShortWaitIsOnlyVerbose()
    {
        var server = new FakeServer(n => new HttpResponseMessage(n == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
        var log = new RecordingLog();

        await Send(server, log, Fast());

        Assert.Empty(log.WarningLines);
        Assert.Single(log.VerboseLines, l => l.StartsWith("Retrying GET /v1/who") && l.Contains("503"));
    }

    private static SessionOptions Fast() => new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(40),
    };
}
