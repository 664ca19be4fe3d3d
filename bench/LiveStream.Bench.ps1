<#
.SYNOPSIS
    Benchmark (issue 17): live-stream throughput. `Watch-LcEvent -First N | Measure-Object` against the official Python
    SDK's Spout (sdk/spout.py, `get()` until N records) reading the same emulator stream in the same run: the
    emulator's stream is reset before each run, so both read records 1..N of the same org, as fast as the emulator
    writes them. Prints one result object with both rates and their ratio; skipped (with the reason) where python3, its
    `requests` package or the SDK's source is missing.
.DESCRIPTION
    Each side is timed from the request that opens the stream to the last record, in interleaved rounds after one
    untimed warm-up round each; the medians are reported. The module runs in this process (the one the bench task
    starts), the SDK in a python3 process per round that prints its own timing, so neither side times its start-up.
    Records the Spout dropped (its queue of 1024 was full) are reported; its rate counts only what it delivered, while
    Watch-LcEvent must deliver every record (it pauses reading instead of dropping) or the run fails. The target,
    like the other throughput benchmarks', is half the peer's rate: the cmdlet also builds typed objects and feeds a
    PowerShell pipeline. Credentials reach python3 by environment variables only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [int] $Count = 200000,
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')
Import-Module (Join-Path $PSScriptRoot '../build/Emulator.psm1')
$url = $EmulatorUrl.TrimEnd('/')

function Find-PythonSdk {
    $candidates = @($env:LC_PYTHON_SDK)
    $folder = Split-Path $PSScriptRoot
    while ($parent = Split-Path $folder) {
        $candidates += Join-Path $parent 'shared/peers/python-limacharlie-v5'
        $folder = $parent
    }
    $candidates | Where-Object { $_ -and (Test-Path (Join-Path $_ 'limacharlie/client.py')) } | Select-Object -First 1
}

function Skip([string] $Why) {
    Write-Host "LiveStream benchmark skipped: $Why"
    [pscustomobject]@{ Benchmark = 'LiveStream'; Skipped = $true; Reason = $Why } | ConvertTo-Json -Compress
    exit 0
}

$python = Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $python) { Skip 'python3 is not installed' }
$sdk = Find-PythonSdk
if (-not $sdk) { Skip 'the official Python SDK (shared/peers/python-limacharlie-v5, or LC_PYTHON_SDK) was not found' }
& $python.Source -c 'import requests' 2>$null
if ($LASTEXITCODE -ne 0) { Skip "python3 lacks the 'requests' package the SDK needs" }

$spoutScript = Join-Path ([IO.Path]::GetTempPath()) "lc-bench-spout-$([guid]::NewGuid().ToString('n')).py"
Set-Content -Path $spoutScript -Value @'
import json, os, sys, time
sdk, api, stream, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, sdk)
os.environ["LC_NO_JWT_CACHE"] = "1"
os.environ["LC_EPHEMERAL_CREDS"] = "1"
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
oid, key = os.environ.pop("LC_OID"), os.environ.pop("LC_API_KEY")
for name in ("LC_UID", "LC_CURRENT_ENV", "LC_API_URL", "LC_JWT_URL"):
    os.environ.pop(name, None)
import limacharlie.client as lcc
lcc.ROOT_URL = api
lcc.JWT_URL = api
import limacharlie.sdk.spout as spout_module
spout_module._STREAM_URL = stream
from limacharlie.client import Client
from limacharlie.sdk.organization import Organization
org = Organization(Client(oid=oid, api_key=key))
started = time.perf_counter()
spout = spout_module.Spout(org, "event")
try:
    if not spout.wait_connected(timeout=10):
        raise SystemExit("the Spout did not connect")
    received = 0
    while received + spout.dropped < count:
        if spout.get(timeout=10) is None:
            break
        received += 1
    seconds = time.perf_counter() - started
finally:
    spout.shutdown()
print(json.dumps({"records": received, "dropped": spout.dropped, "seconds": seconds}))
'@

try {
    Import-Module $ModulePath
    $tenant = New-LcEmulatorTenant -Url $url
    $oid = $tenant.OrganizationId
    Invoke-LcEmulator $url "orgs/$oid/sensors" -Body @{ count = 10; hostnamePrefix = 'bench' } | Out-Null
    $services = (Invoke-LcEmulator $url 'urls' -Method GET).services
    $session = Connect-LcOrg -OrganizationId $oid -ApiKey $tenant.OrgKey -ApiUrl "$url/" -JwtUrl "$url/" -StreamUrl $services -NoWelcome -PassThru

    function Reset-Stream([int] $Total) { Invoke-LcEmulator $url "orgs/$oid/stream" -Body @{ ratePerSecond = 100000000; total = $Total } | Out-Null }

    function Measure-Module([int] $Total) {
        Reset-Stream $Total
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $n = (Watch-LcEvent -Session $session -First $Total -Timeout 0:05:00 -WarningVariable warned -WarningAction SilentlyContinue | Measure-Object).Count
        $seconds = $clock.Elapsed.TotalSeconds
        if ($n -ne $Total) { throw "Watch-LcEvent wrote $n events, expected $Total ($(@($warned).Count) warnings: $(@($warned) -join '; '))." }
        [pscustomobject]@{ Records = $n; Seconds = $seconds; PerSecond = $n / $seconds }
    }

    function Measure-Spout([int] $Total) {
        Reset-Stream $Total
        $printed = Invoke-WithTenantEnvironment $tenant $url {
            $out = @(& $python.Source $spoutScript $sdk "$url/" $services.TrimEnd('/') $Total)
            if ($LASTEXITCODE -ne 0) { throw "The Spout run exited with $LASTEXITCODE." }
            $out
        }
        $result = @($printed)[-1] | ConvertFrom-Json
        if ($result.records + $result.dropped -ne $Total) { throw "The Spout received $($result.records) and dropped $($result.dropped) of $Total records." }
        [pscustomobject]@{ Records = $result.records; Dropped = $result.dropped; Seconds = $result.seconds; PerSecond = $result.records / $result.seconds }
    }

    $warmup = [math]::Min(5000, $Count)
    Measure-Module $warmup | Out-Null
    Measure-Spout $warmup | Out-Null
    $module = [Collections.Generic.List[object]]::new()
    $spout = [Collections.Generic.List[object]]::new()
    for ($round = 0; $round -lt $Rounds; $round++) {
        $module.Add((Measure-Module $Count))
        $spout.Add((Measure-Spout $Count))
    }
    $moduleRate = Get-Median @($module | ForEach-Object PerSecond)
    $spoutRate = Get-Median @($spout | ForEach-Object PerSecond)
    [pscustomobject]@{
        Benchmark       = 'LiveStream'
        Records         = $Count
        Rounds          = $Rounds
        CmdletPerSecond = [math]::Round($moduleRate)
        SpoutPerSecond  = [math]::Round($spoutRate)
        SpoutDropped    = ($spout | Measure-Object Dropped -Maximum).Maximum
        PeakMB          = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)
        Ratio           = [math]::Round($moduleRate / $spoutRate, 2)
        Target          = "Watch-LcEvent records/s >= 0.5x the Python SDK Spout's, nothing dropped"
        Met             = $moduleRate -ge 0.5 * $spoutRate
    } | ConvertTo-Json -Compress
}
finally {
    Remove-Item $spoutScript -ErrorAction SilentlyContinue
}
