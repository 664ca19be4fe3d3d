using System.Globalization;
using System.Text.RegularExpressions;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Selectors;

/// <summary>
/// A compiled sensor selector expression (docs <c>8-reference/sensor-selector-expressions.md</c>).
/// </summary>
/// <remarks>
/// <para>Grammar (keywords in any case; <c>and</c> binds tighter than <c>or</c>):</para>
/// <code>
/// selector   := '*' | or
/// or         := and { 'or' and }
/// and        := term { 'and' term }
/// term       := '(' or ')' | comparison
/// comparison := field ('==' | '!=' | 'contains' | 'matches' | 'not' 'matches') value
///             | value ('in' | 'not' 'in') field          -- tag membership / substring
///             | field ('in' | 'not' 'in') '(' value { ',' value } ')'
/// value      := bare word | `backticks` | "double quotes" | 'single quotes'   (verbatim, no escapes)
/// </code>
/// <para>Semantics: text comparisons (<c>==</c>, <c>!=</c>, <c>contains</c>, substring <c>in</c>, tag membership)
/// ignore case; <c>matches</c> is an unanchored .NET regular expression, case-sensitive unless it says <c>(?i)</c>.
/// <c>plat</c>/<c>ext_plat</c>/<c>arch</c> compare by code with <c>==</c> (value: API name such as <c>windows</c>,
/// <c>x64</c>, or a decimal/0x code) and as their API name otherwise. <c>enroll</c>/<c>alive</c> are Unix seconds.
/// <c>isolated</c>, <c>should_isolate</c>, <c>kernel</c> take <c>true</c>/<c>false</c>. On <c>tags</c>: <c>X in tags</c>
/// is membership, <c>tags == X</c> likewise, <c>tags contains X</c> / <c>tags matches R</c> test each tag.
/// Expired TTL tags are not seen.</para>
/// </remarks>
public sealed class SensorSelector
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private readonly Func<Sensor, DateTimeOffset, bool> _predicate;

    private SensorSelector(string text, Func<Sensor, DateTimeOffset, bool> predicate)
    {
        Text = text;
        _predicate = predicate;
    }

    /// <summary>Selects every sensor (the <c>*</c> selector).</summary>
    public static SensorSelector All { get; } = new("*", (_, _) => true);

    public string Text { get; }

    /// <summary>Parses a selector; throws <see cref="SelectorException"/> (with the position) when malformed.</summary>
    public static SensorSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim() == "*")
        {
            return All;
        }

        var parser = new Parser(SelectorTokenizer.Tokenize(text));
        return new SensorSelector(text, parser.ParseSelector());
    }

    /// <summary>Whether <paramref name="sensor"/> is selected, with tags as they are at <paramref name="now"/>.</summary>
    public bool Matches(Sensor sensor, DateTimeOffset now) => _predicate(sensor, now);

    public override string ToString() => Text;

    private sealed class Parser(List<Token> tokens)
    {
        private int _index;

        private Token Current => tokens[_index];

        public Func<Sensor, DateTimeOffset, bool> ParseSelector()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new SelectorException(Current.Position, "empty selector");
            }

            var predicate = ParseOr();
            if (Current.Kind != TokenKind.End)
            {
                var hint = Current.Kind == TokenKind.CloseParen ? "unbalanced ')'" : $"expected 'and', 'or' or the end, got {Current.Describe()}";
                throw new SelectorException(Current.Position, hint);
            }

            return predicate;
        }

        private Func<Sensor, DateTimeOffset, bool> ParseOr()
        {
            var left = ParseAnd();
            while (Current.IsWord("or"))
            {
                _index++;
                var a = left;
                var b = ParseAnd();
                left = (s, now) => a(s, now) || b(s, now);
            }

            return left;
        }

        private Func<Sensor, DateTimeOffset, bool> ParseAnd()
        {
            var left = ParseTerm();
            while (Current.IsWord("and"))
            {
                _index++;
                var a = left;
                var b = ParseTerm();
                left = (s, now) => a(s, now) && b(s, now);
            }

            return left;
        }

        private Func<Sensor, DateTimeOffset, bool> ParseTerm()
        {
            if (Current.Kind != TokenKind.OpenParen)
            {
                return ParseComparison();
            }

            var open = Current;
            _index++;
            var inner = ParseOr();
            if (Current.Kind != TokenKind.CloseParen)
            {
                throw new SelectorException(Current.Position,
                    $"expected ')' to close the '(' at position {open.Position}, got {Current.Describe()}");
            }

            _index++;
            return inner;
        }

        private Func<Sensor, DateTimeOffset, bool> ParseComparison()
        {
            var left = ExpectOperand("a field name or a value");
            var op = ParseOperator(left);
            switch (op.Name)
            {
                case "in":
                case "not in":
                    {
                        var membership = Current.Kind == TokenKind.OpenParen ? ParseList(left) : ParseIn(left);
                        return op.Negated ? (s, now) => !membership(s, now) : membership;
                    }

                default:
                    {
                        var field = RequireField(left, op.Name);
                        var value = ExpectOperand("a value");
                        var test = op.Name switch
                        {
                            "==" => Equality(field, value),
                            "contains" => Contains(field, value),
                            _ => Regex(field, value),
                        };
                        return op.Negated ? (s, now) => !test(s, now) : test;
                    }
            }
        }

        private (string Name, bool Negated) ParseOperator(Token left)
        {
            var token = Current;
            _index++;
            switch (token.Kind)
            {
                case TokenKind.Equal:
                    return ("==", false);
                case TokenKind.NotEqual:
                    return ("==", true);
                case TokenKind.Word when token.IsWord("in"):
                    return ("in", false);
                case TokenKind.Word when token.IsWord("matches"):
                    return ("matches", false);
                case TokenKind.Word when token.IsWord("contains"):
                    return ("contains", false);
                case TokenKind.Word when token.IsWord("not"):
                    var next = Current;
                    _index++;
                    if (next.IsWord("in"))
                    {
                        return ("in", true);
                    }

                    if (next.IsWord("matches"))
                    {
                        return ("matches", true);
                    }

                    throw new SelectorException(next.Position, $"expected 'in' or 'matches' after 'not', got {next.Describe()}");
                default:
                    throw new SelectorException(token.Position,
                        $"expected an operator (==, !=, in, not in, matches, not matches, contains) after {left.Describe()}, got {token.Describe()}");
            }
        }

        /// <summary><c>value in field</c>: tag membership, or substring of a text field.</summary>
        private Func<Sensor, DateTimeOffset, bool> ParseIn(Token left)
        {
            var right = Current;
            if (right.Kind != TokenKind.Word || SelectorField.Find(right.Text) is not { } field)
            {
                throw new SelectorException(right.Position,
                    $"expected a field name (such as tags) or a '(' list after 'in', got {right.Describe()}");
            }

            _index++;
            var value = left.Text;
            return field.Kind switch
            {
                FieldKind.Tags => (s, now) => HasTag(s, value, now),
                FieldKind.Text or FieldKind.Platform or FieldKind.Architecture =>
                    (s, _) => field.Display(s).Contains(value, StringComparison.OrdinalIgnoreCase),
                _ => throw new SelectorException(right.Position, $"'in' needs tags or a text field on its right, not {field.Name}"),
            };
        }

        /// <summary><c>field in (a, b, ...)</c>: equal to any of the values.</summary>
        private Func<Sensor, DateTimeOffset, bool> ParseList(Token left)
        {
            var field = RequireField(left, "in (...)");
            var open = Current;
            _index++;
            var tests = new List<Func<Sensor, DateTimeOffset, bool>>();
            while (true)
            {
                tests.Add(Equality(field, ExpectOperand("a value")));
                if (Current.Kind == TokenKind.Comma)
                {
                    _index++;
                    continue;
                }

                if (Current.Kind == TokenKind.CloseParen)
                {
                    _index++;
                    break;
                }

                throw new SelectorException(Current.Position,
                    $"expected ',' or ')' in the list opened at position {open.Position}, got {Current.Describe()}");
            }

            var all = tests.ToArray();
            return (s, now) => Array.Exists(all, t => t(s, now));
        }

        private Func<Sensor, DateTimeOffset, bool> Equality(SelectorField field, Token value)
        {
            var text = value.Text;
            switch (field.Kind)
            {
                case FieldKind.Text:
                    return (s, _) => string.Equals(field.Text(s), text, StringComparison.OrdinalIgnoreCase);
                case FieldKind.Platform:
                    {
                        if (!SensorPlatforms.TryParse(text, out var code))
                        {
                            throw new SelectorException(value.Position, $"unknown platform {value.Describe()}; expected a name ({string.Join(", ", SensorPlatforms.Names)}) or a code");
                        }

                        return (s, _) => field.Code(s) == code;
                    }

                case FieldKind.Architecture:
                    {
                        if (!SensorArchitectures.TryParse(text, out var code))
                        {
                            throw new SelectorException(value.Position, $"unknown architecture {value.Describe()}; expected a name ({string.Join(", ", SensorArchitectures.Names)}) or a code");
                        }

                        return (s, _) => field.Code(s) == (uint)code;
                    }

                case FieldKind.Time:
                    {
                        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                        {
                            throw new SelectorException(value.Position, $"{field.Name} is a Unix timestamp in seconds; got {value.Describe()}");
                        }

                        return (s, _) => field.Number(s) == seconds;
                    }

                case FieldKind.Boolean:
                    {
                        var flag = text.ToLowerInvariant() switch
                        {
                            "true" or "1" => true,
                            "false" or "0" => false,
                            _ => throw new SelectorException(value.Position, $"{field.Name} is true or false; got {value.Describe()}"),
                        };
                        return (s, _) => field.Flag(s) == flag;
                    }

                default:
                    return (s, now) => HasTag(s, text, now);
            }
        }

        private static Func<Sensor, DateTimeOffset, bool> Contains(SelectorField field, Token value)
        {
            var text = value.Text;
            if (field.Kind == FieldKind.Tags)
            {
                return (s, now) => AnyTag(s, now, t => t.Contains(text, StringComparison.OrdinalIgnoreCase));
            }

            return (s, _) => field.Display(s).Contains(text, StringComparison.OrdinalIgnoreCase);
        }

        private static Func<Sensor, DateTimeOffset, bool> Regex(SelectorField field, Token value)
        {
            Regex regex;
            try
            {
                regex = new Regex(value.Text, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new SelectorException(value.Position, $"invalid regular expression `{value.Text}`: {ex.Message}");
            }

            if (field.Kind == FieldKind.Tags)
            {
                return (s, now) => AnyTag(s, now, regex.IsMatch);
            }

            return (s, _) => regex.IsMatch(field.Display(s));
        }

        private static SelectorField RequireField(Token token, string operation)
        {
            if (token.Kind == TokenKind.Word && SelectorField.Find(token.Text) is { } field)
            {
                return field;
            }

            throw new SelectorException(token.Position,
                $"{token.Describe()} is not a field; '{operation}' needs one of: {SelectorField.Names} on its left");
        }

        private Token ExpectOperand(string what)
        {
            var token = Current;
            if (token.Kind == TokenKind.Quoted
                || (token.Kind == TokenKind.Word && !token.IsWord("and") && !token.IsWord("or")))
            {
                _index++;
                return token;
            }

            throw new SelectorException(token.Position, $"expected {what}, got {token.Describe()}");
        }

        private static bool HasTag(Sensor sensor, string tag, DateTimeOffset now)
        {
            if (sensor.Tags.TryGetValue(tag, out var exact) && exact.IsActiveAt(now))
            {
                return true;
            }

            return AnyTag(sensor, now, t => t.Equals(tag, StringComparison.OrdinalIgnoreCase));
        }

        private static bool AnyTag(Sensor sensor, DateTimeOffset now, Func<string, bool> test)
        {
            foreach (var tag in sensor.Tags.Values)
            {
                if (tag.IsActiveAt(now) && test(tag.Tag))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
