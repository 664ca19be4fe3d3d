using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Gets the users of an organization with their permissions (<c>GET /v1/orgs/{oid}/users/permissions</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcUser")]
    [OutputType(typeof(OrgUser))]
    public sealed class GetLcUserCommand : LcOrganizationCmdlet
    {
        /// <summary>Only the users whose email matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserEmailCompleter))]
        [ValidatePlainText]
        public string[]? Email { get; set; }

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var oid = Organization;
            var patterns = Email?.Select(e => WildcardPattern.Get(e, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var user in InOrganization(oid, (org, ct) => org.Users.ListAsync(ct)))
                if (patterns is null || patterns.Any(p => p.IsMatch(user.Email)))
                    WriteObject(user);
        }
    }
}
