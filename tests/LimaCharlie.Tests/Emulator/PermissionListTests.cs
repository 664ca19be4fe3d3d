using LimaCharlie.Client.Api;
using LimaCharlie.Emulator.Auth;
using Xunit;

namespace LimaCharlie.Tests.Emulator;

/// <summary>
/// The module (completion, unknown-name warnings) and the emulator (what it grants and refuses) each keep the
/// organization permission names; the emulator stays an independent copy of the cloud, so this test keeps the two equal.
/// </summary>
public class PermissionListTests
{
    [Fact]
    public void TheModuleAndTheEmulatorKnowTheSamePermissions()
    {
        var module = Permissions.All.Order(StringComparer.Ordinal).ToArray();
        var emulator = OrgPermissions.All.Order(StringComparer.Ordinal).ToArray();

        Assert.Empty(emulator.Except(module, StringComparer.Ordinal));
        Assert.Empty(module.Except(emulator, StringComparer.Ordinal));
        Assert.Equal(module.Length, module.Distinct(StringComparer.Ordinal).Count());
    }
}
