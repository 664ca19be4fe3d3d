namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// An error that the emulator answers as <c>{"error": Message}</c> with <see cref="StatusCode"/>.
/// Thrown by endpoints, binders and <see cref="State.EmulatorState"/>; turned into a response by
/// <see cref="ErrorHandlingMiddleware"/>.
/// </summary>
public sealed class EmulatorException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static EmulatorException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static EmulatorException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    public static EmulatorException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static EmulatorException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}
