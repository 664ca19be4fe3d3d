using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
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
    /// <summary>Filters of an artifact listing, besides the time window.</summary>
    public sealed class ArtifactFilter
    {
        public Guid? SensorId { get; set; }
        /// <summary>The parse hint (<c>hint</c>, also called type).</summary>
        public string? Type { get; set; }
        public string? Source { get; set; }
    }

    /// <summary>What an uploaded artifact is labelled with (the <c>lc-*</c> headers of the ingestion host).</summary>
    public sealed class ArtifactUpload
    {
        /// <summary>The parse hint (<c>lc-hint</c>), e.g. <c>txt</c>, <c>json</c>, <c>pcap</c>.</summary>
        public string? Hint { get; set; }
        public string? Source { get; set; }
        /// <summary>The artifact's id (<c>lc-payload-id</c>); a new UUID when null, so that its parts and a retry name the same artifact.</summary>
        public string? PayloadId { get; set; }
        /// <summary>The file's path as recorded with the artifact (<c>lc-path</c>, base64); the file's own full path when null.</summary>
        public string? OriginalPath { get; set; }
        public int? RetentionDays { get; set; }
    }

    /// <summary>
    /// Artifacts (reference §3.15): the listing pages like the other Insight listings (<c>cursor</c> <c>-</c> first, then
    /// <c>next_cursor</c>), one page at a time; an original comes inline (base64 gzip) when small, else as a signed
    /// export URL that may answer 404 until the export is ready.
    /// </summary>
    public sealed class ArtifactApi : OrganizationArea
    {
        internal ArtifactApi(LcOrganizationClient owner) : base(owner) { }

        private static readonly string[] ListFields = { "logs", "artifacts" };

        private static readonly JsonFields<Artifact> ArtifactFields = new JsonFields<Artifact>()
            .On("payload_id", (a, v) => a.PayloadId = JsonRead.AsString(v) ?? string.Empty)
            .On("oid", (a, v) => a.OrganizationId = JsonRead.AsGuid(v) ?? a.OrganizationId)
            .On("sid", (a, v) => a.SensorId = JsonRead.AsGuid(v))
            .On("hostname", (a, v) => a.Hostname = JsonRead.AsString(v))
            .On("path", (a, v) => a.Path = JsonRead.AsString(v))
            .On("source", (a, v) => a.Source = JsonRead.AsString(v))
            .On("hint", (a, v) => a.Type = JsonRead.AsString(v))
            .On("type", (a, v) => a.Type ??= JsonRead.AsString(v))
            .On("size", (a, v) => a.Size = JsonRead.AsLong(v))
            .On("ts", (a, v) => a.Time = JsonTimes.AsTime(v))
            .On("expiry", (a, v) => a.ExpiresAt = JsonTimes.AsTime(v));

        public IAsyncEnumerable<Artifact> ListAsync(InsightQuery query, ArtifactFilter filter, CancellationToken ct)
        {
            var oid = OrganizationId;
            return CursorPaging.RecordsAsync(Connection, "-",
                cursor => new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "insight", oid.ToString(), "artifacts"), TokenTarget.Organization(oid))
                    .WithQuery("start", query.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
                    .WithQuery("end", query.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
                    .WithQuery("cursor", cursor)
                    .WithQuery("limit", query.PageSize.ToString(CultureInfo.InvariantCulture))
                    .WithQuery("sid", filter.SensorId?.ToString())
                    .WithQuery("hint", filter.Type)
                    .WithQuery("source", filter.Source),
                "next_cursor", (answer, request) => CursorPaging.OpenFirst(answer, request, ListFields), item => Parse(item, oid), query.Limit, Log, ct);
        }

        /// <summary>The most bytes one request to the ingestion host carries; a larger file goes in numbered parts (sdk/artifacts.py).</summary>
        public const int MaxUploadPart = 15 * 1024 * 1024;

        /// <summary>
        /// Uploads a file as an artifact to the organization's log-ingestion host (<c>POST https://{url.logs}/ingest</c>),
        /// authenticated with Basic (the organization id and an ingestion key) rather than a JWT. A file larger than
        /// <see cref="MaxUploadPart"/> goes in parts (<c>lc-part</c> 0, 1, ... and <c>done</c> on the last). Returns the
        /// artifact's payload id.
        /// </summary>
        public async Task<string> UploadAsync(string file, SecureString ingestionKey, ArtifactUpload upload, Action<long, long?>? progress, CancellationToken ct)
        {
            var oid = OrganizationId;
            var basic = BasicCredential.ForIngestion(oid, ingestionKey);
            var root = await Connection.Services.RootAsync(oid, ServiceMap.Logs, Log, ct).ConfigureAwait(false);
            var payloadId = upload.PayloadId ?? Guid.NewGuid().ToString();
            using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var total = input.Length;
            var parts = total <= MaxUploadPart ? 1 : (int)((total + MaxUploadPart - 1) / MaxUploadPart);
            Log.Verbose($"Uploading {file} ({total} bytes{(parts > 1 ? $" in {parts} parts" : string.Empty)}) as artifact {payloadId} to {LcEndpoints.Authority(root)}.");
            long sent = 0;
            for (var part = 0; part < parts; part++)
            {
                var bytes = new byte[Math.Min(MaxUploadPart, total - sent)];
                await input.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
                var request = new LcRequest(HttpMethod.Post, "ingest", null)
                {
                    Root = root, Basic = basic, Bytes = bytes, AcceptsAnyJson = true,
                };
                request.Headers.Add(new("lc-payload-id", payloadId));
                request.Headers.Add(new("lc-path", Convert.ToBase64String(Encoding.UTF8.GetBytes(upload.OriginalPath ?? Path.GetFullPath(file)))));
                if (upload.Hint is { } hint) request.Headers.Add(new("lc-hint", hint));
                if (upload.Source is { } source) request.Headers.Add(new("lc-source", source));
                if (upload.RetentionDays is { } days) request.Headers.Add(new("lc-retention-days", days.ToString(CultureInfo.InvariantCulture)));
                if (parts > 1) request.Headers.Add(new("lc-part", part == parts - 1 ? "done" : part.ToString(CultureInfo.InvariantCulture)));
                await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
                sent += bytes.Length;
                progress?.Invoke(sent, total);
            }
            return payloadId;
        }

        /// <summary>
        /// Downloads an artifact's original into <paramref name="destination"/> (<c>POST .../artifacts/originals/{payload_id}</c>):
        /// written to a temporary file beside it and moved into place when complete, replacing an existing file only with
        /// <paramref name="overwrite"/>.
        /// </summary>
        public async Task<FileInfo> SaveAsync(string payloadId, string destination, bool overwrite, Action<long, long?>? progress, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(HttpMethod.Post, LcRequest.PathOf("v1", "insight", oid.ToString(), "artifacts", "originals", payloadId),
                TokenTarget.Organization(oid)) { Idempotent = true };
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            using var file = PartialFile.Create(destination);
            if (answer.TryProperty("payload", out var inline))
            {
                Log.Verbose($"Artifact {payloadId} came inline; writing it to {destination}.");
                await DecodeInlineAsync(inline, file.Stream, "/" + request.Path, ct).ConfigureAwait(false);
            }
            else if (answer.String("export") is { } export)
            {
                var url = SignedUrlTransfer.Parse(export, "POST", "/" + request.Path, "export");
                Log.Verbose($"Artifact {payloadId} is exported to {Redactor.RedactSignedUrl(url)}; downloading it to {destination}.");
                await SignedUrlTransfer.DownloadAsync(Connection, url, file, waitUntilReady: true, progress, Log, ct).ConfigureAwait(false);
            }
            else
            {
                throw ApiErrors.InvalidResponse("POST", "/" + request.Path, 200, "the answer has neither 'payload' nor 'export'", answer.GetRawText());
            }
            return file.Commit(overwrite);
        }

        /// <summary>Writes an inline original (base64 of gzip, or of the raw bytes when they are not gzip) to <paramref name="output"/>.</summary>
        public static async Task DecodeInlineAsync(JsonElement value, Stream output, string path, CancellationToken ct)
        {
            byte[] packed;
            try
            {
                packed = value.ValueKind == JsonValueKind.String ? value.GetBytesFromBase64() : throw new FormatException();
            }
            catch (FormatException)
            {
                throw ApiErrors.InvalidResponse("POST", path, 200, "'payload' is not base64", null);
            }
            using var input = new MemoryStream(packed, writable: false);
            if (packed.Length < 2 || packed[0] != 0x1f || packed[1] != 0x8b)
            {
                await input.CopyToAsync(output, ct).ConfigureAwait(false);
                return;
            }
            try
            {
                using var gzip = new GZipStream(input, CompressionMode.Decompress);
                await gzip.CopyToAsync(output, ct).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw ApiErrors.InvalidResponse("POST", path, 200, "'payload' is not valid gzip: " + e.Message, null);
            }
        }

        public static Artifact Parse(JsonElement item, Guid oid)
        {
            var artifact = new Artifact { OrganizationId = oid };
            artifact.Data = ArtifactFields.Read(item, artifact);
            return artifact;
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Artifacts: listing, download, upload.</summary>
            public ArtifactApi Artifacts => new(organization);
        }
    }
}
