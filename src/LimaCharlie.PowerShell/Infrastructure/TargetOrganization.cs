using System;
using LimaCharlie.Client;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Names the organization a write lands in, for ShouldProcess targets: by name when the session has seen it (from
    /// Get-LcOrganization, tab completion ...), else by id, so a copy between sessions says where it goes.
    /// </summary>
    internal static class TargetOrganization
    {
        public static string Describe(Session session, LcConnection connection, Guid? requested, string what)
        {
            var oid = connection.ResolveOrganization(requested);
            return session.KnownName(oid) is { Length: > 0 } name ? $"{what} in organization '{name}' ({oid})" : $"{what} in organization {oid}";
        }
    }
}
