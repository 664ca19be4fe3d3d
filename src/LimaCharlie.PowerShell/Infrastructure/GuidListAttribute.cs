using System;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Hands a single id (a <see cref="Guid"/>, or text that is one) to a <c>Guid[]</c> parameter as a one-item array, so
    /// the common call with one id skips PowerShell's general scalar-to-array conversion (about a tenth of a
    /// single-sensor call). Anything else passes through unchanged, to PowerShell's own conversion and its errors.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class GuidListAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
            {
                Guid id => new[] { id },
                string text when Guid.TryParse(text, out var id) => new[] { id },
                _ => inputData,
            };
    }
}
