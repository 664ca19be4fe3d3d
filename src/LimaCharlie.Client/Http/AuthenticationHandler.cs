using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// Adds the bearer token of the request's target. On a 401 it renews the token once (single flight across callers)
    /// and sends the request again; a second 401 is returned to the caller as it is. A 401 naming a missing permission is
    /// returned at once when the token is recent: a new token would carry the same permissions. An older token is renewed
    /// once, since the key may have been given the permission after it was minted.
    /// </summary>
    internal sealed class AuthenticationHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = LcRequestContext.From(request);
            if (context?.Target is not { } target || context.Tokens is null)
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var token = await context.Tokens.GetAsync(target, null, context.Log, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
            // The resilience handler has read the body into memory already: reading it here does not consume it.
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (ApiErrors.IsPermissionRefusal(ApiErrors.ErrorText(body)) && token.CarriesCurrentPermissions(DateTimeOffset.UtcNow)) return response;

            response.Dispose();
            token = await context.Tokens.GetAsync(target, token, context.Log, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
