using LimaCharlie.Client.Credentials;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>
/// Where the API key comes from, in the documented order: parameters, -Environment, LC_API_KEY, then the config file's
/// LC_CURRENT_ENV / current_env / default. Uses a temp home and fake environment variables only.
/// </summary>
public sealed class CredentialResolverTests : IDisposable
{
    private const string ParamOid = "10000000-0000-0000-0000-000000000001";
    private const string EnvVarOid = "20000000-0000-0000-0000-000000000002";
    private const string FileTopOid = "30000000-0000-0000-0000-000000000003";
    private const string FileProdOid = "40000000-0000-0000-0000-000000000004";
    private const string FileStagingOid = "50000000-0000-0000-0000-000000000005";

    private const string ParamKey = "param-key-7f3a";
    private const string EnvVarKey = "envvar-key-91bc";
    private const string TopKey = "top-key-55de";
    private const string ProdKey = "prod-key-0a1b";
    private const string StagingKey = "staging-key-c4d2";

    private static readonly string[] AllKeys = { ParamKey, EnvVarKey, TopKey, ProdKey, StagingKey };

    private readonly TempHome _home = new();
    private readonly List<string> _trace = new();

    public void Dispose() => _home.Dispose();

    private static string ConfigYaml(string? currentEnv = null, string topOid = FileTopOid, string topKey = TopKey) =>
        (currentEnv is null ? "" : $"current_env: {currentEnv}\n") + $"""
        oid: {topOid}
        api_key: {topKey}
        env:
          prod:
            oid: {FileProdOid}
            api_key: {ProdKey}
          staging:
            oid: {FileStagingOid}
            api_key: {StagingKey}
        """;

    private string WriteConfig(string yaml) => _home.Write(Path.Combine(".limacharlie.d", "config.yaml"), yaml);

    private ApiCredential Resolve(CredentialRequest? request = null) =>
        new CredentialResolver(_home.GetVariable, _home.Path).Resolve(request ?? new CredentialRequest(), _trace.Add);

    private LcConfigurationException Fails(CredentialRequest? request = null) =>
        Assert.Throws<LcConfigurationException>(() => Resolve(request));

    private static string PlainKey(ApiCredential credential) => credential.WithPlainKey(k => k);

    private void SetEnvVarKey(string? oid = EnvVarOid)
    {
        _home.Variables["LC_API_KEY"] = EnvVarKey;
        if (oid is not null) _home.Variables["LC_OID"] = oid;
    }

    [Fact]
    public void ParametersWinOverEverything()
    {
        WriteConfig(ConfigYaml(currentEnv: "prod"));
        SetEnvVarKey();
        _home.Variables["LC_CURRENT_ENV"] = "staging";

        var credential = Resolve(new CredentialRequest
        {
            OrganizationId = Guid.Parse(ParamOid), ApiKey = ApiCredential.Secure(ParamKey), Environment = "prod",
        });

        Assert.Equal(ParamKey, PlainKey(credential));
        Assert.Equal(Guid.Parse(ParamOid), credential.OrganizationId);
        Assert.Equal("parameters", credential.Source);
    }

    [Fact]
    public void EnvironmentParameterWinsOverEnvironmentVariables()
    {
        WriteConfig(ConfigYaml());
        SetEnvVarKey();

        var credential = Resolve(new CredentialRequest { Environment = "prod" });

        Assert.Equal(ProdKey, PlainKey(credential));
        Assert.Equal(Guid.Parse(FileProdOid), credential.OrganizationId); // LC_OID does not leak into a named environment
        Assert.Contains("environment 'prod'", credential.Source);
    }

    [Fact]
    public void ApiKeyVariableWinsOverTheFile()
    {
        WriteConfig(ConfigYaml(currentEnv: "prod"));
        SetEnvVarKey();
        _home.Variables["LC_UID"] = "env-user";

        var credential = Resolve();

        Assert.Equal(EnvVarKey, PlainKey(credential));
        Assert.Equal(Guid.Parse(EnvVarOid), credential.OrganizationId);
        Assert.Equal("env-user", credential.UserId);
        Assert.Equal("environment variables", credential.Source);
    }

