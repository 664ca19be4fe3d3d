using System.Diagnostics;

namespace LimaCharlie.Tests.Infrastructure;

public static class Wait
{
    /// <summary>
    /// Polls until <paramref name="condition"/> holds (for effects recorded asynchronously by the server, such as a
    /// request it saw aborted); returns whether it did within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(5))) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
