using System;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>A sensor flag turned on or off: network isolation or seal.</summary>
    public abstract class LcSensorSwitchCmdlet : LcSensorChangeCmdlet
    {
        protected enum SensorSwitch { Isolation, Seal }

        protected abstract SensorSwitch Switch { get; }
        protected abstract bool TurnOn { get; }

        protected override string Action => (Switch, TurnOn) switch
        {
            (SensorSwitch.Isolation, true) => "Isolate from the network",
            (SensorSwitch.Isolation, false) => "Rejoin the network",
            (SensorSwitch.Seal, true) => "Seal against uninstallation",
            _ => "Unseal",
        };

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor) =>
            async (log, ct) =>
            {
                await (Switch == SensorSwitch.Isolation
                    ? SensorApi.SetIsolationAsync(connection, sensor.OrganizationId, sensor.SensorId, TurnOn, log, ct)
                    : SensorApi.SetSealAsync(connection, sensor.OrganizationId, sensor.SensorId, TurnOn, log, ct)).ConfigureAwait(false);
                return Receipt(sensor);
            };
    }
}
