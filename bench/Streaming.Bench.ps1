<#
.SYNOPSIS
    Benchmark 4 (issue 9): streaming throughput and memory. `Get-LcSensor | Measure-Object` over 100,000 sensors and
    `Get-LcEvent -Start -End | Measure-Object` over 1,000,000 events (one sensor, a 3-hour window, as the Pester
    million-event test), each against its floor: the SAME pages fetched and parsed by a raw HttpClient +
    System.Text.Json in the same pwsh process. Default PageSize of the cmdlets. Writes one result object.
.DESCRIPTION
    Every measurement runs in its own child pwsh (this script with -Measure), so the child's PeakWorkingSet64 (monotonic)
    is the peak of that run: import + connect, a few warm-up pages through the cmdlet and then through the floor (so
    neither side times the JIT of the code both use), the timed cmdlet run, then the peak is read; only then the timed
    floor runs in the same process. A child that only imports and
    connects gives the baseline peak. Flatness: the same two runs at a tenth of the counts (10,000 sensors, 100,000
    events), whose peaks are reported next to the full ones.

    The floor is the cmdlet's own pages: the child clears the emulator's request log before the cmdlet run, takes the
    first request the cmdlet sent as the floor's template (path, query, page size), follows the API's cursors, and
    throws unless the floor asked for exactly the URLs (decoded) the cmdlet asked for, with the session's token. The
    floor reads each answer with JsonDocument.Parse over the response stream; the pages are compressed (the cmdlets
    send is_compressed=true), so it also unpacks the base64 gzip member with a second JsonDocument.Parse over a
    GZipStream and counts the array's records. Credentials reach the children by environment variables only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [int] $SensorCount = 100000,
    [int] $EventCount = 1000000,
    # Internal: run one measurement in this (child) process: Baseline, Sensors or Events.
    [ValidateSet('Baseline', 'Sensors', 'Events')] [string] $Measure,
    [string] $SensorId,
    [long] $Start,
    [long] $End,
    [long] $Expected,
    # Pages each side fetches untimed before the timed runs (the default page is 1,000 records).
    [int] $WarmupPages = 5,
    # Timed rounds of each side, interleaved; the medians are reported.
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')
Set-StrictMode -Version Latest
$url = $EmulatorUrl.TrimEnd('/')

function Get-PeakMB { [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB) }

function Get-LoggedRequest {
    # The API requests recorded since the last clear, as "PATH?decoded query" (oldest first).
    @(Invoke-RestMethod "$url/_emu/requests") | ForEach-Object { $_ } | Where-Object { $_.path -like '/v1/*' } |
        ForEach-Object { "$($_.path)?$(ConvertTo-DecodedQuery $_.query)" }
}

function ConvertTo-DecodedQuery([string] $Query) {
    (($Query.TrimStart('?') -split '&') | Where-Object { $_ } | ForEach-Object {
            $pair = $_ -split '=', 2
            '{0}={1}' -f [Uri]::UnescapeDataString($pair[0].Replace('+', ' ')), [Uri]::UnescapeDataString($pair[1].Replace('+', ' '))
        }) -join '&'
}

# The floor: fetch the pages the cmdlet fetched (the template is its first request; the cursor parameter follows the
# answers), parse each, count the records. Returns the count.
function Invoke-Floor([string] $Template, [string] $CursorName, [string] $NextName, [string] $ItemsName,
    [Net.Http.HttpClient] $Client, [int] $MaxPages = [int]::MaxValue) {
    $path, $query = $Template -split '\?', 2
    $pairs = [Collections.Generic.List[object]]::new()
    foreach ($part in ($query -split '&' | Where-Object { $_ })) {
        $k, $v = $part -split '=', 2
        $pairs.Add([pscustomobject]@{ Name = $k; Value = $v })
    }
    $cursorPair = $pairs | Where-Object Name -EQ $CursorName
    $count = 0L
    $pages = 0
    do {
        $uri = "$url$($path)?" + (($pairs | ForEach-Object { "$([Uri]::EscapeDataString($_.Name))=$([Uri]::EscapeDataString($_.Value))" }) -join '&')
        $response = $Client.GetAsync($uri, [Net.Http.HttpCompletionOption]::ResponseHeadersRead).GetAwaiter().GetResult()
        try {
            if (-not $response.IsSuccessStatusCode) { throw "The floor's GET $uri answered $([int]$response.StatusCode)." }
            $page = [Text.Json.JsonDocument]::Parse($response.Content.ReadAsStream(), [Text.Json.JsonDocumentOptions]::new())
        }
        finally { $response.Dispose() }
        try {
            $items = $page.RootElement.GetProperty($ItemsName)
            if ($items.ValueKind -eq [Text.Json.JsonValueKind]::String) {
                $packed = [IO.MemoryStream]::new($items.GetBytesFromBase64())
                $gzip = [IO.Compression.GZipStream]::new($packed, [IO.Compression.CompressionMode]::Decompress)
                $records = [Text.Json.JsonDocument]::Parse($gzip, [Text.Json.JsonDocumentOptions]::new())
                $count += $records.RootElement.GetArrayLength()
                $records.Dispose(); $gzip.Dispose()
            }
            else { $count += $items.GetArrayLength() }
            $next = $null
            $nextElement = [Text.Json.JsonElement]::new()
            if ($page.RootElement.TryGetProperty($NextName, [ref] $nextElement) -and $nextElement.ValueKind -eq [Text.Json.JsonValueKind]::String) {
                $next = $nextElement.GetString()
            }
        }
        finally { $page.Dispose() }
        $pages++
        if ($next) {
            if (-not $cursorPair) { $cursorPair = [pscustomobject]@{ Name = $CursorName; Value = '' }; $pairs.Add($cursorPair) }
            $cursorPair.Value = $next
        }
    } while ($next -and $pages -lt $MaxPages)
    $count
}

