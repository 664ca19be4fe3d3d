using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace LimaCharlie.PowerShell.Loading
{
    /// <summary>
    /// The private load context of the engine and its packages (Microsoft.Extensions.*, Polly, YamlDotNet), so that
    /// other modules' versions of those assemblies never clash with ours. It loads only files that exist in the
    /// module's Dependencies folder; everything else (framework, the public models) comes from the default context.
    /// </summary>
    internal sealed class EngineLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;

        public EngineLoadContext(string directory) : base("LimaCharlie.Engine", isCollectible: false)
        {
            _directory = directory;
        }

        public string Directory => _directory;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == ModuleInitializer.ModelsAssemblyName) return ModuleInitializer.ModelsAssembly;
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
