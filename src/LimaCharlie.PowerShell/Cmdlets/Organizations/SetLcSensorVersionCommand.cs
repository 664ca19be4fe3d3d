using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Sets the sensor version of an organization: a specific one, the latest, the stable one, or dormant (<c>POST /v1/modules/{oid}</c>).</summary>
    [Cmdlet(VerbsCommon.Set, "LcSensorVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SpecificSet)]
    [OutputType(typeof(Organization))]
    public sealed class SetLcSensorVersionCommand : LcOrganizationCmdlet
    {
        private const string SpecificSet = "Specific";
        private const string LatestSet = "Latest";
        private const string StableSet = "Stable";
        private const string DormantSet = "Dormant";

        /// <summary>A sensor version such as 4.33.20.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SpecificSet)]
        [ValidatePattern(@"^\d+\.\d+\.\d+$")]
        public string Version { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
        public SwitchParameter Latest { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = StableSet)]
        public SwitchParameter Stable { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DormantSet)]
        public SwitchParameter Dormant { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var choice = ParameterSetName switch
            {
                LatestSet => SensorVersionChoice.Latest,
                StableSet => SensorVersionChoice.Stable,
                DormantSet => SensorVersionChoice.Dormant,
                _ => SensorVersionChoice.Specific,
            };
            var what = choice switch
            {
                SensorVersionChoice.Latest => "the latest version",
                SensorVersionChoice.Stable => "the stable version",
                SensorVersionChoice.Dormant => "dormant (sensors stay installed but idle)",
                _ => $"version {Version}",
            };
            var target = CurrentSession.KnownName(oid) is { } known ? $"organization '{known}' ({oid})" : $"organization {oid}";
            if (!ShouldProcess(target, $"Set the sensor version to {what}")) return;

            InOrganization(oid, (org, ct) => org.Admin.SetSensorVersionAsync(choice, choice == SensorVersionChoice.Specific ? Version : null, ct));
            if (PassThru)
            {
                var org = InAccount((account, ct) => account.Organizations.GetAsync(oid, ct));
                CurrentSession.Remember(org);
                WriteObject(org);
            }
        }
    }
}
