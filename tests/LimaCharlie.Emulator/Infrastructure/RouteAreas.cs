using System.Reflection;
using System.Runtime.CompilerServices;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// The route areas of a namespace, found rather than listed: every <c>public static TBuilder MapX(this TBuilder routes)</c>
/// of a static class in that namespace. A new area registers itself by being such a method in such a file; a public
/// static <c>Map...</c> method of another shape stops the emulator with the shape it must have.
/// </summary>
internal static class RouteAreas
{
    public static IReadOnlyList<MethodInfo> Find<TBuilder>(string areaNamespace, Type registrar)
    {
        var candidates = typeof(RouteAreas).Assembly.GetTypes()
            .Where(t => t.Namespace == areaNamespace && t.IsAbstract && t.IsSealed && t != registrar)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Map", StringComparison.Ordinal))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();
        foreach (var method in candidates)
        {
            if (!(method.IsDefined(typeof(ExtensionAttribute)) && method.ReturnType == typeof(TBuilder)
                && method.GetParameters() is [var only] && only.ParameterType == typeof(TBuilder)))
            {
                throw new InvalidOperationException(
                    $"{method.DeclaringType!.FullName}.{method.Name} is not a route area: it must be 'public static {typeof(TBuilder).Name} {method.Name}(this {typeof(TBuilder).Name} routes)'.");
            }
        }
        return candidates;
    }

    public static TBuilder MapAll<TBuilder>(TBuilder routes, string areaNamespace, Type registrar)
        where TBuilder : notnull
    {
        foreach (var map in Find<TBuilder>(areaNamespace, registrar)) map.Invoke(null, new object[] { routes });
        return routes;
    }
}
