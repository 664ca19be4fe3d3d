namespace LimaCharlie.Emulator.State;

/// <summary>The extension definitions every caller sees (<c>GET /v1/extension/definition</c>), keyed by name.</summary>
public static class ExtensionCatalog
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Definitions { get; } =
        new SortedDictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.Ordinal)
        {
            ["ext-reliable-tasking"] = Definition(
                "ext-reliable-tasking", "Reliable Tasking",
                "Queues sensor tasks and delivers them when the sensors come back online.",
                ["tasking", "sensors"], ["sensor.list", "sensor.task"], ["task", "list_tasks", "untask"]),
            ["ext-cases"] = Definition(
                "ext-cases", "Cases",
                "Case management for detections: triage, assignment and resolution.",
                ["soc", "cases"], ["insight.det.get", "sensor.get"], ["create_case", "list_cases"]),
            ["ext-infrastructure"] = Definition(
                "ext-infrastructure", "Infrastructure as Code",
                "Keeps the organization's configuration in sync with a declared state.",
                ["config", "iac"], ["dr.list", "dr.set", "output.list", "output.set"], ["fetch", "sync_status"]),
            ["ext-vulnerability-reporting"] = Definition(
                "ext-vulnerability-reporting", "Vulnerability Reporting",
                "Reports known vulnerabilities of the software found on sensors.",
                ["vulnerabilities", "reporting"], ["sensor.list", "insight.evt.get"], ["get_report"]),
            ["ext-plaso"] = Definition(
                "ext-plaso", "Plaso",
                "Runs plaso (log2timeline) on collected artifacts to build forensic timelines.",
                ["forensics", "artifacts"], ["insight.evt.get", "payload.ctrl"], ["run"]),
        };

    private static IReadOnlyDictionary<string, object> Definition(
        string name, string label, string description, string[] tags, string[] permissions, string[] actions) =>
        new Dictionary<string, object>
        {
            ["name"] = name,
            ["label"] = label,
            ["short_description"] = description,
            ["description"] = description,
            ["tags"] = tags,
            ["required_permissions"] = permissions,
            ["actions"] = actions,
            ["author"] = "refractionPOINT",
            ["is_public"] = true,
            ["destination_url"] = $"https://{name}.example.com/",
            ["documentation_url"] = $"https://docs.example.com/extensions/{name}",
        };
}
