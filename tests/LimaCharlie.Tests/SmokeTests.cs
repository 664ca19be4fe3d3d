using LimaCharlie.Client;
using Xunit;

namespace LimaCharlie.Tests;

public class SmokeTests
{
    [Fact]
    public void DefaultEndpointsAreTheCloud()
    {
        var endpoints = new LcEndpoints();
        Assert.Equal("https://api.limacharlie.io/", endpoints.ApiUrl.AbsoluteUri);
        Assert.Equal("https://jwt.limacharlie.io/", endpoints.JwtUrl.AbsoluteUri);
    }
}
