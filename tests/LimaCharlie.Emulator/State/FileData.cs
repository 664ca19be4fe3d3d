using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LimaCharlie.Emulator.State;

/// <summary>One artifact of <c>POST /_emu/orgs/{oid}/artifacts</c>.</summary>
public sealed record ArtifactSpec
{
    public string? PayloadId { get; init; }

    public string? Sid { get; init; }

    /// <summary>The file's original path on the sensor.</summary>
    public string? Path { get; init; }

    public string? Source { get; init; }

    /// <summary>The parse hint (<c>hint</c>); <see cref="Type"/> is the same field under its other name.</summary>
    public string? Hint { get; init; }

    public string? Type { get; init; }

    /// <summary>Size of generated content (bytes), derived from <see cref="Seed"/>; ignored with <see cref="Content"/>.</summary>
    public long? Size { get; init; }

    /// <summary>Explicit content, base64.</summary>
    public string? Content { get; init; }

    public int? Seed { get; init; }

    /// <summary>Unix seconds (default now).</summary>
    public long? Time { get; init; }
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/artifacts</c>: one artifact, or several in <see cref="Artifacts"/>.</summary>
public sealed record ArtifactRequest
{
    public IReadOnlyList<ArtifactSpec>? Artifacts { get; init; }

    public string? PayloadId { get; init; }

    public string? Sid { get; init; }

    public string? Path { get; init; }

    public string? Source { get; init; }

    public string? Hint { get; init; }

    public string? Type { get; init; }

    public long? Size { get; init; }

    public string? Content { get; init; }

    public int? Seed { get; init; }

    public long? Time { get; init; }

    /// <summary>Generate this many artifacts from the fields above (paths get a number), spread one second apart.</summary>
    public int? Count { get; init; }

    public IReadOnlyList<ArtifactSpec> Specs()
    {
        if (Artifacts is { Count: > 0 })
        {
            return Artifacts;
        }

        var one = new ArtifactSpec
        {
            PayloadId = PayloadId, Sid = Sid, Path = Path, Source = Source, Hint = Hint, Type = Type, Size = Size,
            Content = Content, Seed = Seed, Time = Time,
        };
        var count = Count ?? 1;
        if (count == 1)
        {
            return [one];
        }

        var time = Time ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Enumerable.Range(0, count).Select(i => one with
        {
            PayloadId = null,
            Path = Path is null ? null : $"{Path}.{i + 1}",
            Seed = (Seed ?? 1) + i,
            Time = time - i,
        }).ToArray();
    }
}

/// <summary>Body and answer of <c>GET/POST /_emu/files/settings</c>.</summary>
public sealed record FileSettings
{
    /// <summary>Originals up to this size (bytes) are answered inline (<c>payload</c>), larger ones as an <c>export</c> URL.</summary>
    public long? InlineLimit { get; init; }

    /// <summary>How many GETs of a new export URL answer 404 ("not ready") before it serves the bytes.</summary>
    public int? ExportNotReady { get; init; }

    /// <summary>Lifetime of signed URLs (seconds).</summary>
    public int? SignedUrlSeconds { get; init; }
}

/// <summary>Bytes of an artifact or payload: explicit, or generated from a key (random access, nothing stored).</summary>
public sealed class FileContent
{
    private readonly byte[]? _bytes;
    private readonly ulong _key;

    private FileContent(byte[]? bytes, ulong key, long length)
    {
        _bytes = bytes;
        _key = key;
        Length = length;
    }

    public long Length { get; }

    public static FileContent Of(byte[] bytes) => new(bytes, 0, bytes.Length);

    public static FileContent Generated(ulong key, long length) => new(null, key, length);

    /// <summary>Copies the bytes at <paramref name="offset"/> into <paramref name="destination"/> (as many as remain).</summary>
    public int Read(long offset, Span<byte> destination)
    {
        var n = (int)Math.Min(destination.Length, Math.Max(0, Length - offset));
        if (_bytes is not null)
        {
            _bytes.AsSpan((int)offset, n).CopyTo(destination);
            return n;
        }

        Span<byte> word = stackalloc byte[8];
        for (var done = 0; done < n;)
        {
            var position = offset + done;
            BinaryPrimitives.WriteUInt64LittleEndian(word, InsightHash.Mix(_key ^ (ulong)(position / 8) * 0x9E3779B97F4A7C15UL));
            var from = (int)(position % 8);
            var take = Math.Min(8 - from, n - done);
            word.Slice(from, take).CopyTo(destination[done..]);
            done += take;
        }

        return n;
    }

    public byte[] ToArray()
    {
        var all = new byte[Length];
        Read(0, all);
        return all;
    }

    public string Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        for (long offset = 0; offset < Length;)
        {
            var n = Read(offset, buffer);
            hash.AppendData(buffer, 0, n);
            offset += n;
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Streams the bytes to <paramref name="body"/> in 64 KiB writes.</summary>
    public async Task CopyToAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        for (long offset = 0; offset < Length;)
        {
            var n = Read(offset, buffer);
            await body.WriteAsync(buffer.AsMemory(0, n), ct);
            offset += n;
        }
    }
}

/// <summary>A collected artifact (limacharlie-api.md §3.15).</summary>
public sealed record ArtifactRecord(
    string PayloadId,
    string Oid,
    string? Sid,
    string? Hostname,
    string Path,
    string Source,
    string Hint,
    long TimeMs,
    FileContent Content,
    string Sha256);

/// <summary>A payload (limacharlie-api.md §3.16), complete once its signed PUT arrived.</summary>
public sealed record PayloadRecord(string Oid, string Name, string By, DateTimeOffset Created, FileContent Content, string Sha256);
