using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LimaCharlie.Client.Json
{
    /// <summary>Turns JSON into plain .NET values: dictionaries, object arrays, strings, numbers, booleans.</summary>
    public static class JsonValues
    {
        public static object? ToObject(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new JsonDictionary();
                    foreach (var p in element.EnumerateObject()) map[p.Name] = ToObject(p.Value);
                    return map;
                case JsonValueKind.Array:
                    var list = new object?[element.GetArrayLength()];
                    var i = 0;
                    foreach (var item in element.EnumerateArray()) list[i++] = ToObject(item);
                    return list;
                case JsonValueKind.String: return element.GetString();
                // Not "? l : GetDouble()": that conditional's type is double, which would turn every integer into a double.
                case JsonValueKind.Number when element.TryGetInt64(out var l): return l;
                case JsonValueKind.Number: return element.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    }
}
