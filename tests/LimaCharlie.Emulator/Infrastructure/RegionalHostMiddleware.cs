using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Keeps the two listeners apart as the cloud's hosts are: the regional search host serves only <c>/v1/search...</c>
/// (and the control API), the API host everything but it. A request to the wrong host answers 404.
/// </summary>
public sealed class RegionalHostMiddleware(RequestDelegate next, EmulatorState state)
{
    public const string SearchPath = "/v1/search";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!EmulatorPaths.IsControl(path))
        {
            var onSearchHost = state.SearchUrl is { } search && context.Connection.LocalPort == search.Port;
            var isSearchPath = path.StartsWithSegments(SearchPath, StringComparison.OrdinalIgnoreCase);
            if (onSearchHost && !isSearchPath)
            {
                throw EmulatorException.NotFound("the search host serves only /v1/search");
            }

            if (!onSearchHost && isSearchPath)
            {
                throw EmulatorException.NotFound("search is served by the regional search host (url.search of /v1/orgs/{oid}/url)");
            }
        }

        return next(context);
    }
}
