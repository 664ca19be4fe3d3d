using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Adds users to a group by e-mail, as members (<c>/users</c>) or with -Owner as owners (<c>/owners</c>).</summary>
    [Cmdlet(VerbsCommon.Add, "LcGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class AddLcGroupMemberCommand : LcGroupChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("member_email", "EmailAddress")]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Email { get; set; } = Array.Empty<string>();

        /// <summary>Adds the users as owners of the group (they can manage it) instead of members.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Owner { get; set; }

        /// <summary>Invites an address that has no LimaCharlie account yet (<c>invite_missing=true</c>).</summary>
        [Parameter]
        public SwitchParameter Invite { get; set; }

        protected override object? ErrorTarget => GroupId;

        protected override void OnProcess()
        {
            var connection = Connection;
            var gid = GroupId;
            var owner = Owner.IsPresent;
            var invite = Invite.IsPresent;
            ChangeEach(Email, email => $"Add {email} as {(owner ? "owner" : "member")}",
                (email, log, ct) => connection.Account(log).Groups.AddMemberAsync(gid, email, owner, invite, ct));
        }
    }
}
