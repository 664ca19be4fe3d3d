using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// Requests to the organization's services ("replicants", reference §3.17): <c>POST /v1/service/{oid}/{name}</c> with
    /// the form <c>request_data</c> (base64 of the JSON request, <c>{"action": ..., ...}</c>) and <c>is_async</c>, as
    /// sdk/organization.py service_request sends them. Never retried: a service action is not idempotent.
    /// </summary>
    public sealed class ServiceApi : OrganizationArea
    {
        internal ServiceApi(LcOrganizationClient owner) : base(owner) { }

        public async Task<JsonElement> RequestAsync(string service, IReadOnlyDictionary<string, object?> data, bool isAsync, CancellationToken ct)
        {
            var oid = OrganizationId;
            var json = JsonSerializer.Serialize(data);
            var request = new LcRequest(HttpMethod.Post, LcRequest.PathOf("v1", "service", oid.ToString(), service), TokenTarget.Organization(oid))
                .WithForm("request_data", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)))
                .WithForm("is_async", isAsync ? "True" : "False");
            try
            {
                return await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.ApiMessage?.Contains("not registered", StringComparison.OrdinalIgnoreCase) == true
                                           || e.ApiMessage?.Contains("not subscribed", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw new LcApiException($"The organization does not use the {service} service: {e.ApiMessage}", e.StatusCode, e.ApiMessage,
                    e.Method, e.Path, ErrorIds.ServiceNotSubscribed, null, e.Retries, e);
            }
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Requests to the organization's services (replicants).</summary>
            public ServiceApi Services => new(organization);
        }
    }
}
