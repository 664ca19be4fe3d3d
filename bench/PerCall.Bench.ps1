<#
.SYNOPSIS
    Benchmark 3 (issue 9): per-call overhead. N sequential single-sensor gets (GET /v1/{sid}) three ways in one pwsh
    process against the emulator: Get-LcSensor -SensorId; the floor (a raw HttpClient with a cached token); the seed
    page's pattern (a new JWT for every request, through Invoke-RestMethod). For scale, also N calls of a compiled
    cmdlet that makes no request and writes one object (Get-LcSession): PowerShell's own cost of a cmdlet call, which
    the floor does not pay. Writes one result object.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [int] $Calls = 2000,
    [int] $Rounds = 3,
    [int] $Warmup = 300
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../build/Emulator.psm1')
$url = $EmulatorUrl.TrimEnd('/')
$tenant = New-LcEmulatorTenant -Url $url
$oid = $tenant.OrganizationId
$sid = [guid](Invoke-LcEmulator $url "orgs/$oid/sensors" -Body @{ sensors = @(@{ hostname = 'bench-01' }) }).sids[0]
$secret = [pscredential]::new('k', $tenant.OrgKey).GetNetworkCredential().Password
$session = Connect-LcOrg -OrganizationId $oid -ApiKey $tenant.OrgKey -ApiUrl "$url/" -JwtUrl "$url/" -PassThru

$client = [System.Net.Http.HttpClient]::new()
$token = Get-LcJwt -Session $session -AsPlainText
$client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)

$ways = [ordered]@{
    Cmdlet = { param($n) for ($i = 0; $i -lt $n; $i++) { Get-LcSensor -SensorId $sid -Session $session } }
    Floor  = { param($n) for ($i = 0; $i -lt $n; $i++) {
            $json = $client.GetStringAsync("$url/v1/$sid").GetAwaiter().GetResult()
            [System.Text.Json.JsonDocument]::Parse($json).Dispose()
        } }
    # For scale: what PowerShell itself costs to invoke a compiled cmdlet that writes one object, no network.
    Invoke = { param($n) for ($i = 0; $i -lt $n; $i++) { Get-LcSession } }
    Seed   = { param($n) for ($i = 0; $i -lt $n; $i++) {
            $jwt = (Invoke-RestMethod -Method Post -Uri "$url/" -Body @{ oid = "$oid"; secret = $secret }).jwt
            Invoke-RestMethod -Uri "$url/v1/$sid" -Headers @{ Authorization = "Bearer $jwt" } | Out-Null
        } }
}
# Warm-up alike for every way (JIT and tiering, connection pool, first token), then interleaved rounds with medians,
# so machine noise falls on all alike.
foreach ($way in $ways.Values) { & $way $Warmup | Out-Null }
$times = @{}
foreach ($name in $ways.Keys) { $times[$name] = [Collections.Generic.List[double]]::new() }
for ($round = 0; $round -lt $Rounds; $round++) {
    foreach ($name in $ways.Keys) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $ways[$name] $Calls | Out-Null
        $times[$name].Add($clock.Elapsed.TotalMilliseconds)
    }
}
$cmdlet = Get-Median $times.Cmdlet
$floor = Get-Median $times.Floor
$seed = Get-Median $times.Seed
$invoke = Get-Median $times.Invoke

[pscustomobject]@{
    Benchmark         = 'PerCall'
    Calls             = $Calls
    Rounds            = $Rounds
    CmdletMsPerCall   = [math]::Round($cmdlet / $Calls, 3)
    FloorMsPerCall    = [math]::Round($floor / $Calls, 3)
    SeedMsPerCall     = [math]::Round($seed / $Calls, 3)
    InvokeOnlyMsPerCall = [math]::Round($invoke / $Calls, 3)
    RatioToFloor      = [math]::Round($cmdlet / $floor, 2)
    SpeedupOverSeed   = [math]::Round($seed / $cmdlet, 2)
    Target            = 'within 1.5x of the floor; at least 3x faster than the seed pattern'
    Met               = ($cmdlet / $floor) -le 1.5 -and ($seed / $cmdlet) -ge 3
} | ConvertTo-Json -Compress
