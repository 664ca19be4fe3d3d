using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
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

        /// <summary>Roots of services by name (replay, cases, stream, downloads...), used instead of the organization's map or the fixed hosts.</summary>
        [Parameter]
        public System.Collections.IDictionary? ServiceUrl { get; set; }

        /// <summary>The live stream host (Watch-LcEvent...): the same as -ServiceUrl @{ stream = ... }.</summary>
        [Parameter]
        public Uri? StreamUrl { get; set; }

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

        /// <summary>Leaves out the greeting that says who the session is connected as, and to which organization.</summary>
        [Parameter]
        public SwitchParameter NoWelcome { get; set; }

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

            var connection = new LcConnection(credential, Endpoints(ApiUrl, JwtUrl, ServiceUrls()), options, UserAgent.For(this));
            var identity = Await((log, ct) => connection.Account(log).Identity.GetAsync(connection.DefaultTarget, ct));
            var session = new LimaCharlie.Session(connection, identity);
            SessionStore.Set(this, session);
            Verbose($"Connected as {session.Ident} ({session.Kind} key{(session.OrganizationId is { } oid ? $", organization {oid}" : string.Empty)}; credentials from {session.CredentialSource}).");
            if (!NoWelcome && !InformationIgnored) Welcome(session);
            if (PassThru) WriteObject(session);
        }

        private IEnumerable<KeyValuePair<string, Uri>> ServiceUrls() =>
            PSJson.ToPairs(ServiceUrl).Select(pair => new KeyValuePair<string, Uri>(pair.Key,
                LcEndpoints.Parse(pair.Value, $"{pair.Key} URL of -ServiceUrl") ?? throw new ArgumentException($"-ServiceUrl gives no URL for '{pair.Key}'.")))
            .Concat(StreamUrl is null ? [] : [new(ServiceMap.Stream, LcEndpoints.Parse(StreamUrl.OriginalString, "-StreamUrl")!)]);

        private bool InformationIgnored =>
            MyInvocation.BoundParameters.TryGetValue("InformationAction", out var action) && action is ActionPreference.Ignore;

        /// <summary>The most organizations the greeting of a user key without an organization names.</summary>
        internal const int WelcomeListLimit = 20;

        /// <summary>
        /// Says who the session is and where it acts, on the host (the information stream, tagged PSHOST like Write-Host),
        /// never on the output stream, so a script's output stays data. -NoWelcome or -InformationAction Ignore hide it.
        /// </summary>
        private void Welcome(LimaCharlie.Session session)
        {
            var connection = session.Connection;
            var key = session.Kind == CredentialKind.Organization ? "an organization API key" : "a user API key";
            var who = session.Ident ?? session.UserId ?? "?";
            var text = new StringBuilder("Welcome to LimaCharlie. ");
            if (session.OrganizationId is { } oid)
            {
                var org = Lookup(() => Await((log, ct) => connection.Account(log).Organizations.GetAsync(oid, ct)));
                if (org is not null) session.Remember(org);
                text.Append($"Connected to organization {(org?.Name is { Length: > 0 } name ? $"'{name}' ({oid})" : oid.ToString())} as {who} with {key}.");
            }
            else
            {
                var organizations = Lookup(() => Await((log, ct) => FirstOrganizations(connection, log, ct)));
                text.Append($"Connected as {who} with {key} and no default organization: pass -OrganizationId to the cmdlets that act on one, or connect with -OrganizationId.");
                if (organizations is { Count: 0 })
                {
                    text.Append(" The key reaches no organization yet (New-LcOrganization creates one).");
                }
                else if (organizations is not null)
                {
                    text.Append(organizations.Count > WelcomeListLimit
                        ? $" The first {WelcomeListLimit} organizations it reaches (Get-LcOrganization lists them all):"
                        : " The organizations it reaches:");
                    foreach (var org in organizations.Take(WelcomeListLimit))
                    {
                        session.Remember(org);
                        text.Append(System.Environment.NewLine).Append($"  {org.OrganizationId}  {org.Name}");
                    }
                }
            }
            text.Append(System.Environment.NewLine).Append("(-NoWelcome leaves this message out.)");
            WriteInformation(new HostInformationMessage { Message = text.ToString() }, new[] { "PSHOST" });
        }

        private static async Task<List<Organization>> FirstOrganizations(LcConnection connection, ILcLog log, CancellationToken ct)
        {
            var organizations = new List<Organization>();
            await foreach (var org in connection.Account(log).Organizations.ListAsync(null, WelcomeListLimit + 1, ct).ConfigureAwait(false))
            {
                organizations.Add(org);
                if (organizations.Count > WelcomeListLimit) break;
            }
            return organizations;
        }

        /// <summary>The greeting's extra detail, or null when the key may not read it: the session works all the same.</summary>
        private T? Lookup<T>(Func<T> read) where T : class
        {
            try
            {
                return read();
            }
            catch (LcApiException e)
            {
                Verbose($"The greeting leaves out what the API did not give: {e.Message}");
                return null;
            }
        }
    }
}
