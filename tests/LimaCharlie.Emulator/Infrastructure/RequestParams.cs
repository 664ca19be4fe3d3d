using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// The parameters of one request: the URL query plus, on POST/PUT/PATCH/DELETE, the form body
/// (repeated keys kept). LimaCharlie clients disagree on where some parameters travel (limacharlie-api.md §8),
/// so lookups consult the form first and then the query. Bound once per request and cached.
/// </summary>
public sealed class RequestParams
{
    private const string CacheKey = "emu.params";
    private static readonly HashSet<string> BodyMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete,
    };

    private RequestParams(IQueryCollection query, IFormCollection? form)
    {
        Query = query;
        Form = form;
    }

    public IQueryCollection Query { get; }

    /// <summary>The parsed form body; null when the request has none.</summary>
    public IFormCollection? Form { get; }

    /// <summary>Minimal-API binder: handlers simply declare a <see cref="RequestParams"/> parameter.</summary>
    public static async ValueTask<RequestParams?> BindAsync(HttpContext context) => await ReadAsync(context);

    /// <summary>
    /// Reads (once) the query and form of the request. A malformed form body yields a 400; the failure is
    /// cached too, so every reader of the same request sees the same outcome.
    /// </summary>
    public static async Task<RequestParams> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return cached is EmulatorException failure ? throw failure : (RequestParams)cached!;
        }

        var request = context.Request;
        IFormCollection? form = null;
        if (BodyMethods.Contains(request.Method) && request.HasFormContentType)
        {
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                var failure = EmulatorException.BadRequest($"malformed form body: {ex.Message}");
                context.Items[CacheKey] = failure;
                throw failure;
            }
        }

        var parameters = new RequestParams(request.Query, form);
        context.Items[CacheKey] = parameters;
        return parameters;
    }

    /// <summary>First value of <paramref name="name"/>: form first, then query; null when absent.</summary>
    public string? Get(string name)
    {
        if (Form is not null && Form.TryGetValue(name, out var fromForm) && fromForm.Count > 0)
        {
            return fromForm[0];
        }

        return Query.TryGetValue(name, out var fromQuery) && fromQuery.Count > 0 ? fromQuery[0] : null;
    }

    /// <summary>Like <see cref="Get"/>, but empty or whitespace-only values count as absent.</summary>
    public string? GetNonEmpty(string name)
    {
        var value = Get(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Every value of a repeated key, form values first, then query values.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var values = new List<string>();
        if (Form is not null && Form.TryGetValue(name, out var fromForm))
        {
            Append(values, fromForm);
        }

        if (Query.TryGetValue(name, out var fromQuery))
        {
            Append(values, fromQuery);
        }

        return values;
    }

    /// <summary>
    /// Every value of a list parameter, accepting both repeated keys and comma-joined strings
    /// (both conventions exist in the API); blanks removed.
    /// </summary>
    public IReadOnlyList<string> GetList(string name) =>
        GetAll(name)
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();

    /// <summary>A boolean in any case (<c>true</c>, <c>True</c>, <c>TRUE</c>, <c>1</c>...); 400 when unparsable.</summary>
    public bool? GetBool(string name)
    {
        var value = GetNonEmpty(name);
        if (value is null)
        {
            return null;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw EmulatorException.BadRequest($"invalid boolean for '{name}': {value}"),
        };
    }

    /// <summary>A 64-bit integer; 400 when unparsable.</summary>
    public long? GetInt64(string name)
    {
        var value = GetNonEmpty(name);
        if (value is null)
        {
            return null;
        }

        return long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw EmulatorException.BadRequest($"invalid integer for '{name}': {value}");
    }

    private static void Append(List<string> values, StringValues source)
    {
        foreach (var value in source)
        {
            if (value is not null)
            {
                values.Add(value);
            }
        }
    }
}
