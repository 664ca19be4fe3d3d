using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace LimaCharlie.Client.Api
{
    /// <summary>The filters <c>GET /v1/sensors/{oid}</c> offers.</summary>
    public sealed class SensorQuery
    {
        public const int DefaultPageSize = 1000;
        private static readonly char[] Wildcards = { '*', '?', '[', ']' };

        /// <summary>A sensor selector expression, e.g. <c>plat == windows and `vip` in tags</c>.</summary>
        public string? Selector { get; set; }
        /// <summary>Only sensors carrying this tag (added to the selector).</summary>
        public string? Tag { get; set; }
        public bool OnlineOnly { get; set; }
        public string? HostnamePrefix { get; set; }
        /// <summary>One whole address (<c>with_ip</c>): the API matches whole addresses only.</summary>
        public string? IpAddress { get; set; }
        /// <summary>An IPv4 range in CIDR notation (<c>10.3.0.0/16</c>), added to the selector as an address pattern.</summary>
        public string? IpRange { get; set; }
        public int PageSize { get; set; } = DefaultPageSize;

        /// <summary>The selector sent: the user's, and the tag and address range conditions when asked for.</summary>
        public string? EffectiveSelector()
        {
            var conditions = new List<string>();
            if (!string.IsNullOrWhiteSpace(Selector)) conditions.Add(Selector!);
            if (!string.IsNullOrWhiteSpace(Tag)) conditions.Add($"`{Tag!.Replace("`", string.Empty)}` in tags");
            if (!string.IsNullOrWhiteSpace(IpRange) && RangeSelector(IpRange!) is { } range) conditions.Add(range);
            return conditions.Count switch
            {
                0 => null,
                1 => conditions[0],
                _ => string.Join(" and ", conditions.Select((c, i) => i == 0 && !string.IsNullOrWhiteSpace(Selector) ? $"({c})" : c)),
            };
        }

        /// <summary>
        /// The prefix a hostname search sends: the API's search is a prefix match, so a trailing <c>*</c> (as a user of
        /// wildcards would write it) is dropped. <paramref name="otherWildcards"/> tells whether wildcard characters are
        /// left elsewhere, which the API would take literally.
        /// </summary>
        public static string HostnamePrefixOf(string typed, out bool otherWildcards)
        {
            var prefix = typed.Trim().TrimEnd('*');
            otherWildcards = prefix.IndexOfAny(Wildcards) >= 0;
            return prefix;
        }

        /// <summary>Whether the text is one whole IPv4 or IPv6 address.</summary>
        public static bool IsAddress(string text) =>
            IPAddress.TryParse(text.Trim(), out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Trim().Count(c => c == '.') == 3);

        /// <summary>Whether the text is an IPv4 range in CIDR notation, e.g. <c>10.3.0.0/16</c>.</summary>
        public static bool IsRange(string text) => ParseRange(text) is not null;

        /// <summary>
        /// What to tell a user whose text is neither an address nor a range: the API matches whole addresses, and the
        /// range written in CIDR notation when the text looks like the start of an IPv4 address (<c>10.3.*</c>, <c>10.3.</c>).
        /// </summary>
        public static string AddressHint(string text)
        {
            if (text.Contains(':') && text.Contains('/'))
                return $"'{text}' is an IPv6 range, and only IPv4 ranges can be searched (the API matches whole addresses only). Give a whole address.";
            var octets = text.Trim().TrimEnd('*', '.').Split('.');
            var suggestion = octets.Length is >= 1 and <= 3 && octets.All(o => byte.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                ? string.Join(".", octets.Concat(Enumerable.Repeat("0", 4 - octets.Length))) + "/" + (8 * octets.Length).ToString(CultureInfo.InvariantCulture)
                : "10.3.0.0/16";
            return $"'{text}' is not a whole IP address, and the API matches whole addresses only (a part of one matches nothing). " +
                   $"Give a whole address, or a range in CIDR notation, e.g. -IpAddress {suggestion}.";
        }

        /// <summary>
        /// A selector condition matching the sensors whose internal or external IPv4 address is in the range: an exact
        /// pattern (the octet cut by the mask is spelled out as its allowed values), or null for <c>/0</c> (every address).
        /// </summary>
        public static string? RangeSelector(string cidr)
        {
            var (network, bits) = ParseRange(cidr) ?? throw new ArgumentException($"'{cidr}' is not an IPv4 range in CIDR notation (e.g. 10.3.0.0/16).");
            if (bits == 0) return null;
            var octets = network.GetAddressBytes();
            var parts = new List<string>();
            for (var i = 0; i < bits / 8; i++) parts.Add(octets[i].ToString(CultureInfo.InvariantCulture));
            if (bits % 8 != 0)
            {
                var index = bits / 8;
                var size = 1 << (8 - bits % 8);
                parts.Add("(" + string.Join("|", Enumerable.Range(octets[index], size).Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")");
            }
            var pattern = "^" + string.Join(@"\.", parts) + (parts.Count == 4 ? "$" : @"\.");
            return $"(int_ip matches `{pattern}` or ext_ip matches `{pattern}`)";
        }

        private static (IPAddress Network, int Bits)? ParseRange(string text)
        {
            var slash = text.IndexOf('/');
            if (slash < 0) return null;
            var address = text[..slash].Trim();
            if (!IsAddress(address) || !IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork) return null;
            if (!int.TryParse(text[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits > 32) return null;
            var bytes = ip.GetAddressBytes();
            for (var i = 0; i < 4; i++)
            {
                var keep = Math.Clamp(bits - 8 * i, 0, 8);
                bytes[i] &= (byte)(0xFF << (8 - keep));
            }
            return (new IPAddress(bytes), bits);
        }
    }
}
