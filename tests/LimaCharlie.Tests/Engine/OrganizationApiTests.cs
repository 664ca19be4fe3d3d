using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>One organization, the user's organizations page by page, and organization creation.</summary>
public class OrganizationApiTests : EmulatorTest
{
    public OrganizationApiTests(EmulatorFixture emulator) : base(emulator) { }

    private static async Task<List<LimaCharlie.Organization>> Take(IAsyncEnumerable<LimaCharlie.Organization> source, int? count = null)
    {
        var items = new List<LimaCharlie.Organization>();
        await foreach (var item in source)
        {
            items.Add(item);
            if (items.Count == count) break;
        }
        return items;
    }

    private IReadOnlyList<string> ListQueries() => ApiRequests("/v1/user/orgs").Select(r => r.Query).ToList();

    [Fact]
    public async Task GetReadsTheOrganization()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());

        var info = await connection.Account(NullLog.Instance).Organizations.GetAsync(org.Oid, default);

        Assert.Equal(org.Oid, info.OrganizationId);
        Assert.Equal(org.Name, info.Name);
        Assert.Equal("usa", info.Region);
        Assert.True(info.AdditionalProperties.ContainsKey("latest_versions"));
    }

    [Fact]
    public async Task ListFollowsOffsetAndLimitUntilTheTotal()
    {
        var user = SeedUser(organizations: 120, namePrefix: "fleet");
        var connection = Connect(user.Credential());

        var orgs = await Take(connection.Account(NullLog.Instance).Organizations.ListAsync(null, 50, default));

        Assert.Equal(120, orgs.Count);
        Assert.Equal(user.Orgs.OrderBy(o => o), orgs.Select(o => o.OrganizationId).OrderBy(o => o));
        Assert.Equal(120, orgs.Select(o => o.OrganizationId).Distinct().Count());
        Assert.Equal(new[] { "offset=0&limit=50", "offset=50&limit=50", "offset=100&limit=50" }, ListQueries());
        // listing the user's orgs uses the small oid=- token
        Assert.Equal(new[] { "-" }, Assert.Single(MintRequests()).Form["oid"]);
    }

    [Fact]
    public async Task ListStopsWhenTheConsumerStops()
    {
        var user = SeedUser(organizations: 120, namePrefix: "fleet");
        var connection = Connect(user.Credential());

        var orgs = await Take(connection.Account(NullLog.Instance).Organizations.ListAsync(null, 50, default), count: 3);

        Assert.Equal(3, orgs.Count);
        Assert.Single(ListQueries());
    }

    [Fact]
    public async Task ListPassesTheFilter()
    {
        var user = SeedUser(organizations: 12, namePrefix: "blue");
        foreach (var name in new[] { "red-one", "red-two", "RED-three" })
            State.GrantOrg(user.Uid, State.CreateOrg(name).Oid);
        var connection = Connect(user.Credential());

        var orgs = await Take(connection.Account(NullLog.Instance).Organizations.ListAsync("red", 2, default));

        Assert.Equal(new[] { "red-one", "RED-three", "red-two" }, orgs.Select(o => o.Name)); // the API sorts by name
        Assert.Equal(new[] { "offset=0&limit=2&filter=red", "offset=2&limit=2&filter=red" }, ListQueries());
    }

    [Fact]
    public async Task ListNeedsAUserKey()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());

        var error = await Assert.ThrowsAsync<LcConfigurationException>(
            () => Take(connection.Account(NullLog.Instance).Organizations.ListAsync(null, 50, default)));

        Assert.Equal("LimaCharlie.UserKeyRequired", error.ErrorId);
        Assert.Empty(Requests);
    }

    [Fact]
    public async Task CreateReturnsTheNewOrganizationId()
    {
        var user = SeedUser(organizations: 0);
        var connection = Connect(user.Credential());

        var oid = await connection.Account(NullLog.Instance).Organizations.CreateAsync("brand-new", "europe", null, default);

        var created = State.FindOrg(oid.ToString());
        Assert.NotNull(created);
        Assert.Equal("brand-new", created!.Name);
        Assert.Equal("europe", created.Location);
        var post = Assert.Single(ApiRequests("/v1/orgs/new"));
        Assert.Equal("POST", post.Method);
        Assert.Equal(new[] { "brand-new" }, post.Form["name"]);
        Assert.Equal(new[] { "europe" }, post.Form["loc"]);
        Assert.False(post.Form.ContainsKey("template"));
    }

    [Fact]
    public async Task CreateReadsDataGivenAsAJsonString()
    {
        var user = SeedUser(organizations: 0);
        var connection = Connect(user.Credential());
        var oid = Guid.NewGuid();
        AddFault(new FaultSpec
        {
            PathPrefix = "/v1/orgs/new", Method = "POST", Status = 200, ContentType = "application/json",
            Body = $"{{\"success\":true,\"data\":\"{{\\\"oid\\\":\\\"{oid}\\\"}}\"}}",
        });

        Assert.Equal(oid, await connection.Account(NullLog.Instance).Organizations.CreateAsync("stringly", "usa", null, default));
    }

    [Fact]
    public async Task CreateSendsTheTemplate()
    {
        var user = SeedUser(organizations: 0);
        var connection = Connect(user.Credential());
        const string template = "version: 3\nresources:\n  api:\n    - insight\n";

        var oid = await connection.Account(NullLog.Instance).Organizations.CreateAsync("templated", "usa", template, default);

        Assert.Equal(template, State.FindOrg(oid.ToString())!.Template);
    }

    [Fact]
    public async Task CreateWithoutAnIdIsAnInvalidResponse()
    {
        var user = SeedUser(organizations: 0);
        var connection = Connect(user.Credential());
        AddFault(new FaultSpec { PathPrefix = "/v1/orgs/new", Status = 200, Body = "{\"success\":true}", ContentType = "application/json" });

        var error = await Assert.ThrowsAsync<LcApiException>(
            () => connection.Account(NullLog.Instance).Organizations.CreateAsync("x", "usa", null, default));

        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
    }

    [Fact]
    public async Task CreateWithDataThatIsNotJsonIsAnInvalidResponse()
    {
        var user = SeedUser(organizations: 0);
        var connection = Connect(user.Credential());
        AddFault(new FaultSpec { PathPrefix = "/v1/orgs/new", Status = 200, Body = "{\"success\":true,\"data\":\"queued\"}", ContentType = "application/json" });

        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => connection.Account(NullLog.Instance).Organizations.CreateAsync("x", "usa", null, default));

        var api = Assert.IsType<LcApiException>(error);
        Assert.Equal("LimaCharlie.InvalidResponse", api.ErrorId);
    }
}
