using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimaCharlie.Emulator.Selectors;

namespace LimaCharlie.Emulator.Search;

/// <summary>An LCQL text the emulator cannot evaluate; the message says where and why.</summary>
public sealed class LcqlException(string message) : Exception(message);

/// <summary>
/// The LCQL subset the emulator evaluates: <c>time range | sensor selector | types [| filter]</c>.
/// </summary>
/// <remarks>
/// <para>The time range (first part) is read but ignored: the request's <c>startTime</c>/<c>endTime</c> bound the search.
/// The selector is <c>*</c> or the sensor selector language (<see cref="SensorSelector"/>). Types are <c>*</c> or
/// space-separated names: event types on the <c>event</c> stream, categories (<c>cat</c>) on <c>detect</c>, <c>etype</c>
/// on <c>audit</c>. The filter compares paths of the row (<c>event/FILE_PATH</c>, <c>routing/hostname</c>,
/// <c>detect/event/COMMAND_LINE</c>, <c>entity/name</c>...) with a value:</para>
/// <code>
/// filter     := and { 'or' and }
/// and        := term { 'and' term }
/// term       := '(' filter ')' | 'not' term | path op value
/// op         := '==' | 'is' | '!=' | 'is not' | 'contains' | 'starts with' | 'ends with' | 'matches'
/// value      := "double" | 'single' | `backticks` | bare word
/// </code>
/// <para>Text comparisons ignore case; <c>matches</c> is an unanchored .NET regular expression (case-insensitive). A
/// path that crosses an array matches when any element does. A missing path matches only <c>!=</c>. Projections
/// and aggregations (a fifth part) are not supported.</para>
/// </remarks>
public sealed class LcqlQuery
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private LcqlQuery(string timeRange, SensorSelector selector, IReadOnlySet<string>? types, Func<JsonElement, bool>? filter)
    {
        TimeRange = timeRange;
        Selector = selector;
        Types = types;
        Filter = filter;
    }

    public string TimeRange { get; }

    public SensorSelector Selector { get; }

    /// <summary>The type names asked for; null for <c>*</c>.</summary>
    public IReadOnlySet<string>? Types { get; }

    /// <summary>The row predicate; null when the query has no filter.</summary>
    public Func<JsonElement, bool>? Filter { get; }

    public bool MatchesType(string type) => Types is null || Types.Contains(type);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="LcqlException"/> when it is not in the subset.</summary>
    public static LcqlQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new LcqlException("invalid query: the query is empty");
        }

        var parts = SplitParts(text);
        if (parts.Count < 3)
        {
            throw new LcqlException($"invalid query: expected 'time range | sensor selector | event types [| filter]', got {parts.Count} part(s)");
        }

        if (parts.Count > 4)
        {
            throw new LcqlException("invalid query: projections and aggregations (a fifth part) are not supported by the emulator");
        }

        SensorSelector selector;
        try
        {
            selector = SensorSelector.Parse(parts[1].Trim());
        }
        catch (SelectorException e)
        {
            throw new LcqlException($"invalid sensor selector '{parts[1].Trim()}': {e.Message}");
        }

        var typeText = parts[2].Trim();
        if (typeText.Length == 0)
        {
            throw new LcqlException("invalid query: the event types part is empty (use * for every type)");
        }

        IReadOnlySet<string>? types = typeText == "*"
            ? null
            : typeText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Func<JsonElement, bool>? filter = null;
        if (parts.Count == 4 && parts[3].Trim().Length > 0)
        {
            filter = new FilterParser(parts[3]).Parse();
        }

        return new LcqlQuery(parts[0].Trim(), selector, types, filter);
    }

    /// <summary>Splits on <c>|</c> outside quotes.</summary>
    private static List<string> SplitParts(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                quote = c;
            }
            else if (c == '|')
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (quote != '\0')
        {
            throw new LcqlException($"invalid query: unterminated {quote} quote");
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>The values at <paramref name="path"/> (several when the path crosses arrays), as text.</summary>
    internal static IEnumerable<string> ValuesAt(JsonElement row, string[] path)
    {
        IEnumerable<JsonElement> current = [row];
        foreach (var segment in path)
        {
            current = current.SelectMany(e => Step(e, segment));
        }

        foreach (var e in current.SelectMany(Flatten))
        {
            yield return e.ValueKind switch
            {
                JsonValueKind.String => e.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => string.Empty,
                _ => e.GetRawText(),
            };
        }
    }

    private static IEnumerable<JsonElement> Step(JsonElement e, string segment)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty(segment, out var child))
            {
                yield return child;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (index < e.GetArrayLength())
                {
                    yield return e[index];
                }
            }
            else
            {
                foreach (var item in e.EnumerateArray())
                {
                    foreach (var c in Step(item, segment))
                    {
                        yield return c;
                    }
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e];

    private sealed class FilterParser(string text)
    {
        private readonly List<(string Text, bool Quoted, int Position)> _tokens = Tokenize(text);
        private int _index;

        public Func<JsonElement, bool> Parse()
        {
            var predicate = ParseOr();
            if (_index < _tokens.Count)
            {
                throw Error($"unexpected '{_tokens[_index].Text}'");
            }

            return predicate;
        }

        private Func<JsonElement, bool> ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword("or"))
            {
                _index++;
                var l = left;
                var r = ParseAnd();
                left = row => l(row) || r(row);
            }

            return left;
        }

        private Func<JsonElement, bool> ParseAnd()
        {
            var left = ParseTerm();
            while (IsKeyword("and"))
            {
                _index++;
                var l = left;
                var r = ParseTerm();
                left = row => l(row) && r(row);
            }

            return left;
        }

        private Func<JsonElement, bool> ParseTerm()
        {
            if (IsSymbol("("))
            {
                _index++;
                var inner = ParseOr();
                if (!IsSymbol(")"))
                {
                    throw Error("expected ')'");
                }

                _index++;
                return inner;
            }

            if (IsKeyword("not"))
            {
                _index++;
                var inner = ParseTerm();
                return row => !inner(row);
            }

            var path = Next("a path such as event/FILE_PATH");
            if (path.Quoted || path.Text is "(" or ")")
            {
                throw Error($"expected a path, got '{path.Text}'", path.Position);
            }

            var segments = path.Text.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var op = ReadOperator();
            var value = Next("a value");
            return Compare(segments, op, value.Text, value.Position);
        }

        private string ReadOperator()
        {
            var token = Next("an operator (==, !=, contains, starts with, ends with, matches)");
            var word = token.Quoted ? string.Empty : token.Text.ToLowerInvariant();
            switch (word)
            {
                case "==":
                    return "==";
                case "!=":
                    return "!=";
                case "contains" or "matches":
                    return word;
                case "is":
                    if (IsKeyword("not"))
                    {
                        _index++;
                        return "!=";
                    }

                    return "==";
                case "starts" or "ends":
                    if (!IsKeyword("with"))
                    {
                        throw Error($"expected 'with' after '{token.Text}'");
                    }

                    _index++;
                    return word + " with";
                default:
                    throw Error($"unknown operator '{token.Text}'" + (token.Text == "=" ? " (compare with '==')" : string.Empty), token.Position);
            }
        }

        private static Func<JsonElement, bool> Compare(string[] path, string op, string value, int position)
        {
            switch (op)
            {
                case "==":
                    return row => ValuesAt(row, path).Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
                case "!=":
                    return row => !ValuesAt(row, path).Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
                case "contains":
                    return row => ValuesAt(row, path).Any(v => v.Contains(value, StringComparison.OrdinalIgnoreCase));
                case "starts with":
                    return row => ValuesAt(row, path).Any(v => v.StartsWith(value, StringComparison.OrdinalIgnoreCase));
                case "ends with":
                    return row => ValuesAt(row, path).Any(v => v.EndsWith(value, StringComparison.OrdinalIgnoreCase));
                default:
                    Regex regex;
                    try
                    {
                        regex = new Regex(value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
                    }
                    catch (ArgumentException e)
                    {
                        throw new LcqlException($"invalid filter at position {position}: bad regular expression: {e.Message}");
                    }

                    return row => ValuesAt(row, path).Any(v => regex.IsMatch(v));
            }
        }

        private (string Text, bool Quoted, int Position) Next(string expected)
        {
            if (_index >= _tokens.Count)
            {
                throw Error($"expected {expected} at the end of the filter", text.Length + 1);
            }

            return _tokens[_index++];
        }

        private bool IsKeyword(string word) =>
            _index < _tokens.Count && !_tokens[_index].Quoted && string.Equals(_tokens[_index].Text, word, StringComparison.OrdinalIgnoreCase);

        private bool IsSymbol(string symbol) =>
            _index < _tokens.Count && !_tokens[_index].Quoted && _tokens[_index].Text == symbol;

        private LcqlException Error(string detail, int? position = null) =>
            new($"invalid filter at position {position ?? (_index < _tokens.Count ? _tokens[_index].Position : text.Length + 1)}: {detail}");

        private static List<(string, bool, int)> Tokenize(string text)
        {
            var tokens = new List<(string, bool, int)>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                var start = i;
                if (c is '"' or '\'' or '`')
                {
                    var end = text.IndexOf(c, i + 1);
                    if (end < 0)
                    {
                        throw new LcqlException($"invalid filter at position {start + 1}: unterminated {c} quote");
                    }

                    tokens.Add((text[(i + 1)..end], true, start + 1));
                    i = end + 1;
                }
                else if (c is '(' or ')')
                {
                    tokens.Add((c.ToString(), false, start + 1));
                    i++;
                }
                else if (c is '=' or '!')
                {
                    while (i < text.Length && text[i] is '=' or '!')
                    {
                        i++;
                    }

                    tokens.Add((text[start..i], false, start + 1));
                }
                else
                {
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"' or '\'' or '`' or '=' or '!'))
                    {
                        i++;
                    }

                    tokens.Add((text[start..i], false, start + 1));
                }
            }

            return tokens;
        }
    }
}
