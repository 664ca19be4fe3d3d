using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Removes users from an organization (<c>DELETE /v1/orgs/{oid}/users</c>); their accounts stay.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcUserCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserEmailCompleter))]
        [ValidatePlainText]
        public string[] Email { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            RemoveEach(Email, Force, email => InTargetOrganization(email), "Remove the user from the organization",
                (email, log, ct) => connection.Organization(oid, log).Users.RemoveAsync(email, ct));
        }
    }
}
