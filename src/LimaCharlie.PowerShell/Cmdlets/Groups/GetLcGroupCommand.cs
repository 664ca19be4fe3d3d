using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>
    /// Gets the groups the user owns with their owners, members, organizations and permissions (one
    /// <c>GET /v1/groups/{gid}</c> per group), or the groups named by id.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LcGroup", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Group))]
    public sealed class GetLcGroupCommand : LcSessionCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("gid")]
        [ArgumentCompleter(typeof(GroupCompleter))]
        [GuidList]
        public Guid[] GroupId { get; set; } = Array.Empty<Guid>();

        /// <summary>Only the groups whose name matches (wildcards allowed); filtered before the details are read.</summary>
        [Parameter(ParameterSetName = ListSet, Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Name { get; set; }

        private Guid _current;

        protected override object? ErrorTarget => _current == Guid.Empty ? null : _current;

        protected override void OnProcess()
        {
            var connection = Connection;
            connection.RequireUserTarget("Get-LcGroup");
            if (ParameterSetName == ByIdSet)
            {
                foreach (var gid in GroupId) Detail(gid);
                return;
            }
            var pattern = Name is null ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
            foreach (var group in InAccount((account, ct) => account.Groups.ListAsync(ct)))
            {
                if (pattern is not null && !pattern.IsMatch(group.Name ?? string.Empty)) continue;
                Detail(group.GroupId);
            }
        }

        private void Detail(Guid gid)
        {
            _current = gid;
            var connection = Connection;
            ForEachItem(gid, () => WriteObject(InAccount((account, ct) => account.Groups.GetAsync(gid, ct))));
        }
    }
}
