using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Cancels tasks the reliable-tasking service holds for a sensor (action <c>untask</c>): they are never sent.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcReliableTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcReliableTaskCommand : LcOrganizationCmdlet
    {
        /// <summary>The sensor the tasks wait for; by property name from Get-LcReliableTask.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        /// <summary>The service's task ids; by property name from Get-LcReliableTask.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] TaskId { get; set; } = Array.Empty<string>();

        /// <summary>The command line a piped task carries: it names the task in prompts and selects nothing.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? Command { get; set; }

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var sid = SensorId;
            var named = TaskId.Length == 1 && !string.IsNullOrEmpty(Command) ? $" ('{Command}')" : string.Empty;
            RemoveEach(TaskId, Force, id => $"reliable task {id}{named} of sensor {sid}", "Cancel",
                (id, log, ct) => connection.Organization(oid, log).ReliableTasks.RemoveAsync(sid, id, ct));
        }
    }
}
