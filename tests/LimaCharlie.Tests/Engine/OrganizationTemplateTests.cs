using LimaCharlie.Client.Api;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>A template is checked before an organization is created from it.</summary>
public class OrganizationTemplateTests
{
    [Fact]
    public void MappingIsAccepted()
    {
        const string yaml = "version: 3\noutputs:\n  siem:\n    module: syslog\n";

        Assert.Equal(yaml, OrganizationTemplate.Validate(yaml, "text"));
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    [InlineData("")]
    public void NonMappingIsRefused(string yaml)
    {
        Assert.Equal("LimaCharlie.InvalidTemplate",
            Assert.Throws<LcConfigurationException>(() => OrganizationTemplate.Validate(yaml, "text")).ErrorId);
    }

    [Fact]
    public void BrokenYamlNamesTheLine()
    {
        var error = Assert.Throws<LcConfigurationException>(() => OrganizationTemplate.Validate("version: 3\n  outputs: x\n", "file 't.yaml'"));

        Assert.Equal("LimaCharlie.InvalidTemplate", error.ErrorId);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("file 't.yaml'", error.Message);
    }

    [Fact]
    public void UnclosedBracketAcrossLinesIsRefused()
    {
        var error = Assert.Throws<LcConfigurationException>(() => OrganizationTemplate.Validate("outputs: [unclosed\nrules: x\n", "text"));

        Assert.Equal("LimaCharlie.InvalidTemplate", error.ErrorId);
    }
}
