using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// What Get-LcSensor and Find-LcSensor make of -Hostname and -IpAddress: the API searches hostnames by prefix and IP
    /// addresses whole, so input written for another kind of match (wildcards, a part of an address) is translated when
    /// its meaning is clear and explained when it would match nothing.
    /// </summary>
    internal static class SensorSearchInput
    {
        /// <summary>The prefix to send for a -Hostname; warns when wildcards other than a trailing * are left in it.</summary>
        public static string HostnamePrefix(PSCmdlet cmdlet, string typed)
        {
            var prefix = SensorQuery.HostnamePrefixOf(typed, out var otherWildcards);
            if (otherWildcards)
                Warnings.Write(cmdlet, $"-Hostname '{typed}': the API searches hostnames by prefix and takes wildcard characters literally, " +
                                    "so only a trailing * is understood (it is the prefix match itself). For a pattern, use a selector: " +
                                    "Get-LcSensor -Selector 'hostname matches `^web-.*-01$`'.");
            return prefix;
        }

        /// <summary>Stops the command when -IpAddress is neither a whole address nor (where allowed) a CIDR range.</summary>
        public static void RequireAddress(Cmdlet cmdlet, string ipAddress, bool rangeAllowed)
        {
            if (SensorQuery.IsAddress(ipAddress) || (rangeAllowed && SensorQuery.IsRange(ipAddress))) return;
            var hint = SensorQuery.IsRange(ipAddress)
                ? $"'{ipAddress}' is a range, and the address lookup of Find-LcSensor takes one whole address. List the sensors of a range with Get-LcSensor -IpAddress {ipAddress}."
                : SensorQuery.AddressHint(ipAddress);
            cmdlet.ThrowTerminatingError(ErrorRecords.Of(new ArgumentException(hint), ErrorIds.InvalidIpAddress, ipAddress));
        }
    }
}
