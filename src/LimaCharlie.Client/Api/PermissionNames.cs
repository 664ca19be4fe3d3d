namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// The organization permission names (limacharlie-api.md §1.4; the hives as the official CLI names them): the one
    /// list, read by <see cref="Permissions"/> and linked into the test emulator, which grants and checks the same names.
    /// </summary>
    internal static class PermissionNames
    {
        internal static readonly string[] Hives =
        {
            "secret", "lookup", "model", "query", "yara", "ai_agent", "cloudsensor", "playbook", "sop", "org_notes", "app",
            "externaladapter", "ai_skill", "ai_memory", "ai_cost_model",
        };

        internal static readonly string[] HiveActions = { "get", "set", "del", "get.mtd", "set.mtd" };

        internal static readonly string[] Fixed =
        {
            "org.get", "org.del", "org.set_quota", "org.conf.get", "org.conf.set",
            "apikey.ctrl", "user.ctrl", "billing.ctrl",
            "sensor.list", "sensor.get", "sensor.task", "sensor.del", "sensor.tag",
            "ikey.list", "ikey.set", "ikey.del",
            "dr.list", "dr.set", "dr.del", "dr.list.managed", "dr.set.managed", "dr.del.managed",
            "dr.list.service", "dr.set.service", "dr.del.service",
            "fp.ctrl",
            "ext.request", "ext.conf.get", "ext.conf.set", "ext.conf.del", "ext.conf.get.mtd", "ext.conf.set.mtd",
            "ext.sub", "ext.sub.mtd",
            "replicant.get", "replicant.ctrl", "replicant.task",
            "insight.list", "insight.ctrl", "insight.del", "insight.evt.get", "insight.evt.get.simple", "insight.det.get",
            "insight.stat",
            "audit.get", "audit.set",
            "job.get", "job.ctrl",
            "output.list", "output.set", "output.del",
            "payload.ctrl", "module.update", "ingestkey.ctrl",
        };
    }
}
