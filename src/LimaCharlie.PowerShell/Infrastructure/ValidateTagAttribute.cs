using System;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// A sensor tag: plain text (see <see cref="ValidatePlainTextAttribute"/>) without a comma, since the API reads a
    /// comma-joined list of tags (untagging, installation keys) and "a,b" would become the two tags "a" and "b".
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTagAttribute : ValidatePlainTextAttribute
    {
        protected override void Check(string text)
        {
            base.Check(text);
            if (text.IndexOf(',') is >= 0 and var at)
                throw new ValidationMetadataException(
                    $"The tag '{text}' holds a comma (position {at + 1}): the API reads a comma-separated list of tags, so it would " +
                    $"become the tags {string.Join(", ", Array.ConvertAll(text.Split(','), t => $"'{t.Trim()}'"))}. A tag cannot contain a comma; " +
                    "give several tags as separate values (-Tag 'a', 'b'). Nothing was sent.");
        }
    }
}
