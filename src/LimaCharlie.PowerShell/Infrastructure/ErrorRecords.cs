using System;
using System.Management.Automation;
using LimaCharlie.Client.Http;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Turns the module's exceptions into error records with a stable id, the right category and advice.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord FromApi(LcApiException e, object? target) => Of(e, e.Kind, target, e.RecommendedAction);

        public static ErrorRecord FromConfiguration(LcConfigurationException e, object? target) => Of(e, e.Kind, target, e.RecommendedAction);

        /// <summary>
        /// Problems with one pipeline item (another org's id, a bad template) are reported and the pipeline goes on;
        /// everything else (no session, broken configuration) stops the command. The catalog says which is which.
        /// </summary>
        public static bool IsItemProblem(LcConfigurationException e) => e.Kind.PerItem;

        /// <summary>The error record of one failed pipeline item, whatever failed.</summary>
        public static ErrorRecord ForItem(Exception e, object? target) => e switch
        {
            LcApiException api => FromApi(api, target),
            LcConfigurationException config => FromConfiguration(config, target),
            ArgumentException => Of(e, ErrorIds.InvalidArgument, target),
            _ => Of(e, ErrorIds.UnexpectedError, target),
        };

        /// <summary>
        /// The one terminating error of a command stopped by a failure that does not depend on the item: what is wrong,
        /// where the command stood, and the failed call's own message. The id and category are those of the failure.
        /// </summary>
        public static ErrorRecord StoppedCommand(LcApiException e, FailureReach reach, StopCounts counts, object? target)
        {
            var what = reach switch
            {
                FailureReach.MissingPermission => ApiErrors.MissingPermission(e.ApiMessage) is { } permission
                    ? $"The key lacks the permission {permission}, which every item needs"
                    : "The key lacks a permission every item needs",
                FailureReach.CredentialRefused => "The key was refused, so no item can succeed",
                FailureReach.OrganizationGone => "The organization does not exist (any more), so no item can succeed",
                FailureReach.ServiceMissing => "The organization does not use the service every item needs",
                _ => "The API refuses the session's token for every item",
            };
            var stopped = new LcApiException($"{what}. The command stopped at the first failure: {counts}. {e.Message}",
                e.StatusCode, e.ApiMessage, e.Method, e.Path, e.Kind, e.RecommendedAction, e.Retries, e);
            return FromApi(stopped, target);
        }

        /// <summary>
        /// The error record of a failure of the given kind: its id and category (unless the caller knows a closer one), and
        /// the advice given, else the kind's.
        /// </summary>
        public static ErrorRecord Of(Exception e, ErrorKind kind, object? target, string? recommendedAction = null, ErrorCategory? category = null)
        {
            var record = new ErrorRecord(e, kind.Id, category ?? CategoryOf(kind), target);
            if ((recommendedAction ?? kind.RecommendedAction) is { } action)
                record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = action };
            return record;
        }

        private static ErrorCategory CategoryOf(ErrorKind kind) => Enum.Parse<ErrorCategory>(kind.Category);
    }
}
