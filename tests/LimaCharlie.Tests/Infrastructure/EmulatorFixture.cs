using LimaCharlie.Client;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.State;
using Xunit;

namespace LimaCharlie.Tests.Infrastructure;

/// <summary>
/// One in-process emulator per test class (<c>IClassFixture&lt;EmulatorFixture&gt;</c>). Test classes do not share an
/// emulator, so they can run in parallel even though faults, token lifetime and counters are global to one emulator.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");
    public EmulatorState State => Server.State;
    public Uri BaseUrl => Server.BaseUrl;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>An organization with an organization API key, seeded straight into the emulator's state.</summary>
public sealed record SeededOrg(Guid Oid, string Name, string Secret, string KeyId)
{
    public ApiCredential Credential(string source = "test") => new(Oid, null, ApiCredential.Secure(Secret), source);
}

/// <summary>A user with a user API key and access to some organizations.</summary>
public sealed record SeededUser(string Uid, string Email, string Secret, string KeyId, IReadOnlyList<Guid> Orgs)
{
    public ApiCredential Credential(Guid? oid = null, string source = "test") => new(oid, Uid, ApiCredential.Secure(Secret), source);
}

/// <summary>
/// Base of the test classes that talk to an emulator: every test starts from a reset emulator (xunit makes one
/// instance per test, and the tests of one class run one after the other) and gets seeding and connection helpers.
/// </summary>
public abstract class EmulatorTest : IClassFixture<EmulatorFixture>
{
    private static int _names;

    protected EmulatorTest(EmulatorFixture emulator)
    {
        Emulator = emulator;
        State.Reset();
        // A request abandoned by an earlier test (timeout, cancellation) may be recorded after the reset; requests are
        // numbered on arrival, so this test sees only those that arrived after this point.
        _firstSeq = State.RequestLog.NextSequence();
    }

    private readonly long _firstSeq;

    protected EmulatorFixture Emulator { get; }
    protected EmulatorState State => Emulator.State;
    protected Uri BaseUrl => Emulator.BaseUrl;

    /// <summary>Short delays and a bounded budget, so retry tests stay fast; a test changes what it needs.</summary>
    protected static SessionOptions FastOptions(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            RetryBudget = TimeSpan.FromSeconds(10),
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    protected static string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    protected SeededOrg SeedOrg(string? name = null, IEnumerable<string>? perms = null)
    {
        var org = State.CreateOrg(name ?? UniqueName("org"));
        var key = State.CreateOrgKey(org.Oid, perms: perms);
        return new SeededOrg(Guid.Parse(org.Oid), org.Name, key.Secret, key.Id);
    }

    protected SeededUser SeedUser(int organizations = 1, string? namePrefix = null)
    {
        var user = State.CreateUser($"{UniqueName("user")}@example.com");
        var orgs = new List<Guid>();
        for (var i = 0; i < organizations; i++)
        {
            var org = State.CreateOrg($"{namePrefix ?? UniqueName("user-org")}-{i:D3}");
            State.GrantOrg(user.Uid, org.Oid);
            orgs.Add(Guid.Parse(org.Oid));
        }
        var key = State.CreateUserKey(user.Uid);
        return new SeededUser(user.Uid, user.Email, key.Secret, key.Id, orgs);
    }

    protected LcConnection Connect(ApiCredential credential, SessionOptions? options = null) =>
        new(credential, new LcEndpoints(BaseUrl, BaseUrl), options ?? FastOptions(), "LimaCharlie.Tests");

    protected static LcRequest Who(Guid oid) => new(HttpMethod.Get, "v1/who", TokenTarget.Organization(oid));

    protected static Task<System.Text.Json.JsonElement> CallWho(LcConnection connection, Guid oid, ILcLog? log = null,
        CancellationToken ct = default) => connection.SendAsync(Who(oid), log ?? NullLog.Instance, ct);

    protected string AddFault(FaultSpec spec) => State.AddFault(spec);

    /// <summary>The requests of this test, in the order they arrived.</summary>
    protected IReadOnlyList<RequestRecord> Requests => State.Requests.Where(r => r.Seq > _firstSeq).OrderBy(r => r.Seq).ToList();

    /// <summary>Recorded requests to the REST API (the JWT endpoint excluded), optionally of one path.</summary>
    protected IReadOnlyList<RequestRecord> ApiRequests(string? path = null) =>
        Requests.Where(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal) && (path is null || r.Path == path)).ToList();

    /// <summary>Recorded requests to the JWT endpoint.</summary>
    protected IReadOnlyList<RequestRecord> MintRequests() => Requests.Where(r => r.Path == "/").ToList();
}
