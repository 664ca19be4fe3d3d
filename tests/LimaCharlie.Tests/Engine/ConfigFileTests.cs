using LimaCharlie.Client.Credentials;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Reading the official CLI's YAML credentials file.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    private ConfigFile Load(string yaml) => ConfigFile.Load(_home.Write("config.yaml", yaml));

    private LcConfigurationException Invalid(string yaml)
    {
        var error = Assert.Throws<LcConfigurationException>(() => Load(yaml));
        Assert.Equal("LimaCharlie.ConfigFileInvalid", error.ErrorId);
        Assert.Contains(System.IO.Path.Combine(_home.Path, "config.yaml"), error.Message);
        return error;
    }

    [Fact]
    public void TopLevelIsTheDefaultEnvironment()
    {
        var file = Load("oid: 11111111-1111-1111-1111-111111111111\napi_key: top-key\nuid: user-1\n");

        Assert.Equal("11111111-1111-1111-1111-111111111111", file.Top.OrganizationId);
        Assert.Equal("top-key", file.Top.ApiKey);
        Assert.Equal("user-1", file.Top.UserId);
        Assert.Same(file.Top, file.Find("default"));
        Assert.Null(file.CurrentEnvironment);
    }

    [Fact]
    public void NamedEnvironmentsAndCurrentEnv()
    {
        var file = Load("""
            current_env: staging
            oid: 11111111-1111-1111-1111-111111111111
            api_key: top-key
            env:
              production:
                oid: 22222222-2222-2222-2222-222222222222
                api_key: prod-key
              staging:
                uid: staging-user
                api_key: "staging-key"
            """);

        Assert.Equal("staging", file.CurrentEnvironment);
        Assert.Equal("prod-key", file.Find("production")!.ApiKey);
        Assert.Equal("22222222-2222-2222-2222-222222222222", file.Find("PRODUCTION")!.OrganizationId);
        Assert.Equal("staging-user", file.Find("staging")!.UserId);
        Assert.Null(file.Find("staging")!.OrganizationId);
        Assert.Null(file.Find("nowhere"));
        Assert.Equal(new[] { "default", "production", "staging" }, file.EnvironmentNames().OrderBy(n => n));
    }

    [Fact]
    public void EnvironmentNamedDefaultWinsOverTheTopLevel()
    {
        var file = Load("api_key: top-key\nenv:\n  default:\n    api_key: env-default-key\n");

        Assert.Equal("env-default-key", file.Find("default")!.ApiKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("env:\n")]
    public void EmptyFileHasNoCredentials(string yaml)
    {
        var file = Load(yaml);

        Assert.Null(file.Top.ApiKey);
        Assert.Empty(file.Environments);
    }

    [Theory]
    [InlineData("oid: 11111111-1111-1111-1111-111111111111\n  api_key: indented-wrongly\n", "line 2")]
    [InlineData("oid: x\napi_key: [a, b\n", "line 3")]
    [InlineData("oid: x\noid: y\n", "line 2")]
    [InlineData("api_key: 'unterminated\n", "line 1")]
    public void MalformedYamlNamesTheLine(string yaml, string line)
    {
        var error = Invalid(yaml);

        Assert.Contains(line, error.Message);
        Assert.NotNull(error.RecommendedAction);
    }

    [Fact]
    public void TabIndentationIsInvalid()
    {
        var error = Invalid("env:\n\tprod:\n\t\tapi_key: x\n");

        Assert.Contains("tab", error.Message);
        Assert.Matches(@"line \d+, column \d+", error.Message);
    }

    [Fact]
    public void UnclosedBracketAcrossLinesIsInvalid()
    {
        var error = Invalid("api_key: [unclosed\nuid: x\n");

        Assert.Contains("line", error.Message);
    }

    [Theory]
    [InlineData("env: [a, b]\n", "'env' is not a mapping")]
    [InlineData("env: production\n", "'env' is not a mapping")]
    [InlineData("env:\n  prod: just-text\n", "environment 'prod' is not a mapping")]
    [InlineData("- a\n- b\n", "top level is not a mapping")]
    [InlineData("api_key:\n  nested: value\n", "'api_key' is not a single value")]
    public void WrongShapesAreInvalid(string yaml, string why)
    {
        Assert.Contains(why, Invalid(yaml).Message);
    }

    [Fact]
    public void MissingFileIsUnreadable()
    {
        var error = Assert.Throws<LcConfigurationException>(() => ConfigFile.Load(System.IO.Path.Combine(_home.Path, "absent.yaml")));

        Assert.Equal("LimaCharlie.ConfigFileUnreadable", error.ErrorId);
    }

    [Fact]
    public void CandidatesFollowTheOfficialOrder()
    {
        _home.Variables["APPDATA"] = System.IO.Path.Combine(_home.Path, "AppData");
        _home.Variables["LC_CONFIG_DIR"] = System.IO.Path.Combine(_home.Path, "custom");

        var candidates = ConfigFile.Candidates(_home.GetVariable, _home.Path).ToList();

        Assert.Equal(new[]
        {
            System.IO.Path.Combine(_home.Path, "custom", "config.yaml"),
            System.IO.Path.Combine(_home.Path, ".limacharlie.d", "config.yaml"),
            System.IO.Path.Combine(_home.Path, "AppData", "limacharlie", "config.yaml"),
            System.IO.Path.Combine(_home.Path, ".limacharlie"),
        }, candidates);
    }
}
