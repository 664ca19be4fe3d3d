namespace LimaCharlie.Emulator.Selectors;

/// <summary>A malformed selector: <see cref="Position"/> is the 1-based character position of the problem.</summary>
public sealed class SelectorException(int position, string detail)
    : Exception($"invalid selector at position {position}: {detail}")
{
    public int Position { get; } = position;

    public string Detail { get; } = detail;
}

internal enum TokenKind
{
    /// <summary>A bare word: field name, keyword or unquoted value.</summary>
    Word,

    /// <summary>A value quoted with backticks, double or single quotes (verbatim, no escapes).</summary>
    Quoted,
    Equal,
    NotEqual,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

/// <param name="Position">1-based position of the first character.</param>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsWord(string keyword) => Kind == TokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the selector",
        TokenKind.Quoted => $"quoted value `{Text}`",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits a selector into tokens. Bare words run until whitespace or one of <c>( ) , = ! ` " '</c>; quoted values
/// run to the next identical quote character and are taken verbatim (so regular expressions need no doubling).
/// </summary>
internal static class SelectorTokenizer
{
    private const string Quotes = "`\"'";

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var position = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.OpenParen, "(", position));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.CloseParen, ")", position));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", position));
                    i++;
                    continue;
                case '=':
                    if (i + 1 < text.Length && text[i + 1] == '=')
                    {
                        tokens.Add(new Token(TokenKind.Equal, "==", position));
                        i += 2;
                        continue;
                    }

                    throw new SelectorException(position, "unexpected '=' (compare with '==')");
                case '!':
                    if (i + 1 < text.Length && text[i + 1] == '=')
                    {
                        tokens.Add(new Token(TokenKind.NotEqual, "!=", position));
                        i += 2;
                        continue;
                    }

                    throw new SelectorException(position, "unexpected '!' (use '!=', 'not in' or 'not matches')");
            }

            if (Quotes.Contains(c))
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0)
                {
                    throw new SelectorException(position, $"unterminated value: no closing {c}");
                }

                tokens.Add(new Token(TokenKind.Quoted, text[(i + 1)..close], position));
                i = close + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && "(),=!".IndexOf(text[i]) < 0 && !Quotes.Contains(text[i]))
            {
                i++;
            }

            tokens.Add(new Token(TokenKind.Word, text[start..i], position));
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length + 1));
        return tokens;
    }
}
