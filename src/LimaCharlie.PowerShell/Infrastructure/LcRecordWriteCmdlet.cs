using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The metadata parameters of cmdlets that write hive records (Set-LcHiveRecord, Set-LcDrRule, Set-LcFpRule): what
    /// is not given stays as the record has it; a new record is enabled unless -Disabled.
    /// </summary>
    public abstract class LcRecordWriteCmdlet : LcOrganizationCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Enabled { get; set; }

        [Parameter]
        public SwitchParameter Disabled { get; set; }

        /// <summary>When the record expires; <see cref="DateTimeOffset.MinValue"/> (or 0 from the pipeline) means never.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTimeOffset? Expiry { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [ValidatePlainText]
        public string[]? Tag { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Comment { get; set; }

        /// <summary>The record's version as read; the write fails with LimaCharlie.EtagMismatch if it changed since.</summary>
        [Parameter]
        public string? Etag { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Not bound from piped objects: those copied from another organization's session land in this one.</summary>
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        protected HiveMetadataChange MetadataChange()
        {
            var bound = MyInvocation.BoundParameters;
            // -Disabled wins over an Enabled value bound from a piped record (Get-LcDrRule | Set-LcDrRule -Disabled).
            return new HiveMetadataChange
            {
                Enabled = Disabled ? false : bound.ContainsKey(nameof(Enabled)) ? Enabled.IsPresent : null,
                Expiry = bound.ContainsKey(nameof(Expiry)) ? Expiry ?? DateTimeOffset.MinValue : null,
                Tags = bound.ContainsKey(nameof(Tag)) ? Tag ?? Array.Empty<string>() : null,
                Comment = bound.ContainsKey(nameof(Comment)) ? Comment ?? string.Empty : null,
            };
        }
    }
}
