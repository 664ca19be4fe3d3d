using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Registers every API area of this namespace (<see cref="RouteAreas"/>): a file with a static class and a
/// <c>public static IEndpointRouteBuilder MapX(this IEndpointRouteBuilder routes)</c> is an area; nothing to list here.
/// </summary>
/// <remarks>
/// The sensor areas own the catch-all <c>/v1/{sid}[/tags|/isolation|/seal]</c> routes; routes with a literal
/// segment in the same position (<c>/v1/who</c>, <c>/v1/orgs/...</c>) take precedence over them whatever the order of
/// registration (endpoint routing ranks templates, not registrations).
/// </remarks>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapLimaCharlieApi(this IEndpointRouteBuilder routes) =>
        RouteAreas.MapAll(routes, typeof(ApiEndpoints).Namespace!, typeof(ApiEndpoints));
}
