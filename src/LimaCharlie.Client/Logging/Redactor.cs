using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LimaCharlie.Client.Logging
{
    /// <summary>Removes secrets (API keys, JWTs, installation keys) from anything the module may print.</summary>
    public static class Redactor
    {
        public const string Mask = "***";

        private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "secret", "api_key", "apikey", "jwt", "token", "access_token", "id_token", "refresh_token", "password",
            "key", "json_key", "fb_auth", "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
            // secrets of org config values, outputs and the secret hive
            "value", "secret_key", "slack_api_token", "auth_header_value", "humio_api_token", "connection_string", "bot_token", "webhook_url",
        };

        private static readonly Regex JwtPattern = new(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", RegexOptions.Compiled);

        private static readonly Regex JsonSecretField = new(
            "\"(" + string.Join("|", SecretNames.Select(Regex.Escape)) + ")\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"",
            RegexOptions.Compiled | RegexOptions.IgnoreCase);

        // Objects whose every value is a secret, keyed by a name that is not: the ingestion keys' {"keys": {name: key}}.
        private static readonly Regex SecretMap = new("\"keys\"\\s*:\\s*\\{[^{}]*\\}", RegexOptions.Compiled);

        private static readonly Regex MapValue = new(":\\s*\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.Compiled);

        /// <summary>The signature of a signed storage URL (GCS V4/V2, S3, Azure SAS) wherever such a URL is quoted.</summary>
        private static readonly Regex UrlSignature = new(
            @"((?:[?&]|\\u0026)(?:x-goog-signature|x-amz-signature|signature|sig)=)[^&\s""'\\<]+",
            RegexOptions.Compiled | RegexOptions.IgnoreCase);

        public static bool IsSecretName(string name) => SecretNames.Contains(name);

        /// <summary>Whether a URL carries a signature in its query (a signed storage URL, whose query is a credential).</summary>
        public static bool IsSignedUrl(Uri url) => url.IsAbsoluteUri && UrlSignature.IsMatch(url.Query);

        /// <summary>A signed URL safe to print: scheme, host and path; its whole query (the credential) masked.</summary>
        public static string RedactSignedUrl(Uri url) =>
            url.IsAbsoluteUri
                ? url.GetLeftPart(UriPartial.Path) + (url.Query.Length > 1 ? "?" + Mask : string.Empty)
                : Mask;

        /// <summary>Masks JWT-looking strings and secret-named JSON fields in free text.</summary>
        public static string RedactText(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            var masked = JsonSecretField.Replace(text, m => $"\"{m.Groups[1].Value}\":\"{Mask}\"");
            masked = SecretMap.Replace(masked, m => MapValue.Replace(m.Value, $":\"{Mask}\""));
            masked = UrlSignature.Replace(masked, m => m.Groups[1].Value + Mask);
            return JwtPattern.Replace(masked, Mask);
        }

        /// <summary>Renders name/value pairs as a form or query string with secret values masked.</summary>
        public static string RedactPairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
            string.Join("&", pairs.Select(p =>
                Uri.EscapeDataString(p.Key) + "=" + (IsSecretName(p.Key) ? Mask : Uri.EscapeDataString(RedactText(p.Value)))));

        /// <summary>A header value safe to print: secrets become their length only.</summary>
        public static string RedactHeader(string name, string value) =>
            IsSecretName(name) ? $"{Mask} ({value.Length} chars)" : RedactText(value);

        /// <summary>Masks secret query parameters in a URL's query string.</summary>
        public static string RedactQuery(string? query)
        {
            if (string.IsNullOrEmpty(query)) return string.Empty;
            var pairs = query!.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
            {
                var eq = part.IndexOf('=');
                var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
                return new KeyValuePair<string, string>(name, value);
            });
            return "?" + RedactPairs(pairs);
        }
    }
}
