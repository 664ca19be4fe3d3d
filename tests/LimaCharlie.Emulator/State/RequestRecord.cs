namespace LimaCharlie.Emulator.State;

/// <summary>
/// One request seen by the emulator (control requests excluded). Secret parameter values are replaced by
/// <c>***</c> in <see cref="Query"/> and <see cref="Form"/>.
/// </summary>
/// <param name="Seq">1-based sequence number, increasing across the server's life (kept across clears).</param>
/// <param name="Time">When the request arrived.</param>
/// <param name="Query">The raw query string without the leading <c>?</c>, exactly as sent except masked values.</param>
/// <param name="Status">Final HTTP status; 0 when the connection was cut or abandoned.</param>
/// <param name="HasAuth">True when an Authorization header was sent.</param>
/// <param name="Form">Form body fields (repeated keys kept); empty when there was no form body.</param>
/// <param name="Ms">Time spent answering, in milliseconds (includes injected delays).</param>
/// <param name="Fault">Id of the fault injected into this request, if any.</param>
/// <param name="UserAgent">The User-Agent header, if any.</param>
public sealed record RequestRecord(
    long Seq,
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    int Status,
    bool HasAuth,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Form,
    double Ms,
    string? Fault,
    string? UserAgent = null);
