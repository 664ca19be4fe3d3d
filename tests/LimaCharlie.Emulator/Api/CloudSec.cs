using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The cloud-security findings worklist (sdk/cloudsec.py <c>list_findings</c>, <c>export_findings_csv</c>) on the API
/// host: <c>GET /v1/cloudsec/{oid}/findings</c>, <c>org.get</c> (the service's <c>cloudsec.get</c> is not in the
/// emulator's permission list). JSON <c>{"findings":[...], "next_cursor":""}</c>, or with <c>format=csv</c> the whole set
/// as <c>text/csv</c> (CRLF rows, RFC 4180 quoting). The org has as many findings as <c>POST /_emu/orgs/{oid}/findings</c> set.
/// </summary>
internal static class CloudSecEndpoints
{
    public static readonly string[] Columns = ["finding_id", "severity", "class", "resource", "account", "title"];

    private static readonly string[] Severities = ["critical", "high", "medium", "low"];

    public static IEndpointRouteBuilder MapCloudSec(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/cloudsec/{oid}/findings", Findings);
        routes.MapGet("/v1/cloudsec/fleet/overview", FleetOverview);
        return routes;
    }

    private static IResult Findings(string oid, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OrgGet);
        var rows = Enumerable.Range(1, state.Findings(org.Oid)).Select(Row).ToList();
        if (string.Equals(context.Request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text(Csv(rows), "text/csv; charset=utf-8", Encoding.UTF8);
        }

        return EmulatorJson.Ok(new JsonObject
        {
            ["findings"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject(Columns.Select((c, i) => KeyValuePair.Create(c, (JsonNode?)r[i]))))]),
            ["next_cursor"] = string.Empty,
        });
    }

    /// <summary>
    /// <c>GET /v1/cloudsec/fleet/overview</c> (sdk/cloudsec.py <c>get_fleet_overview</c>): one posture row per organization
    /// the token carries (every organization of the user for a token minted without <c>oid</c>, one for any other),
    /// narrowed by repeated <c>oids</c>; an organization where the token lacks <c>org.get</c> is counted in
    /// <c>skipped.not_enabled</c>, never an error. The row's fields and the rollups are a guess from the SDK's docstring
    /// (score, severity distribution, trend); the service's own shape is not published.
    /// </summary>
    private static IResult FleetOverview(Caller caller, RequestParams parameters, EmulatorState state)
    {
        var carried = caller.IsUser ? caller.Claims.UserPerms?.Keys.ToList() ?? [] : caller.Claims.Orgs?.ToList() ?? [];
        var wanted = parameters.GetAll("oids").Select(o => Ids.TryNormalizeUuid(o, out var n) ? n : o).ToHashSet(StringComparer.Ordinal);
        var rows = new JsonArray();
        var skipped = 0;
        var distribution = Severities.ToDictionary(s => s, _ => 0L);
        foreach (var oid in carried.Where(o => wanted.Count == 0 || wanted.Contains(o)).Order(StringComparer.Ordinal))
        {
            if (state.FindOrg(oid) is not { } org || caller.PermissionsFor(oid)?.Contains(OrgPermissions.OrgGet, StringComparer.Ordinal) != true)
            {
                skipped++;
                continue;
            }

            var findings = Enumerable.Range(1, state.Findings(oid)).Select(Row).ToList();
            var severity = new JsonObject(Severities.Select(s => KeyValuePair.Create(s, (JsonNode?)findings.Count(r => r[1] == s))));
            foreach (var s in Severities)
            {
                distribution[s] += findings.Count(r => r[1] == s);
            }

            rows.Add(new JsonObject
            {
                ["oid"] = org.Oid,
                ["name"] = org.Name,
                ["score"] = Math.Max(0, 100 - (findings.Count * 5)),
                ["findings"] = findings.Count,
                ["severity"] = severity,
                ["trend"] = "flat",
            });
        }

        return EmulatorJson.Ok(new JsonObject
        {
            ["orgs"] = rows,
            ["next_cursor"] = string.Empty,
            ["total_orgs"] = rows.Count,
            ["skipped"] = new JsonObject { ["not_enabled"] = skipped, ["lookup_failed"] = 0 },
            ["rollups"] = new JsonObject
            {
                ["risk_distribution"] = new JsonObject(distribution.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
            },
        });
    }

    /// <summary>Finding <paramref name="n"/>; every fourth title has a comma, quotes and a non-ASCII letter, to be quoted.</summary>
    private static string[] Row(int n) =>
    [
        $"f-{n:D6}",
        Severities[n % Severities.Length],
        n % 2 == 0 ? "misconfiguration" : "vulnerability",
        $"arn:aws:s3:::bucket-{n}",
        (100000000000 + n).ToString(CultureInfo.InvariantCulture),
        n % 4 == 0 ? $"Bucket \"logs-{n}\" is public, naïvely" : $"Finding {n}",
    ];

    public static string Csv(IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
