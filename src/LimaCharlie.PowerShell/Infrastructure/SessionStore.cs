using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The runspace's default session, kept in its session state (global scope), so each runspace has its own
    /// and parallel runspaces never share one by accident.
    /// </summary>
    internal static class SessionStore
    {
        public const string VariableName = "LimaCharlieSession";
        private const string Qualified = "global:" + VariableName;

        public static Session? Get(PSCmdlet cmdlet) =>
            cmdlet.SessionState.PSVariable.GetValue(Qualified) switch
            {
                Session s => s,
                PSObject { BaseObject: Session s } => s,
                _ => null,
            };

        // A read-only mirror for argument completers, which get no session state of their own.
        private static readonly ConditionalWeakTable<Runspace, Session> ForCompletion = new();

        public static void Set(PSCmdlet cmdlet, Session session)
        {
            cmdlet.SessionState.PSVariable.Set(Qualified, session);
            if (Runspace.DefaultRunspace is { } runspace) ForCompletion.AddOrUpdate(runspace, session);
        }

        public static void Clear(PSCmdlet cmdlet)
        {
            cmdlet.SessionState.PSVariable.Remove(Qualified);
            if (Runspace.DefaultRunspace is { } runspace) ForCompletion.Remove(runspace);
        }

        /// <summary>The default session of the current runspace, for completers.</summary>
        public static Session? ForCurrentRunspace() =>
            Runspace.DefaultRunspace is { } runspace && ForCompletion.TryGetValue(runspace, out var session) ? session : null;
    }
}
