using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Files;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The pieces behind Save-LcArtifact and the payload cmdlets: file naming, inline decoding, partial files, signed URLs.</summary>
public class FileTransferTests : EmulatorTest
{
    public FileTransferTests(EmulatorFixture emulator) : base(emulator) { }

    [Theory]
    [InlineData(@"C:\Windows\System32\winevt\Logs\Security.evtx", "Security.evtx")]
    [InlineData("/var/log/syslog", "syslog")]
    [InlineData("/var/log/nginx/", "nginx")]
    [InlineData(@"\\server\share\a:b?.txt", "a_b_.txt")]
    [InlineData("/tmp/CON.txt", "_CON.txt")]
    [InlineData("/tmp/trailing. ", "trailing")]
    [InlineData("/tmp/..", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void LeafOfAPathFromAnyPlatformIsASafeFileName(string? path, string? expected)
    {
        Assert.Equal(expected, FileNames.Leaf(path));
    }

    [Fact]
    public void ArtifactsInAFolderAreNamedAfterTheirIdAndOriginalName()
    {
        Assert.Equal("6a1f_core.dmp", FileNames.ForArtifact("6a1f", "/tmp/core.dmp"));
        Assert.Equal("6a1f", FileNames.ForArtifact("6a1f", null));
        Assert.Equal("a_b", FileNames.ForArtifact("a/b", "/"));
    }

    [Fact]
    public async Task InlineOriginalsAreGunzipped()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("evidence line\n", 500)));
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        var output = new MemoryStream();

        await ArtifactApi.DecodeInlineAsync(JsonString(Convert.ToBase64String(packed.ToArray())), output, "/x", CancellationToken.None);

