using System;
using System.Management.Automation;
using System.Threading;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The bytes moved so far by a transfer running on another thread, written as a progress record from the pipeline
    /// thread (<see cref="LcCmdlet"/>'s waiting hook) when it changed.
    /// </summary>
    internal sealed class TransferProgress
    {
        private static int _nextId = 0x4C43;
        private readonly int _id = Interlocked.Increment(ref _nextId);
        private readonly string _activity;
        private long _done;
        private long _total = -1;
        private long _shown = -1;

        public TransferProgress(string activity) => _activity = activity;

        public void Report(long done, long? total)
        {
            Interlocked.Exchange(ref _total, total ?? -1);
            Interlocked.Exchange(ref _done, done);
        }

        public void Write(Cmdlet cmdlet)
        {
            var done = Interlocked.Read(ref _done);
            if (done == _shown) return;
            _shown = done;
            var total = Interlocked.Read(ref _total);
            var record = new ProgressRecord(_id, _activity, total > 0 ? $"{Size(done)} of {Size(total)}" : Size(done));
            if (total > 0) record.PercentComplete = (int)Math.Min(100, done * 100 / total);
            cmdlet.WriteProgress(record);
        }

        public void Complete(Cmdlet cmdlet)
        {
            if (_shown < 0) return;
            cmdlet.WriteProgress(new ProgressRecord(_id, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.0} MB" : $"{bytes / 1024.0:0.0} KB";
    }
}
