using System;
using System.IO;
using System.Linq;

namespace LimaCharlie.Client.Credentials
{
    /// <summary>
    /// Finds the API key to use, in a fixed order: explicit parameters; a named environment of the config file;
    /// the LC_* environment variables; the config file's current environment. Each step is reported through
    /// <c>trace</c>. A name that was asked for and is not found is an error, never a silent fall-back.
    /// </summary>
    public sealed class CredentialResolver
    {
        private readonly Func<string, string?> _getEnv;
        private readonly string _home;

        public CredentialResolver(Func<string, string?> getEnvironmentVariable, string homeDirectory)
        {
            _getEnv = name => { var v = getEnvironmentVariable(name); return string.IsNullOrWhiteSpace(v) ? null : v!.Trim(); };
            _home = homeDirectory;
        }

        /// <param name="warn">Told when a config file holding the key can be read or written by other users.</param>
        public ApiCredential Resolve(CredentialRequest request, Action<string> trace, Action<string>? warn = null)
        {
            if (request.ApiKey is not null)
            {
                trace("Credentials: using the key given as a parameter.");
                return new ApiCredential(request.OrganizationId, request.UserId, request.ApiKey, "parameters");
            }

            if (request.Environment is not null)
            {
                trace($"Credentials: environment '{request.Environment}' was asked for; reading the config file.");
                return FromFile(request, request.Environment, trace, warn, explicitName: true);
            }

            var envKey = request.ConfigFile is null ? _getEnv("LC_API_KEY") : null;
            if (envKey is not null)
            {
                trace("Credentials: using LC_API_KEY with LC_OID/LC_UID from the environment variables.");
                var uid = request.UserId ?? _getEnv("LC_UID");
                var oid = Combine(request.OrganizationId, ParseOid(_getEnv("LC_OID"), "the LC_OID environment variable"), uid, "LC_OID");
                return new ApiCredential(oid, uid, ApiCredential.Secure(envKey), "environment variables");
            }
            trace(request.ConfigFile is null ? "Credentials: LC_API_KEY is not set." : "Credentials: a config file was named; environment variables are not used.");

            var envName = _getEnv("LC_CURRENT_ENV");
            return FromFile(request, envName, trace, warn, explicitName: envName is not null);
        }

        private ApiCredential FromFile(CredentialRequest request, string? environment, Action<string> trace, Action<string>? warn, bool explicitName)
        {
            var path = LocateFile(request.ConfigFile, trace);
            if (path is null)
                throw new LcConfigurationException(
                    explicitName
                        ? $"Environment '{environment}' was asked for, but no LimaCharlie config file was found (looked in {string.Join(", ", ConfigFile.Candidates(_getEnv, _home))})."
                        : "No LimaCharlie credentials were found: no parameters, no LC_API_KEY environment variable and no config file.",
                    explicitName ? ErrorIds.ConfigFileNotFound : ErrorIds.NoCredentials, ErrorIds.NoCredentials.RecommendedAction);

            var file = ConfigFile.Load(path);
            var name = environment ?? file.CurrentEnvironment ?? ConfigFile.DefaultEnvironment;
            trace($"Credentials: config file '{path}', environment '{name}'" +
                  (environment is null ? (file.CurrentEnvironment is null ? " (the default)." : " (its current_env).") : "."));
            var env = file.Find(name);
            if (env is null)
                throw new LcConfigurationException(
                    $"Environment '{name}' is not in the config file '{path}'. It has: {string.Join(", ", file.EnvironmentNames())}.",
                    ErrorIds.EnvironmentNotFound);
            if (env.ApiKey is null)
                throw new LcConfigurationException(
                    $"Environment '{name}' of the config file '{path}' has no api_key.",
                    explicitName || environment is not null ? ErrorIds.EnvironmentIncomplete : ErrorIds.NoCredentials,
                    ErrorIds.EnvironmentIncomplete.RecommendedAction);

            WarnIfOthersCanRead(path, warn);

            // As in the official CLI, LC_OID and LC_UID override the file's values, unless -Environment named the environment.
            var overrides = request.Environment is null;
            var envOid = overrides ? _getEnv("LC_OID") : null;
            var uid = request.UserId ?? (overrides ? _getEnv("LC_UID") : null) ?? env.UserId;
            var oid = Combine(request.OrganizationId, ParseOid(envOid ?? env.OrganizationId,
                envOid is null ? $"environment '{name}' of '{path}'" : "the LC_OID environment variable"), uid, $"environment '{name}'");
            return new ApiCredential(oid, uid, ApiCredential.Secure(env.ApiKey), $"config file '{path}', environment '{name}'");
        }

        private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                                  UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

        /// <summary>As ssh does for a private key: a key file open to group or others is worth a warning (Unix only).</summary>
        private static void WarnIfOthersCanRead(string path, Action<string>? warn)
        {
            if (warn is null || OperatingSystem.IsWindows()) return;
            UnixFileMode mode;
            try
            {
                mode = File.GetUnixFileMode(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            if ((mode & OthersAccess) == 0) return;
            var octal = Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
            warn($"The LimaCharlie config file '{path}' holds an API key and other users may read or change it (mode {octal}). " +
                 $"Restrict it to yourself: chmod 600 '{path}'.");
        }

        private string? LocateFile(string? explicitPath, Action<string> trace)
        {
            var asked = explicitPath ?? _getEnv("LC_CREDS_FILE");
            if (asked is not null)
            {
                var full = Path.GetFullPath(asked.StartsWith("~", StringComparison.Ordinal) ? Path.Combine(_home, asked.TrimStart('~', '/', '\\')) : asked);
                if (!File.Exists(full))
                    throw new LcConfigurationException($"The LimaCharlie config file '{full}' does not exist.",
                        ErrorIds.ConfigFileNotFound);
                return full;
            }

            foreach (var candidate in ConfigFile.Candidates(_getEnv, _home))
            {
                if (File.Exists(candidate)) return candidate;
                trace($"Credentials: no config file at '{candidate}'.");
            }
            return null;
        }

        /// <summary>
        /// The organization of the credential: -OrganizationId limits a user key to one org; an organization key belongs
        /// to its own org, so asking for another is an error rather than a confusing refusal from the JWT endpoint.
        /// </summary>
        private static Guid? Combine(Guid? requested, Guid? configured, string? userId, string where)
        {
            if (requested is null) return configured;
            if (userId is null && configured is { } own && own != requested)
                throw new LcConfigurationException(
                    $"The organization key of {where} belongs to {own}; it cannot act on {requested}.",
                    ErrorIds.WrongOrganization, "Drop -OrganizationId, or use a key of that organization or a user key.");
            return requested;
        }

        /// <summary>Parses an organization id from configuration text, with an error that says where it came from.</summary>
        public static Guid? ParseOid(string? text, string where)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Guid.TryParse(text, out var g)) return g;
            throw new LcConfigurationException($"The organization id '{text}' in {where} is not a GUID.",
                ErrorIds.InvalidOrganizationId);
        }
    }
}
