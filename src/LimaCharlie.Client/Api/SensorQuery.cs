namespace LimaCharlie.Client.Api
{
    /// <summary>The filters <c>GET /v1/sensors/{oid}</c> offers.</summary>
    public sealed class SensorQuery
    {
        public const int DefaultPageSize = 1000;

        /// <summary>A sensor selector expression, e.g. <c>plat == windows and `vip` in tags</c>.</summary>
        public string? Selector { get; set; }
        /// <summary>Only sensors carrying this tag (added to the selector).</summary>
        public string? Tag { get; set; }
        public bool OnlineOnly { get; set; }
        public string? HostnamePrefix { get; set; }
        public string? IpAddress { get; set; }
        public int PageSize { get; set; } = DefaultPageSize;

        /// <summary>The selector sent: the user's, and the tag condition when a tag is asked for.</summary>
        public string? EffectiveSelector()
        {
            if (string.IsNullOrWhiteSpace(Tag)) return string.IsNullOrWhiteSpace(Selector) ? null : Selector;
            var tag = $"`{Tag!.Replace("`", string.Empty)}` in tags";
            return string.IsNullOrWhiteSpace(Selector) ? tag : $"({Selector}) and {tag}";
        }
    }
}
