using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Installer downloads (sdk/downloads.py, downloads.limacharlie.io): <c>GET /sensor/{platform}/{arch}</c>,
/// <c>/sensor/chrome</c> and <c>/adapter/{platform}/{arch}</c> at the root of the services host, no auth. The payload is
/// <c>application/octet-stream</c> with a Content-Length: <see cref="Size"/> bytes generated from the path, the same on
/// every call, so a client can compare what it wrote with <c>GET /_emu/downloads/{path}</c>'s SHA-256.
/// </summary>
internal static class DownloadEndpoints
{
    /// <summary>The targets sdk/downloads.py lists.</summary>
    public static readonly IReadOnlySet<string> Targets = new HashSet<string>(StringComparer.Ordinal)
    {
        "sensor/windows/64", "sensor/windows/32", "sensor/windows/arm64", "sensor/windows/msi64", "sensor/windows/msi32",
        "sensor/linux/64", "sensor/linux/deb64", "sensor/linux/debarm64", "sensor/linux/alpine64",
        "sensor/mac/64", "sensor/mac/arm64", "sensor/chrome",
        "adapter/linux/64", "adapter/linux/arm", "adapter/linux/arm64", "adapter/windows/64", "adapter/mac/64", "adapter/mac/arm64",
        "adapter/aix/ppc64", "adapter/freebsd/64", "adapter/openbsd/64", "adapter/netbsd/64", "adapter/solaris/64",
    };

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(EmulatorPaths.Services + "/sensor/{**rest}", (string? rest, HttpContext context) => Send(context, "sensor/" + rest));
        routes.MapGet(EmulatorPaths.Services + "/adapter/{**rest}", (string? rest, HttpContext context) => Send(context, "adapter/" + rest));
        return routes;
    }

    /// <summary>Between 192 KiB and 256 KiB, by the path.</summary>
    public static int Size(string target) => 196_608 + (int)(Seed(target) % 65_536);

    /// <summary>The payload of a target: a small header naming it, then bytes of a generator seeded by the path.</summary>
    public static byte[] Payload(string target)
    {
        if (!Targets.Contains(target))
        {
            throw EmulatorException.NotFound($"no download named {target}");
        }

        var bytes = new byte[Size(target)];
        new Random((int)Seed(target)).NextBytes(bytes);
        Encoding.ASCII.GetBytes($"LCEMU-INSTALLER {target}\n").CopyTo(bytes, 0);
        return bytes;
    }

    private static uint Seed(string target) => BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(target))) & 0x7FFFFFFF;

    private static async Task Send(HttpContext context, string target)
    {
        var bytes = Payload(target);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{target.Replace('/', '_')}\"";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
