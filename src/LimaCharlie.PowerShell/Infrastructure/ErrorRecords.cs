using System;
using System.Management.Automation;
using LimaCharlie.Client.Http;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Turns the module's exceptions into error records with a stable id, the right category and advice.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord FromApi(LcApiException e, object? target)
        {
            var record = new ErrorRecord(e, e.ErrorId, Category(e), target);
            if (e.RecommendedAction is not null)
                record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = e.RecommendedAction };
            return record;
        }

        public static ErrorRecord FromConfiguration(LcConfigurationException e, object? target)
        {
            var category = e.ErrorId switch
            {
                "LimaCharlie.NoCredentials" or "LimaCharlie.NotConnected" => ErrorCategory.AuthenticationError,
                "LimaCharlie.ConfigFileNotFound" or "LimaCharlie.EnvironmentNotFound" => ErrorCategory.ObjectNotFound,
                "LimaCharlie.ConfigFileUnreadable" => ErrorCategory.ReadError,
                "LimaCharlie.UserKeyRequired" or "LimaCharlie.WrongOrganization" => ErrorCategory.PermissionDenied,
                "LimaCharlie.InsecureUrl" => ErrorCategory.SecurityError,
                "LimaCharlie.SessionClosed" => ErrorCategory.InvalidOperation,
                _ => ErrorCategory.InvalidArgument,
            };
            var record = new ErrorRecord(e, e.ErrorId, category, target);
            if (e.RecommendedAction is not null)
                record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = e.RecommendedAction };
            return record;
        }

        /// <summary>
        /// Problems with one pipeline item (another org's id, a bad template) are reported and the pipeline goes on;
        /// everything else (no session, broken configuration) stops the command.
        /// </summary>
        public static bool IsItemProblem(LcConfigurationException e) => e.ErrorId is
            "LimaCharlie.WrongOrganization" or "LimaCharlie.InvalidTemplate" or "LimaCharlie.TemplateNotFound"
            or "LimaCharlie.InvalidConfiguration" or "LimaCharlie.InvalidRule";

        /// <summary>The error record of one failed pipeline item, whatever failed.</summary>
        public static ErrorRecord ForItem(Exception e, object? target) => e switch
        {
            LcApiException api => FromApi(api, target),
            LcConfigurationException config => FromConfiguration(config, target),
            ArgumentException => InvalidArgument(e, "LimaCharlie.InvalidArgument", target),
            _ => new ErrorRecord(e, "LimaCharlie.UnexpectedError", ErrorCategory.NotSpecified, target),
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
                _ => "The API refuses the session's token for every item",
            };
            var stopped = new LcApiException($"{what}. The command stopped at the first failure: {counts}. {e.Message}",
                e.StatusCode, e.ApiMessage, e.Method, e.Path, e.ErrorId, e.RecommendedAction, e.Retries, e);
            return FromApi(stopped, target);
        }

        public static ErrorRecord InvalidArgument(Exception e, string id, object? target) =>
            new(e, id, ErrorCategory.InvalidArgument, target);

        private static ErrorCategory Category(LcApiException e) => e.StatusCode switch
        {
            _ when e.ErrorId == "LimaCharlie.EtagMismatch" => ErrorCategory.InvalidOperation,
            _ when e.ErrorId == "LimaCharlie.HiveNotFound" => ErrorCategory.ObjectNotFound,
            _ when e.ErrorId == "LimaCharlie.QueryFailed" => ErrorCategory.InvalidOperation,
            _ when e.ErrorId == "LimaCharlie.ServiceUnavailable" && e.StatusCode < 500 => ErrorCategory.ResourceUnavailable,
            _ when e.ErrorId == "LimaCharlie.ExtensionError" => ErrorCategory.InvalidOperation,
            _ when e.ErrorId == "LimaCharlie.ExtensionRetry" => ErrorCategory.ResourceBusy,
            _ when e.ErrorId == "LimaCharlie.ExtensionNotSubscribed" => ErrorCategory.PermissionDenied,
            0 when e.ErrorId == "LimaCharlie.Timeout" => ErrorCategory.OperationTimeout,
            0 => ErrorCategory.ConnectionError,
            400 or 422 => ErrorCategory.InvalidArgument,
            401 => ErrorCategory.AuthenticationError,
            403 => ErrorCategory.PermissionDenied,
            404 => ErrorCategory.ObjectNotFound,
            409 => ErrorCategory.ResourceExists,
            413 or 429 => ErrorCategory.LimitsExceeded,
            >= 500 => ErrorCategory.ResourceUnavailable,
            _ when e.ErrorId == "LimaCharlie.InvalidResponse" => ErrorCategory.InvalidResult,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
