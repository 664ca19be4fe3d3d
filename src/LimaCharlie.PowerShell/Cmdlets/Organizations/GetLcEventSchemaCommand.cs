using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Lists the event types an organization knows, or gets the schema (elements) of the ones named.</summary>
    [Cmdlet(VerbsCommon.Get, "LcEventSchema", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(EventSchema))]
    public sealed class GetLcEventSchemaCommand : LcOrganizationCmdlet
    {
        private const string ListSet = "List";
        private const string ByTypeSet = "ByType";

        /// <summary><c>NEW_PROCESS</c> or <c>evt:NEW_PROCESS</c>.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByTypeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [Alias("Name")]
        [ArgumentCompleter(typeof(EventTypeCompleter))]
        public string[] EventType { get; set; } = Array.Empty<string>();

        /// <summary>Only the event types of this platform (windows, linux, macos...).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Platform { get; set; }

        private object? _current;
        protected override object? ErrorTarget => _current ?? Organization;

        protected override void OnProcess()
        {
            var oid = Organization;
            if (ParameterSetName == ListSet)
            {
                var platform = Platform?.Trim().ToLowerInvariant();
                foreach (var type in InOrganization(oid, (org, ct) => org.Admin.EventTypesAsync(platform, ct))) WriteObject(type);
                return;
            }

            foreach (var name in EventType)
            {
                _current = name;
                ForEachItem(name, () => WriteObject(InOrganization(oid, (org, ct) => org.Admin.EventSchemaAsync(name, ct))));
            }
        }
    }
}
