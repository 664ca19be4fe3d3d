namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>The URL spaces of the emulator host.</summary>
public static class EmulatorPaths
{
    /// <summary>The JWT endpoint (jwt.limacharlie.io is served at the root of the emulator).</summary>
    public const string Jwt = "/";

    /// <summary>The REST API (api.limacharlie.io/v1).</summary>
    public const string Api = "/v1";

    /// <summary>Test control endpoints: no auth, never faulted, never recorded.</summary>
    public const string Control = "/_emu";

    /// <summary>
    /// Where the routes of the services listener live: a request to that listener's <c>/x</c> is routed as
    /// <c>/_services/x</c>, so its root (replay) and its <c>/{oid}</c> (stream) do not meet the JWT endpoint and the API.
    /// </summary>
    public const string Services = "/_services";

    private const string AsSentKey = "emu.path-as-sent";

    /// <summary>The path as the client sent it, before the services listener's requests were routed under <see cref="Services"/>.</summary>
    public static PathString AsSent(HttpContext context) =>
        context.Items.TryGetValue(AsSentKey, out var path) && path is PathString sent ? sent : context.Request.Path;

    internal static void RouteUnderServices(HttpContext context)
    {
        context.Items[AsSentKey] = context.Request.Path;
        context.Request.Path = new PathString(Services).Add(context.Request.Path);
    }

    public static bool IsControl(PathString path) => path.StartsWithSegments(Control, StringComparison.OrdinalIgnoreCase);

    public static bool IsJwt(PathString path) => !path.HasValue || path.Value == Jwt;
}