if ($Measure) {
    # ---- Child: one measurement. Credentials: LC_OID, LC_API_KEY, LC_API_URL, LC_JWT_URL. ----
    Import-Module $ModulePath
    $session = Connect-LcOrg -PassThru -ErrorAction Stop
    if ($Measure -eq 'Baseline') {
        [pscustomobject]@{ PeakMB = Get-PeakMB } | ConvertTo-Json -Compress
        return
    }
    if ($Measure -eq 'Sensors') {
        $run = { Get-LcSensor -Session $session -ErrorAction Stop }
        $cursorName, $nextName, $itemsName = 'continuation_token', 'continuation_token', 'sensors'
    }
    else {
        $from = [DateTimeOffset]::FromUnixTimeSeconds($Start)
        $to = [DateTimeOffset]::FromUnixTimeSeconds($End)
        $run = { Get-LcEvent -Session $session -SensorId $SensorId -Start $from -End $to -ErrorAction Stop }
        $cursorName, $nextName, $itemsName = 'cursor', 'next_cursor', 'events'
    }
    # Warm-up, alike for both sides and before either is timed: a few pages through the cmdlet, then the same pages
    # through the floor, so neither times the JIT of the code they share (HTTP, gzip, JSON) and the other does not.
    Invoke-RestMethod "$url/_emu/requests" -Method Delete | Out-Null
    & $run | Select-Object -First ($WarmupPages * 1000) | Out-Null
    $template = @(Get-LoggedRequest)[0]
    if (-not $template) { throw "$Measure`: the emulator recorded no request of the cmdlet." }
    $handler = [Net.Http.SocketsHttpHandler]::new()
    $handler.AutomaticDecompression = [Net.DecompressionMethods]::All   # as the module's handler
    $client = [Net.Http.HttpClient]::new($handler)
    $client.DefaultRequestHeaders.Authorization = [Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', (Get-LcJwt -Session $session -AsPlainText))
    Invoke-Floor $template $cursorName $nextName $itemsName $client -MaxPages $WarmupPages | Out-Null

    # Interleaved rounds, medians: the emulator and both sides warm up alike, and machine noise falls on both.
    $cmdletRates = [Collections.Generic.List[double]]::new()
    $floorRates = [Collections.Generic.List[double]]::new()
    $cmdletUrls = $null
    for ($round = 0; $round -lt $Rounds; $round++) {
        Invoke-RestMethod "$url/_emu/requests" -Method Delete | Out-Null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $cmdletCount = (& $run | Measure-Object).Count
        $cmdletRates.Add($cmdletCount / $clock.Elapsed.TotalSeconds)
        if ($cmdletCount -ne $Expected) { throw "$Measure`: the cmdlet streamed $cmdletCount records, expected $Expected." }
        $cmdletUrls = @(Get-LoggedRequest)
        if ($cmdletUrls.Count -eq 0) { throw "$Measure`: the emulator recorded no request of the cmdlet." }

        Invoke-RestMethod "$url/_emu/requests" -Method Delete | Out-Null
        $clock.Restart()
        $floorCount = Invoke-Floor $template $cursorName $nextName $itemsName $client
        $floorRates.Add($floorCount / $clock.Elapsed.TotalSeconds)
        if ($floorCount -ne $Expected) { throw "$Measure`: the floor counted $floorCount records, expected $Expected." }
        $floorUrls = @(Get-LoggedRequest)
        if (($cmdletUrls -join "`n") -ne ($floorUrls -join "`n")) {
            throw "$Measure`: the floor did not fetch the cmdlet's pages ($($cmdletUrls.Count) cmdlet requests, $($floorUrls.Count) floor requests; first: '$($cmdletUrls[0])' / '$($floorUrls[0])')."
        }
    }
    $peak = Get-PeakMB
    [pscustomobject]@{
        Records         = $cmdletCount
        Pages           = $cmdletUrls.Count
        CmdletPerSecond = [math]::Round((Get-Median $cmdletRates))
        FloorPerSecond  = [math]::Round((Get-Median $floorRates))
        PeakMB          = $peak
    } | ConvertTo-Json -Compress
    return
}

# ---- Parent: seed, run the children, combine. ----
Import-Module (Join-Path $PSScriptRoot '../build/Emulator.psm1')
$pwsh = Join-Path $PSHOME 'pwsh'
$smallSensors = [int]($SensorCount / 10)
$smallEvents = [int]($EventCount / 10)

function New-SensorTenant([int] $Count) {
    $tenant = New-LcEmulatorTenant -Url $url
    $seeded = Invoke-LcEmulator $url "orgs/$($tenant.OrganizationId)/sensors" -Body @{ count = $Count; hostnamePrefix = 'bench' }
    if ($seeded.count -ne $Count) { throw "The emulator seeded $($seeded.count) sensors, not $Count." }
    $tenant
}

$now = [DateTimeOffset]::UtcNow
$start = $now.AddHours(-3).ToUnixTimeSeconds()
$end = $now.AddMinutes(-1).ToUnixTimeSeconds()
$eventTenant = New-LcEmulatorTenant -Url $url
$eventSids = @((Invoke-LcEmulator $url "orgs/$($eventTenant.OrganizationId)/sensors" -Body @{ sensors = @(@{ hostname = 'bench-events-large' }, @{ hostname = 'bench-events-small' }) }).sids)
foreach ($pair in @(@($eventSids[0], $EventCount), @($eventSids[1], $smallEvents))) {
    $registered = Invoke-LcEmulator $url "orgs/$($eventTenant.OrganizationId)/telemetry" -Body @{ sid = $pair[0]; count = $pair[1]; start = $start; end = $end }
    if ($registered.count -ne $pair[1]) { throw "The emulator registered $($registered.count) events, not $($pair[1])." }
    $digest = Invoke-LcEmulator $url "orgs/$($eventTenant.OrganizationId)/telemetry/$($pair[0])/digest?start=$start&end=$end" -Method GET
    if ($digest.count -ne $pair[1]) { throw "The emulator holds $($digest.count) events in the window, not $($pair[1])." }
}

function Invoke-Child($Tenant, [string] $Kind, [hashtable] $Arguments = @{}) {
    $childArguments = @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-ModulePath', $ModulePath, '-EmulatorUrl', $url, '-Measure', $Kind)
    foreach ($key in $Arguments.Keys) { $childArguments += @("-$key", "$($Arguments[$key])") }
    $output = Invoke-WithTenantEnvironment $Tenant $url {
        $printed = @(& $pwsh @childArguments)
        if ($LASTEXITCODE -ne 0) { throw "The $Kind measurement exited with $LASTEXITCODE." }
        $printed
    }
    $output = @($output)
    if ($output.Count -eq 0) { throw "The $Kind measurement printed nothing." }
    $output[-1] | ConvertFrom-Json
}

$baseline = Invoke-Child $eventTenant 'Baseline'
$sensorsSmall = Invoke-Child (New-SensorTenant $smallSensors) 'Sensors' @{ Expected = $smallSensors }
$sensors = Invoke-Child (New-SensorTenant $SensorCount) 'Sensors' @{ Expected = $SensorCount }
$eventsSmall = Invoke-Child $eventTenant 'Events' @{ SensorId = $eventSids[1]; Start = $start; End = $end; Expected = $smallEvents }
$events = Invoke-Child $eventTenant 'Events' @{ SensorId = $eventSids[0]; Start = $start; End = $end; Expected = $EventCount }

$sensorRatio = $sensors.CmdletPerSecond / $sensors.FloorPerSecond
$eventRatio = $events.CmdletPerSecond / $events.FloorPerSecond
[pscustomobject]@{
    Benchmark              = 'Streaming'
    Sensors                = $SensorCount
    SensorPages            = $sensors.Pages
    SensorCmdletPerSec     = $sensors.CmdletPerSecond
    SensorFloorPerSec      = $sensors.FloorPerSecond
    SensorRatio            = [math]::Round($sensorRatio, 2)
    Events                 = $EventCount
    EventPages             = $events.Pages
    EventCmdletPerSec      = $events.CmdletPerSecond
    EventFloorPerSec       = $events.FloorPerSecond
    EventRatio             = [math]::Round($eventRatio, 2)
    BaselinePeakMB         = $baseline.PeakMB
    SensorPeakMB           = $sensors.PeakMB
    SensorPeakMBAtTenth    = $sensorsSmall.PeakMB
    EventPeakMB            = $events.PeakMB
    EventPeakMBAtTenth     = $eventsSmall.PeakMB
    Ratio                  = [math]::Round([math]::Min($sensorRatio, $eventRatio), 2)
    Target                 = "records/s >= 0.5x the floor's for sensors and events"
    Met                    = $sensorRatio -ge 0.5 -and $eventRatio -ge 0.5
} | ConvertTo-Json -Compress
