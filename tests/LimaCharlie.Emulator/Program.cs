using System.Globalization;

namespace LimaCharlie.Emulator;

/// <summary>
/// Standalone emulator: <c>dotnet LimaCharlie.Emulator.dll [--port N] [--search-port N] [--services-port N] [--url-file PATH] [--token-lifetime SECONDS]</c>.
/// Prints <c>LimaCharlie emulator listening on http://127.0.0.1:PORT/</c> (then lines naming the search and services hosts) and runs
/// until SIGTERM/Ctrl+C.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: LimaCharlie.Emulator [--port N] [--search-port N] [--services-port N] [--url-file PATH] [--token-lifetime SECONDS]";

    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        string? urlFile;
        try
        {
            (options, urlFile) = Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Message}{Environment.NewLine}{Usage}");
            return 2;
        }

        await using var server = await EmulatorServer.StartAsync(options);
        if (urlFile is not null)
        {
            WriteAtomically(urlFile, server.BaseUrl.ToString());
        }

        Console.Out.WriteLine($"LimaCharlie emulator listening on {server.BaseUrl}");
        Console.Out.WriteLine($"LimaCharlie emulator search host on {server.SearchUrl}");
        Console.Out.WriteLine($"LimaCharlie emulator services host on {server.ServicesUrl}");
        Console.Out.Flush();
        await server.WaitForShutdownAsync();
        return 0;
    }

    private static (EmulatorOptions Options, string? UrlFile) Parse(string[] args)
    {
        var options = new EmulatorOptions { HandleConsoleSignals = true };
        string? urlFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inlineValue) = SplitArgument(args[i]);
            string Value() => inlineValue ?? (++i < args.Length ? args[i] : throw new ArgumentException($"{name} needs a value"));
            switch (name)
            {
                case "--port":
                    options.Port = ParseNumber(name, Value(), 0, 65535);
                    break;
                case "--search-port":
                    options.SearchPort = ParseNumber(name, Value(), 0, 65535);
                    break;
                case "--services-port":
                    options.ServicesPort = ParseNumber(name, Value(), 0, 65535);
                    break;
                case "--url-file":
                    urlFile = Value();
                    break;
                case "--token-lifetime":
                    options.TokenLifetime = TimeSpan.FromSeconds(ParseNumber(name, Value(), 1, int.MaxValue));
                    break;
                default:
                    throw new ArgumentException($"unknown argument: {args[i]}");
            }
        }

        return (options, urlFile);
    }

    private static (string Name, string? Value) SplitArgument(string arg)
    {
        var eq = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static int ParseNumber(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: expected an integer between {min} and {max}, got '{value}'");

    /// <summary>Writes through a temporary file and a rename, so a reader never sees a partial URL.</summary>
    private static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, full, overwrite: true);
    }
}
