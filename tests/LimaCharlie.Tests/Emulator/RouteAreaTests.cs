using System.Reflection;
using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Xunit;

namespace LimaCharlie.Tests.Emulator;

/// <summary>The emulator's API areas register themselves: every area file's routes are live without a list naming it.</summary>
public class RouteAreaTests : EmulatorTest
{
    public RouteAreaTests(EmulatorFixture emulator) : base(emulator) { }

    public static TheoryData<string> Areas()
    {
        var data = new TheoryData<string>();
        foreach (var area in FindApiAreas()) data.Add($"{area.DeclaringType!.Name}.{area.Name}");
        return data;
    }

    private static IReadOnlyList<MethodInfo> FindApiAreas() =>
        RouteAreas.Find<IEndpointRouteBuilder>(typeof(ApiEndpoints).Namespace!, typeof(ApiEndpoints));

    [Fact]
    public void EveryAreaFileOfTheApiFolderIsFound()
    {
        // Each static class of the namespace that declares a Map method is an area (views and helpers declare none).
        var withMap = typeof(ApiEndpoints).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ApiEndpoints).Namespace && t.IsAbstract && t.IsSealed && t != typeof(ApiEndpoints))
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name.StartsWith("Map", StringComparison.Ordinal)))
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.True(withMap.Length >= 20, $"only {withMap.Length} areas: {string.Join(", ", withMap)}");
        Assert.Equal(withMap, FindApiAreas().Select(m => m.DeclaringType!.Name).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Areas))]
    public void TheAreasRoutesAreServed(string area)
    {
        var map = FindApiAreas().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == area);
        var alone = new RecordingRoutes(Emulator.Server.Services);
        map.Invoke(null, new object[] { alone });
        var own = alone.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToArray();

        Assert.NotEmpty(own);
        Assert.All(own, pattern => Assert.Contains(pattern, Emulator.Server.RoutePatterns));
    }

    /// <summary>A route builder of its own, so one area's routes can be told apart from the others'.</summary>
    private sealed class RecordingRoutes : IEndpointRouteBuilder
    {
        public RecordingRoutes(IServiceProvider services) => ServiceProvider = services;

        public IServiceProvider ServiceProvider { get; }

        public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
    }
}
