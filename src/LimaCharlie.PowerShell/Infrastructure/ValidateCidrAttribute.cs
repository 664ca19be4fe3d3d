using System.Management.Automation;
using System.Net;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Accepts an IPv4 or IPv6 network in CIDR notation whose host bits are zero (10.0.0.0/8, 2001:db8::/32).</summary>
    public sealed class ValidateCidrAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var text = arguments?.ToString() ?? string.Empty;
            if (!text.Contains('/') || !IPNetwork.TryParse(text, out _))
                throw new ValidationMetadataException(
                    $"'{text}' is not a network in CIDR notation: give an address and a prefix length with the host bits zero, such as 203.0.113.0/24 or 203.0.113.7/32.");
        }
    }
}
