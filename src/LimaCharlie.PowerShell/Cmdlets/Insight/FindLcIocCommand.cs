using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Insight
{
    /// <summary>
    /// Where an indicator (domain, IP, hash, path, user...) was seen in an organization: its prevalence over the last
    /// 1/7/30/365 days, many indicators per call, or with -Locations the sensors that saw it.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "LcIoc")]
    [OutputType(typeof(IocPrevalence), typeof(IocLocation))]
    public sealed class FindLcIocCommand : LcOrganizationCmdlet
    {
        private const int BatchSize = 200;
        private readonly Dictionary<Guid, List<IocName>> _pending = new();

        /// <summary>The indicator's kind.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("domain", "ip", "file_hash", "file_path", "file_name", "user", "service_name", "package_name", "hostname")]
        public string Type { get; set; } = string.Empty;

        /// <summary>The indicator's values; <c>*</c> matches any text (sent as the API's <c>%</c> wildcard).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>The sensors where each indicator was seen, with the first and last time, instead of counts.</summary>
        [Parameter]
        public SwitchParameter Locations { get; set; }

        /// <summary>Match names whatever their case (the API matches case exactly by default).</summary>
        [Parameter]
        public SwitchParameter CaseInsensitive { get; set; }

        /// <summary>With -Locations: the most sensors to return per indicator (the API's default is 100).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Limit { get; set; }

        protected override void OnProcess()
        {
            var type = Type.ToLowerInvariant();
            var oid = Organization;
            var caseSensitive = !CaseInsensitive;
            int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) ? Limit : null;
            foreach (var raw in Name)
            {
                var wildcard = raw.Contains('*');
                var name = new IocName(type, wildcard ? raw.Replace('*', '%') : raw, wildcard);
                if (Locations)
                    ForEachItem(raw, () => WriteObject(InOrganization(oid, (org, ct) => org.Iocs.LocationsAsync(name, caseSensitive, limit, ct)), enumerateCollection: true));
                else if (wildcard)
                    ForEachItem(raw, () => WriteObject(InOrganization(oid, (org, ct) => org.Iocs.SummaryAsync(name, caseSensitive, ct)), enumerateCollection: true));
                else
                    Enqueue(oid ?? Guid.Empty, name);
            }
        }

        protected override void OnEnd()
        {
            foreach (var oid in _pending.Keys.ToList()) Flush(oid);
        }

        private void Enqueue(Guid oid, IocName name)
        {
            if (!_pending.TryGetValue(oid, out var names)) _pending[oid] = names = new List<IocName>();
            names.Add(name);
            if (names.Count >= BatchSize) Flush(oid);
        }

        private void Flush(Guid oid)
        {
            if (!_pending.TryGetValue(oid, out var names) || names.Count == 0) return;
            var batch = names.ToArray();
            names.Clear();
            Guid? target = oid == Guid.Empty ? null : oid;
            var caseSensitive = !CaseInsensitive;
            ForEachItem(string.Join(", ", batch.Select(n => n.Name)),
                () => WriteObject(InOrganization(target, (org, ct) => org.Iocs.SummariesAsync(batch, caseSensitive, ct)), enumerateCollection: true));
        }
    }
}
