namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>Hides credential values before requests are recorded.</summary>
public static class SecretMasking
{
    public const string Mask = "***";

    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "fb_auth", "api_key", "password", "jwt",
    };

    public static bool IsSecret(string name) => SecretNames.Contains(name);

    /// <summary>
    /// The raw query string (without <c>?</c>) with secret values replaced; everything else is kept byte for
    /// byte so tests can check how a client encoded its parameters.
    /// </summary>
    public static string MaskQuery(QueryString query)
    {
        var raw = query.HasValue ? query.Value!.TrimStart('?') : string.Empty;
        if (raw.Length == 0)
        {
            return raw;
        }

        var parts = raw.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=');
            var rawName = eq < 0 ? parts[i] : parts[i][..eq];
            if (IsSecret(Uri.UnescapeDataString(rawName.Replace('+', ' '))))
            {
                parts[i] = rawName + "=" + Mask;
            }
        }

        return string.Join('&', parts);
    }

    /// <summary>The form fields with secret values replaced; empty when there is no form.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> MaskForm(IFormCollection? form)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (form is null)
        {
            return result;
        }

        foreach (var (name, values) in form)
        {
            result[name] = IsSecret(name)
                ? values.Select(_ => Mask).ToList()
                : values.Select(v => v ?? string.Empty).ToList();
        }

        return result;
    }
}
