using System;
using System.Collections;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>The User-Agent the module sends: module version, PowerShell version, OS.</summary>
    internal static class UserAgent
    {
        private static string? _value;

        public static string For(PSCmdlet cmdlet)
        {
            if (_value is not null) return _value;
            var module = typeof(UserAgent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            var table = cmdlet.SessionState.PSVariable.GetValue("PSVersionTable") as IDictionary;
            var ps = table?["PSVersion"]?.ToString() ?? "unknown";
            var edition = table?["PSEdition"]?.ToString() ?? "Core";
            return _value = $"LimaCharlie-PowerShell/{module} PowerShell/{ps} ({edition}; {RuntimeInformation.OSDescription.Trim()}; {RuntimeInformation.ProcessArchitecture})";
        }
    }
}
