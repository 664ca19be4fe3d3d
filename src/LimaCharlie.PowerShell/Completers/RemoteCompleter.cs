using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>One completion candidate: what is inserted, what the menu lists, and its tooltip.</summary>
    public readonly record struct CompletionItem(string Text, string ListText, string ToolTip)
    {
        public CompletionItem(string text) : this(text, text, text) { }
    }

    /// <summary>What a completer is asked: the command line being typed, and the organization it is about (null: the session's).</summary>
    public sealed record CompletionRequest(string CommandName, string ParameterName, string Word, Guid? OrganizationId,
        IDictionary FakeBoundParameters)
    {
        /// <summary>A parameter already typed on the line, as text (the first one of a list).</summary>
        public string? Bound(string name) => CompletionContext.StringOf(FakeBoundParameters, name);
    }

    /// <summary>
    /// The base of completers whose values live in the organization: it finds the session (-Session or the runspace's
    /// default) and the organization (-OrganizationId or the session's), asks <see cref="CompletionCache"/> for the values
    /// and keeps those matching the word typed. No session, a failure or a slow API all give no completion, never an error.
    /// </summary>
    public abstract class RemoteCompleter : IArgumentCompleter
    {
        /// <summary>The cache key of the values for this request (what they depend on besides session and completer).</summary>
        protected virtual string CacheKey(CompletionRequest request) => request.OrganizationId?.ToString() ?? "-";

        /// <summary>Reads the values from the API.</summary>
        protected abstract Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct);

        /// <summary>Values always offered besides the remote ones (well-known names), even without a session.</summary>
        protected virtual IEnumerable<CompletionItem> Offline(CompletionRequest request) => Array.Empty<CompletionItem>();

        /// <summary>The remote values for a request: by default from the cache, fetched when missing or old.</summary>
        protected virtual IReadOnlyList<CompletionItem> Remote(Session session, CompletionRequest request) =>
            CompletionCache.Get(session, GetType().Name + "|" + CacheKey(request), ct => FetchAsync(session, request, ct));

        /// <summary>Whether a candidate matches what was typed; by default its text or its list text starts with it.</summary>
        protected virtual bool Matches(CompletionItem item, WildcardPattern pattern) => pattern.IsMatch(item.Text) || pattern.IsMatch(item.ListText);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var request = new CompletionRequest(commandName, parameterName, wordToComplete.Trim('\'', '"'),
                    CompletionContext.OrganizationOf(fakeBoundParameters), fakeBoundParameters);
                var pattern = new WildcardPattern(WildcardPattern.Escape(request.Word) + "*", WildcardOptions.IgnoreCase);
                var remote = CompletionContext.SessionOf(fakeBoundParameters) is { } session
                    ? Remote(session, request)
                    : Array.Empty<CompletionItem>();
                return remote.Concat(Offline(request))
                    .Where(i => Matches(i, pattern))
                    .GroupBy(i => i.Text, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .OrderBy(i => i.ListText, StringComparer.OrdinalIgnoreCase)
                    .Select(i => new CompletionResult(CompletionContext.Quote(i.Text), i.ListText, CompletionResultType.ParameterValue,
                        string.IsNullOrEmpty(i.ToolTip) ? i.ListText : i.ToolTip))
                    .ToArray();
            }
            catch (Exception)
            {
                // A completer must never print an error at the prompt, whatever went wrong.
                return Array.Empty<CompletionResult>();
            }
        }
    }

    /// <summary>What completers read from the command line being typed.</summary>
    internal static class CompletionContext
    {
        public static Session? SessionOf(IDictionary fakeBoundParameters) =>
            fakeBoundParameters["Session"] as Session
            ?? (fakeBoundParameters["Session"] as PSObject)?.BaseObject as Session
            ?? SessionStore.ForCurrentRunspace();

        public static Guid? OrganizationOf(IDictionary fakeBoundParameters) =>
            (fakeBoundParameters["OrganizationId"] is PSObject p ? p.BaseObject : fakeBoundParameters["OrganizationId"]) switch
            {
                Guid g when g != Guid.Empty => g,
                string s when Guid.TryParse(s, out var g) => g,
                _ => null,
            };

        public static string? StringOf(IDictionary fakeBoundParameters, string name) =>
            (fakeBoundParameters[name] is PSObject p ? p.BaseObject : fakeBoundParameters[name]) switch
            {
                string s => s,
                object[] { Length: > 0 } a => a[0]?.ToString(),
                _ => null,
            };

        public static string Quote(string value) =>
            value.Length > 0 && "@#-<>".IndexOf(value[0]) < 0
                             && value.IndexOfAny(new[] { ' ', '\t', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '&', '|', '<', '>' }) < 0
                ? value
                : $"'{value.Replace("'", "''")}'";
    }

    /// <summary>
    /// The one cache of remote completion values: per session and key, kept <see cref="Lifetime"/>, and never waited on for
    /// more than <see cref="Budget"/>. A fetch that outlives the budget keeps running and fills the cache for the next Tab;
    /// meanwhile the last values known (or none) are answered.
    /// </summary>
    internal static class CompletionCache
    {
        public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(45);
        public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);
        private static readonly TimeSpan FetchLimit = TimeSpan.FromSeconds(30);

        private sealed class Entry
        {
            public Entry(Task<IReadOnlyList<CompletionItem>> fetch, IReadOnlyList<CompletionItem> previous)
            {
                Fetch = fetch;
                Previous = previous;
                StartedAt = DateTimeOffset.UtcNow;
            }

            public Task<IReadOnlyList<CompletionItem>> Fetch { get; }
            /// <summary>The values of the entry this one replaced, answered while the fetch runs.</summary>
            public IReadOnlyList<CompletionItem> Previous { get; }
            public DateTimeOffset StartedAt { get; }
        }

        private static readonly ConditionalWeakTable<Session, ConcurrentDictionary<string, Entry>> Caches = new();

        public static IReadOnlyList<CompletionItem> Get(Session session, string key, Func<CancellationToken, Task<IReadOnlyList<CompletionItem>>> fetch)
        {
            var cache = Caches.GetValue(session, _ => new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase));
            var now = DateTimeOffset.UtcNow;
            var entry = cache.AddOrUpdate(key,
                _ => Start(fetch, Array.Empty<CompletionItem>()),
                (_, old) => IsStale(old, now) ? Start(fetch, ValuesOf(old)) : old);
            try
            {
                if (!entry.Fetch.IsCompleted) entry.Fetch.Wait(Budget);
            }
            catch (AggregateException)
            {
                // Handled below by looking at the task's state.
            }
            return ValuesOf(entry);
        }

        /// <summary>Forgets every cached value of a session (after a change the user made, for example).</summary>
        public static void Clear(Session session)
        {
            if (Caches.TryGetValue(session, out var cache)) cache.Clear();
        }

        private static bool IsStale(Entry entry, DateTimeOffset now) =>
            entry.Fetch.IsCompleted && (entry.Fetch.Status != TaskStatus.RanToCompletion || now - entry.StartedAt > Lifetime);

        private static IReadOnlyList<CompletionItem> ValuesOf(Entry entry) =>
            entry.Fetch.Status == TaskStatus.RanToCompletion ? entry.Fetch.Result : entry.Previous;

        private static Entry Start(Func<CancellationToken, Task<IReadOnlyList<CompletionItem>>> fetch, IReadOnlyList<CompletionItem> previous)
        {
            var task = Task.Run(async () =>
            {
                using var limit = new CancellationTokenSource(FetchLimit);
                return await fetch(limit.Token).ConfigureAwait(false);
            });
            // Observe a failure so it never surfaces as an unobserved task exception.
            task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            return new Entry(task, previous);
        }
    }
}
