using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;
using Microsoft.AspNetCore.Http.Features;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The live stream (sdk/spout.py, stream-tmp.limacharlie.io): <c>POST /{oid}</c> of the services host with a form
/// (<c>type</c> = event, detect, audit, deployment or billing; <c>jwt</c> or <c>api_key</c>; filters <c>sid</c>,
/// <c>tag</c>, <c>cat</c>, <c>inv_id</c>), or a Bearer JWT instead of <c>jwt</c>. Answers 200
/// <c>application/x-ndjson</c> that does not end: <c>{"__trace":"connected"}</c>, then the org's records as they fall
/// due (record n of a type is due n / rate seconds after the first connection of that type, so a connection starts
/// with the first record not yet due: what fell due while nobody listened is not replayed), the records other parts of
/// the emulator publish (<see cref="EmulatorState.PublishLive"/>), and <c>{"__trace":"keepalive"}</c> when idle.
/// A refused caller gets the plain-text line <c>error: unauthorized</c> the SDK looks for, with status 200 as the
/// service does. Rate, count and faults: <see cref="LiveStreamSettings"/>.
/// </summary>
internal static class LiveStreamEndpoints
{
    public const double DefaultRatePerSecond = 10;
    public const double DefaultKeepAliveSeconds = 60;

    private const int BatchRecords = 512;
    private const int BatchBytes = 64 * 1024;

    private static readonly string[] Types = ["event", "detect", "audit", "deployment", "billing"];
    private static readonly string[] AuditTypes = ["user_login", "sensor_tagged", "rule_set", "output_created"];
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public static IEndpointRouteBuilder MapLiveStream(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(EmulatorPaths.Services + "/{oid}", Stream);
        return routes;
    }

