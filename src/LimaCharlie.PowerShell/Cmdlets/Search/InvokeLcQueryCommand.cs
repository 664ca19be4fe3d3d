using System;
using System.Management.Automation;
using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Search
{
    /// <summary>
    /// Runs an LCQL query on the organization's regional search service and streams its rows as they arrive; the query
    /// is cancelled on the server when the pipeline stops early, on Ctrl+C or on an error. -Validate returns the estimated
    /// price and scope instead of running it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LcQuery", DefaultParameterSetName = RunSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Event), typeof(Detection), typeof(AuditEntry), typeof(PSObject), ParameterSetName = new[] { RunSet })]
    [OutputType(typeof(QueryEstimate), ParameterSetName = new[] { ValidateSet })]
    public sealed class InvokeLcQueryCommand : LcTimeWindowCmdlet
    {
        private const string RunSet = "Run";
        private const string ValidateSet = "Validate";

        /// <summary>The LCQL text: <c>time range | sensor selector | event types | filter</c>.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText(AllowLineBreaks = true)]
        public string Query { get; set; } = string.Empty;

        /// <summary>What to search: events (default), detections or the audit log.</summary>
        [Parameter]
        [ValidateSet(SearchApi.EventStream, SearchApi.DetectStream, SearchApi.AuditStream)]
        public string Stream { get; set; } = SearchApi.EventStream;

        /// <summary>Checks the query and returns its estimated price and scope without running it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ValidateSet)]
        public SwitchParameter Validate { get; set; }

        /// <summary>Most rows to return; polling stops there and the query is cancelled on the server.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long Limit { get; set; }

        protected override object? ErrorTarget => Query;

        protected override TimeSpan DefaultWindow => SearchApi.RelativeRange(Query) ?? TimeSpan.FromDays(1);

        protected override void OnProcess()
        {
            var oid = Organization;
            var (start, end) = TimeWindow();
            var search = new SearchRequest { Query = Query, Start = start, End = end, Stream = Stream, Limit = Limit };
            if (Validate)
            {
                WriteObject(InOrganization(oid, (org, ct) => org.Search.ValidateAsync(search, ct)));
                return;
            }
            // A run is billed per event scanned, so -WhatIf sends nothing; -Validate above is free and read-only.
            if (!ShouldProcess(Query, $"Run the LCQL query on the {Stream} stream from {start:u} to {end:u}")) return;
            StreamInOrganization(oid, (org, ct) => org.Search.RunAsync(search, ct),
                row => WriteObject(row is JsonElement json ? PSJson.ToPSObject(json) : row));
        }
    }
}
