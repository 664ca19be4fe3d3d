namespace LimaCharlie.Client.Http
{
    /// <summary>What was received of an answer read as bytes: its length and its declared media type and charset.</summary>
    public sealed record LcBody(long Length, string? MediaType, string? CharSet);
}
