namespace LimaCharlie
{
    /// <summary>
    /// One kind of failure of the module, as listed in <see cref="ErrorIds"/>: the stable id that starts the error
    /// record's FullyQualifiedErrorId, its category, whether it concerns one pipeline item, and the default advice.
    /// </summary>
    public sealed class ErrorKind
    {
        internal ErrorKind(string name, string category, bool perItem, string? recommendedAction)
        {
            Id = "LimaCharlie." + name;
            Category = category;
            PerItem = perItem;
            RecommendedAction = recommendedAction;
        }

        /// <summary>The stable id, e.g. <c>LimaCharlie.NotFound</c>.</summary>
        public string Id { get; }

        /// <summary>The name of the <c>System.Management.Automation.ErrorCategory</c> of its error records.</summary>
        public string Category { get; }

        /// <summary>
        /// True when the failure concerns one pipeline item, which is reported as a non-terminating error while the other
        /// items go on; false when it would fail every item alike (no session, a refused key, a missing permission, a
        /// parameter that cannot be used), so the command stops.
        /// </summary>
        public bool PerItem { get; }

        /// <summary>The advice its errors carry unless the place that raises one gives a more specific one; null when none fits every case.</summary>
        public string? RecommendedAction { get; }

        public override string ToString() => Id;
    }
}
