using Xunit;

namespace LimaCharlie.Tests.Infrastructure;

/// <summary>
/// Tests whose assertions depend on wall-clock time (token renewal before expiry, prompt cancellation). They run
/// alone, after the parallel collections, so a loaded machine cannot stall them into a false failure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing-sensitive";
}
