using System;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LimaCharlie.Client.Yaml
{
    /// <summary>Parses YAML text, turning every parser failure into one message that says where it happened.</summary>
    public static class YamlText
    {
        /// <summary>The parsed stream; on malformed text, throws what <paramref name="invalid"/> makes of a located message.</summary>
        public static YamlStream Parse(string text, Func<string, Exception, Exception> invalid)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                return stream;
            }
            catch (YamlException e)
            {
                throw invalid($"line {e.Start.Line}, column {e.Start.Column}: {e.Message.TrimEnd('.')}", e);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet reports some unterminated constructs this way, without a position: find the last good token.
                var mark = LastReadablePosition(text);
                throw invalid($"line {mark.Line}, column {mark.Column}: the YAML is not well formed there (an unclosed bracket or quote?)", e);
            }
        }

        private static Mark LastReadablePosition(string text)
        {
            var scanner = new Scanner(new StringReader(text));
            var last = Mark.Empty;
            try
            {
                while (scanner.MoveNext()) last = scanner.Current!.End;
            }
            catch (Exception e) when (e is YamlException or InvalidOperationException)
            {
            }
            return last;
        }
    }
}
