namespace LimaCharlie.Emulator.Api;

/// <summary>Registers every API area; new areas (hive...) add their <c>Map...</c> call here.</summary>
/// <remarks>
/// The sensor areas own the catch-all <c>/v1/{sid}[/tags|/isolation|/seal]</c> routes; routes with a literal
/// segment in the same position (<c>/v1/who</c>, <c>/v1/orgs/...</c>) take precedence over them.
/// </remarks>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapLimaCharlieApi(this IEndpointRouteBuilder routes) =>
        routes
            .MapJwt()
            .MapIdentity()
            .MapOrganizations()
            .MapOrgAdmin()
            .MapSensors()
            .MapSensorTags()
            .MapSensorTasks()
            .MapInstallationKeys()
            .MapHive()
            .MapOutputs()
            .MapOrgValues()
            .MapInsight()
            .MapIocs()
            .MapSearch()
            .MapAccess()
            .MapGroups()
            .MapExtensions()
            .MapArtifacts()
            .MapPayloads()
            .MapSignedUrls()
            .MapCloudSec()
            .MapReplay()
            .MapCases()
            .MapDownloads()
            .MapLiveStream();
}
