namespace LimaCharlie.Emulator;

/// <summary>Start-up settings of an <see cref="EmulatorServer"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>TCP port on 127.0.0.1 of the regional search service (second listener); 0 (default) picks a free one.</summary>
    public int SearchPort { get; set; }

    /// <summary>
    /// TCP port on 127.0.0.1 of the other service hosts (third listener: replay, cases, live stream, downloads); 0
    /// (default) picks a free one.
    /// </summary>
    public int ServicesPort { get; set; }

    /// <summary>Default lifetime of minted JWTs (1 hour, as in production); changeable later and restored by reset.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Clock used for token times and timestamps (tests may pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many requests <c>GET /_emu/requests</c> keeps.</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>Minimum level of the (stderr) console log; per-request logs are below it.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Stop on SIGINT/SIGTERM (the standalone process). Off for in-process use, so the host process keeps its signals.
    /// </summary>
    public bool HandleConsoleSignals { get; set; }
}
