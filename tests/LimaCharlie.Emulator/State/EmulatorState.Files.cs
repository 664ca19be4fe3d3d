using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Artifacts (limacharlie-api.md §3.15) and payloads (§3.16), and the signed URLs that move their bytes. Signed URLs
/// point back at this emulator (<c>/_signed/...</c>) and carry a GCS-like V4 query whose <c>X-Goog-Signature</c> is an
/// HMAC of method, path, date and lifetime under a key that lives as long as the state.
/// </summary>
public sealed partial class EmulatorState
{
    public const long DefaultInlineLimit = 64 * 1024;
    public const int DefaultExportNotReady = 1;
    public const int DefaultSignedUrlSeconds = 900;
    public const string SignedPrefix = "/_signed";

    private readonly Lock _filesGate = new();
    private readonly Dictionary<string, List<ArtifactRecord>> _artifacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArtifactRecord> _artifactsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Oid, string PayloadId, int NotReady)> _exports = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Oid, string Name), PayloadRecord> _payloads = new();
    private readonly Dictionary<(string Oid, string Name), string> _pendingUploads = new();
    private readonly Dictionary<(string Oid, string PayloadId), MemoryStream> _ingestingParts = new();
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private FileSettings _fileSettings = DefaultFileSettings;

    private static readonly FileSettings DefaultFileSettings = new()
    {
        InlineLimit = DefaultInlineLimit, ExportNotReady = DefaultExportNotReady, SignedUrlSeconds = DefaultSignedUrlSeconds,
    };

    public FileSettings FilesSettings
    {
        get
        {
            lock (_filesGate)
            {
                return _fileSettings;
            }
        }
    }

    /// <summary>Changes the given settings, keeping the others.</summary>
    public FileSettings UpdateFileSettings(FileSettings change)
    {
        if (change.InlineLimit is < 0 || change.ExportNotReady is < 0 || change.SignedUrlSeconds is < 1)
        {
            throw EmulatorException.BadRequest("inlineLimit and exportNotReady must not be negative, signedUrlSeconds must be positive");
        }

        lock (_filesGate)
        {
            return _fileSettings = new FileSettings
            {
                InlineLimit = change.InlineLimit ?? _fileSettings.InlineLimit,
                ExportNotReady = change.ExportNotReady ?? _fileSettings.ExportNotReady,
                SignedUrlSeconds = change.SignedUrlSeconds ?? _fileSettings.SignedUrlSeconds,
            };
        }
    }

    // ---- Artifacts ---------------------------------------------------------------------------------------------

    public IReadOnlyList<ArtifactRecord> AddArtifacts(string oid, ArtifactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = StoreFor(oid);
        var made = request.Specs().Select(spec => MakeArtifact(store.Oid, spec)).ToList();
        lock (_filesGate)
        {
            foreach (var artifact in made)
            {
                if (_artifactsById.ContainsKey(artifact.PayloadId))
                {
                    throw EmulatorException.Conflict($"artifact {artifact.PayloadId} exists");
                }
            }

            if (!_artifacts.TryGetValue(store.Oid, out var list))
            {
                _artifacts[store.Oid] = list = [];
            }

            foreach (var artifact in made)
            {
                list.Add(artifact);
                _artifactsById[artifact.PayloadId] = artifact;
            }
        }

        return made;
    }

    /// <summary>
    /// One request to the log-ingestion host: a whole file (<paramref name="part"/> null) becomes an artifact; numbered
    /// parts are kept until the one marked <c>done</c>, which makes the artifact of them all. Null while parts are pending.
    /// </summary>
    public ArtifactRecord? Ingest(string oid, ArtifactSpec spec, string? part, byte[] bytes)
    {
        var store = StoreFor(oid);
        var payloadId = spec.PayloadId ?? Guid.NewGuid().ToString();
        if (part is not null)
        {
            if (part != "done" && !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw EmulatorException.BadRequest($"lc-part must be a part number or 'done', got '{part}'");
            }

            lock (_filesGate)
            {
                if (!_ingestingParts.TryGetValue((store.Oid, payloadId), out var parts))
                {
                    _ingestingParts[(store.Oid, payloadId)] = parts = new MemoryStream();
                }

                parts.Write(bytes);
                if (part != "done")
                {
                    return null;
                }

                _ingestingParts.Remove((store.Oid, payloadId));
                bytes = parts.ToArray();
            }
        }

        return AddArtifacts(store.Oid, new ArtifactRequest
        {
            PayloadId = payloadId, Path = spec.Path, Source = spec.Source, Hint = spec.Hint, Content = Convert.ToBase64String(bytes),
        })[0];
    }

    private ArtifactRecord MakeArtifact(string oid, ArtifactSpec spec)
    {
        var payloadId = spec.PayloadId ?? Guid.NewGuid().ToString();
        string? sid = null;
        string? hostname = null;
        if (spec.Sid is not null)
        {
            if (!Ids.TryNormalizeUuid(spec.Sid, out var normalized))
            {
                throw EmulatorException.BadRequest($"invalid sid: {spec.Sid}");
            }

            sid = normalized;
            var sensor = FindSensor(normalized);
            hostname = sensor is not null && sensor.Oid == oid ? sensor.Hostname : null;
        }

        FileContent content;
        if (spec.Content is not null)
        {
            try
            {
                content = FileContent.Of(Convert.FromBase64String(spec.Content));
            }
            catch (FormatException)
            {
                throw EmulatorException.BadRequest("content must be base64");
            }
        }
        else
        {
            var size = spec.Size ?? throw EmulatorException.BadRequest("size or content is required");
            if (size < 0 || size > 4L * 1024 * 1024 * 1024)
            {
                throw EmulatorException.BadRequest("size must be between 0 and 4 GiB");
            }

            content = FileContent.Generated(InsightHash.Key(payloadId, spec.Seed ?? 1, 0), size);
        }

        var seconds = spec.Time ?? Time.GetUtcNow().ToUnixTimeSeconds();
        return new ArtifactRecord(payloadId, oid, sid, hostname, spec.Path ?? $"/var/log/artifact-{payloadId}.log",
            spec.Source ?? "emulator", spec.Hint ?? spec.Type ?? "txt", seconds * 1000, content, content.Sha256());
    }

    /// <summary>The org's artifacts, newest first (ties by payload id).</summary>
    public IReadOnlyList<ArtifactRecord> Artifacts(string oid)
    {
        var normalized = Ids.TryNormalizeUuid(oid, out var n) ? n : oid;
        lock (_filesGate)
        {
            return _artifacts.TryGetValue(normalized, out var list)
                ? list.OrderByDescending(a => a.TimeMs).ThenBy(a => a.PayloadId, StringComparer.Ordinal).ToList()
                : [];
        }
    }

    public ArtifactRecord? FindArtifact(string oid, string payloadId)
    {
        lock (_filesGate)
        {
            return _artifactsById.TryGetValue(payloadId, out var a) && a.Oid == oid ? a : null;
        }
    }

    /// <summary>Opens an export of an artifact: a signed GET URL that answers 404 for the first N GETs.</summary>
    public Uri ExportArtifact(ArtifactRecord artifact)
    {
        var exportId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_filesGate)
        {
            _exports[exportId] = (artifact.Oid, artifact.PayloadId, _fileSettings.ExportNotReady ?? DefaultExportNotReady);
        }

        return SignUrl("GET", $"{SignedPrefix}/artifacts/{artifact.Oid}/{exportId}");
    }

    /// <summary>An export's artifact once ready; null while it is "not ready" (counts this GET) or unknown.</summary>
    public ArtifactRecord? ReadExport(string exportId, out bool known)
    {
        lock (_filesGate)
        {
            known = _exports.TryGetValue(exportId, out var export);
            if (!known)
            {
                return null;
            }

            if (export.NotReady > 0)
            {
                _exports[exportId] = export with { NotReady = export.NotReady - 1 };
                return null;
            }

            return _artifactsById.GetValueOrDefault(export.PayloadId);
        }
    }

    // ---- Payloads ----------------------------------------------------------------------------------------------

    public IReadOnlyList<PayloadRecord> Payloads(string oid)
    {
        lock (_filesGate)
        {
            return _payloads.Values.Where(p => p.Oid == oid).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
    }

    public PayloadRecord? FindPayload(string oid, string name)
    {
        lock (_filesGate)
        {
            return _payloads.GetValueOrDefault((oid, name));
        }
    }

    /// <summary>A signed PUT URL for a payload; the uploader is remembered as its author.</summary>
    public Uri PayloadUploadUrl(string oid, string name, string by)
    {
        lock (_filesGate)
        {
            _pendingUploads[(oid, name)] = by;
        }

        return SignUrl("PUT", $"{SignedPrefix}/payloads/{oid}/{Uri.EscapeDataString(name)}");
    }

    public Uri PayloadDownloadUrl(PayloadRecord payload) =>
        SignUrl("GET", $"{SignedPrefix}/payloads/{payload.Oid}/{Uri.EscapeDataString(payload.Name)}");

    /// <summary>Stores the bytes of a signed PUT (replacing an earlier payload of that name).</summary>
    public PayloadRecord StorePayload(string oid, string name, byte[] bytes)
    {
        if (FindOrg(oid) is null)
        {
            throw EmulatorException.NotFound("organization not found");
        }

        var content = FileContent.Of(bytes);
        lock (_filesGate)
        {
            var by = _pendingUploads.GetValueOrDefault((oid, name)) ?? "unknown";
            var payload = new PayloadRecord(oid, name, by, Time.GetUtcNow(), content, content.Sha256());
            _payloads[(oid, name)] = payload;
            return payload;
        }
    }

    public bool DeletePayload(string oid, string name)
    {
        lock (_filesGate)
        {
            _pendingUploads.Remove((oid, name));
            return _payloads.Remove((oid, name));
        }
    }

    private void ResetFiles()
    {
        lock (_filesGate)
        {
            _artifacts.Clear();
            _artifactsById.Clear();
            _exports.Clear();
            _payloads.Clear();
            _pendingUploads.Clear();
            _fileSettings = DefaultFileSettings;
        }
    }

    // ---- Signed URLs -------------------------------------------------------------------------------------------

    /// <summary>An absolute URL on this emulator for <paramref name="method"/> of <paramref name="path"/>, valid for the configured lifetime.</summary>
    public Uri SignUrl(string method, string path)
    {
        var date = Time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var expires = (FilesSettings.SignedUrlSeconds ?? DefaultSignedUrlSeconds).ToString(CultureInfo.InvariantCulture);
        var signature = Sign(method, path, date, expires);
        var credential = Uri.EscapeDataString($"emulator@lc-emulator.iam.example.test/{date[..8]}/auto/storage/goog4_request");
        var root = (BaseUrl ?? new Uri("http://127.0.0.1/")).AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}{path}?X-Goog-Algorithm=GOOG4-HMAC-SHA256&X-Goog-Credential={credential}&X-Goog-Date={date}" +
                       $"&X-Goog-Expires={expires}&X-Goog-SignedHeaders=host&X-Goog-Signature={signature}");
    }

    /// <summary>Null when the request's signature is valid for its method and path and not expired; else why not.</summary>
    public string? CheckSignature(string method, string path, IQueryCollection query)
    {
        var date = query["X-Goog-Date"].ToString();
        var expires = query["X-Goog-Expires"].ToString();
        var signature = query["X-Goog-Signature"].ToString();
        if (date.Length == 0 || expires.Length == 0 || signature.Length == 0)
        {
            return "missing signature parameters";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(method, path, date, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return "the request signature does not match";
        }

        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signedAt.AddSeconds(seconds) < Time.GetUtcNow())
        {
            return "the signed URL has expired";
        }

        return null;
    }

    private string Sign(string method, string path, string date, string expires)
    {
        var text = $"{method.ToUpperInvariant()}\n{path}\n{date}\n{expires}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes(text)));
    }
}
