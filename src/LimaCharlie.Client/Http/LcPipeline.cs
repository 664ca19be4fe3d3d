using System;
using System.Net.Http;

namespace LimaCharlie.Client.Http
{
    /// <summary>A session's view of the shared HTTP pipeline: its options, its User-Agent, and the named clients to use.</summary>
    public sealed class LcPipeline
    {
        public LcPipeline(SessionOptions options, string userAgent)
        {
            Options = options;
            UserAgent = userAgent;
        }

        public SessionOptions Options { get; }
        public string UserAgent { get; }

        private string ProxySuffix => Options.Proxy is null ? string.Empty : "|" + Options.Proxy.AbsoluteUri;
        public string ApiClientName => LcHttpFactory.ApiClient + ProxySuffix;
        public string JwtClientName => LcHttpFactory.JwtClient + ProxySuffix;
        public string TransferClientName => LcHttpFactory.TransferClient + ProxySuffix;

        public HttpClient Client(string name) => LcHttpFactory.CreateClient(name);
    }
}
