using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// Adds the bearer token of the request's target. On a 401 it renews the token once (single flight across callers)
    /// and sends the request again; a second 401 is returned to the caller as it is. A 401 naming a missing permission is
    /// returned at once when the token is recent: a new token would carry the same permissions. An older token is renewed
    /// once, since the key may have been given the permission after it was minted. A request with Basic credentials
    /// (an ingestion key) carries those instead, and its 401 is final.
    /// </summary>
    internal sealed class AuthenticationHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = LcRequestContext.From(request);
            if (context?.Basic is { } basic)
            {
                request.Headers.Authorization = basic.Header();
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            if (context?.Target is not { } target || context.Tokens is null)
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var token = await context.Tokens.GetAsync(target, null, context.Log, cancellationToken).ConfigureAwait(false);
            Attach(request, context, token);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
            // Buffered (JSON answers are already), so the caller can still read the refusal's text.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (ApiErrors.IsPermissionRefusal(ApiErrors.ErrorText(body)) && token.CarriesCurrentPermissions(DateTimeOffset.UtcNow)) return response;

            response.Dispose();
            token = await context.Tokens.GetAsync(target, token, context.Log, cancellationToken).ConfigureAwait(false);
            Attach(request, context, token);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The token as a bearer header, or in the form field the service reads it from (replacing one attached before).</summary>
        private static void Attach(HttpRequestMessage request, LcRequestContext context, AccessToken token)
        {
            if (context.TokenFormField is { } field && request.Content is null or FormBody)
            {
                var pairs = (request.Content as FormBody)?.Pairs.Where(p => p.Key != field) ?? Enumerable.Empty<KeyValuePair<string, string>>();
                request.Content = new FormBody(pairs.Append(new KeyValuePair<string, string>(field, token.Value)).ToList());
                return;
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }
    }
}
