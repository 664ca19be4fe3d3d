using System;
using System.Globalization;
using System.Text.Json;

namespace LimaCharlie.Client.Json
{
    /// <summary>Times as the API writes them: "YYYY-MM-DD HH:MM:SS" in UTC, ISO 8601, or Unix seconds/milliseconds.</summary>
    public static class JsonTimes
    {
        private static readonly string[] Formats = { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd" };

        public static DateTimeOffset? Time(this JsonElement element, string name) =>
            element.TryProperty(name, out var v) ? AsTime(v) : null;

        /// <summary>A time given as Unix seconds or milliseconds (number or digits), or as text in one of the API's formats.</summary>
        public static DateTimeOffset? AsTime(JsonElement v)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return FromUnix(n);
            var text = JsonRead.AsString(v);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var digits)) return FromUnix(digits);
            return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var t)
                ? t
                : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t) ? t : null;
        }

        /// <summary>Unix seconds, or milliseconds when the number is too large to be seconds.</summary>
        public static DateTimeOffset? FromUnix(long value)
        {
            if (value <= 0) return null;
            return value > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
        }
    }
}
