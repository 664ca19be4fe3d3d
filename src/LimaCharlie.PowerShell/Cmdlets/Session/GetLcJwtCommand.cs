using System;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Session
{
    /// <summary>
    /// Gets a LimaCharlie JWT for other tools: from the session's cache (renewed when due), freshly minted with a custom
    /// expiry, or standalone from credentials.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LcJwt", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(Jwt), typeof(string))]
    public sealed class GetLcJwtCommand : LcCredentialCmdlet
    {
        private const string SessionSet = "Session";

        [Parameter(ParameterSetName = SessionSet)]
        public LimaCharlie.Session? Session { get; set; }

        [Parameter(ParameterSetName = SessionSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = OrganizationKeySet)]
        [Parameter(ParameterSetName = UserKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [Parameter(ParameterSetName = DefaultSet)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public Guid OrganizationId { get; set; }

        [Parameter(ParameterSetName = SessionSet)]
        [Parameter(ParameterSetName = UserKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [Parameter(ParameterSetName = DefaultSet)]
        public SwitchParameter NoOrganization { get; set; }

        [Parameter(ParameterSetName = OrganizationKeySet)]
        [Parameter(ParameterSetName = UserKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [Parameter(ParameterSetName = DefaultSet)]
        public Uri? JwtUrl { get; set; }

        /// <summary>Mint a token valid this long instead of the default hour (not cached).</summary>
        [Parameter]
        public TimeSpan Expiry { get; set; }

        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void OnProcess()
        {
            var bound = MyInvocation.BoundParameters;
            Guid? oid = bound.ContainsKey(nameof(OrganizationId)) ? OrganizationId : null;
            if (NoOrganization && oid is not null)
                throw new ArgumentException("-NoOrganization and -OrganizationId cannot be used together.");
            if (bound.ContainsKey(nameof(Expiry)) && Expiry <= TimeSpan.Zero)
                throw new ArgumentException("-Expiry must be a positive duration, e.g. (New-TimeSpan -Hours 4).");

            var connection = ParameterSetName == SessionSet
                ? RequireSession(Session).Connection
                : Standalone(oid);
            var target = StopOnItemProblem(() => NoOrganization ? connection.RequireUserTarget("A token with -NoOrganization")
                : oid is { } id ? connection.TargetFor(id)
                : connection.Kind == CredentialKind.User && connection.OrganizationId is null ? TokenTarget.AllOrganizations
                : connection.DefaultTarget);
            DateTimeOffset? expiresAt = bound.ContainsKey(nameof(Expiry)) ? DateTimeOffset.UtcNow + Expiry : null;

            var token = Await((log, ct) => expiresAt is null
                ? connection.GetTokenAsync(target, log, ct)
                : connection.MintAsync(target, expiresAt, log, ct));
            if (AsPlainText) WriteObject(token.Value);
            else WriteObject(new Jwt(ApiCredential.Secure(token.Value), token.ExpiresAt, token.IssuedAt, target.OrganizationId,
                connection.Credential.UserId, Scope(connection, target), token.Length));
        }

        private LcConnection Standalone(Guid? oid)
        {
            return new LcConnection(ResolveCredential(oid), Endpoints(null, JwtUrl), new SessionOptions(), UserAgent.For(this));
        }

        private static JwtScope Scope(LcConnection connection, TokenTarget target) =>
            connection.Kind == CredentialKind.Organization ? JwtScope.Organization : target.Request switch
            {
                JwtScopeRequest.Organization => JwtScope.UserOrganization,
                JwtScopeRequest.UserOnly => JwtScope.UserOnly,
                _ => JwtScope.UserAllOrganizations,
            };
    }
}
