using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace LimaCharlie
{
    /// <summary>
    /// Every error id of the module (<c>[LimaCharlie.ErrorIds]::All</c> lists them). The module raises errors only with
    /// these members, so an id cannot be misspelt; docs/help/about_LimaCharlie.md explains each one.
    /// </summary>
    public static class ErrorIds
    {
        // Sessions and credentials.
        public static ErrorKind NotConnected { get; } = Stop(nameof(NotConnected), "AuthenticationError",
            "Run Connect-LcOrg first, or pass -Session (in ForEach-Object -Parallel and jobs: -Session $using:session).");
        public static ErrorKind SessionClosed { get; } = Stop(nameof(SessionClosed), "InvalidOperation",
            "Run Connect-LcOrg again and use the new session.");
        public static ErrorKind NoCredentials { get; } = Stop(nameof(NoCredentials), "AuthenticationError",
            "Run Connect-LcOrg -OrganizationId <oid> -ApiKey (Read-Host -AsSecureString 'API key'), set LC_OID and LC_API_KEY, or create ~/.limacharlie.d/config.yaml with the official CLI ('limacharlie login').");
        public static ErrorKind EnvironmentNotFound { get; } = Stop(nameof(EnvironmentNotFound), "ObjectNotFound",
            "Use one of the listed names (tab completion offers them), or add it with 'limacharlie login'.");
        public static ErrorKind EnvironmentIncomplete { get; } = Stop(nameof(EnvironmentIncomplete), "InvalidArgument",
            "Add api_key (and oid or uid) to that environment, or pass credentials as parameters.");
        public static ErrorKind ConfigFileNotFound { get; } = Stop(nameof(ConfigFileNotFound), "ObjectNotFound",
            "Check -CredentialFile or the LC_CREDS_FILE environment variable.");
        public static ErrorKind ConfigFileUnreadable { get; } = Stop(nameof(ConfigFileUnreadable), "ReadError",
            "Check that the file exists and that you may read it.");
        public static ErrorKind ConfigFileInvalid { get; } = Stop(nameof(ConfigFileInvalid), "InvalidArgument",
            "Fix the file (it is YAML with 'oid', 'api_key', optional 'uid' and an 'env:' map of named environments), or pass credentials as parameters.");
        public static ErrorKind InvalidOrganizationId { get; } = Stop(nameof(InvalidOrganizationId), "InvalidArgument",
            "An organization id looks like 8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b; copy it from the web app.");
        public static ErrorKind InvalidUserId { get; } = Stop(nameof(InvalidUserId), "InvalidArgument",
            "Copy your user id from the profile page of the web app.");
        public static ErrorKind EmptyApiKey { get; } = Stop(nameof(EmptyApiKey), "InvalidArgument",
            "Pass the key as a SecureString, e.g. -ApiKey (Read-Host -AsSecureString 'API key').");
        public static ErrorKind InvalidCredential { get; } = Stop(nameof(InvalidCredential), "InvalidArgument",
            "Use the organization id (organization key) or your user id (user key) as the user name, and the API key as the password.");
        public static ErrorKind MissingOrganizationId { get; } = Stop(nameof(MissingOrganizationId), "InvalidArgument",
            "Pass -OrganizationId for an organization key, or -UserId for a user key.");
        public static ErrorKind OrganizationRequired { get; } = Stop(nameof(OrganizationRequired), "InvalidArgument",
            "Pass -OrganizationId, or connect with Connect-LcOrg -UserId <uid> -OrganizationId <oid>.");
        public static ErrorKind UserKeyRequired { get; } = Stop(nameof(UserKeyRequired), "PermissionDenied",
            "Connect with a user key: Connect-LcOrg -UserId <uid> -ApiKey <user key> (profile page of the web app, 'User API Keys').");
        public static ErrorKind WrongOrganization { get; } = Item(nameof(WrongOrganization), "PermissionDenied",
            "Connect with a key of that organization (Connect-LcOrg -PassThru, then -Session), or with a user key.");
        public static ErrorKind InsecureUrl { get; } = Stop(nameof(InsecureUrl), "SecurityError",
            "Use an https:// URL. Plain http is accepted only for 127.0.0.1, ::1 and localhost.");
        public static ErrorKind InvalidUrl { get; } = Stop(nameof(InvalidUrl), "InvalidArgument", null);
        public static ErrorKind ForeignHost { get; } = Item(nameof(ForeignHost), "SecurityError",
            "Check the URL, use -Service <name> for a service of the organization, give the host to Connect-LcOrg -ServiceUrl, or add -Force to send it there anyway.");

        // API answers.
        public static ErrorKind EndpointNotFound { get; } = Item(nameof(EndpointNotFound), "ObjectNotFound", null);
        public static ErrorKind AuthenticationFailed { get; } = Stop(nameof(AuthenticationFailed), "AuthenticationError",
            "Check the API key and the organization or user id it belongs to; a deleted or revoked key must be replaced (web app, Access Management > REST API). Then run Connect-LcOrg again.");
        public static ErrorKind IngestionKeyRefused { get; } = Stop(nameof(IngestionKeyRefused), "AuthenticationError",
            "Pass one of this organization's ingestion keys (Get-LcIngestionKey lists them, New-LcIngestionKey makes one); an API key is not an ingestion key.");
        public static ErrorKind Unauthorized { get; } = Stop(nameof(Unauthorized), "AuthenticationError",
            "The key may lack the permission named in the message, or it was revoked. Check it with Get-LcIdentity, or run Connect-LcOrg again.");
        public static ErrorKind Forbidden { get; } = Stop(nameof(Forbidden), "PermissionDenied",
            "The key lacks a permission this call needs (Get-LcIdentity lists what it holds).");
        public static ErrorKind NotFound { get; } = Item(nameof(NotFound), "ObjectNotFound", "Check the identifier or name.");
        public static ErrorKind BadRequest { get; } = Item(nameof(BadRequest), "InvalidArgument", "Check the parameters of the call.");
        public static ErrorKind ValidationFailed { get; } = Item(nameof(ValidationFailed), "InvalidArgument", "Check the values sent.");
        public static ErrorKind Conflict { get; } = Item(nameof(Conflict), "ResourceExists",
            "The object exists already or was changed meanwhile; read it again and retry.");
        public static ErrorKind EtagMismatch { get; } = Item(nameof(EtagMismatch), "InvalidOperation",
            "The record changed since it was read: read it again (Get-LcHiveRecord), check the change, and write it with the new Etag.");
        public static ErrorKind HiveNotFound { get; } = Item(nameof(HiveNotFound), "ObjectNotFound",
            "Give one of the known hive names (Tab after -Hive completes them).");
        public static ErrorKind RequestTooLarge { get; } = Stop(nameof(RequestTooLarge), "LimitsExceeded",
            "A user key spanning many organizations yields a token too large for HTTP headers: connect with -OrganizationId, or use an organization key.");
        public static ErrorKind RateLimited { get; } = Item(nameof(RateLimited), "LimitsExceeded",
            "Slow down, raise the session's retry budget (Connect-LcOrg -RetryBudget), or use a key with the [bulk] flair.");
        public static ErrorKind ServiceUnavailable { get; } = Item(nameof(ServiceUnavailable), "ResourceUnavailable",
            "The service is unavailable; try again later.");
        public static ErrorKind GatewayTimeout { get; } = Item(nameof(GatewayTimeout), "ResourceUnavailable",
            "The service did not answer in time; try again later.");
        public static ErrorKind ServerError { get; } = Item(nameof(ServerError), "ResourceUnavailable", "The service failed; try again later.");
        public static ErrorKind HttpError { get; } = Item(nameof(HttpError), "NotSpecified", null);
        public static ErrorKind Timeout { get; } = Item(nameof(Timeout), "OperationTimeout",
            "Raise the session's timeout (Connect-LcOrg -Timeout) or try again later.");
        public static ErrorKind ConnectionFailed { get; } = Item(nameof(ConnectionFailed), "ConnectionError",
            "Check the network, the proxy (HTTPS_PROXY) and -ApiUrl.");
        public static ErrorKind InvalidResponse { get; } = Item(nameof(InvalidResponse), "InvalidResult",
            "The server (or a proxy in between) did not answer like the LimaCharlie API. Check -ApiUrl and any proxy.");

        // Live streams.
        public static ErrorKind StreamRefused { get; } = Stop(nameof(StreamRefused), "PermissionDenied",
            "The live stream refused the session's token even after a renewal: the key needs the permission to read what is watched (events, detections or the audit log) in this organization. Check it with Get-LcIdentity.");
        public static ErrorKind StreamFailed { get; } = Stop(nameof(StreamFailed), "ResourceUnavailable",
            "The live stream service kept refusing the subscription with the error line quoted; check the filters, then try again later.");

        // Tasks that wait for their answers.
        public static ErrorKind SensorOffline { get; } = Item(nameof(SensorOffline), "ResourceUnavailable",
            "The sensor is offline, so it cannot answer now; the task was not sent. Send-LcReliableTask delivers a task when the sensor is next online.");
        public static ErrorKind TaskTimedOut { get; } = Item(nameof(TaskTimedOut), "OperationTimeout",
            "The sensor did not answer in time: raise -Timeout, or look for the answer later among its events (Get-LcEvent) by its investigation id.");
        public static ErrorKind TaskRefused { get; } = Item(nameof(TaskRefused), "InvalidOperation",
            "Check the command and its arguments against the sensor's platform (Tab after -Command lists the commands).");

        // Organizations, extensions and search.
        public static ErrorKind DeleteConfirmationRefused { get; } = Item(nameof(DeleteConfirmationRefused), "InvalidArgument",
            "A confirmation token lives about a minute and is good once: run Remove-LcOrganization again (if it keeps failing, check this machine's clock).");
        public static ErrorKind DeleteFailed { get; } = Item(nameof(DeleteFailed), "NotSpecified",
            "Check the organization with Get-LcOrganization and try again.");
        public static ErrorKind ExtensionNotFound { get; } = Item(nameof(ExtensionNotFound), "ObjectNotFound", null);
        public static ErrorKind ExtensionNotSubscribed { get; } = Item(nameof(ExtensionNotSubscribed), "PermissionDenied",
            "Subscribe the organization first: Add-LcExtensionSubscription.");
        public static ErrorKind ExtensionError { get; } = Item(nameof(ExtensionError), "InvalidOperation",
            "Check the action's name and its -Data against the extension's documentation.");
        public static ErrorKind ExtensionRetry { get; } = Item(nameof(ExtensionRetry), "ResourceBusy",
            "Run the same command again later. It is not repeated automatically: an extension action may not be safe to run twice.");
        public static ErrorKind ServiceNotSubscribed { get; } = Stop(nameof(ServiceNotSubscribed), "PermissionDenied",
            "Subscribe the organization to the service's extension first, e.g. Add-LcExtensionSubscription -Name ext-reliable-tasking.");
        public static ErrorKind InvalidQuery { get; } = Item(nameof(InvalidQuery), "InvalidArgument",
            "Check the LCQL: 'time range | sensor selector | event types | filter' (Invoke-LcQuery -Validate checks a query without running it).");
        public static ErrorKind QueryFailed { get; } = Item(nameof(QueryFailed), "InvalidOperation",
            "Check the query with Invoke-LcQuery -Validate; narrow the time window or the sensors if the query is too large.");

        // Files, rules and configuration.
        public static ErrorKind InvalidRule { get; } = Item(nameof(InvalidRule), "InvalidArgument", null);
        public static ErrorKind InvalidEvent { get; } = Item(nameof(InvalidEvent), "InvalidArgument",
            "Give events as JSON objects with 'routing' and 'event' (one per line in .jsonl files), or pipe them from Get-LcEvent.");
        public static ErrorKind ReplayFailed { get; } = Item(nameof(ReplayFailed), "InvalidOperation",
            "Fix the rule where the service names a problem in it (try it on a few inline events first); for a run over history, narrow -Start/-End or the sensors, or raise -EventLimit.");
        public static ErrorKind RuleTestFailed { get; } = Item(nameof(RuleTestFailed), "InvalidResult",
            "Look at the failed cases (Passed is false): fix the rule or its sample events, then run Invoke-LcRuleTest again.");
        public static ErrorKind InvalidConfiguration { get; } = Item(nameof(InvalidConfiguration), "InvalidArgument", null);
        public static ErrorKind InvalidTemplate { get; } = Item(nameof(InvalidTemplate), "InvalidArgument",
            "Pass YAML text or the path of a .yaml file with the organization's configuration.");
        public static ErrorKind TemplateNotFound { get; } = Item(nameof(TemplateNotFound), "InvalidArgument",
            "Check the path, or pass the YAML text itself.");
        public static ErrorKind SecretSettingsMissing { get; } = Item(nameof(SecretSettingsMissing), "InvalidArgument",
            "Give them with -OutputSecret, or under 'fields:' in the output's file, or use -Force to recreate the output without them.");
        public static ErrorKind FileNotFound { get; } = Item(nameof(FileNotFound), "ObjectNotFound", null);
        public static ErrorKind FolderNotFound { get; } = Item(nameof(FolderNotFound), "ObjectNotFound", null);
        public static ErrorKind PathIsFolder { get; } = Item(nameof(PathIsFolder), "InvalidArgument", null);
        public static ErrorKind FileExists { get; } = Item(nameof(FileExists), "ResourceExists", "Use -Force to replace it, or give another -Path.");
        public static ErrorKind PayloadExists { get; } = Item(nameof(PayloadExists), "ResourceExists",
            "Use -Force to replace it, or -Name to send it under another name.");
        public static ErrorKind FileReadFailed { get; } = Item(nameof(FileReadFailed), "ReadError", null);
        public static ErrorKind FileWriteFailed { get; } = Item(nameof(FileWriteFailed), "WriteError", null);
        public static ErrorKind ExportNotReady { get; } = Item(nameof(ExportNotReady), "ObjectNotFound",
            "Large artifacts take a while to prepare: run the command again later.");
        public static ErrorKind SignedUrlRefused { get; } = Item(nameof(SignedUrlRefused), "PermissionDenied",
            "The storage refused the signed URL (expired or not valid): run the command again for a new one. A proxy must not add an Authorization header.");

        // Parameters and the unforeseen. An ArgumentException about one pipeline item is reported as InvalidArgument for that item.
        public static ErrorKind InvalidArgument { get; } = Stop(nameof(InvalidArgument), "InvalidArgument", null);
        public static ErrorKind InvalidIpAddress { get; } = Stop(nameof(InvalidIpAddress), "InvalidArgument", null);
        public static ErrorKind ConfirmationRequired { get; } = Stop(nameof(ConfirmationRequired), "InvalidOperation", null);
        public static ErrorKind UnexpectedError { get; } = Item(nameof(UnexpectedError), "NotSpecified", null);

        private static IReadOnlyList<ErrorKind>? _all;

        /// <summary>Every error kind, by id.</summary>
        public static IReadOnlyList<ErrorKind> All => _all ??= typeof(ErrorIds)
            .GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ErrorKind))
            .Select(p => (ErrorKind)p.GetValue(null)!)
            .OrderBy(k => k.Id, StringComparer.Ordinal)
            .ToArray();

        private static ErrorKind Item(string name, string category, string? recommendedAction) => new(name, category, true, recommendedAction);

        private static ErrorKind Stop(string name, string category, string? recommendedAction) => new(name, category, false, recommendedAction);
    }
}
