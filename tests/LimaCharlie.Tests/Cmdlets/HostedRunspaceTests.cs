using System.Management.Automation;
using System.Security;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Cmdlets;

/// <summary>The cmdlets as a script uses them, in hosted runspaces, against the emulator.</summary>
public sealed class HostedRunspaceTests : EmulatorTest, IDisposable
{
    private readonly PowerShellHost _ps = new();
    private readonly SeededOrg _org;

    public HostedRunspaceTests(EmulatorFixture emulator) : base(emulator)
    {
        _org = SeedOrg();
        _ps.SetVariable("oid", _org.Oid);
        _ps.SetVariable("key", ApiCredential.Secure(_org.Secret));
        _ps.SetVariable("url", BaseUrl);
    }

    public void Dispose() => _ps.Dispose();

    private const string ConnectScript = "Connect-LcOrg -OrganizationId $oid -ApiKey $key -ApiUrl $url -JwtUrl $url";

    /// <summary>The error record a script's <c>catch { $_ }</c> wrote: proof the error was terminating.</summary>
    private static ErrorRecord CaughtError(ScriptResult result) => result.Single<ErrorRecord>();

    [Fact]
    public void ConnectThenGetSessionThenGetOrganization()
    {
        Assert.Empty(_ps.Run(ConnectScript).Output); // no -PassThru: nothing on the output stream

        var session = _ps.Run("Get-LcSession").Single<LimaCharlie.Session>();
        Assert.Equal(_org.Oid, session.OrganizationId);
        Assert.Equal(CredentialKind.Organization, session.Kind);
        Assert.Equal(BaseUrl, session.ApiUrl);
        Assert.DoesNotContain(_org.Secret, session.ToString());

        var org = _ps.Run("Get-LcOrganization").Single<LimaCharlie.Organization>();
        Assert.Equal(_org.Oid, org.OrganizationId);
        Assert.Equal(_org.Name, org.Name);
        Assert.Equal(1, State.Counters.MintsTotal); // Connect-LcOrg's token served the later call
    }

    [Fact]
    public void SessionPassedToAnotherRunspace()
    {
        var session = _ps.Run(ConnectScript + " -PassThru").Single<LimaCharlie.Session>();
        using var other = new PowerShellHost();
        other.SetVariable("s", session);

        Assert.Empty(other.Run("Get-LcSession").Output); // the default session belongs to the first runspace only
        var org = other.Run("Get-LcOrganization -Session $s").Single<LimaCharlie.Organization>();

        Assert.Equal(_org.Oid, org.OrganizationId);
        Assert.Equal(1, State.Counters.MintsTotal); // the token cache travels with the session
    }

