using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client;
using LimaCharlie.Client.Credentials;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Session
{
    /// <summary>
    /// The base of cmdlets that take credentials (Connect-LcOrg, Get-LcJwt): the key parameters and their sets, and
    /// their resolution into an engine connection. -OrganizationId differs between the two, so each declares its own.
    /// </summary>
    public abstract class LcCredentialCmdlet : LcCmdlet
    {
        protected const string OrganizationKeySet = "OrganizationKey";
        protected const string UserKeySet = "UserKey";
        protected const string CredentialSet = "Credential";
        protected const string EnvironmentSet = "Environment";
        protected const string DefaultSet = "Default";

        [Parameter(Mandatory = true, ParameterSetName = UserKeySet)]
        [Alias("uid")]
        [ValidatePlainText]
        public string? UserId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OrganizationKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = UserKeySet)]
        public SecureString? ApiKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
        [ArgumentCompleter(typeof(EnvironmentCompleter))]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Environment { get; set; }

        [Parameter(ParameterSetName = EnvironmentSet)]
        [Parameter(ParameterSetName = DefaultSet)]
        [ValidateNotNullOrEmpty]
        public string? CredentialFile { get; set; }

        /// <summary>
        /// The credential the bound parameters (or, failing them, the environment and config file) name. Any problem with
        /// it stops the command, even one that is a per-item error elsewhere (an organization the key cannot act on).
        /// </summary>
        protected ApiCredential ResolveCredential(Guid? organizationId) => StopOnItemProblem(() =>
        {
            var request = Build(ParameterSetName, organizationId, UserId, ApiKey, Credential, Environment, CredentialFile);
            var resolver = new CredentialResolver(System.Environment.GetEnvironmentVariable, HomeDirectory());
            return resolver.Resolve(request, WriteDebug, message => Warnings.Write(this, message));
        });

        /// <summary>
        /// Runs a step of a command that has a single thing to do, so that a problem which elsewhere fails one pipeline
        /// item (an organization the key cannot act on) stops the command with a terminating error instead.
        /// </summary>
        protected T StopOnItemProblem<T>(Func<T> step)
        {
            try
            {
                return step();
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                ThrowTerminatingError(ErrorRecords.FromConfiguration(e, null));
                throw;
            }
        }

        /// <summary>-ApiUrl/-JwtUrl, else LC_API_URL/LC_JWT_URL, else the LimaCharlie cloud; and the service roots given.</summary>
        protected static LcEndpoints Endpoints(Uri? apiUrl, Uri? jwtUrl, IEnumerable<KeyValuePair<string, Uri>>? serviceUrls = null) => new(
            apiUrl ?? LcEndpoints.Parse(System.Environment.GetEnvironmentVariable("LC_API_URL"), "API URL in LC_API_URL"),
            jwtUrl ?? LcEndpoints.Parse(System.Environment.GetEnvironmentVariable("LC_JWT_URL"), "JWT URL in LC_JWT_URL"),
            serviceUrls);

        private static CredentialRequest Build(string parameterSet, Guid? organizationId, string? userId, SecureString? apiKey,
            PSCredential? credential, string? environment, string? credentialFile)
        {
            if (organizationId == Guid.Empty)
                throw new LcConfigurationException("The organization id is the empty GUID.", ErrorIds.InvalidOrganizationId,
                    "Copy the organization id from the web app (Organization Settings).");
            var request = new CredentialRequest { ConfigFile = credentialFile };
            switch (parameterSet)
            {
                case OrganizationKeySet:
                    request.OrganizationId = organizationId;
                    request.ApiKey = apiKey;
                    break;
                case UserKeySet:
                    if (string.IsNullOrWhiteSpace(userId))
                        throw new LcConfigurationException("The user id is empty.", ErrorIds.InvalidUserId);
                    request.UserId = userId;
                    request.OrganizationId = organizationId;
                    request.ApiKey = apiKey;
                    break;
                case CredentialSet:
                    FromPSCredential(request, credential!, organizationId);
                    break;
                case EnvironmentSet:
                    request.Environment = environment;
                    request.OrganizationId = organizationId;
                    break;
                case DefaultSet:
                    request.OrganizationId = organizationId;
                    break;
            }
            return request;
        }

        /// <summary>
        /// A PSCredential's user name is the organization id for an organization key (a GUID) or the user id for a user key;
        /// its password is the API key.
        /// </summary>
        private static void FromPSCredential(CredentialRequest request, PSCredential credential, Guid? organizationId)
        {
            var name = credential.UserName?.Trim() ?? string.Empty;
            if (name.Length == 0)
                throw new LcConfigurationException("The credential has no user name.", ErrorIds.InvalidCredential);
            if (Guid.TryParse(name, out var oid))
            {
                if (organizationId is { } other && other != oid)
                    throw new LcConfigurationException(
                        $"The credential is an organization key for {oid}, but -OrganizationId names {other}.",
                        ErrorIds.WrongOrganization, "An organization key acts on its own organization only; drop -OrganizationId.");
                request.OrganizationId = oid;
            }
            else
            {
                request.UserId = name;
                request.OrganizationId = organizationId;
            }
            request.ApiKey = credential.Password;
        }

        private static string HomeDirectory() =>
            System.Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
                ? home
                : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
    }
}
