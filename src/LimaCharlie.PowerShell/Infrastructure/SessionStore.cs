using System.Management.Automation;

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

        public static void Set(PSCmdlet cmdlet, Session session) => cmdlet.SessionState.PSVariable.Set(Qualified, session);

        public static void Clear(PSCmdlet cmdlet) => cmdlet.SessionState.PSVariable.Remove(Qualified);
    }
}