    [Fact]
    public void CurrentEnvVariableWinsOverTheFilesCurrentEnv()
    {
        WriteConfig(ConfigYaml(currentEnv: "prod"));
        _home.Variables["LC_CURRENT_ENV"] = "staging";

        Assert.Equal(StagingKey, PlainKey(Resolve()));
    }

    [Fact]
    public void FilesCurrentEnvWinsOverTheTopLevel()
    {
        WriteConfig(ConfigYaml(currentEnv: "prod"));

        var credential = Resolve();

        Assert.Equal(ProdKey, PlainKey(credential));
        Assert.Contains(_trace, t => t.Contains("'prod'") && t.Contains("current_env"));
    }

    [Fact]
    public void TopLevelIsTheDefault()
    {
        WriteConfig(ConfigYaml());

        var credential = Resolve();

        Assert.Equal(TopKey, PlainKey(credential));
        Assert.Equal(Guid.Parse(FileTopOid), credential.OrganizationId);
    }

    [Fact]
    public void OidVariableOverridesTheDefaultEnvironmentsOid()
    {
        WriteConfig(ConfigYaml());
        _home.Variables["LC_OID"] = EnvVarOid;

        var credential = Resolve();

        Assert.Equal(TopKey, PlainKey(credential));
        Assert.Equal(Guid.Parse(EnvVarOid), credential.OrganizationId);
    }

    [Fact]
    public void CredsFileVariableNamesTheFile()
    {
        WriteConfig(ConfigYaml());
        var elsewhere = _home.Write(Path.Combine("secrets", "lc.yaml"), ConfigYaml(topOid: FileStagingOid, topKey: StagingKey));
        _home.Variables["LC_CREDS_FILE"] = elsewhere;

        var credential = Resolve();

        Assert.Equal(StagingKey, PlainKey(credential));
        Assert.Contains(elsewhere, credential.Source);
    }

    [Fact]
    public void CredsFileUnderTheHomeDirectory()
    {
        _home.Write(Path.Combine("secrets", "lc.yaml"), ConfigYaml(topKey: StagingKey));
        _home.Variables["LC_CREDS_FILE"] = "~/secrets/lc.yaml";

        Assert.Equal(StagingKey, PlainKey(Resolve()));
    }

    [Fact]
    public void CredsFileThatDoesNotExistIsAnError()
    {
        WriteConfig(ConfigYaml());
        _home.Variables["LC_CREDS_FILE"] = Path.Combine(_home.Path, "missing.yaml");

        Assert.Equal("LimaCharlie.ConfigFileNotFound", Fails().ErrorId);
    }

    [Fact]
    public void ExplicitConfigFileInTheRequest()
    {
        var path = _home.Write("custom.yaml", ConfigYaml(topKey: StagingKey));

        Assert.Equal(StagingKey, PlainKey(Resolve(new CredentialRequest { ConfigFile = path })));
    }

    [Fact]
    public void NewConfigLocationComesBeforeTheLegacyFile()
    {
        WriteConfig(ConfigYaml(topKey: TopKey));
        _home.Write(".limacharlie", ConfigYaml(topKey: ProdKey));

        Assert.Equal(TopKey, PlainKey(Resolve()));
    }

    [Fact]
    public void LegacyFileIsReadWhenItIsTheOnlyOne()
    {
        _home.Write(".limacharlie", ConfigYaml(topKey: ProdKey));

        Assert.Equal(ProdKey, PlainKey(Resolve()));
        Assert.Contains(_trace, t => t.Contains(Path.Combine(_home.Path, ".limacharlie.d", "config.yaml")));
    }

    [Fact]
    public void AppDataLocationIsRead()
    {
        _home.Variables["APPDATA"] = Path.Combine(_home.Path, "AppData", "Roaming");
        _home.Write(Path.Combine("AppData", "Roaming", "limacharlie", "config.yaml"), ConfigYaml(topKey: StagingKey));
        _home.Write(".limacharlie", ConfigYaml(topKey: ProdKey));

        Assert.Equal(StagingKey, PlainKey(Resolve()));
    }

