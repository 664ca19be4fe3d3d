using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>Outputs and org values (guarded by the hive lock, see <c>EmulatorState.Hive.cs</c>).</summary>
public sealed partial class EmulatorState
{
    private readonly Dictionary<string, SortedDictionary<string, OrgOutput>> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, string>> _orgValues = new(StringComparer.Ordinal);

    // ---- Outputs -----------------------------------------------------------------------------------------------

    /// <summary>An org's outputs by name (ordinal).</summary>
    public IReadOnlyList<OrgOutput> Outputs(string oid)
    {
        var key = ConfigOid(oid);
        lock (_configGate)
        {
            return _outputs.TryGetValue(key, out var outputs) ? outputs.Values.ToList() : [];
        }
    }

    public OrgOutput? FindOutput(string oid, string name)
    {
        var key = ConfigOid(oid);
        lock (_configGate)
        {
            return _outputs.TryGetValue(key, out var outputs) ? outputs.GetValueOrDefault(name) : null;
        }
    }

    /// <summary>Creates or replaces an output; 400 for a blank name, an unknown module or data type.</summary>
    public OrgOutput SetOutput(string oid, OrgOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(output.Name))
        {
            throw EmulatorException.BadRequest("name is required");
        }

        if (!ConfigCatalog.OutputModules.Contains(output.Module, StringComparer.Ordinal))
        {
            throw EmulatorException.BadRequest(
                $"invalid module '{output.Module}': expected one of {string.Join(", ", ConfigCatalog.OutputModules)}");
        }

        if (!ConfigCatalog.OutputTypes.Contains(output.For, StringComparer.Ordinal))
        {
            throw EmulatorException.BadRequest(
                $"invalid type '{output.For}': expected one of {string.Join(", ", ConfigCatalog.OutputTypes)}");
        }

        var stored = output with { Fields = new SortedDictionary<string, string>(output.Fields.ToDictionary(), StringComparer.Ordinal) };
        var key = ConfigOid(oid);
        lock (_configGate)
        {
            if (!_outputs.TryGetValue(key, out var outputs))
            {
                outputs = new SortedDictionary<string, OrgOutput>(StringComparer.Ordinal);
                _outputs.Add(key, outputs);
            }

            outputs[stored.Name] = stored;
        }

        return stored;
    }

    /// <summary>Deletes an output; false if unknown.</summary>
    public bool DeleteOutput(string oid, string name)
    {
        var key = ConfigOid(oid);
        lock (_configGate)
        {
            return _outputs.TryGetValue(key, out var outputs) && outputs.Remove(name);
        }
    }

    // ---- Org values --------------------------------------------------------------------------------------------

    /// <summary>The org values set so far, by name.</summary>
    public IReadOnlyDictionary<string, string> OrgValues(string oid)
    {
        var key = ConfigOid(oid);
        lock (_configGate)
        {
            return _orgValues.TryGetValue(key, out var values)
                ? new SortedDictionary<string, string>(values, StringComparer.Ordinal)
                : new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>One org value, or null when never set; 400 for a name outside <see cref="ConfigCatalog.OrgValueNames"/>.</summary>
    public string? FindOrgValue(string oid, string name)
    {
        RequireOrgValueName(name);
        return OrgValues(oid).GetValueOrDefault(name);
    }

    /// <summary>Sets an org value; 400 for a name outside <see cref="ConfigCatalog.OrgValueNames"/>.</summary>
    public void SetOrgValue(string oid, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireOrgValueName(name);
        var key = ConfigOid(oid);
        lock (_configGate)
        {
            if (!_orgValues.TryGetValue(key, out var values))
            {
                values = new SortedDictionary<string, string>(StringComparer.Ordinal);
                _orgValues.Add(key, values);
            }

            values[name] = value;
        }
    }

    private static void RequireOrgValueName(string name)
    {
        if (!ConfigCatalog.OrgValueNames.Contains(name, StringComparer.Ordinal))
        {
            throw EmulatorException.BadRequest(
                $"invalid config name '{name}': expected one of {string.Join(", ", ConfigCatalog.OrgValueNames)}");
        }
    }
}
