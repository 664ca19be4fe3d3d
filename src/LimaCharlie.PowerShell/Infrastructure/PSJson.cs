using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Converts between JSON and what PowerShell users hold: PSCustomObjects, hashtables, arrays.</summary>
    internal static class PSJson
    {
        /// <summary>JSON as ConvertFrom-Json would give it: objects become PSCustomObjects.</summary>
        public static object? ToPSObject(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => ToCustomObject(element),
            JsonValueKind.Array => element.EnumerateArray().Select(ToPSObject).ToArray(),
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.TryGetDecimal(out var m) ? m : element.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

        private static PSObject ToCustomObject(JsonElement element)
        {
            var result = new PSObject();
            foreach (var p in element.EnumerateObject())
            {
                if (result.Properties[p.Name] is null) result.Properties.Add(new PSNoteProperty(p.Name, ToPSObject(p.Value)));
            }
            return result;
        }

        /// <summary>A PowerShell value as plain .NET data (dictionaries, lists, scalars) ready for System.Text.Json.</summary>
        public static object? ToPlain(object? value, int depth = 0)
        {
            if (depth > 64) throw new ArgumentException("The object is nested more than 64 levels deep; it cannot be sent as JSON.");
            value = value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;
            switch (value)
            {
                case null: return null;
                case string or bool or char or Guid: return value is Guid g ? g.ToString() : value;
                case DateTime dt: return dt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
                case DateTimeOffset dto: return dto.ToString("o", CultureInfo.InvariantCulture);
                case Enum e: return e.ToString();
                case JsonElement je: return je;
                case System.Security.SecureString secret: return LimaCharlie.Client.Credentials.SecureText.Use(secret, plain => plain);
                case IDictionary dict:
                    var map = new Dictionary<string, object?>();
                    foreach (DictionaryEntry entry in dict) map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = ToPlain(entry.Value, depth + 1);
                    return map;
                case PSObject custom:
                    var props = new Dictionary<string, object?>();
                    foreach (var p in custom.Properties) props[p.Name] = ToPlain(p.Value, depth + 1);
                    return props;
                case IEnumerable list:
                    return list.Cast<object?>().Select(item => ToPlain(item, depth + 1)).ToList();
                default:
                    return value.GetType().IsPrimitive || value is decimal ? value : Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        public static string Serialize(object? value) =>
            value is string s ? s : JsonSerializer.Serialize(ToPlain(value));

        /// <summary>
        /// Form or query pairs from a hashtable: arrays become repeated keys, booleans "true"/"false", times Unix
        /// seconds, nested objects a JSON string (how the API takes nested data in forms).
        /// </summary>
        public static List<KeyValuePair<string, string>> ToPairs(IDictionary? table)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            if (table is null) return pairs;
            foreach (DictionaryEntry entry in table)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                var value = entry.Value is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : entry.Value;
                if (value is not string && value is not IDictionary && value is IEnumerable items && value is not PSObject)
                    foreach (var item in items) pairs.Add(new(key, Scalar(item)));
                else
                    pairs.Add(new(key, Scalar(value)));
            }
            return pairs;
        }

        private static string Scalar(object? value)
        {
            value = value is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : value;
            return value switch
            {
                null => string.Empty,
                string s => s,
                bool b => b ? "true" : "false",
                System.Security.SecureString secret => LimaCharlie.Client.Credentials.SecureText.Use(secret, plain => plain),
                DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Local) : dt)
                    .ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                DateTimeOffset dto => dto.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                IDictionary or PSObject => Serialize(value),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }
    }
}