    [Fact]
    public void UnknownEnvironmentIsAnErrorListingTheNames()
    {
        WriteConfig(ConfigYaml());

        var error = Fails(new CredentialRequest { Environment = "qa" });

        Assert.Equal("LimaCharlie.EnvironmentNotFound", error.ErrorId);
        Assert.Contains("'qa'", error.Message);
        Assert.Contains("default", error.Message);
        Assert.Contains("prod", error.Message);
        Assert.Contains("staging", error.Message);
    }

    [Fact]
    public void UnknownCurrentEnvIsAnErrorNotAFallBack()
    {
        WriteConfig(ConfigYaml(currentEnv: "gone"));

        Assert.Equal("LimaCharlie.EnvironmentNotFound", Fails().ErrorId);
    }

    [Fact]
    public void EnvironmentAskedForWithoutAnyFile()
    {
        var error = Fails(new CredentialRequest { Environment = "prod" });

        Assert.Equal("LimaCharlie.ConfigFileNotFound", error.ErrorId);
    }

    [Fact]
    public void NothingAtAllIsNoCredentials()
    {
        var error = Fails();

        Assert.Equal("LimaCharlie.NoCredentials", error.ErrorId);
        Assert.Contains("Connect-LcOrg", error.RecommendedAction);
    }

    [Fact]
    public void FileWithoutAKeyIsNoCredentials()
    {
        WriteConfig("oid: " + FileTopOid + "\n");

        Assert.Equal("LimaCharlie.NoCredentials", Fails().ErrorId);
    }

    [Fact]
    public void NamedEnvironmentWithoutAKeyIsIncomplete()
    {
        WriteConfig($"env:\n  prod:\n    oid: {FileProdOid}\n");

        Assert.Equal("LimaCharlie.EnvironmentIncomplete", Fails(new CredentialRequest { Environment = "prod" }).ErrorId);
    }

    [Fact]
    public void BadOidInTheVariableIsInvalid()
    {
        SetEnvVarKey(oid: "not-a-guid");

        var error = Fails();

        Assert.Equal("LimaCharlie.InvalidOrganizationId", error.ErrorId);
        Assert.Contains("LC_OID", error.Message);
        Assert.Contains("not-a-guid", error.Message);
    }

    [Fact]
    public void BadOidInTheFileIsInvalid()
    {
        WriteConfig("oid: my-org\napi_key: " + TopKey + "\n");

        var error = Fails();

        Assert.Equal("LimaCharlie.InvalidOrganizationId", error.ErrorId);
        Assert.Contains("my-org", error.Message);
        Assert.DoesNotContain(TopKey, error.Message);
    }

    [Fact]
    public void UserKeyFromTheVariables()
    {
        _home.Variables["LC_API_KEY"] = EnvVarKey;
        _home.Variables["LC_UID"] = "user-42";

        var credential = Resolve();

        Assert.Equal(CredentialKind.User, credential.Kind);
        Assert.Equal("user-42", credential.UserId);
        Assert.Null(credential.OrganizationId);
    }

    [Fact]
    public void TraceNamesEachStepAndNeverTheKey()
    {
        _home.Variables["APPDATA"] = Path.Combine(_home.Path, "AppData");
        _home.Write(".limacharlie", ConfigYaml(currentEnv: "staging"));

        Resolve();

        Assert.Contains(_trace, t => t.Contains("LC_API_KEY is not set"));
        Assert.Contains(_trace, t => t.Contains("no config file at") && t.Contains(".limacharlie.d"));
        Assert.Contains(_trace, t => t.Contains("no config file at") && t.Contains("AppData"));
        Assert.Contains(_trace, t => t.Contains(Path.Combine(_home.Path, ".limacharlie")) && t.Contains("'staging'"));
        foreach (var line in _trace)
            foreach (var key in AllKeys)
                Assert.DoesNotContain(key, line);
    }

    [Fact]
    public void TraceReportsWhichSourceWon()
    {
        SetEnvVarKey();
        Resolve();
        Assert.Contains(_trace, t => t.Contains("LC_API_KEY") && !t.Contains("not set"));

        _trace.Clear();
        Resolve(new CredentialRequest { OrganizationId = Guid.Parse(ParamOid), ApiKey = ApiCredential.Secure(ParamKey) });
        Assert.Equal(new[] { "Credentials: using the key given as a parameter." }, _trace);
        Assert.DoesNotContain(_trace, t => AllKeys.Any(t.Contains));
    }
}
