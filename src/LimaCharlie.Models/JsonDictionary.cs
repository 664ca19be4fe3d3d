using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LimaCharlie
{
    /// <summary>
    /// A JSON object of an API answer as a dictionary (keys case-insensitive). Its text is the object as compact JSON, so
    /// an Export-Csv cell or a string shows the content rather than a type name.
    /// </summary>
    public sealed class JsonDictionary : Dictionary<string, object?>
    {
        private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

        public JsonDictionary() : base(StringComparer.OrdinalIgnoreCase) { }

        public JsonDictionary(int capacity) : base(capacity, StringComparer.OrdinalIgnoreCase) { }

        public override string ToString()
        {
            try
            {
                return JsonSerializer.Serialize<Dictionary<string, object?>>(this, Compact);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
            {
                return $"{{{Count} fields}}";
            }
        }
    }
}
