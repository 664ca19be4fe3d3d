using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// An application/x-www-form-urlencoded body that keeps its pairs (repeated keys allowed) so that logging can
    /// print them with secrets masked. Values are percent-encoded with no safe characters.
    /// </summary>
    public sealed class FormBody : ByteArrayContent
    {
        public FormBody(IReadOnlyList<KeyValuePair<string, string>> pairs) : base(Encode(pairs))
        {
            Pairs = pairs;
            Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

        public static string EncodePairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
            string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value ?? string.Empty)));

        private static byte[] Encode(IEnumerable<KeyValuePair<string, string>> pairs) => Encoding.UTF8.GetBytes(EncodePairs(pairs));
    }
}
