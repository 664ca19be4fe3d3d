<#
.SYNOPSIS
    Benchmark 2 (issue 9): time to the first answer in a fresh pwsh. Import-Module LimaCharlie, Connect-LcOrg and one
    Get-LcSensor -SensorId in a fresh `pwsh -NoProfile`, against a bare pwsh start measured in the same run (interleaved
    runs, medians). The tenant and its sensor are created once before the runs; the child gets the organization id,
    API key, URLs and sensor id through environment variables (LC_OID, LC_API_KEY, LC_API_URL, LC_JWT_URL: what
    Connect-LcOrg reads by itself), never on its command line. A child that fails in any way (non-zero exit code, a
    non-terminating error, or not printing the sensor it was asked for) makes this script throw. Writes one result object.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [int] $Runs = 9
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/Emulator.psm1')
$pwsh = Join-Path $PSHOME 'pwsh'
$url = $EmulatorUrl.TrimEnd('/')

$tenant = New-LcEmulatorTenant -Url $url
$oid = $tenant.OrganizationId
$sid = [string](Invoke-LcEmulator $url "orgs/$oid/sensors" -Body @{ sensors = @(@{ hostname = 'bench-first-01' }) }).sids[0]
if (-not $sid) { throw 'The emulator did not return the id of the new sensor.' }

# The child prints the id of the sensor it got and nothing else; every error is terminating. Connect-LcOrg greets as it
# does by default (one more request), and the greeting, written to the host, is dropped with 6>$null.
$firstCall = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModulePath' -ErrorAction Stop; Connect-LcOrg -ErrorAction Stop 6>`$null; " +
    "(Get-LcSensor -SensorId `$env:LC_BENCH_SENSOR_ID -ErrorAction Stop).SensorId.ToString(); exit 0"

function Measure-Start([string] $Command, [string] $Expected) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = @(& $pwsh -NoProfile -NonInteractive -Command $Command)
    $elapsed = $clock.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' exited with $LASTEXITCODE" }
    $text = ($output -join "`n").Trim()
    if ($text -ne $Expected) { throw "pwsh -Command '$Command' printed '$text' instead of '$Expected'" }
    $elapsed
}

$bare = [Collections.Generic.List[double]]::new()
$first = [Collections.Generic.List[double]]::new()
Invoke-WithTenantEnvironment $tenant $url -Extra @{ LC_BENCH_SENSOR_ID = $sid } {
    Measure-Start 'exit' '' | Out-Null              # warm the disk cache for both
    Measure-Start $firstCall $sid | Out-Null
    for ($i = 0; $i -lt $Runs; $i++) {
        # Interleaved, so machine noise falls on both alike.
        $bare.Add((Measure-Start 'exit' ''))
        $first.Add((Measure-Start $firstCall $sid))
    }
}
$bareMedian = Get-Median $bare
$firstMedian = Get-Median $first
[pscustomobject]@{
    Benchmark  = 'FirstCall'
    Runs       = $Runs
    BaselineMs = [math]::Round($bareMedian)
    MeasuredMs = [math]::Round($firstMedian)
    CostMs     = [math]::Round($firstMedian - $bareMedian)
    Ratio      = [math]::Round($firstMedian / $bareMedian, 2)
    Target     = 'import + connect + first Get-LcSensor <= 600 ms above a bare start'
    Met        = ($firstMedian - $bareMedian) -le 600
} | ConvertTo-Json -Compress
