using System;
using System.IO;

namespace LimaCharlie.Client.Files
{
    /// <summary>
    /// A download in progress: written to a hidden temporary file next to its destination and moved into place only
    /// when complete, so a failed or cancelled download never leaves a truncated file (disposing without
    /// <see cref="Commit"/> deletes it).
    /// </summary>
    public sealed class PartialFile : IDisposable
    {
        private bool _committed;

        private PartialFile(string destination, string temporary, FileStream stream)
        {
            Destination = destination;
            TemporaryPath = temporary;
            Stream = stream;
        }

        public string Destination { get; }
        public string TemporaryPath { get; }
        public FileStream Stream { get; }

        public static PartialFile Create(string destination)
        {
            var full = Path.GetFullPath(destination);
            var folder = Path.GetDirectoryName(full) ?? throw new IOException($"'{destination}' is not a file path.");
            var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            return new PartialFile(full, temporary, stream);
        }

        /// <summary>Empties the file again (a download restarted from its beginning).</summary>
        public void Restart()
        {
            Stream.SetLength(0);
            Stream.Position = 0;
        }

        /// <summary>Moves the complete file to its destination; an existing file there is replaced only with <paramref name="overwrite"/>.</summary>
        public FileInfo Commit(bool overwrite)
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            File.Move(TemporaryPath, Destination, overwrite);
            _committed = true;
            return new FileInfo(Destination);
        }

        public void Dispose()
        {
            Stream.Dispose();
            if (_committed) return;
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