        Assert.Equal(bytes, output.ToArray());
    }

    [Fact]
    public async Task InlineOriginalsThatAreNotGzipAreWrittenAsTheyAre()
    {
        var bytes = new byte[] { 1, 2, 3, 0x1f, 0x8b };
        var output = new MemoryStream();

        await ArtifactApi.DecodeInlineAsync(JsonString(Convert.ToBase64String(bytes)), output, "/x", CancellationToken.None);

        Assert.Equal(bytes, output.ToArray());
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("H4sIAAAAAAAAA/////8=")]
    public async Task BrokenInlineOriginalsAreInvalidAnswers(string value)
    {
        var error = await Assert.ThrowsAsync<LcApiException>(() =>
            ArtifactApi.DecodeInlineAsync(JsonString(value), new MemoryStream(), "/v1/insight/x/artifacts/originals/y", CancellationToken.None));

        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
    }

    [Fact]
    public void ArtifactRecordsAreReadWhateverTheirHintIsCalled()
    {
        var oid = Guid.NewGuid();
        using var doc = JsonDocument.Parse("""
            {"payload_id":"p1","sid":"4f1e7c2a-93b1-4d5e-8a6f-0c2d9e1b7a35","path":"/a/b.pcap","type":"pcap","size":"1234","ts":1717000000123,"retention":30}
            """);

        var artifact = ArtifactApi.Parse(doc.RootElement, oid);

        Assert.Equal("p1", artifact.PayloadId);
        Assert.Equal(oid, artifact.OrganizationId);
        Assert.Equal(Guid.Parse("4f1e7c2a-93b1-4d5e-8a6f-0c2d9e1b7a35"), artifact.SensorId);
        Assert.Equal("pcap", artifact.Type);
        Assert.Equal(1234, artifact.Size);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1717000000123), artifact.Time);
        Assert.Equal(30L, Convert.ToInt64(artifact.Data["retention"]));
        Assert.False(artifact.Data.ContainsKey("path"));
    }

    [Theory]
    [InlineData("{\"put_url\":\"https://storage.example.com/b/o?X-Goog-Date=1&X-Goog-Signature=abcdef0123\"}",
        "{\"put_url\":\"https://storage.example.com/b/o?X-Goog-Date=1&X-Goog-Signature=***\"}")]
    [InlineData("{\"get_url\":\"https://storage.example.com/b/o?X-Goog-Date=1\\u0026X-Goog-Signature=abcdef0123\\u0026x=y\"}",
        "{\"get_url\":\"https://storage.example.com/b/o?X-Goog-Date=1\\u0026X-Goog-Signature=***\\u0026x=y\"}")]
    [InlineData("GET https://b.example.com/o?Expires=1&Signature=a%2Fb%3D", "GET https://b.example.com/o?Expires=1&Signature=***")]
    [InlineData("https://acct.example.net/c/b?sv=2020&sig=Zm9vYmFy", "https://acct.example.net/c/b?sv=2020&sig=***")]
    public void SignaturesOfSignedUrlsAreMaskedInText(string text, string expected)
    {
        Assert.Equal(expected, Redactor.RedactText(text));
    }

    [Fact]
    public void ASignedUrlIsShownWithoutItsQuery()
    {
        Assert.Equal("https://storage.example.com/bucket/object?***",
            Redactor.RedactSignedUrl(new Uri("https://storage.example.com/bucket/object?X-Goog-Signature=abc&X-Goog-Expires=900")));
        Assert.Equal("https://storage.example.com/bucket/object", Redactor.RedactSignedUrl(new Uri("https://storage.example.com/bucket/object")));
    }

    [Theory]
    [InlineData("http://storage.example.com/o?sig=1")]
    [InlineData("ftp://127.0.0.1/o")]
    [InlineData("/relative/o")]
    [InlineData(null)]
    public void SignedUrlsMustBeHttpsOrLoopback(string? url)
    {
        var error = Assert.Throws<LcApiException>(() => SignedUrlTransfer.Parse(url, "GET", "/v1/payload/x/y", "get_url"));
        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
        Assert.Contains("get_url", error.Message);
    }

    [Fact]
    public void LoopbackAndHttpsSignedUrlsAreAccepted()
    {
        Assert.Equal("127.0.0.1", SignedUrlTransfer.Parse("http://127.0.0.1:8080/o?s=1", "GET", "/p", "get_url").Host);
        Assert.Equal("storage.example.com", SignedUrlTransfer.Parse("https://storage.example.com/o", "GET", "/p", "get_url").Host);
    }

    [Fact]
    public void APartialFileIsDeletedUnlessCommitted()
    {
        using var folder = new TempFolder();
        var destination = Path.Combine(folder.Path, "out.bin");
        using (var file = PartialFile.Create(destination))
        {
            file.Stream.Write(new byte[] { 1, 2, 3 });
            Assert.True(File.Exists(file.TemporaryPath));
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void ACommitReplacesAnExistingFileOnlyWhenAsked()
    {
        using var folder = new TempFolder();
        var destination = Path.Combine(folder.Path, "out.bin");
        File.WriteAllText(destination, "old");
        using (var file = PartialFile.Create(destination))
        {
            file.Stream.Write(new byte[] { 1, 2, 3 });
            Assert.Throws<IOException>(() => file.Commit(overwrite: false));
        }
        Assert.Equal("old", File.ReadAllText(destination));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path));

        using (var file = PartialFile.Create(destination))
        {
            file.Stream.Write(new byte[] { 1, 2, 3 });
            Assert.Equal(3, file.Commit(overwrite: true).Length);
        }
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(destination));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task ATamperedSignatureIsRefusedAndNotQuoted()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o => o.Timeout = TimeSpan.FromSeconds(60)));
        var payload = State.StorePayload(org.Oid.ToString(), "tool.exe", new byte[] { 1, 2, 3 });
        var url = State.PayloadDownloadUrl(payload).AbsoluteUri;
        var tampered = new Uri(url[..^1] + (url[^1] == '0' ? "1" : "0"));
        using var folder = new TempFolder();
        using var file = PartialFile.Create(Path.Combine(folder.Path, "tool.exe"));

        var error = await Assert.ThrowsAsync<LcApiException>(() =>
            SignedUrlTransfer.DownloadAsync(connection, tampered, file, waitUntilReady: false, null, NullLog.Instance, CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("LimaCharlie.SignedUrlRefused", error.ErrorId);
        Assert.DoesNotContain("X-Goog-Signature", error.Message);
        Assert.Contains("SignatureDoesNotMatch", error.Message);
        Assert.False(Requests.Single(r => r.Path.StartsWith("/_signed/", StringComparison.Ordinal)).HasAuth);
    }

    [Fact]
    public async Task CancellingWhileAnExportIsNotReadyLeavesNoFile()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential(), FastOptions(o => o.Timeout = TimeSpan.FromSeconds(60)));
        State.UpdateFileSettings(new FileSettings { InlineLimit = 10, ExportNotReady = 1_000_000 });
        var artifact = State.AddArtifacts(org.Oid.ToString(), new ArtifactRequest { Path = "/tmp/big.bin", Size = 5000 }).Single();
        using var folder = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var log = new RecordingLog();
        var save = connection.Organization(org.Oid, log).Artifacts.SaveAsync(artifact.PayloadId, Path.Combine(folder.Path, "big.bin"), false, null, cancel.Token);

        while (!save.IsCompleted && !Requests.Any(r => r.Path.StartsWith("/_signed/", StringComparison.Ordinal) && r.Status == 404)) await Task.Delay(10);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    private static JsonElement JsonString(string value) => JsonDocument.Parse(JsonSerializer.Serialize(value)).RootElement.Clone();

    private sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lc-files-" + Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
