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

    public static bool IsControl(PathString path) => path.StartsWithSegments(Control, StringComparison.OrdinalIgnoreCase);

    public static bool IsJwt(PathString path) => !path.HasValue || path.Value == Jwt;
}
