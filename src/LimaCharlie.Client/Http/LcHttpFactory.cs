using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// The one <see cref="IHttpClientFactory"/> of the process. Client names say which chain to build:
    /// <c>lc-api</c> = authentication, resilience, logging; <c>lc-jwt</c> and <c>lc-transfer</c> (signed storage URLs, which
    /// must never see the JWT) = resilience, logging; a <c>|proxy-url</c>
    /// suffix routes through that proxy. Per-session state travels with each request, so the handlers are shared.
    /// </summary>
    public static class LcHttpFactory
    {
        public const string ApiClient = "lc-api";
        public const string JwtClient = "lc-jwt";
        public const string TransferClient = "lc-transfer";

        private static readonly Lazy<IHttpClientFactory> Factory = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

        public static HttpClient CreateClient(string name) => Factory.Value.CreateClient(name);

        private static IHttpClientFactory Build()
        {
            var services = new ServiceCollection();
            services.AddHttpClient();
            services.RemoveAll<IHttpMessageHandlerBuilderFilter>();
            services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(new ConfigureByName());
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }

        private sealed class ConfigureByName : IConfigureNamedOptions<HttpClientFactoryOptions>
        {
            public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

            public void Configure(string? name, HttpClientFactoryOptions options)
            {
                if (name is null || !name.StartsWith("lc-", StringComparison.Ordinal)) return;
                var bar = name.IndexOf('|');
                var kind = bar < 0 ? name : name[..bar];
                var proxy = bar < 0 ? null : new Uri(name[(bar + 1)..]);

                options.HandlerLifetime = TimeSpan.FromMinutes(5);
                options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
                options.HttpMessageHandlerBuilderActions.Add(builder =>
                {
                    builder.PrimaryHandler = CreatePrimary(proxy);
                    if (kind == ApiClient) builder.AdditionalHandlers.Add(new AuthenticationHandler());
                    builder.AdditionalHandlers.Add(new ResilienceHandler());
                    builder.AdditionalHandlers.Add(new LoggingHandler());
                });
            }
        }

        private static HttpMessageHandler CreatePrimary(Uri? proxy) => new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = true,
            Proxy = proxy is null ? null : new WebProxy(proxy),
            UseCookies = false,
            AllowAutoRedirect = false,
        };
    }
}
