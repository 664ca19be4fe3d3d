using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>What an LCQL query would cost and scan, from the search service's validation (Invoke-LcQuery -Validate).</summary>
    public sealed class QueryEstimate
    {
        public Guid OrganizationId { get; set; }
        public string Query { get; set; } = string.Empty;
        /// <summary>The stream searched: <c>event</c>, <c>detect</c> or <c>audit</c>.</summary>
        public string Stream { get; set; } = "event";
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        /// <summary>The estimated price (<c>estimatedPrice.value</c>), in <see cref="Currency"/>.</summary>
        public decimal Price { get; set; }
        public string? Currency { get; set; }
        public long BatchesInScope { get; set; }
        public long EventsInScope { get; set; }
        public long BytesInScope { get; set; }
        /// <summary>Every member of the answer's <c>stats</c>, including those not named above.</summary>
        public IDictionary<string, object?> Stats { get; set; } = new JsonDictionary();

        public override string ToString() => $"{EventsInScope} events in scope, {Price} {Currency}";
    }
}
