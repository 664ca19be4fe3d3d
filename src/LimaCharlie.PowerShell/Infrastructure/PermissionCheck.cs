using System.Collections.Generic;
using System.Management.Automation;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Permission names are checked against the engine's list with a warning, not an error: the API adds permissions
    /// (new hives, extensions) faster than a module release, and the API itself refuses a name it does not know.
    /// </summary>
    internal static class PermissionCheck
    {
        public static string[] Normalize(PSCmdlet cmdlet, IEnumerable<string> names)
        {
            var permissions = Permissions.Normalize(names);
            foreach (var unknown in Permissions.Unknown(permissions))
                Warnings.Write(cmdlet, $"'{unknown}' is not a permission name this module knows (tab completion lists them); it is sent as given.");
            return permissions;
        }
    }
}
