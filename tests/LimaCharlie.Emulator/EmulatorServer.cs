using System.Net;
using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Control;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace LimaCharlie.Emulator;

/// <summary>
/// An emulated LimaCharlie cloud listening on 127.0.0.1: the JWT endpoint at <c>/</c>, the REST API under
/// <c>/v1/</c> and the test control API under <c>/_emu/</c>; the regional search host and the other service hosts
/// (replay, cases, stream, downloads) on two more listeners. Several servers may run in one process, each with
/// its own <see cref="State"/> and signing key.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, EmulatorState state, Uri baseUrl, Uri searchUrl, Uri servicesUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
        SearchUrl = searchUrl;
        ServicesUrl = servicesUrl;
    }

    /// <summary>Base URL of the emulator, e.g. <c>http://127.0.0.1:41234/</c> (JWT URL and API root alike).</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// Root of the regional search service on the second listener, e.g. <c>http://127.0.0.1:41235/</c>: what
    /// <c>GET /v1/orgs/{oid}/url</c> announces as <c>url.search</c>.
    /// </summary>
    public Uri SearchUrl { get; }

    /// <summary>
    /// Root of the third listener, e.g. <c>http://127.0.0.1:41236/</c>: the replay and cases hosts of
    /// <c>GET /v1/orgs/{oid}/url</c> (<c>url.replay</c>, <c>url.cases</c>), and the live stream and downloads hosts,
    /// which are fixed in the cloud (a client is pointed here by its own setting).
    /// </summary>
    public Uri ServicesUrl { get; }

    /// <summary>The emulated cloud, for in-process seeding and inspection.</summary>
    public EmulatorState State { get; }

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        var state = new EmulatorState(options);
        var listeners = new Listeners();
        var app = Build(options, state, listeners);
        await app.StartAsync();

        // Kestrel writes the bound port back into each ListenOptions, so port 0 resolves per listener.
        var baseUrl = new Uri($"http://127.0.0.1:{listeners.Api!.IPEndPoint!.Port}/");
        var searchUrl = new Uri($"http://127.0.0.1:{listeners.Search!.IPEndPoint!.Port}/");
        state.BaseUrl = baseUrl;
        var servicesUrl = new Uri($"http://127.0.0.1:{listeners.Services!.IPEndPoint!.Port}/");
        state.SearchUrl = searchUrl;
        state.ServicesUrl = servicesUrl;
        return new EmulatorServer(app, state, baseUrl, searchUrl, servicesUrl);
    }

    private sealed class Listeners
    {
        public Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? Api { get; set; }
        public Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? Search { get; set; }

        public Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? Services { get; set; }
    }

    /// <summary>The route templates the running emulator answers (API and control), e.g. <c>/v1/configs/{oid}/{name}</c>.</summary>
    internal IReadOnlyList<string> RoutePatterns =>
        ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "").ToArray();

    internal IServiceProvider Services => _app.Services;

    /// <summary>Completes when the host is asked to stop (SIGTERM/Ctrl+C with <see cref="EmulatorOptions.HandleConsoleSignals"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static WebApplication Build(EmulatorOptions options, EmulatorState state, Listeners listeners)
    {
        // The empty builder reads no appsettings/environment and watches no files: cheap to start many times.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listeners.Api = listen);
            kestrel.Listen(IPAddress.Loopback, options.SearchPort, listen => listeners.Search = listen);
            kestrel.Listen(IPAddress.Loopback, options.ServicesPort, listen => listeners.Services = listen);
            kestrel.AddServerHeader = false;
        });

        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddRouting();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<TokenIssuer>();
        if (!options.HandleConsoleSignals)
        {
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NoopHostLifetime>();
        }

        var app = builder.Build();
        app.UseMiddleware<RequestRecordingMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<RegionalHostMiddleware>();
        app.UseJsonStatusCodePages();
        app.UseMiddleware<FaultMiddleware>();
        app.UseRouting();
        app.MapLimaCharlieApi();
        app.MapControl();
        return app;
    }
}
