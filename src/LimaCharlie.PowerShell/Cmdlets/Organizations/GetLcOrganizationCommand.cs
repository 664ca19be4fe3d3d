using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Gets the session's organization, the ones named, or every organization the user can reach.</summary>
    [Cmdlet(VerbsCommon.Get, "LcOrganization", DefaultParameterSetName = ById)]
    [OutputType(typeof(Organization))]
    public sealed class GetLcOrganizationCommand : LcSessionCmdlet
    {
        private const string ById = "ById";
        private const string AllSet = "All";

        [Parameter(ParameterSetName = ById, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        [GuidList]
        public Guid[]? OrganizationId { get; set; }

        /// <summary>Every organization the user can reach, streamed page by page.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Case-insensitive text matched by the API against name, description and id.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Filter { get; set; }

        [Parameter(ParameterSetName = AllSet)]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; } = OrganizationApi.DefaultPageSize;

        private Guid _current;

        private Organization Remember(Organization org)
        {
            CurrentSession.Remember(org);
            return org;
        }
        protected override object? ErrorTarget => _current == Guid.Empty ? null : _current;

        protected override bool ItemsAreOrganizations => true;

        protected override void OnProcess()
        {
            var connection = Connection;
            // A user key without an organization has no "own" organization to show: the ones it reaches are the answer.
            var listAll = ParameterSetName == AllSet ||
                          OrganizationId is null && connection.Kind == CredentialKind.User && connection.OrganizationId is null;
            if (listAll)
            {
                if (connection.Kind == CredentialKind.Organization)
                {
                    Verbose("An organization key reaches one organization: its own.");
                    var own = Remember(InAccount((account, ct) => account.Organizations.GetAsync(connection.OrganizationId!.Value, ct)));
                    if (OrganizationApi.Matches(own, Filter)) WriteObject(own);
                    return;
                }
                Stream((log, ct) => connection.Account(log).Organizations.ListAsync(Filter, PageSize, ct), org => WriteObject(Remember(org)));
                return;
            }

            foreach (var oid in OrganizationId ?? new[] { connection.ResolveOrganization(null) })
            {
                _current = oid;
                ForEachItem(oid, () => WriteObject(Remember(InAccount((account, ct) => account.Organizations.GetAsync(oid, ct)))));
            }
        }
    }
}
