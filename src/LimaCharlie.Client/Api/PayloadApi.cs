using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Files;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// Payloads (reference §3.16): files kept by the organization for sensors to fetch. The API answers signed URLs
    /// (<c>get_url</c>, <c>put_url</c>); the bytes go through <see cref="SignedUrlTransfer"/>, streamed from and to disk.
    /// </summary>
    public sealed class PayloadApi : OrganizationArea
    {
        internal PayloadApi(LcOrganizationClient owner) : base(owner) { }

        public async Task<Payload[]> ListAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid), Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("payloads", out var payloads) || payloads.ValueKind != JsonValueKind.Object) return Array.Empty<Payload>();
            return payloads.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .Select(p => Parse(p.Value, p.Name, oid))
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        /// <summary>Uploads a file as payload <paramref name="name"/> (replacing one of that name): POST for a <c>put_url</c>, then PUT of the bytes.</summary>
        public async Task UploadAsync(string name, string filePath, Action<long, long?>? progress, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid, name);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var url = SignedUrlTransfer.Parse(answer.String("put_url"), "POST", "/" + request.Path, "put_url");
            Log.Verbose($"Uploading {filePath} as payload '{name}' to {Redactor.RedactSignedUrl(url)}.");
            await SignedUrlTransfer.UploadAsync(Connection, url, filePath, progress, Log, ct).ConfigureAwait(false);
        }

        /// <summary>Downloads payload <paramref name="name"/> to <paramref name="destination"/>: GET for a <c>get_url</c>, then the bytes into a temporary file moved into place.</summary>
        public async Task<FileInfo> SaveAsync(string name, string destination, bool overwrite, Action<long, long?>? progress, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Get, oid, name);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var url = SignedUrlTransfer.Parse(answer.String("get_url"), "GET", "/" + request.Path, "get_url");
            using var file = PartialFile.Create(destination);
            await SignedUrlTransfer.DownloadAsync(Connection, url, file, waitUntilReady: false, progress, Log, ct).ConfigureAwait(false);
            return file.Commit(overwrite);
        }

        public Task DeleteAsync(string name, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Delete, oid, name), Log, ct);
        }

        private static LcRequest Request(HttpMethod method, Guid oid, string? name = null) => new(method,
            name is null ? LcRequest.PathOf("v1", "payload", oid.ToString()) : LcRequest.PathOf("v1", "payload", oid.ToString(), name),
            TokenTarget.Organization(oid));

        public static Payload Parse(JsonElement item, string name, Guid oid) => new()
        {
            Name = item.String("name") ?? name,
            OrganizationId = item.Guid("oid") ?? oid,
            Size = item.Long("size"),
            CreatedBy = item.String("by"),
            Created = item.Time("created"),
        };
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Payloads.</summary>
            public PayloadApi Payloads => new(organization);
        }
    }
}
