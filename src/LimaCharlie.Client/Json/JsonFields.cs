using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LimaCharlie.Client.Json
{
    /// <summary>
    /// The one list of a model's JSON fields: each name with how it is read. <see cref="Read"/> makes one pass over an
    /// object, hands each named property to its reader and returns the others, for the model's additional properties.
    /// A name counts as the model's in any case (<c>SID</c> is not copied as additional) but is read only as written;
    /// a null value counts as absent. Where two names fill one property, the reader of the fallback uses <c>??=</c>,
    /// so the preferred name wins whatever their order.
    /// </summary>
    public sealed class JsonFields<T>
    {
        private readonly Dictionary<string, Action<T, JsonElement>> _readers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

        public JsonFields<T> On(string name, Action<T, JsonElement> read)
        {
            _readers.Add(name, read);
            _names.Add(name);
            return this;
        }

        /// <summary>Reads <paramref name="item"/> into <paramref name="target"/>; returns the properties no field names.</summary>
        public IDictionary<string, object?> Read(JsonElement item, T target)
        {
            var rest = new JsonDictionary();
            if (item.ValueKind != JsonValueKind.Object) return rest;
            foreach (var property in item.EnumerateObject())
            {
                var value = property.Value;
                if (_readers.TryGetValue(property.Name, out var read))
                {
                    if (value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)) read(target, value);
                }
                else if (!_names.Contains(property.Name))
                {
                    rest[property.Name] = JsonValues.ToObject(value);
                }
            }
            return rest;
        }
    }
}
