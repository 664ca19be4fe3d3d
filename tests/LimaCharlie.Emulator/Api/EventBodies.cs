using System.Text.Json;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Plausible, deterministic <c>event</c> bodies of generated telemetry (all content from one hash).</summary>
internal static class EventBodies
{
    private static readonly string[] WindowsPaths =
    [
        @"C:\Windows\System32\svchost.exe", @"C:\Windows\System32\cmd.exe", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
        @"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Windows\explorer.exe", @"C:\Windows\System32\rundll32.exe",
    ];

    private static readonly string[] UnixPaths = ["/usr/bin/bash", "/usr/bin/curl", "/usr/sbin/sshd", "/usr/bin/python3", "/bin/ls", "/usr/bin/ssh"];

    private static readonly string[] Domains =
    [
        "www.google.com", "api.github.com", "login.microsoftonline.com", "update.example.net", "cdn.jsdelivr.net",
        "x7f3k2.evil-example.org",
    ];

    private static readonly string[] Users = ["SYSTEM", "alice", "bob", "root", "svc_backup"];

    public static void Write(Utf8JsonWriter json, string type, ulong h, uint platform)
    {
        var windows = platform == SensorPlatforms.Windows;
        var paths = windows ? WindowsPaths : UnixPaths;
        var path = paths[(int)(h % (ulong)paths.Length)];
        var pid = (long)(100 + ((h >> 8) % 60_000));
        var ppid = (long)(4 + ((h >> 24) % 60_000));
        json.WriteStartObject();
        switch (type)
        {
            case "NEW_PROCESS":
                json.WriteString("FILE_PATH", path);
                json.WriteString("COMMAND_LINE", windows ? $"\"{path}\" -k netsvcs -p {h % 97}" : $"{path} -c 'job {h % 97}'");
                json.WriteNumber("PROCESS_ID", pid);
                json.WriteNumber("PARENT_PROCESS_ID", ppid);
                json.WriteString("USER_NAME", Users[(int)((h >> 40) % (ulong)Users.Length)]);
                json.WriteString("HASH", $"{InsightHash.Mix(h ^ 1):x16}{InsightHash.Mix(h ^ 2):x16}{InsightHash.Mix(h ^ 3):x16}{InsightHash.Mix(h ^ 4):x16}");
                json.WriteStartObject("PARENT");
                json.WriteString("FILE_PATH", paths[(int)((h >> 16) % (ulong)paths.Length)]);
                json.WriteNumber("PROCESS_ID", ppid);
                json.WriteEndObject();
                break;
            case "DNS_REQUEST":
                json.WriteString("DOMAIN_NAME", Domains[(int)(h % (ulong)Domains.Length)]);
                json.WriteString("IP_ADDRESS", $"93.184.{(h >> 16) & 0xFF}.{(h >> 24) & 0xFF}");
                json.WriteNumber("DNS_TYPE", 1);
                json.WriteNumber("MESSAGE_ID", (long)((h >> 32) & 0xFFFF));
                json.WriteNumber("PROCESS_ID", pid);
                break;
            case "NETWORK_CONNECTIONS":
                json.WriteString("FILE_PATH", path);
                json.WriteNumber("PROCESS_ID", pid);
                json.WriteStartArray("NETWORK_ACTIVITY");
                json.WriteStartObject();
                json.WriteStartObject("SOURCE");
                json.WriteString("IP_ADDRESS", $"10.0.{(h >> 8) & 0xFF}.{(h >> 16) & 0xFF}");
                json.WriteNumber("PORT", (long)(49152 + ((h >> 20) % 16000)));
                json.WriteEndObject();
                json.WriteStartObject("DESTINATION");
                json.WriteString("IP_ADDRESS", $"203.0.113.{(h >> 28) & 0xFF}");
                json.WriteNumber("PORT", ((h >> 36) % 3) switch { 0 => 443, 1 => 80, _ => 22 });
                json.WriteEndObject();
                json.WriteBoolean("IS_OUTGOING", true);
                json.WriteString("PROTOCOL", "tcp4");
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            case "FILE_CREATE":
                json.WriteString("FILE_PATH", windows ? $@"C:\Users\Public\Documents\report-{h % 10_000}.docx" : $"/tmp/file-{h % 10_000}.log");
                json.WriteNumber("PROCESS_ID", pid);
                break;
            default:
                json.WriteNumber("PROCESS_ID", pid);
                break;
        }

        json.WriteEndObject();
    }
}
