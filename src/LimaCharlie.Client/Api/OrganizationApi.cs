using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>Organizations: one org's info, the orgs a user can reach, and org creation.</summary>
    public sealed class OrganizationApi : AccountArea
    {
        internal OrganizationApi(LcAccountClient owner) : base(owner) { }

        private static readonly JsonFields<Organization> OrganizationFields = new JsonFields<Organization>()
            .On("oid", (o, v) => o.OrganizationId = JsonRead.AsGuid(v) ?? Guid.Empty)
            .On("name", (o, v) => o.Name = JsonRead.AsString(v))
            .On("description", (o, v) => o.Description = JsonRead.AsString(v))
            .On("region", (o, v) => o.Region = JsonRead.AsString(v))
            .On("location", (o, v) => o.Region ??= JsonRead.AsString(v))
            .On("site_name", (o, v) => o.SiteName = JsonRead.AsString(v))
            .On("status", (o, v) => o.Status = JsonRead.AsString(v))
            .On("sensor_quota", (o, v) => o.SensorQuota = JsonRead.AsInt(v))
            .On("sensor_online", (o, v) => o.SensorsOnline = JsonRead.AsInt(v))
            .On("sensor_version", (o, v) => o.SensorVersion = JsonRead.AsString(v))
            .On("is_owner", (o, v) => o.IsOwner = JsonRead.AsBool(v))
            .On("permissions", (o, v) => o.Permissions = JsonRead.StringArray(v));

        /// <summary>The <c>loc</c> values <c>POST /v1/orgs/new</c> accepts.</summary>
        public static readonly string[] Locations = { "usa", "canada", "europe", "uk", "india", "australia", "auto" };

        public const int DefaultPageSize = 50;

        public async Task<Organization> GetAsync(Guid organizationId, CancellationToken ct)
        {
            var oid = Connection.ResolveOrganization(organizationId);
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "orgs", oid.ToString()), TokenTarget.Organization(oid));
            var info = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            if (!info.TryProperty("oid", out _) && !info.TryProperty("name", out _))
                throw ApiErrors.InvalidResponse("GET", "/" + request.Path, 200, "it describes no organization (no oid, no name)", info.GetRawText());
            var org = Parse(info);
            if (org.OrganizationId == Guid.Empty) org.OrganizationId = oid;
            return org;
        }

        /// <summary>Every organization the user can reach, page by page (<c>offset</c>/<c>limit</c>/<c>total</c>), as they arrive.</summary>
        public async IAsyncEnumerable<Organization> ListAsync(string? filter, int pageSize, [EnumeratorCancellation] CancellationToken ct)
        {
            var target = Connection.RequireUserTarget("Listing the organizations of a user");
            var size = pageSize is > 0 and <= 1000 ? pageSize : DefaultPageSize;
            for (var offset = 0; ; )
            {
                var request = new LcRequest(HttpMethod.Get, "v1/user/orgs", target)
                    .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture))
                    .WithQuery("limit", size.ToString(CultureInfo.InvariantCulture))
                    .WithQuery("filter", string.IsNullOrEmpty(filter) ? null : filter);
                var page = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
                (Log as IPageObserver)?.PageReceived();
                var count = 0;
                if (page.TryProperty("orgs", out var orgs) && orgs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in orgs.EnumerateArray())
                    {
                        count++;
                        yield return Parse(item);
                    }
                }
                offset += count;
                var total = page.Int("total");
                if (count == 0 || (total is { } t && offset >= t)) yield break;
            }
        }

        /// <summary>Creates an organization (<c>POST /v1/orgs/new</c>, user token with <c>oid=-</c>) and returns its id.</summary>
        public async Task<Guid> CreateAsync(string name, string location, string? template, CancellationToken ct)
        {
            var target = Connection.RequireUserTarget("Creating an organization");
            var request = new LcRequest(HttpMethod.Post, "v1/orgs/new", target)
                .WithForm("name", name)
                .WithForm("loc", location)
                .WithForm("template", template);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var data = answer.TryProperty("data", out var d) ? d : answer;
            if (data.ValueKind == JsonValueKind.String)
            {
                try
                {
                    using var inner = JsonDocument.Parse(data.GetString()!);
                    data = inner.RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw ApiErrors.InvalidResponse("POST", "/v1/orgs/new", 200, "its 'data' is neither an object nor JSON text", answer.GetRawText());
                }
            }
            return data.Guid("oid") ?? throw ApiErrors.InvalidResponse("POST", "/v1/orgs/new", 200, "the answer has no organization id", answer.GetRawText());
        }

        /// <summary>The API's filter, applied locally: case-insensitive text in the name, description or id.</summary>
        public static bool Matches(Organization org, string? filter) =>
            string.IsNullOrEmpty(filter) ||
            (org.Name?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false) ||
            (org.Description?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false) ||
            org.OrganizationId.ToString().Contains(filter, StringComparison.OrdinalIgnoreCase);

        public static Organization Parse(JsonElement item)
        {
            var org = new Organization();
            org.AdditionalProperties = OrganizationFields.Read(item, org);
            return org;
        }
    }

    public static partial class AccountAreas
    {
        extension(LcAccountClient account)
        {
            /// <summary>The organizations the key can see, and new ones.</summary>
            public OrganizationApi Organizations => new(account);
        }
    }
}