    private static async Task Stream(string oid, HttpContext context, RequestParams parameters, EmulatorState state, TokenService tokens)
    {
        var type = parameters.GetNonEmpty("type") ?? "event";
        if (!Types.Contains(type))
        {
            throw EmulatorException.BadRequest($"invalid type '{type}': one of {string.Join(", ", Types)}");
        }

        var org = state.RequireOrg(oid);
        var response = context.Response;
        response.ContentType = "application/x-ndjson";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = context.RequestAborted;
        var expires = Allowed(context, parameters, state, tokens, org.Oid);
        if (expires is null)
        {
            await response.WriteAsync("error: unauthorized\n", ct);
            return;
        }

        var subscriber = new LiveSubscriber(type, parameters.GetNonEmpty("sid")?.ToLowerInvariant(), parameters.GetNonEmpty("tag"),
            parameters.GetNonEmpty("cat"), parameters.GetNonEmpty("inv_id"));
        var (settings, startTicks, joinedTicks, refuse) = state.OpenLive(org.Oid, subscriber);
        if (refuse)
        {
            await response.WriteAsync(settings.RefuseLine + "\n", ct);
            return;
        }

        var connection = new LiveConnection(state, org.Oid, subscriber, settings, startTicks, joinedTicks, expires.Value, response);
        try
        {
            await connection.RunAsync(context, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            state.CloseLive(org.Oid, subscriber, connection.Sent, connection.Dropped, connection.Segment);
        }
    }

    /// <summary>When the caller's credential stops being good (Unix ms; long.MaxValue for an API key), or null when refused.</summary>
    private static long? Allowed(HttpContext context, RequestParams parameters, EmulatorState state, TokenService tokens, string oid)
    {
        try
        {
            Caller caller;
            if (parameters.GetNonEmpty("jwt") is { } jwt)
            {
                caller = new Caller(tokens.Validate(jwt));
            }
            else if (parameters.GetNonEmpty("api_key") is { } key)
            {
                return state.FindKeyBySecret(key) is { Revoked: false } found && found.Oid == oid ? long.MaxValue : null;
            }
            else
            {
                caller = Caller.Authenticate(context, tokens);
            }

            return caller.PermissionsFor(oid) is not null ? caller.Claims.ExpiresAt * 1000 : null;
        }
        catch (EmulatorException)
        {
            return null;
        }
    }

    /// <summary>One open connection: writes its records in batches, waits for the next due record, a published one or the keep-alive.</summary>
    private sealed class LiveConnection(EmulatorState state, string oid, LiveSubscriber subscriber, LiveStreamSettings settings, long startTicks,
        long joinedTicks, long tokenExpiresMs, HttpResponse response)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(BatchBytes * 2);
        private readonly double _rate = settings.RatePerSecond ?? DefaultRatePerSecond;
        private readonly long _total = settings.Total ?? long.MaxValue;
        private readonly TimeSpan _keepAlive = TimeSpan.FromSeconds(settings.KeepAliveSeconds ?? DefaultKeepAliveSeconds);
        private readonly IReadOnlyList<Sensor> _sensors = state.Sensors(oid);
        private long _next;
        private int _pending;

        public long Sent { get; private set; }

        public long Dropped { get; private set; }

        private DateTimeOffset _openedAt;
        private long _first;
        private long _last;
        private long _count;

        public LiveSegment Segment => new(_openedAt, subscriber.Type, _first, _last, _count, Dropped);

        public async Task RunAsync(HttpContext context, CancellationToken ct)
        {
            _openedAt = state.Time.GetUtcNow();
            var opened = state.Time.GetTimestamp();
            var lastWrite = opened;
            _next = Math.Min(DueCount(joinedTicks), _total) + 1;
            Line(new JsonObject { ["__trace"] = "connected" });
            foreach (var extra in settings.ExtraLines ?? [])
            {
                Raw(extra);
            }

            await FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var now = state.Time.GetTimestamp();
                if (settings.CloseEverySeconds is { } seconds && state.Time.GetElapsedTime(opened, now).TotalSeconds >= seconds
                    || settings.CutAfterRecords is { } most && Sent >= most
                    || settings.CloseOnTokenExpiry && state.Time.GetUtcNow().ToUnixTimeMilliseconds() >= tokenExpiresMs)
                {
                    await EndAsync(context, ct);
                    return;
                }

                while (subscriber.Published.TryDequeue(out var published))
                {
                    Record(published);
                }

                var due = Math.Min(DueCount(now), _total);
                if (settings.SlowConsumerLag is { } lag && due - _next + 1 > lag)
                {
                    var skipped = due - lag - _next + 1;
                    _next += skipped;
                    Dropped += skipped;
                    Line(new JsonObject { ["__trace"] = "dropped", ["n"] = skipped });
                }

                while (_next <= due && _pending < BatchRecords && _buffer.WrittenCount < BatchBytes && !Reached())
                {
                    Generated(_next++);
                }

                if (_buffer.WrittenCount > 0)
                {
                    await FlushAsync(ct);
                    lastWrite = state.Time.GetTimestamp();
                    continue;
                }

                var wait = _keepAlive - state.Time.GetElapsedTime(lastWrite);
                if (_next <= _total && _rate > 0)
                {
                    var dueIn = TimeSpan.FromSeconds(_next / _rate) - state.Time.GetElapsedTime(startTicks);
                    wait = dueIn < wait ? dueIn : wait;
                }

                if (settings.CloseEverySeconds is { } closeAfter)
                {
                    var closeIn = TimeSpan.FromSeconds(closeAfter) - state.Time.GetElapsedTime(opened);
                    wait = closeIn < wait ? closeIn : wait;
                }

                if (wait <= TimeSpan.Zero)
                {
                    if (state.Time.GetElapsedTime(lastWrite) >= _keepAlive)
                    {
                        Line(new JsonObject { ["__trace"] = "keepalive" });
                        await FlushAsync(ct);
                        lastWrite = state.Time.GetTimestamp();
                    }

                    continue;
                }

                // At most a second, so a token expiry or a setting is noticed.
                await subscriber.Signal.WaitAsync(wait < TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), ct);
            }
        }

        private bool Reached() => settings.CutAfterRecords is { } most && Sent >= most;

        /// <summary>Generated records of the type due by <paramref name="now"/> since the schedule started.</summary>
        private long DueCount(long now) => _rate <= 0 ? 0 : (long)Math.Floor(state.Time.GetElapsedTime(startTicks, now).TotalSeconds * _rate);

        private async Task EndAsync(HttpContext context, CancellationToken ct)
        {
            if (!settings.CutMidLine)
            {
                await FlushAsync(ct);
                return;
            }

            var before = _buffer.WrittenCount;
            var whole = (Sent, _first, _last, _count);
            Generated(_next);
            (Sent, _first, _last, _count) = whole;
            var half = (_buffer.WrittenCount - before) / 2;
            await response.Body.WriteAsync(_buffer.WrittenMemory[..(before + half)], ct);
            await response.Body.FlushAsync(ct);
            // Time for the client to read what was sent whole before the abort resets the connection.
            await Task.Delay(50, ct);
            context.Abort();
        }

        private void Generated(long n)
        {
            var sensor = _sensors.Count == 0 ? null : _sensors[(int)((n - 1) % _sensors.Count)];
            if (subscriber.Sid is { } sid && sensor?.Sid != sid
                || subscriber.Tag is { } tag && (sensor is null || !sensor.Tags.ContainsKey(tag))
                || subscriber.InvestigationId is not null)
            {
                return;
            }

            var now = state.Time.GetUtcNow().ToUnixTimeMilliseconds();
            using var json = new Utf8JsonWriter(_buffer);
            switch (subscriber.Type)
            {
                case "detect":
                    var cat = EmulatorState.DefaultDetectionCategories[(int)((n - 1) % EmulatorState.DefaultDetectionCategories.Count)];
                    if (subscriber.Category is { } wanted && wanted != cat)
                    {
                        return;
                    }

                    json.WriteStartObject();
                    json.WriteString("detect_id", Guid.CreateVersion7().ToString());
                    json.WriteString("cat", cat);
                    json.WriteString("source", $"{oid}.{sensor?.Sid}");
                    json.WriteString("source_rule", $"general.{cat}");
                    json.WriteString("namespace", "general");
                    json.WriteString("author", "emulator@limacharlie.io");
                    json.WriteNumber("ts", now);
                    json.WriteStartObject("detect");
                    json.WriteNumber("n", n);
                    json.WriteEndObject();
                    json.WriteStartObject("detect_mtd");
                    json.WriteEndObject();
                    Routing(json, sensor, cat == "dns-exfil" ? "DNS_REQUEST" : "NEW_PROCESS", n, now);
                    json.WriteEndObject();
                    break;
                case "audit":
                    var etype = AuditTypes[(int)((n - 1) % AuditTypes.Length)];
                    json.WriteStartObject();
                    json.WriteString("ts", DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                    json.WriteNumber("time", now);
                    json.WriteString("etype", etype);
                    json.WriteString("ident", "emulator@limacharlie.io");
                    json.WriteString("msg", $"{etype} #{n}");
                    json.WriteStartObject("entity");
                    if (sensor is not null)
                    {
                        json.WriteString("sid", sensor.Sid);
                    }

                    json.WriteEndObject();
                    json.WriteStartObject("mtd");
                    json.WriteNumber("n", n);
                    json.WriteEndObject();
                    json.WriteString("oid", oid);
                    json.WriteEndObject();
                    break;
                default:
                    var eventType = subscriber.Type == "event"
                        ? EmulatorState.DefaultTelemetryTypes[(int)((n - 1) % EmulatorState.DefaultTelemetryTypes.Count)]
                        : subscriber.Type.ToUpperInvariant();
                    json.WriteStartObject();
                    Routing(json, sensor, eventType, n, now);
                    json.WriteStartObject("event");
                    json.WriteNumber("n", n);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    break;
            }

            json.Flush();
            _buffer.Write(Newline);
            _pending++;
            Sent++;
            _first = _first == 0 ? n : _first;
            _last = n;
            _count++;
        }

        private void Routing(Utf8JsonWriter json, Sensor? sensor, string eventType, long n, long now)
        {
            json.WriteStartObject("routing");
            json.WriteString("oid", oid);
            if (sensor is not null)
            {
                json.WriteString("sid", sensor.Sid);
                json.WriteString("hostname", sensor.Hostname);
            }

            json.WriteString("event_type", eventType);
            json.WriteNumber("event_time", now);
            json.WriteString("this", n.ToString("x16", CultureInfo.InvariantCulture));
            json.WriteString("event_id", Guid.NewGuid().ToString());
            json.WriteEndObject();
        }

        private void Record(JsonObject record)
        {
            Line(record);
            Sent++;
        }

        private void Line(JsonObject line)
        {
            using (var json = new Utf8JsonWriter(_buffer))
            {
                line.WriteTo(json);
            }

            _buffer.Write(Newline);
            _pending++;
        }

        private void Raw(string line) => _buffer.Write(Encoding.UTF8.GetBytes(line + "\n"));

        private async Task FlushAsync(CancellationToken ct)
        {
            if (_buffer.WrittenCount > 0)
            {
                await response.Body.WriteAsync(_buffer.WrittenMemory, ct);
                _buffer.ResetWrittenCount();
            }

            _pending = 0;
            await response.Body.FlushAsync(ct);
        }
    }
}
