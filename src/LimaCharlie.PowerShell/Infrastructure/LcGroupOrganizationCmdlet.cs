using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Adds organizations to a group or removes them, one call per organization (<c>/v1/groups/{gid}/orgs</c>).</summary>
    public abstract class LcGroupOrganizationCmdlet : LcGroupChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        [GuidList]
        public Guid[] OrganizationId { get; set; } = Array.Empty<Guid>();

        /// <summary>True to add the organizations, false to remove them.</summary>
        protected abstract bool Adding { get; }

        protected override object? ErrorTarget => GroupId;

        protected override bool ItemsAreOrganizations => true;

        protected override void OnProcess()
        {
            var connection = Connection;
            var gid = GroupId;
            var adding = Adding;
            ChangeEach(OrganizationId, oid => $"{(adding ? "Add" : "Remove")} organization {oid}", (oid, log, ct) => adding
                ? GroupApi.AddOrganizationAsync(connection, gid, oid, log, ct)
                : GroupApi.RemoveOrganizationAsync(connection, gid, oid, log, ct));
        }
    }
}
