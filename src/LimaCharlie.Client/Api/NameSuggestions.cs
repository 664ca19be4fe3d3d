using System;
using System.Collections.Generic;
using System.Linq;

namespace LimaCharlie.Client.Api
{
    /// <summary>The known names closest to a name that matched none: for "did you mean" hints.</summary>
    public static class NameSuggestions
    {
        /// <summary>
        /// Up to <paramref name="max"/> names, best first: the same name in another case, names containing it or contained
        /// in it, then names within a few typing mistakes (edit distance up to a third of the length).
        /// </summary>
        public static string[] Closest(string name, IEnumerable<string> known, int max = 3)
        {
            var typed = name.Trim().ToLowerInvariant();
            if (typed.Length == 0) return Array.Empty<string>();
            var limit = Math.Max(1, typed.Length / 3);
            return known.Distinct(StringComparer.Ordinal)
                .Select(k => (Name: k, Score: Score(typed, k.ToLowerInvariant(), limit)))
                .Where(x => x.Score is not null)
                .OrderBy(x => x.Score).ThenBy(x => x.Name, StringComparer.Ordinal)
                .Take(max)
                .Select(x => x.Name)
                .ToArray();
        }

        private static int? Score(string typed, string candidate, int limit)
        {
            if (candidate == typed) return 0;
            if (candidate.Contains(typed, StringComparison.Ordinal) || (typed.Length >= 4 && typed.Contains(candidate, StringComparison.Ordinal)))
                return 1;
            var distance = Distance(typed, candidate);
            return distance <= limit ? 1 + distance : null;
        }

        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++) previous[j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }
    }
}
