<#
.SYNOPSIS
    Benchmark 5 (issue 9): bulk changes from the pipeline. N sensor ids piped to `Add-LcSensorTag -Tag ...` at its
    default -ThrottleLimit, with the emulator adding 20 ms to every tag request, against the sequential way measured in
    the same run: the same pipeline with -ThrottleLimit 1 (one request at a time through the same cmdlet, session and
    code path, so the ratio is what the concurrency buys and nothing else; a loop calling the cmdlet once per sensor
    would only add per-invocation overhead to the sequential side). Then a third run with the same latency and 2% of
    the tag requests answered 429 with Retry-After: 1, which must still tag every sensor. Writes one result object.
.DESCRIPTION
    The latency is an emulator fault {delayMs, method POST, pathPrefix /v1/} with no count: the tag route
    (POST /v1/{sid}/tags) is the only POST under /v1/ in this benchmark (token mints go to /, sensor listing is a GET).
    The 429 fault {status 429, retryAfter 1, fraction, delayMs} is added before it, so it answers its share of the
    same requests (every 50th at 0.02) after the same delay. Every run is checked: the emulator's count of sensors carrying the run's tag (GET /_emu/orgs/{oid}/sensors?tag=) equals N. For the 429 run,
    the emulator's request log shows each refused request asked again no sooner than Retry-After (the log keeps the
    last 10,000 requests, so the check covers the refusals still in it). Any failure throws.
    The sequential run takes about N x 21 ms (3.5 minutes at 10,000); scale with -Count.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [int] $Count = 10000,
    [int] $LatencyMs = 20,
    [double] $RateLimitedFraction = 0.02
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../build/Emulator.psm1')
$url = $EmulatorUrl.TrimEnd('/')
$tenant = New-LcEmulatorTenant -Url $url
$oid = $tenant.OrganizationId
$seeded = Invoke-LcEmulator $url "orgs/$oid/sensors" -Body @{ count = $Count; hostnamePrefix = 'bulk' }
if ($seeded.count -ne $Count) { throw "The emulator seeded $($seeded.count) sensors, not $Count." }
$session = Connect-LcOrg -OrganizationId $oid -ApiKey $tenant.OrgKey -ApiUrl "$url/" -JwtUrl "$url/" -PassThru
$sids = @((Get-LcSensor -Session $session -ErrorAction Stop).SensorId)
if ($sids.Count -ne $Count) { throw "Get-LcSensor listed $($sids.Count) sensors, not $Count." }

function Add-Fault([hashtable] $Spec) {
    $Spec.pathPrefix = '/v1/'
    $Spec.method = 'POST'
    (Invoke-LcEmulator $url 'faults' -Body $Spec).id
}

function Get-TaggedCount([string] $Tag) { [int](Invoke-LcEmulator $url "orgs/$oid/sensors?tag=$Tag" -Method GET).count }

# Tags every sensor with $Tag and checks that each one was tagged; returns the seconds it took.
function Measure-Tagging([string] $Tag, [hashtable] $Extra = @{}) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $sids | Add-LcSensorTag -Tag $Tag -Session $session -ErrorAction Stop @Extra
    $seconds = $clock.Elapsed.TotalSeconds
    $tagged = Get-TaggedCount $Tag
    if ($tagged -ne $Count) { throw "After Add-LcSensorTag -Tag $Tag the emulator counts $tagged tagged sensors, not $Count." }
    $seconds
}

# Requests in flight on average over a run (Little's law): the emulator's time spent on them over the run's time.
function Get-MeanInFlight($Records, [double] $Seconds) {
    [math]::Round((($Records | Measure-Object -Property ms -Sum).Sum / 1000) / $Seconds, 1)
}

Invoke-LcEmulator $url 'faults' -Method DELETE | Out-Null
try {
    Add-Fault @{ delayMs = $LatencyMs } | Out-Null
    $warm = @($sids | Select-Object -First 16)
    $warm | Add-LcSensorTag -Tag bench-warm -Session $session -ErrorAction Stop   # JIT, connections, token
    if ((Get-TaggedCount 'bench-warm') -ne $warm.Count) { throw 'The warm-up did not tag its sensors.' }

    Invoke-LcEmulator $url 'requests' -Method DELETE | Out-Null
    $bulk = Measure-Tagging 'bench-bulk'
    $inFlight = Get-MeanInFlight @(Invoke-LcEmulator $url 'requests' -Method GET | ForEach-Object { $_ } | Where-Object method -EQ 'POST') $bulk
    $sequential = Measure-Tagging 'bench-sequential' @{ ThrottleLimit = 1 }

    Invoke-LcEmulator $url 'faults' -Method DELETE | Out-Null
    $limitId = Add-Fault @{ status = 429; retryAfter = 1; fraction = $RateLimitedFraction; delayMs = $LatencyMs; error = 'rate limited (benchmark)' }
    Add-Fault @{ delayMs = $LatencyMs } | Out-Null
    Invoke-LcEmulator $url 'requests' -Method DELETE | Out-Null
    $limited = Measure-Tagging 'bench-429'
    $refused = [long](@(Invoke-LcEmulator $url 'faults' -Method GET | ForEach-Object { $_ } | Where-Object id -EQ $limitId)[0].injected)
    if ($refused -lt 1) { throw 'The 429 fault never fired.' }
    # Each 429 in the log, and the next request for the same sensor: it must come Retry-After (1 s) later or more.
    $log = @(Invoke-LcEmulator $url 'requests' -Method GET | ForEach-Object { $_ } | Where-Object method -EQ 'POST')
    $gaps = [Collections.Generic.List[double]]::new()
    $pending = @{}
    foreach ($r in $log) {
        $t = ([DateTimeOffset]$r.time).ToUnixTimeMilliseconds()
        if ($pending.ContainsKey($r.path)) { $gaps.Add($t - $pending[$r.path]); $pending.Remove($r.path) }
        if ($r.status -eq 429) { $pending[$r.path] = $t }
    }
    if ($pending.Count -gt 0) { throw "$($pending.Count) requests answered 429 were never asked again." }
    if ($gaps.Count -lt 1) { throw 'No 429 and its retry are in the request log.' }
    $minGap = ($gaps | Measure-Object -Minimum).Minimum
    if ($minGap -lt 1000) { throw "A request answered 429 with Retry-After: 1 was asked again after $minGap ms." }
}
finally {
    Invoke-LcEmulator $url 'faults' -Method DELETE | Out-Null
}

$speedup = $sequential / $bulk
[pscustomobject]@{
    Benchmark           = 'Bulk'
    Sensors             = $Count
    LatencyMs           = $LatencyMs
    ThrottleLimit       = [LimaCharlie.PowerShell.Cmdlets.Sensors.LcBulkSensorCmdlet]::DefaultThrottleLimit
    BulkSeconds         = [math]::Round($bulk, 1)
    SequentialSeconds   = [math]::Round($sequential, 1)
    BulkMeanInFlight    = $inFlight
    Ratio               = [math]::Round($speedup, 2)
    RateLimitedSeconds  = [math]::Round($limited, 1)
    RateLimited429s     = $refused
    RetriesChecked      = $gaps.Count
    MinRetryGapMs       = [math]::Round($minGap)
    AllTagged           = $true
    Target              = 'default -ThrottleLimit >= 10x faster than sequential; every tag lands through 429s, Retry-After honoured'
    Met                 = $speedup -ge 10
} | ConvertTo-Json -Compress
