using System.Text.Json;
using LimaCharlie.Client.Api;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Reading the quota usage in the v5 SDK's shape and in the documentation's older one.</summary>
public class OrgAdminApiTests
{
    private static readonly Guid Oid = Guid.Parse("8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b");

    private static LimaCharlie.OrgUsage Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OrgAdminApi.ParseQuotaUsage(document.RootElement, Oid);
    }

    [Fact]
    public void QuotaUsageCategoriesAreTheCountNAndTheWeightedQuota()
    {
        // sdk/organization.py get_quota_usage: {"usage": int, "quota": int, "breakdown": {category: {"n": int, "quota": float}}}
        var usage = Parse("""
            {"usage": 14, "quota": 100,
             "breakdown": {"usp-adapters": {"n": 3, "quota": 1.5}, "sensors": {"n": 12, "quota": 12}, "epp": {"n": 40, "quota": 0.0}}}
            """);

        Assert.Equal(Oid, usage.OrganizationId);
        Assert.Equal(14, usage.Usage);
        Assert.Equal(100, usage.Quota);
        Assert.Equal(["epp", "sensors", "usp-adapters"], usage.Breakdown.Select(c => c.Category));
        Assert.Equal([40L, 12L, 3L], usage.Breakdown.Select(c => c.Count));
        Assert.Equal([0.0, 12.0, 1.5], usage.Breakdown.Select(c => c.Usage));
    }

    [Fact]
    public void QuotaUsageInTheDocumentationsShapeWeighsTheCount()
    {
        var usage = Parse("""{"usage": 6, "quota": 100, "breakdown": {"sensors": {"count": 4, "weight": 1.5, "quota": 100}}}""");

        var sensors = Assert.Single(usage.Breakdown);
        Assert.Equal(4, sensors.Count);
        Assert.Equal(6.0, sensors.Usage);
    }
}
