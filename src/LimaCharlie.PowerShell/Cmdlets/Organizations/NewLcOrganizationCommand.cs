using System;
using System.IO;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Creates an organization (needs a user API key) and returns it.</summary>
    [Cmdlet(VerbsCommon.New, "LcOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Organization))]
    public sealed class NewLcOrganizationCommand : LcSessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateLength(1, 64)]
        [ValidatePlainText]
        public string Name { get; set; } = string.Empty;

        /// <summary>The datacenter: usa, canada, europe, uk, india, australia, or auto.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("usa", "canada", "europe", "uk", "india", "australia", "auto", IgnoreCase = true)]
        [Alias("Region", "loc")]
        public string Location { get; set; } = "auto";

        /// <summary>YAML text of the organization's initial configuration, or the path of a YAML file.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText(AllowLineBreaks = true)]
        public string? Template { get; set; }

        protected override object? ErrorTarget => Name;

        protected override void OnProcess()
        {
            var connection = Connection;
            connection.RequireUserTarget("New-LcOrganization");
            var template = Template is null ? null : LoadTemplate(Template);
            var location = Location.ToLowerInvariant();
            if (!ShouldProcess($"organization '{Name}' in {location}", "Create")) return;

            var oid = InAccount((account, ct) => account.Organizations.CreateAsync(Name, location, template, ct));
            Verbose($"Created organization '{Name}' ({oid}).");
            var organization = InAccount((account, ct) => account.Organizations.GetAsync(oid, ct));
            CurrentSession.Remember(organization);
            WriteObject(organization);
        }

        private string LoadTemplate(string value)
        {
            var single = value.IndexOfAny(new[] { '\n', '\r' }) < 0;
            if (single && TryResolvePath(value) is { } path)
            {
                if (File.Exists(path)) return OrganizationTemplate.Validate(File.ReadAllText(path), $"file '{path}'");
                var ext = Path.GetExtension(path).ToLowerInvariant();
                if (ext is ".yaml" or ".yml" or ".json")
                    throw new LcConfigurationException($"The template file '{path}' does not exist.", ErrorIds.TemplateNotFound);
            }
            return OrganizationTemplate.Validate(value, "text");
        }

        /// <summary>The file system path a value names, or null when it cannot be one (e.g. "version: 3" reads as a drive).</summary>
        private string? TryResolvePath(string value)
        {
            try
            {
                return GetUnresolvedProviderPathFromPSPath(value);
            }
            catch (Exception e) when (e is SessionStateException or NotSupportedException or ArgumentException)
            {
                return null;
            }
        }
    }
}
