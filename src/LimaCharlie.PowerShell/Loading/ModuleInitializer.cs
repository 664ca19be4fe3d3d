using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace LimaCharlie.PowerShell.Loading
{
    /// <summary>
    /// Runs at Import-Module: points the default context at the engine in the private context. Nothing else is
    /// loaded here; the engine loads on the first cmdlet that needs it.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string EngineAssemblyName = "LimaCharlie.Client";
        internal const string ModelsAssemblyName = "LimaCharlie.Models";
        private static EngineLoadContext? _context;
        private static string? _root;
        private static readonly object Gate = new();

        internal static EngineLoadContext? Context => _context;

        /// <summary>The public types' assembly, shared by the module and the engine (resolved after OnImport hooked it).</summary>
        internal static Assembly ModelsAssembly => typeof(LimaCharlie.Organization).Assembly;

        public void OnImport()
        {
            lock (Gate)
            {
                if (_context is not null) return;
                var root = _root = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
                var dependencies = Path.Combine(root, "Dependencies");
                // Running from a build output (tests, debugging) the engine sits beside us in the default context.
                if (!Directory.Exists(dependencies)) return;
                _context = new EngineLoadContext(dependencies);
                AssemblyLoadContext.Default.Resolving += ResolveEngine;
                // Load the public types now so that scripts can name them ([LimaCharlie.Organization]) before any call.
                _ = ModelsAssembly;
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        }

        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
        {
            if (_context is null || _root is null) return null;
            if (name.Name == ModelsAssemblyName)
            {
                var path = Path.Combine(_root, ModelsAssemblyName + ".dll");
                return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
            }
            return name.Name == EngineAssemblyName ? _context.LoadFromAssemblyName(name) : null;
        }
    }
}
