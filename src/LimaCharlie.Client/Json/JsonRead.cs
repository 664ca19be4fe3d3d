using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace LimaCharlie.Client.Json
{
    /// <summary>
    /// Tolerant readers for API answers whose shapes drift (numbers as strings, ids as strings, missing fields).
    /// </summary>
    public static class JsonRead
    {
        public static bool TryProperty(this JsonElement element, string name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) &&
                value.ValueKind != JsonValueKind.Null && value.ValueKind != JsonValueKind.Undefined)
                return true;
            value = default;
            return false;
        }

        public static string? String(this JsonElement element, string name) =>
            element.TryProperty(name, out var v) ? AsString(v) : null;

        public static string? AsString(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        };

        public static Guid? Guid(this JsonElement element, string name) =>
            element.TryProperty(name, out var v) ? AsGuid(v) : null;

        public static Guid? AsGuid(JsonElement v) => System.Guid.TryParse(AsString(v), out var g) ? g : null;

        public static int? Int(this JsonElement element, string name) =>
            element.TryProperty(name, out var v) ? AsInt(v) : null;

        public static int? AsInt(JsonElement v)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l)) return (int)Math.Clamp(l, int.MinValue, int.MaxValue);
            return int.TryParse(AsString(v), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        }

        public static long? Long(this JsonElement element, string name) =>
            element.TryProperty(name, out var v) ? AsLong(v) : null;

        public static long? AsLong(JsonElement v)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l)) return l;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)) return (long)d;
            return long.TryParse(AsString(v), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        }

        /// <summary>A number, or text holding one (some answers quote their figures).</summary>
        public static double? Double(this JsonElement element, string name)
        {
            if (!element.TryProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)) return d;
            return double.TryParse(AsString(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }

        public static bool? Bool(this JsonElement element, string name) =>
            element.TryProperty(name, out var v) ? AsBool(v) : null;

        public static bool? AsBool(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetInt64(out var n) ? n != 0 : null,
            JsonValueKind.String => bool.TryParse(v.GetString(), out var b) ? b : null,
            _ => null,
        };

        public static string[] Strings(this JsonElement element, string name)
        {
            if (!element.TryProperty(name, out var v)) return Array.Empty<string>();
            return StringArray(v);
        }

        public static string[] StringArray(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.Array => v.EnumerateArray().Select(AsString).Where(s => s is not null).Select(s => s!).ToArray(),
            JsonValueKind.String => new[] { v.GetString()! },
            _ => Array.Empty<string>(),
        };

        /// <summary>Every property of <paramref name="element"/>, as plain .NET values (a model's fields: <see cref="JsonFields{T}"/>).</summary>
        public static IDictionary<string, object?> Properties(this JsonElement element) =>
            element.ValueKind == JsonValueKind.Object ? (JsonDictionary)JsonValues.ToObject(element)! : new JsonDictionary();
    }
}
