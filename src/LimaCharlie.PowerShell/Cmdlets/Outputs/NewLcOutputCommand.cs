using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Credentials;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Outputs
{
    /// <summary>
    /// Creates an output (<c>POST /v1/outputs/{oid}</c>): a module, the data it receives, the common settings as
    /// parameters and any other module setting in -Field.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LcOutput", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output))]
    public sealed class NewLcOutputCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("s3", "gcs", "pubsub", "bigquery", "scp", "sftp", "slack", "syslog", "webhook", "webhook_bulk", "smtp", "humio", "kafka",
            "azure_storage_blob", "azure_event_hub", "elastic", "tines", "torq", "datadog", "opensearch", "websocket", "telegram", "ms_teams",
            "live_stream", IgnoreCase = true)]
        public string Module { get; set; } = string.Empty;

        /// <summary>What the output receives (the API's <c>type</c>, listed as <c>for</c>).</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("event", "detect", "audit", "deployment", "artifact", "tailored", "billing", IgnoreCase = true)]
        [Alias("Type", "For")]
        public string DataType { get; set; } = string.Empty;

        /// <summary>dest_host: host[:port] of syslog, scp, sftp, webhook ... outputs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePlainText]
        public string? DestinationHost { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePlainText]
        public string? Bucket { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePlainText]
        public string? Username { get; set; }

        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>secret_key: the module's secret (e.g. an S3 secret access key).</summary>
        [Parameter]
        public SecureString? SecretKey { get; set; }

        /// <summary>tag: only sensors carrying this tag.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateTag]
        public string? SensorTag { get; set; }

        /// <summary>sid: only this sensor.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        /// <summary>Any other module setting, by its API name (e.g. @{ is_tls = $true; sec_per_file = 300 }); SecureString values are accepted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Fields")]
        public IDictionary? Field { get; set; }

        /// <summary>Not bound from piped objects: those copied from another organization's session land in this one.</summary>
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        protected override object? ErrorTarget => Name;

        protected override void OnProcess()
        {
            var oid = Organization;
            var fields = new List<KeyValuePair<string, string>>();
            void Add(string key, string? value) { if (!string.IsNullOrEmpty(value)) fields.Add(new(key, value!)); }
            Add("dest_host", DestinationHost);
            Add("bucket", Bucket);
            Add("username", Username);
            if (Password is not null) Add("password", SecureText.Use(Password, p => p));
            if (SecretKey is not null) Add("secret_key", SecureText.Use(SecretKey, p => p));
            Add("tag", SensorTag);
            if (SensorId != Guid.Empty) Add("sid", SensorId.ToString());
            foreach (var pair in PSJson.ToPairs(Field)) fields.Add(pair);

            if (!ShouldProcess(InTargetOrganization($"output '{Name}' ({Module}, {DataType})"), "Create")) return;
            WriteObject(InOrganization(oid, (org, ct) => org.Outputs.CreateAsync(Name, Module.ToLowerInvariant(), DataType.ToLowerInvariant(), fields, ct)));
        }
    }
}
