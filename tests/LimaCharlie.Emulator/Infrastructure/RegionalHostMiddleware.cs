using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Keeps the listeners apart as the cloud's hosts are: the regional search host serves only <c>/v1/search...</c>, the
/// services host (replay, cases, stream, downloads) only its own routes, which are mapped under
/// <see cref="EmulatorPaths.Services"/>, and the API host everything else. The control API answers on every listener.
/// A request to the wrong host answers 404.
/// </summary>
public sealed class RegionalHostMiddleware(RequestDelegate next, EmulatorState state)
{
    public const string SearchPath = "/v1/search";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!EmulatorPaths.IsControl(path))
        {
            var port = context.Connection.LocalPort;
            var onSearchHost = state.SearchUrl is { } search && port == search.Port;
            var onServicesHost = state.ServicesUrl is { } services && port == services.Port;
            var isSearchPath = path.StartsWithSegments(SearchPath, StringComparison.OrdinalIgnoreCase);
            if (onServicesHost)
            {
                EmulatorPaths.RouteUnderServices(context);
            }
            else if (path.StartsWithSegments(EmulatorPaths.Services, StringComparison.OrdinalIgnoreCase))
            {
                throw EmulatorException.NotFound("not found");
            }
            else if (onSearchHost && !isSearchPath)
            {
                throw EmulatorException.NotFound("the search host serves only /v1/search");
            }
            else if (!onSearchHost && isSearchPath)
            {
                throw EmulatorException.NotFound("search is served by the regional search host (url.search of /v1/orgs/{oid}/url)");
            }
        }

        return next(context);
    }
}
