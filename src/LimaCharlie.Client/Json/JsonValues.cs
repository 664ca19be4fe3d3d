using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LimaCharlie.Client.Json
{
    /// <summary>Turns JSON into plain .NET values: dictionaries, object arrays, strings, numbers, booleans.</summary>
    public static class JsonValues
    {
        public static object? ToObject(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject()
                .Aggregate(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase), (d, p) => { d[p.Name] = ToObject(p.Value); return d; }),
            JsonValueKind.Array => element.EnumerateArray().Select(ToObject).ToArray(),
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

        public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    }
}
