using System;
using System.Collections;
using System.Management.Automation;
using System.Text;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Refuses a name, key, tag or selector that holds a control character (U+0000-U+001F, U+007F-U+009F), which is
    /// almost always a PowerShell escape typed in double quotes: "`vip" sends a vertical tab followed by "ip". The value is
    /// refused at binding, before anything is sent.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public class ValidatePlainTextAttribute : ValidateArgumentsAttribute
    {
        /// <summary>Lets tabs and line breaks through, for text written over several lines (a query in a here-string).</summary>
        public bool AllowLineBreaks { get; set; }

        protected sealed override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            switch (arguments is PSObject wrapped ? wrapped.BaseObject : arguments)
            {
                case string text:
                    Check(text);
                    break;
                case IEnumerable items:
                    foreach (var item in items)
                        if ((item is PSObject element ? element.BaseObject : item) is string text) Check(text);
                    break;
            }
        }

        /// <summary>Throws when <paramref name="text"/> is not acceptable.</summary>
        protected virtual void Check(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (!char.IsControl(c) || AllowLineBreaks && c is '\t' or '\n' or '\r') continue;
                throw new ValidationMetadataException(
                    $"\"{Show(text)}\" holds the control character {Describe(c)} at position {i + 1}. In double quotes PowerShell " +
                    "turns a backtick sequence such as `v, `t, `n or `0 into a control character: write the value in single quotes, " +
                    "or double the backtick. Nothing was sent.");
            }
        }

        /// <summary>The value as it would be written in double quotes, so that the control character shows.</summary>
        private static string Show(string text)
        {
            var shown = new StringBuilder(text.Length + 8);
            foreach (var c in text)
                shown.Append(char.IsControl(c) ? Escape(c) ?? $"`u{{{(int)c:X}}}" : c.ToString());
            return shown.ToString();
        }

        private static string Describe(char c)
        {
            var name = c switch
            {
                '\0' => "null",
                '\a' => "alert",
                '\b' => "backspace",
                '\t' => "tab",
                '\n' => "line feed",
                '\v' => "vertical tab",
                '\f' => "form feed",
                '\r' => "carriage return",
                '\u001b' => "escape",
                '\u007f' => "delete",
                _ => null,
            };
            var code = $"U+{(int)c:X4}";
            return name is null ? code : $"{code} ({name}{(Escape(c) is { } e ? $", which {e} becomes in double quotes" : string.Empty)})";
        }

        private static string? Escape(char c) => c switch
        {
            '\0' => "`0",
            '\a' => "`a",
            '\b' => "`b",
            '\t' => "`t",
            '\n' => "`n",
            '\v' => "`v",
            '\f' => "`f",
            '\r' => "`r",
            '\u001b' => "`e",
            _ => null,
        };
    }
}
