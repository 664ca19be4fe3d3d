namespace LimaCharlie.Emulator.Faults;

/// <summary>Per-request notes left by <see cref="FaultMiddleware"/> for the request recorder.</summary>
internal static class FaultMarkers
{
    private const string FaultKey = "emu.fault";
    private const string CutKey = "emu.cut";

    public static void MarkApplied(HttpContext context, string faultId) => context.Items[FaultKey] = faultId;

    public static void MarkCut(HttpContext context) => context.Items[CutKey] = true;

    public static string? AppliedFault(HttpContext context) => context.Items.TryGetValue(FaultKey, out var id) ? id as string : null;

    public static bool WasCut(HttpContext context) => context.Items.ContainsKey(CutKey);
}
