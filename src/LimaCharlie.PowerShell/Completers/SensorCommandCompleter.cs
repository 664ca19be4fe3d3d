using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes sensor task commands (the official CLI's list, <c>limacharlie task send --help</c>), with their arguments as tooltip.</summary>
    public sealed class SensorCommandCompleter : IArgumentCompleter
    {
        internal static readonly (string Name, string Usage)[] Commands =
        {
            ("os_processes", "List running processes"), ("os_services", "List OS services"),
            ("os_kill_process", "os_kill_process <PID>: kill a process"), ("os_suspend", "os_suspend <PID>: suspend a process"),
            ("os_resume", "os_resume <PID>: resume a suspended process"), ("dir_list", "dir_list <path>: list a directory"),
            ("file_get", "file_get <path>: retrieve a file as artifact"), ("file_del", "file_del <path>: delete a file"),
            ("file_hash", "file_hash <path>: hash of a file"), ("file_info", "file_info <path>: file metadata"),
            ("file_mov", "file_mov <src> <dst>: move or rename a file"), ("mem_map", "mem_map <PID>: memory map of a process"),
            ("mem_strings", "mem_strings <PID>: strings from process memory"), ("mem_handles", "mem_handles <PID>: handles (Windows)"),
            ("hidden_module_scan", "hidden_module_scan <PID>: scan for hidden modules"), ("netstat", "List network connections"),
            ("dns_resolve", "dns_resolve <domain>: resolve a domain name"), ("segregate_network", "Isolate the sensor from the network"),
            ("rejoin_network", "Remove network isolation"), ("yara_scan", "yara_scan <rule> <path>: YARA scan a file or directory"),
            ("artifact_get", "artifact_get <path>: collect an artifact (file or log)"), ("os_version", "OS version"),
            ("os_packages", "List installed packages"), ("os_autoruns", "List autorun entries"),
            ("os_users", "List local user accounts (Windows)"), ("history_dump", "Dump recent telemetry"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = wordToComplete.Trim('\'', '"');
            return Commands.Where(c => c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new CompletionResult(c.Name, c.Name, CompletionResultType.ParameterValue, c.Usage))
                .ToArray();
        }
    }
}
