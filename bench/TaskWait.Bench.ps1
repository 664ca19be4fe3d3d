<#
.SYNOPSIS
    Benchmark (issue 17): tasks that wait for their answers. N sensors (a tenth of them offline) piped to
    `Invoke-LcSensorTask -Command os_version -Wait`, with the emulator's sensors answering each task after -AnswerDelayMs,
    at the default -ThrottleLimit and at 64. Each sensor holds one of the -ThrottleLimit slots from its online check to
    its answer, so the rate is bounded by ThrottleLimit / answer time: the target is half that bound at least. Writes
    one result object.
.DESCRIPTION
    Every run is checked: one SensorTaskResult (OS_VERSION_REP, complete) per online sensor and one
    LimaCharlie.SensorOffline error per offline one, so that together they name every sensor once. Any failure throws.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [int] $Count = 1000,
    [int] $AnswerDelayMs = 200
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../build/Emulator.psm1')
$url = $EmulatorUrl.TrimEnd('/')
$services = (Invoke-LcEmulator $url 'urls' -Method GET).services
$tenant = New-LcEmulatorTenant -Url $url
$oid = $tenant.OrganizationId
$seeded = Invoke-LcEmulator $url "orgs/$oid/sensors" -Body @{ count = $Count; hostnamePrefix = 'wait'; onlineFraction = 0.9 }
if ($seeded.count -ne $Count) { throw "The emulator seeded $($seeded.count) sensors, not $Count." }
$session = Connect-LcOrg -OrganizationId $oid -ApiKey $tenant.OrgKey -ApiUrl "$url/" -JwtUrl "$url/" -ServiceUrl @{ stream = $services } -PassThru -NoWelcome
$sensors = @(Get-LcSensor -Session $session -ErrorAction Stop)
$online = @($sensors | Where-Object IsOnline).Count
Invoke-LcEmulator $url "orgs/$oid/taskanswers" -Body @{ delayMs = $AnswerDelayMs } | Out-Null

# Asks every sensor for its OS version and checks that each is answered or reported once; returns the seconds it took.
function Measure-Wait([int] $ThrottleLimit) {
    $failed = $null
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $results = @($sensors | Invoke-LcSensorTask -Session $session -Command os_version -Wait -Timeout 00:01:00 -ThrottleLimit $ThrottleLimit `
            -ErrorVariable failed -ErrorAction SilentlyContinue)
    $seconds = $clock.Elapsed.TotalSeconds
    if ($results.Count -ne $online) { throw "-ThrottleLimit $($ThrottleLimit): $($results.Count) answers for $online online sensors." }
    if (@($results | Where-Object { $_.EventType -ne 'OS_VERSION_REP' -or -not $_.Complete }).Count) { throw 'An answer is not a complete OS_VERSION_REP.' }
    if (@($failed | Where-Object { $_.FullyQualifiedErrorId -notlike 'LimaCharlie.SensorOffline,*' }).Count) { throw "Unexpected errors: $($failed | Select-Object -First 3)" }
    $named = @($results.SensorId) + @($failed.TargetObject) | ForEach-Object { "$_" } | Sort-Object -Unique
    if ($named.Count -ne $Count) { throw "-ThrottleLimit $($ThrottleLimit): $($named.Count) sensors answered or reported, not $Count." }
    $seconds
}

$null = @($sensors | Select-Object -First 16 | Invoke-LcSensorTask -Session $session -Command os_version -Wait -ErrorAction SilentlyContinue)  # JIT, connections, token
$default = [LimaCharlie.PowerShell.Cmdlets.Sensors.LcBulkSensorCmdlet]::DefaultThrottleLimit
$atDefault = Measure-Wait $default
$at64 = Measure-Wait 64
$bound = $default / ($AnswerDelayMs / 1000)
$rate = $Count / $atDefault
[pscustomobject]@{
    Benchmark          = 'TaskWait'
    Sensors            = $Count
    Online             = $online
    AnswerDelayMs      = $AnswerDelayMs
    ThrottleLimit      = $default
    Seconds            = [math]::Round($atDefault, 1)
    SensorsPerSecond   = [math]::Round($rate)
    Seconds64          = [math]::Round($at64, 1)
    SensorsPerSecond64 = [math]::Round($Count / $at64)
    Bound              = [math]::Round($bound)
    Target             = 'at the default -ThrottleLimit, at least half of ThrottleLimit / answer time sensors per second; every sensor answered or reported'
    Met                = $rate -ge $bound / 2
} | ConvertTo-Json -Compress
