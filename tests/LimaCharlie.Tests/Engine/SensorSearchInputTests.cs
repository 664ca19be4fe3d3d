using System;
using LimaCharlie.Client.Api;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>What the sensor searches make of hostnames and addresses written for another kind of match (issue 14, item 8).</summary>
public class SensorSearchInputTests
{
    [Theory]
    [InlineData("10.3.0.0/16", @"(int_ip matches `^10\.3\.` or ext_ip matches `^10\.3\.`)")]
    [InlineData("10.3.7.9/16", @"(int_ip matches `^10\.3\.` or ext_ip matches `^10\.3\.`)")]
    [InlineData("10.3.16.0/22", @"(int_ip matches `^10\.3\.(16|17|18|19)\.` or ext_ip matches `^10\.3\.(16|17|18|19)\.`)")]
    [InlineData("203.0.113.8/32", @"(int_ip matches `^203\.0\.113\.8$` or ext_ip matches `^203\.0\.113\.8$`)")]
    [InlineData("192.168.1.0/31", @"(int_ip matches `^192\.168\.1\.(0|1)$` or ext_ip matches `^192\.168\.1\.(0|1)$`)")]
    [InlineData("0.0.0.0/0", null)]
    public void TurnsACidrRangeIntoAnExactAddressPattern(string cidr, string? expected) =>
        Assert.Equal(expected, SensorQuery.RangeSelector(cidr));

    [Theory]
    [InlineData("10.3.0.0/16", true)]
    [InlineData("10.3.0.0/33", false)]
    [InlineData("10.3/16", false)]
    [InlineData("fe80::/10", false)]
    [InlineData("10.3.0.0", false)]
    public void KnowsARange(string text, bool isRange) => Assert.Equal(isRange, SensorQuery.IsRange(text));

    [Theory]
    [InlineData("10.3.0.5", true)]
    [InlineData("fe80::1", true)]
    [InlineData("10", false)]
    [InlineData("10.3", false)]
    [InlineData("10.3.*", false)]
    public void KnowsAWholeAddress(string text, bool isAddress) => Assert.Equal(isAddress, SensorQuery.IsAddress(text));

    [Fact]
    public void PutsTheUsersSelectorInParenthesesBesideTheOtherConditions()
    {
        var query = new SensorQuery { Selector = "plat == linux or plat == macos", Tag = "vip", IpRange = "10.0.0.0/8" };
        Assert.Equal(@"(plat == linux or plat == macos) and `vip` in tags and (int_ip matches `^10\.` or ext_ip matches `^10\.`)",
            query.EffectiveSelector());
        Assert.Equal("`vip` in tags", new SensorQuery { Tag = "vip" }.EffectiveSelector());
        Assert.Null(new SensorQuery { IpRange = "0.0.0.0/0" }.EffectiveSelector());
    }

    [Theory]
    [InlineData("web*", "web", false)]
    [InlineData("web-**", "web-", false)]
    [InlineData("*web", "*web", true)]
    [InlineData("w?b", "w?b", true)]
    [InlineData("web", "web", false)]
    public void DropsATrailingStarFromAHostnamePrefix(string typed, string prefix, bool otherWildcards)
    {
        Assert.Equal(prefix, SensorQuery.HostnamePrefixOf(typed, out var others));
        Assert.Equal(otherWildcards, others);
    }

    [Fact]
    public void SuggestsTheCloseNames()
    {
        var hives = SensorQueryHives;
        Assert.Equal(new[] { "dr-general" }, NameSuggestions.Closest("dr-generl", hives));
        Assert.Equal(new[] { "NEW_PROCESS" }, NameSuggestions.Closest("new_proces", new[] { "NEW_PROCESS", "DNS_REQUEST", "FILE_CREATE" }));
        Assert.Empty(NameSuggestions.Closest("zzzzzz", hives));
    }

    private static readonly string[] SensorQueryHives = { "dr-general", "dr-managed", "dr-service", "fp", "lookup", "secret" };
}
