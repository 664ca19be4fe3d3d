using System;
using System.Linq;
using System.Text;

namespace LimaCharlie.Client.Files
{
    /// <summary>File names for downloads saved into a folder, valid on every platform whatever the name came from.</summary>
    public static class FileNames
    {
        private static readonly char[] Invalid = "<>:\"/\\|?*".ToCharArray();

        private static readonly string[] Reserved =
        {
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        /// <summary>
        /// The last segment of a path written on any platform (<c>C:\dir\a.evtx</c>, <c>/var/log/syslog</c>), made safe;
        /// null when nothing usable is left.
        /// </summary>
        public static string? Leaf(string? path)
        {
            if (string.IsNullOrWhiteSpace(path)) return null;
            var leaf = path.TrimEnd('/', '\\').Split('/', '\\').LastOrDefault();
            return Safe(leaf);
        }

        /// <summary>
        /// A name safe on Windows, Linux and macOS: characters invalid anywhere (and controls) become <c>_</c>, trailing
        /// dots and spaces go, reserved device names get a <c>_</c> prefix; null for nothing, <c>.</c> or <c>..</c>.
        /// </summary>
        public static string? Safe(string? name)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            var text = new StringBuilder(name.Length);
            foreach (var c in name.Trim()) text.Append(c < 32 || Array.IndexOf(Invalid, c) >= 0 ? '_' : c);
            var safe = text.ToString().TrimEnd('.', ' ');
            if (safe.Length == 0 || safe.All(c => c == '.')) return null;
            var stem = safe.Split('.')[0];
            if (Reserved.Contains(stem, StringComparer.OrdinalIgnoreCase)) safe = "_" + safe;
            return safe.Length <= 200 ? safe : safe[..200];
        }

        /// <summary>
        /// The file name of an artifact saved into a folder: its payload id (unique, so many artifacts named alike, such as
        /// Security.evtx from a hundred sensors, never collide) joined to the leaf of its original path.
        /// </summary>
        public static string ForArtifact(string payloadId, string? originalPath)
        {
            var id = Safe(payloadId) ?? "artifact";
            var leaf = Leaf(originalPath);
            return leaf is null ? id : $"{id}_{leaf}";
        }
    }
}
