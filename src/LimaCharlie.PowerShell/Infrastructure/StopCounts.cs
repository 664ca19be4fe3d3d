namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Where a command stood when a failure that does not depend on the item stopped it.</summary>
    /// <param name="Succeeded">Items done before the stop.</param>
    /// <param name="Failed">Items that failed (the failure that stopped the command included).</param>
    /// <param name="Cancelled">Calls in flight that were cancelled.</param>
    /// <param name="NotAttempted">Items never started; null when unknown (the rest of the pipeline input).</param>
    internal readonly record struct StopCounts(int Succeeded, int Failed, int Cancelled, int? NotAttempted)
    {
        public override string ToString()
        {
            var parts = $"{Items(Succeeded)} had succeeded";
            if (Failed > 1) parts += $", {Failed} failed";
            if (Cancelled > 0) parts += $", {Cancelled} {(Cancelled == 1 ? "call" : "calls")} in flight {(Cancelled == 1 ? "was" : "were")} cancelled (outcome unknown)";
            parts += NotAttempted switch
            {
                null => ", the rest of the input was not attempted",
                0 => ", none was left to attempt",
                var n => $", {Items(n.Value)} {(n == 1 ? "was" : "were")} not attempted",
            };
            return parts;
        }

        private static string Items(int n) => n == 1 ? "1 item" : $"{n} items";
    }
}
