using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes the word being typed at the end of a sensor selector: a field name (at the start, after <c>and</c>,
    /// <c>or</c>, <c>not</c> or a parenthesis), <c>tags</c> after <c>in</c>, and a platform after <c>plat ==</c>. The text
    /// before the word is kept, in the quotes it was typed in, so a selector can be built up one Tab at a time.
    /// </summary>
    public sealed class SelectorCompleter : IArgumentCompleter
    {
        /// <summary>The fields of the sensor selector language (reference §3.5), with what they hold.</summary>
        internal static readonly (string Name, string Description)[] Fields =
        {
            ("sid", "sensor id"), ("oid", "organization id"), ("iid", "installation key id"), ("did", "device id"),
            ("plat", "platform: windows, linux, macos, ..."), ("ext_plat", "extended platform (adapters)"),
            ("arch", "architecture: x86, x64, arm, arm64, ..."), ("hostname", "hostname"), ("mac_addr", "MAC address"),
            ("int_ip", "internal IP address"), ("ext_ip", "external IP address"), ("tags", "tags, as in `vip` in tags"),
            ("isolated", "network isolated: true or false"), ("should_isolate", "isolation requested: true or false"),
            ("kernel", "kernel acquisition: true or false"), ("enroll", "enrollment time"), ("alive", "last seen time"),
        };

        internal static readonly string[] Platforms = { "windows", "linux", "macos", "ios", "android", "chrome" };

        private static readonly string[] Connectives = { "and", "or", "not", "(" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var quote = wordToComplete.Length > 0 && wordToComplete[0] is '\'' or '"' ? wordToComplete[0] : (char?)null;
                var body = quote is null ? wordToComplete : wordToComplete[1..].TrimEnd(quote.Value);
                var start = body.LastIndexOfAny(new[] { ' ', '(' }) + 1;
                var head = body[..start];
                var typed = body[start..];
                var before = head.Replace("(", " ( ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return Candidates(before)
                    .Where(c => c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .Select(c => new CompletionResult(Text(quote, head + c.Name), c.Name, CompletionResultType.ParameterValue, c.Description))
                    .ToArray();
            }
            catch (Exception)
            {
                // A completer must never print an error at the prompt.
                return Array.Empty<CompletionResult>();
            }
        }

        private static IEnumerable<(string Name, string Description)> Candidates(string[] before)
        {
            var last = before.LastOrDefault();
            if (last is null || Connectives.Contains(last, StringComparer.OrdinalIgnoreCase)) return Fields;
            if (last.Equals("in", StringComparison.OrdinalIgnoreCase)) return new[] { ("tags", "tags") };
            if (last is "==" or "!=" && before.Length >= 2 && before[^2] is "plat" or "ext_plat")
                return Platforms.Select(p => (p, "platform"));
            return Array.Empty<(string, string)>();
        }

        private static string Text(char? quote, string selector) =>
            quote is { } q ? q + selector : selector.IndexOfAny(new[] { ' ', '`', '(', '$' }) < 0 ? selector : "'" + selector;
    }
}
