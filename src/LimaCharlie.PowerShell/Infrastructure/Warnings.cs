using System;
using System.Management.Automation;
using System.Reflection;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The one way the module writes a warning. For a compiled cmdlet PowerShell turns -Debug into a warning preference
    /// of Inquire unless -WarningAction is given, so each warning becomes a "Continue with this operation?" prompt, and an
    /// error in a non-interactive session. Write-Warning in scripts is exempt: it writes through the command runtime with
    /// an "override Inquire" flag, which is internal. Here a warning under -Debug takes the preference the caller would
    /// have without -Debug, and is written through that same internal call when it shows.
    /// </summary>
    internal static class Warnings
    {
        private static readonly MethodInfo? WriteOverridingInquire = FindWriteOverridingInquire();

        public static void Write(PSCmdlet cmdlet, string message)
        {
            if (!DebugAsksToInquire(cmdlet))
            {
                cmdlet.WriteWarning(message);
                return;
            }
            switch (CallerPreference(cmdlet))
            {
                case ActionPreference.SilentlyContinue or ActionPreference.Ignore:
                    return;
                case ActionPreference.Inquire:
                    cmdlet.WriteWarning(message);
                    return;
            }
            if (WriteOverridingInquire is not null && cmdlet.CommandRuntime is { } runtime && WriteOverridingInquire.DeclaringType!.IsInstanceOfType(runtime))
            {
                WriteOverridingInquire.Invoke(runtime, new object[] { new WarningRecord(message), true });
            }
            else
            {
                // A PowerShell without that call (or a host's own runtime): the host shows it, nothing prompts.
                cmdlet.Host.UI.WriteWarningLine(message);
            }
        }

        /// <summary>-Debug given (and true) without -WarningAction: the runtime's warning preference is then Inquire.</summary>
        private static bool DebugAsksToInquire(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            return bound.TryGetValue("Debug", out var debug) && LanguagePrimitives.IsTrue(debug) && !bound.ContainsKey("WarningAction");
        }

        private static ActionPreference CallerPreference(PSCmdlet cmdlet) =>
            LanguagePrimitives.TryConvertTo(cmdlet.SessionState.PSVariable.GetValue("WarningPreference"), out ActionPreference preference)
                ? preference
                : ActionPreference.Continue;

        private static MethodInfo? FindWriteOverridingInquire()
        {
            var runtime = typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.MshCommandRuntime");
            return runtime?.GetMethod("WriteWarning", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null,
                new[] { typeof(WarningRecord), typeof(bool) }, null);
        }
    }
}
