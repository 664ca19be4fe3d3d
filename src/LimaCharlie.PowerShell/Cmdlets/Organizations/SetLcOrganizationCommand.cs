using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Renames an organization, sets its description or its sensor quota.</summary>
    [Cmdlet(VerbsCommon.Set, "LcOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Organization))]
    public sealed class SetLcOrganizationCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateLength(1, 64)]
        [ValidatePlainText]
        public string? Name { get; set; }

        /// <summary>The description; the API sets it together with the name, so the current name is re-sent when only this is given.</summary>
        [Parameter]
        [AllowEmptyString]
        public string? Description { get; set; }

        /// <summary>The number of sensors the organization may enroll; 0 is the free tier.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int SensorQuota { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private Guid _current;
        protected override object? ErrorTarget => _current == Guid.Empty ? null : _current;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            _current = oid;
            var quota = MyInvocation.BoundParameters.ContainsKey(nameof(SensorQuota));
            if (Name is null && Description is null && !quota)
                throw new ArgumentException("Give at least one of -Name, -Description or -SensorQuota.");

            var target = CurrentSession.KnownName(oid) is { } known ? $"organization '{known}' ({oid})" : $"organization {oid}";
            if ((Name is not null || Description is not null) && ShouldProcess(target, Name is null
                    ? "Set the description"
                    : Description is null ? $"Rename to '{Name}'" : $"Rename to '{Name}' and set the description"))
            {
                var name = Name ?? InAccount((account, ct) => account.Organizations.GetAsync(oid, ct)).Name
                    ?? throw new LcApiException($"Organization {oid} has no name to re-send with its description.", 200, null, "GET",
                        $"/v1/orgs/{oid}", ErrorIds.InvalidResponse, "Pass -Name together with -Description.");
                InOrganization(oid, (org, ct) => org.Admin.SetNameAsync(name, Description, ct));
                Verbose($"Organization {oid} is now named '{name}'{(Description is null ? string.Empty : " with a new description")}.");
            }

            if (quota && ShouldProcess(target, $"Set the sensor quota to {SensorQuota}"))
                InOrganization(oid, (org, ct) => org.Admin.SetQuotaAsync(SensorQuota, ct));

            if (PassThru)
            {
                var org = InAccount((account, ct) => account.Organizations.GetAsync(oid, ct));
                CurrentSession.Remember(org);
                WriteObject(org);
            }
        }
    }
}
