using System;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace LimaCharlie.Client.Json
{
    /// <summary>
    /// The API's compressed payloads (<c>is_compressed=true</c>): a base64 string of gzip-compressed UTF-8 JSON.
    /// Decoded from the stream, without an intermediate string.
    /// </summary>
    public static class CompressedJson
    {
        /// <summary>A page's list of records (compressed or not); a page that is not one is reported as an invalid answer.</summary>
        public static JsonDocument OpenArray(JsonElement value, string path)
        {
            try
            {
                var doc = Open(value);
                if (doc.RootElement.ValueKind == JsonValueKind.Array) return doc;
                doc.Dispose();
                throw new InvalidDataException("the page's records are not a list.");
            }
            catch (InvalidDataException e)
            {
                throw Http.ApiErrors.InvalidResponse("GET", path, 200, e.Message, null);
            }
        }

        /// <summary>The JSON inside <paramref name="value"/> when it is a compressed string; else the value itself.</summary>
        public static JsonDocument Open(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return JsonDocument.Parse(value.GetRawText());
            byte[] packed;
            try
            {
                packed = value.GetBytesFromBase64();
            }
            catch (FormatException e)
            {
                throw new InvalidDataException("a compressed field is not base64.", e);
            }
            using var gzip = new GZipStream(new MemoryStream(packed, writable: false), CompressionMode.Decompress);
            try
            {
                return JsonDocument.Parse(gzip);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new InvalidDataException("a compressed field does not hold gzip-compressed JSON.", e);
            }
        }

        /// <summary>The other direction (hive and extension <c>gzdata</c>): UTF-8 JSON text, gzip-compressed, as base64.</summary>
        public static string Encode(string json)
        {
            var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(json);
                gzip.Write(bytes, 0, bytes.Length);
            }
            return Convert.ToBase64String(output.GetBuffer(), 0, (int)output.Length);
        }
    }
}
