using System;
using System.Management.Automation;
using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Extensions
{
    /// <summary>
    /// Sends an action to an extension (<c>POST /v1/extension/request/{name}</c>) and writes the <c>data</c> of its answer
    /// as objects; an <c>error</c> in the answer becomes an error record.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LcExtensionRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeLcExtensionRequestCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ExtensionNameCompleter))]
        [ValidatePlainText]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string Action { get; set; } = string.Empty;

        /// <summary>The action's input: a hashtable, an object, or JSON text. None sends an empty object.</summary>
        [Parameter(Position = 2)]
        public object? Data { get; set; }

        /// <summary>Sends the data gzip-compressed as <c>gzdata</c> (for large inputs).</summary>
        [Parameter]
        public SwitchParameter Compress { get; set; }

        protected override object? ErrorTarget => $"{Name}:{Action}";

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var json = DataJson(Data);
            if (!ShouldProcess(InTargetOrganization($"extension {Name}"), $"Run action '{Action}'")) return;
            var name = Name;
            var action = Action;
            var compress = Compress.IsPresent;
            var data = InOrganization(oid, (org, ct) => org.Extensions.RequestAsync(name, action, json, compress, ct));
            WriteObject(PSJson.ToPSObject(data), enumerateCollection: data.ValueKind == JsonValueKind.Array);
        }

        private static string DataJson(object? value)
        {
            value = value is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : value;
            if (value is null) return "{}";
            if (value is string text)
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    return doc.RootElement.GetRawText();
                }
                catch (JsonException e)
                {
                    throw new ArgumentException($"-Data is text but not JSON ({e.Message}); pass JSON text, a hashtable or an object.", e);
                }
            }
            return PSJson.Serialize(value);
        }
    }
}
