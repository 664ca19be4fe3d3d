using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// What an online sensor sends back for one task: a <c>CLOUD_NOTIFICATION</c> receipt (the agent got the task; a
/// refused task's receipt carries <c>ERROR</c> and <c>ERROR_MESSAGE</c> and nothing follows), then the command's
/// <c>*_REP</c> event(s), every one with the task's <c>routing/investigation_id</c>. Shapes from the EDR events
/// reference where it gives one (OS_VERSION_REP, OS_PROCESSES_REP, DIR_LIST_REP); the others are guesses, listed in
/// the README.
/// </summary>
public static class TaskAnswers
{
    /// <summary>The receipt's error for a command the sensor does not know (a guess: the code is not documented).</summary>
    public const int UnknownCommand = 1;

    /// <summary>The receipt's error for a command the sensor's platform cannot run (a guess).</summary>
    public const int NotSupported = 50;

    /// <summary>The receipt's error for a command missing an argument it needs (a guess).</summary>
    public const int BadArguments = 87;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "os_processes", "os_services", "os_kill_process", "os_suspend", "os_resume", "dir_list", "file_get", "file_del",
        "file_hash", "file_info", "file_mov", "mem_map", "mem_strings", "mem_handles", "hidden_module_scan", "netstat",
        "dns_resolve", "segregate_network", "rejoin_network", "yara_scan", "artifact_get", "os_version", "os_packages",
        "os_autoruns", "os_users", "history_dump", "run", "put", "restart", "exfil_add", "exfil_del", "exfil_get",
    };

    private static readonly HashSet<string> WindowsOnly = new(StringComparer.Ordinal) { "mem_handles", "os_users" };

    private static readonly HashSet<string> NeedArgument = new(StringComparer.Ordinal)
    {
        "os_kill_process", "os_suspend", "os_resume", "dir_list", "file_get", "file_del", "file_hash", "file_info", "file_mov",
        "mem_map", "mem_strings", "mem_handles", "dns_resolve", "yara_scan", "artifact_get",
    };

    /// <summary>The answer to <paramref name="commandLine"/>: event records in the order the sensor sends them.</summary>
    public static IReadOnlyList<JsonObject> For(Sensor sensor, string commandLine, string? investigationId, DateTimeOffset now)
    {
        var words = commandLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var verb = words.Length == 0 ? string.Empty : words[0].ToLowerInvariant();
        var args = words.Skip(1).ToArray();
        var time = now.ToUnixTimeMilliseconds();
        var answers = new List<JsonObject>();
        JsonObject Event(string type, JsonObject body) => Record(sensor, type, body, investigationId, time + answers.Count);

        var (error, message) = Refusal(sensor, verb, args);
        var receipt = new JsonObject
        {
            ["NOTIFICATION_ID"] = verb.ToUpperInvariant() + "_REQ",
            ["NOTIFICATION"] = new JsonObject { ["INVESTIGATION_ID"] = investigationId ?? string.Empty },
            ["EXPIRY"] = 0,
        };
        if (error != 0)
        {
            receipt["ERROR"] = error;
            receipt["ERROR_MESSAGE"] = message;
        }

        answers.Add(Event("CLOUD_NOTIFICATION", receipt));
        if (error != 0)
        {
            return answers;
        }

        switch (verb)
        {
            case "os_version":
                answers.Add(Event("OS_VERSION_REP", OsVersion(sensor)));
                break;
            case "os_processes":
                answers.Add(Event("OS_PROCESSES_REP", new JsonObject { ["PROCESSES"] = Processes(sensor), ["ERROR"] = 0 }));
                break;
            case "dir_list":
                answers.Add(Event("DIR_LIST_REP", DirList(string.Join(' ', args))));
                break;
            case "history_dump":
                foreach (var (type, body) in History(sensor))
                {
                    answers.Add(Event(type, body));
                }

                answers.Add(Event("HISTORY_DUMP_REP", new JsonObject { ["ERROR"] = 0 }));
                break;
            case "run":
                answers.Add(Event("RECEIPT", new JsonObject { ["ERROR"] = 0, ["COMMAND_LINE"] = commandLine }));
                break;
            default:
                answers.Add(Event(verb.ToUpperInvariant() + "_REP", new JsonObject
                {
                    ["ERROR"] = 0,
                    ["COMMAND_LINE"] = commandLine,
                }));
                break;
        }

        return answers;
    }

    private static (int Error, string Message) Refusal(Sensor sensor, string verb, string[] args)
    {
        if (!Known.Contains(verb))
        {
            return (UnknownCommand, $"unknown command: {verb}");
        }

        if (WindowsOnly.Contains(verb) && sensor.Platform != SensorPlatforms.Windows)
        {
            return (NotSupported, $"{verb} is not supported on {SensorPlatforms.Name(sensor.Platform)}");
        }

        return NeedArgument.Contains(verb) && args.Length == 0 ? (BadArguments, $"{verb} needs an argument") : (0, string.Empty);
    }

    private static JsonObject Record(Sensor sensor, string type, JsonObject body, string? investigationId, long time)
    {
        var routing = new JsonObject
        {
            ["oid"] = sensor.Oid,
            ["sid"] = sensor.Sid,
            ["iid"] = sensor.Iid,
            ["did"] = sensor.Did,
            ["hostname"] = sensor.Hostname,
            ["plat"] = sensor.Platform,
            ["arch"] = sensor.Architecture,
            ["int_ip"] = sensor.InternalIp,
            ["ext_ip"] = sensor.ExternalIp,
            ["moduleid"] = 2,
            ["event_type"] = type,
            ["event_time"] = time,
            ["event_id"] = Guid.NewGuid().ToString(),
            ["this"] = Guid.NewGuid().ToString("N"),
            ["tags"] = new JsonArray([.. sensor.ActiveTags(DateTimeOffset.FromUnixTimeMilliseconds(time)).Select(t => (JsonNode)t.Tag)]),
        };
        if (!string.IsNullOrEmpty(investigationId))
        {
            routing["investigation_id"] = investigationId;
        }

        return new JsonObject { ["routing"] = routing, ["event"] = body };
    }

    private static JsonObject OsVersion(Sensor sensor) => sensor.Platform == SensorPlatforms.Windows
        ? new JsonObject
        {
            ["BUILD_NUMBER"] = 20348, ["MAJOR_VERSION"] = 10, ["MINOR_VERSION"] = 0, ["PLATFORM_ID"] = 2, ["PRODUCT_TYPE"] = 3,
            ["SERVICE_PACK_MAJOR"] = 0, ["SERVICE_PACK_MINOR"] = 0, ["SUITE_MASK"] = 272, ["ERROR"] = 0,
        }
        : new JsonObject
        {
            ["SYSNAME"] = sensor.Platform == SensorPlatforms.MacOs ? "Darwin" : "Linux", ["NODENAME"] = sensor.Hostname,
            ["RELEASE"] = sensor.Platform == SensorPlatforms.MacOs ? "23.4.0" : "6.8.0-45-generic", ["MACHINE"] = "x86_64", ["ERROR"] = 0,
        };

    private static JsonArray Processes(Sensor sensor)
    {
        var windows = sensor.Platform == SensorPlatforms.Windows;
        (int Pid, int Parent, string Path, string Command, string User)[] table = windows
            ?
            [
                (4, 0, "System", "System", "NT AUTHORITY\\SYSTEM"),
                (612, 4, "C:\\Windows\\System32\\services.exe", "C:\\Windows\\system32\\services.exe", "NT AUTHORITY\\SYSTEM"),
                (4120, 3900, "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", "CORP\\analyst"),
            ]
            :
            [
                (1, 0, "/usr/lib/systemd/systemd", "/sbin/init", "root"),
                (812, 1, "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D", "root"),
                (2290, 812, "/usr/bin/bash", "-bash", "analyst"),
            ];
        return new JsonArray([.. table.Select(p => (JsonNode)new JsonObject
        {
            ["PROCESS_ID"] = p.Pid,
            ["PARENT_PROCESS_ID"] = p.Parent,
            ["FILE_PATH"] = p.Path,
            ["COMMAND_LINE"] = p.Command,
            ["USER_NAME"] = p.User,
            ["THREADS"] = 4,
            ["MEMORY_USAGE"] = 1_048_576,
        })]);
    }

    private static JsonObject DirList(string root) => new()
    {
        ["ROOT"] = root,
        ["DIRECTORY_LIST"] = new JsonArray(
            new JsonObject { ["FILE_NAME"] = "notes.txt", ["FILE_PATH"] = Join(root, "notes.txt"), ["FILE_SIZE"] = 1024, ["ATTRIBUTES"] = 32 },
            new JsonObject { ["FILE_NAME"] = "logs", ["FILE_PATH"] = Join(root, "logs"), ["FILE_SIZE"] = 0, ["ATTRIBUTES"] = 16 }),
        ["ERROR"] = 0,
    };

    private static string Join(string root, string name)
    {
        var separator = root.Contains('\\', StringComparison.Ordinal) ? '\\' : '/';
        return root.TrimEnd('/', '\\') + separator + name;
    }

    private static IEnumerable<(string Type, JsonObject Body)> History(Sensor sensor)
    {
        yield return ("NEW_PROCESS", new JsonObject { ["PROCESS_ID"] = 5120, ["FILE_PATH"] = "cmd.exe", ["COMMAND_LINE"] = "cmd.exe /c whoami" });
        yield return ("DNS_REQUEST", new JsonObject { ["DOMAIN_NAME"] = "example.internal", ["IP_ADDRESS"] = "10.0.0.5", ["PROCESS_ID"] = 5120 });
        yield return ("NETWORK_CONNECTIONS", new JsonObject { ["PROCESS_ID"] = 5120, ["HOSTNAME"] = sensor.Hostname });
    }
}
