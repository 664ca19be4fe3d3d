namespace LimaCharlie.Emulator.Api;

/// <summary>Registers every API area; new areas (sensors, hive...) add their <c>Map...</c> call here.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapLimaCharlieApi(this IEndpointRouteBuilder routes) =>
        routes
            .MapJwt()
            .MapIdentity()
            .MapOrganizations();
}
