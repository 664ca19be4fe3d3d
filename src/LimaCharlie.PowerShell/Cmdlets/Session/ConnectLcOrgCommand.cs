using System;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Session
{
    /// <summary>Connects to LimaCharlie with an API key and makes the session the runspace's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "LcOrg", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(LimaCharlie.Session))]
    public sealed class ConnectLcOrgCommand : LcCredentialCmdlet
    {
        protected override bool ApiErrorsTerminate => true;

        [Parameter(Mandatory = true, ParameterSetName = OrganizationKeySet)]
        [Parameter(ParameterSetName = UserKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [Parameter(ParameterSetName = DefaultSet)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public Guid OrganizationId { get; set; }






        [Parameter]
        public Uri? ApiUrl { get; set; }

        [Parameter]
        public Uri? JwtUrl { get; set; }

        [Parameter]
        public TimeSpan Timeout { get; set; }

        [Parameter]
        public TimeSpan RetryBudget { get; set; }

        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxRetryCount { get; set; }

        [Parameter]
        public TimeSpan TokenRenewalMargin { get; set; }

        [Parameter]
        public Uri? Proxy { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnProcess()
        {
            var bound = MyInvocation.BoundParameters;
            var credential = ResolveCredential(bound.ContainsKey(nameof(OrganizationId)) ? OrganizationId : null);
            var options = new SessionOptions();
            if (bound.ContainsKey(nameof(Timeout))) options.Timeout = Timeout;
            if (bound.ContainsKey(nameof(RetryBudget))) options.RetryBudget = RetryBudget;
            if (bound.ContainsKey(nameof(MaxRetryCount))) options.MaxRetryCount = MaxRetryCount;
            if (bound.ContainsKey(nameof(TokenRenewalMargin))) options.TokenRenewalMargin = TokenRenewalMargin;
            options.Proxy = Proxy;

            var connection = new LcConnection(credential, Endpoints(ApiUrl, JwtUrl), options, UserAgent.For(this));
            var identity = Await((log, ct) => IdentityApi.GetAsync(connection, connection.DefaultTarget, log, ct));
            var session = new LimaCharlie.Session(connection, identity);
            SessionStore.Set(this, session);
            Verbose($"Connected as {session.Ident} ({session.Kind} key{(session.OrganizationId is { } oid ? $", organization {oid}" : string.Empty)}; credentials from {session.CredentialSource}).");
            if (PassThru) WriteObject(session);
        }
    }
}
