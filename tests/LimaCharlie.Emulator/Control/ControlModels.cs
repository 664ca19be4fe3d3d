namespace LimaCharlie.Emulator.Control;

/// <summary>Body of <c>POST /_emu/orgs</c>.</summary>
public sealed record OrgCreateRequest
{
    public string? Oid { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>A <c>loc</c> value (usa, canada, europe, uk, india, australia, auto); default usa.</summary>
    public string? Location { get; init; }

    public int? SensorQuota { get; init; }

    public string? Template { get; init; }
}

/// <summary>Body of <c>POST /_emu/users</c>.</summary>
public sealed record UserCreateRequest
{
    public string? Uid { get; init; }

    public string? Email { get; init; }
}

/// <summary>Body of <c>POST /_emu/users/{uid}/orgs</c>.</summary>
public sealed record GrantRequest
{
    public string? Oid { get; init; }

    /// <summary>Default: every org permission.</summary>
    public IReadOnlyList<string>? Perms { get; init; }

    public bool? Owner { get; init; }
}

/// <summary>Body of <c>POST /_emu/settings</c> and answer of both settings routes.</summary>
public sealed record SettingsModel
{
    public double? TokenLifetimeSeconds { get; init; }

    /// <summary>Search: rows per result page.</summary>
    public int? SearchResultsPerPage { get; init; }

    /// <summary>Search: polls of each page answered <c>completed: false</c> before the page.</summary>
    public int? SearchPendingPolls { get; init; }

    /// <summary>Search: <c>nextPollInMs</c> of those answers.</summary>
    public int? SearchPollIntervalMs { get; init; }

    /// <summary>Search: open queries per org before 429.</summary>
    public int? SearchMaxConcurrentQueries { get; init; }

    /// <summary>Lifetime of org delete confirmations (default 60; 0 = expired on arrival).</summary>
    public double? DeleteConfirmationSeconds { get; init; }
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/findings</c>: how many cloud-security findings the org has.</summary>
internal sealed class FindingsRequest
{
    public int Count { get; set; }
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/cases</c>.</summary>
internal sealed class CaseRequest
{
    public string? Summary { get; set; }

    public string? Severity { get; set; }
}
