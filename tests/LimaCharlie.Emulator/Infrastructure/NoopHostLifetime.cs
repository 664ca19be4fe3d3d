using Microsoft.Extensions.Hosting;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Host lifetime for in-process use: unlike the console lifetime, it does not hook SIGINT/SIGTERM, so an
/// emulator started inside a test process never swallows the signals meant for that process.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
