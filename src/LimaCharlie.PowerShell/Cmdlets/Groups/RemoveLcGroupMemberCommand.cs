using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Removes users from a group's members, or with -Owner from its owners.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class RemoveLcGroupMemberCommand : LcGroupChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("member_email", "EmailAddress")]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Email { get; set; } = Array.Empty<string>();

        /// <summary>Removes the users from the owners instead of the members.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Owner { get; set; }

        protected override object? ErrorTarget => GroupId;

        protected override void OnProcess()
        {
            var connection = Connection;
            var gid = GroupId;
            var owner = Owner.IsPresent;
            ChangeEach(Email, email => $"Remove {email} from the {(owner ? "owners" : "members")}",
                (email, log, ct) => connection.Account(log).Groups.RemoveMemberAsync(gid, email, owner, ct));
        }
    }
}