    [Fact]
    public void DisconnectForgetsTheSessionAndItsTokens()
    {
        var session = _ps.Run(ConnectScript + " -PassThru").Single<LimaCharlie.Session>();
        Assert.NotNull(session.TokenExpiresAt);

        _ps.Run("Disconnect-LcOrg");

        Assert.Empty(_ps.Run("Get-LcSession").Output);
        Assert.Null(session.TokenExpiresAt);
        var error = CaughtError(_ps.Run("try { Get-LcOrganization; 'not reached' } catch { $_ }"));
        Assert.StartsWith("LimaCharlie.NotConnected,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void NotConnectedIsATerminatingErrorWithAdvice()
    {
        var result = _ps.Run("try { Get-LcOrganization; 'not reached' } catch { $_ }");

        var error = CaughtError(result);
        Assert.StartsWith("LimaCharlie.NotConnected,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("Connect-LcOrg", error.ErrorDetails?.RecommendedAction);
        Assert.Empty(Requests);
    }

    [Fact]
    public void NotFoundFromInvokeLcApiIsNonTerminatingAndTargetsTheInput()
    {
        _ps.Run(ConnectScript);

        var result = _ps.Run("try { Invoke-LcApi GET v1/no-such-thing; 'continued' } catch { 'caught' }");

        Assert.Equal(new[] { "continued" }, result.Output.Select(o => o.ToString()));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("LimaCharlie.NotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("v1/no-such-thing", error.TargetObject);
        var exception = Assert.IsType<LcApiException>(error.Exception);
        Assert.Equal(404, exception.StatusCode);
        Assert.NotNull(error.ErrorDetails?.RecommendedAction);
    }

    [Fact]
    public void InvokeLcApiReturnsObjects()
    {
        _ps.Run(ConnectScript);

        var who = Assert.Single(_ps.Run("Invoke-LcApi GET v1/who").Output);

        Assert.Equal(_org.Oid.ToString(), ((object[])who.Properties["orgs"].Value)[0]);
    }

    [Fact]
    public void GetLcJwtGivesASecureStringOrPlainText()
    {
        _ps.Run(ConnectScript);

        var plain = _ps.Run("Get-LcJwt -AsPlainText").Single<string>();
        var jwt = _ps.Run("Get-LcJwt").Single<LimaCharlie.Jwt>();

        Assert.Equal(3, plain.Split('.').Length);
        Assert.IsType<SecureString>(jwt.Token);
        Assert.Equal(plain.Length, jwt.Token.Length);
        Assert.Equal(plain.Length, jwt.Length);
        Assert.Equal(_org.Oid, jwt.OrganizationId);
        Assert.Equal(JwtScope.Organization, jwt.Scope);
        Assert.InRange(jwt.ExpiresIn, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        Assert.DoesNotContain(plain, jwt.ToString());
        Assert.Equal(1, State.Counters.MintsTotal); // both came from the session's cache
    }

    [Fact]
    public void GetLcJwtWithExpiryMintsALongerToken()
    {
        _ps.Run(ConnectScript);

        var jwt = _ps.Run("Get-LcJwt -Expiry (New-TimeSpan -Hours 4)").Single<LimaCharlie.Jwt>();

        Assert.InRange(jwt.ExpiresIn, TimeSpan.FromHours(3.9), TimeSpan.FromHours(4.1));
        Assert.Equal(2, State.Counters.MintsTotal);
    }

    [Fact]
    public void VerboseAndDebugStreamsNeverShowTheKeyOrTheToken()
    {
        var result = _ps.Run(ConnectScript + " -Verbose -Debug; Get-LcOrganization -Verbose -Debug");
        var jwt = _ps.Run("Get-LcJwt -AsPlainText").Single<string>();

        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Debug);
        Assert.Contains(result.Verbose, v => v.StartsWith($"GET /v1/orgs/{_org.Oid} -> 200"));
        Assert.Contains(result.Debug, d => d.Contains("Authorization: ***"));
        foreach (var text in result.AllText)
        {
            Assert.DoesNotContain(_org.Secret, text);
            Assert.DoesNotContain(jwt, text);
        }
    }

    [Fact]
    public void WrongKeyMakesConnectFailWithAuthenticationFailed()
    {
        _ps.SetVariable("key", ApiCredential.Secure(Guid.NewGuid().ToString()));

        var error = CaughtError(_ps.Run($"try {{ {ConnectScript}; 'not reached' }} catch {{ $_ }}"));

        Assert.StartsWith("LimaCharlie.AuthenticationFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Empty(_ps.Run("Get-LcSession").Output);
    }

    [Fact]
    public void SomeOrganizationsFailingDoesNotStopTheOthers()
    {
        var other = SeedOrg();
        _ps.SetVariable("other", other.Oid);
        _ps.Run(ConnectScript);

        var result = _ps.Run("try { Get-LcOrganization -OrganizationId $other, $oid; 'continued' } catch { 'caught' }");

        Assert.Equal(new[] { _org.Name, "continued" }, result.Output.Select(o => o.BaseObject is LimaCharlie.Organization org ? org.Name : o.ToString()));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("LimaCharlie.WrongOrganization,", error.FullyQualifiedErrorId);
        Assert.Equal(other.Oid, error.TargetObject);
    }

    [Fact]
    public void SelectFirstStopsThePaging()
    {
        var user = SeedUser(organizations: 120, namePrefix: "fleet");
        _ps.SetVariable("uid", user.Uid);
        _ps.SetVariable("ukey", ApiCredential.Secure(user.Secret));
        _ps.Run("Connect-LcOrg -UserId $uid -ApiKey $ukey -ApiUrl $url -JwtUrl $url -NoWelcome"); // the greeting lists the first organizations itself

        var result = _ps.Run("Get-LcOrganization -All | Select-Object -First 3");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "fleet-000", "fleet-001", "fleet-002" },
            result.Output.Select(o => Assert.IsType<LimaCharlie.Organization>(o.BaseObject).Name));
        Assert.Single(ApiRequests("/v1/user/orgs"));
    }

    [Fact]
    public void EnvironmentFromTheConfigFile()
    {
        using var home = new TempHome();
        var file = home.Write("config.yaml", $"env:\n  prod:\n    oid: {_org.Oid}\n    api_key: {_org.Secret}\n");
        _ps.SetVariable("file", file);

        var session = _ps.Run("Connect-LcOrg -Environment prod -CredentialFile $file -ApiUrl $url -JwtUrl $url -PassThru").Single<LimaCharlie.Session>();

        Assert.Equal(_org.Oid, session.OrganizationId);
        Assert.Contains("environment 'prod'", session.CredentialSource);
    }

    [Fact]
    public void BrokenConfigFileIsATerminatingError()
    {
        using var home = new TempHome();
        _ps.SetVariable("file", home.Write("config.yaml", "env:\n  prod:\n    oid: x\n    oid: y\n"));

        var error = CaughtError(_ps.Run("try { Connect-LcOrg -Environment prod -CredentialFile $file -ApiUrl $url -JwtUrl $url; 'not reached' } catch { $_ }"));

        Assert.StartsWith("LimaCharlie.ConfigFileInvalid,", error.FullyQualifiedErrorId);
        Assert.Contains("line 4", error.Exception.Message);
        Assert.Empty(Requests);
    }
}
