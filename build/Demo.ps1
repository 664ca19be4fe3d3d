<#
.SYNOPSIS
    A short session with the module against the local emulator: connect, identity, a new organization, its JWT, a fleet
    tagged in bulk, a host isolated and tasked with its answer, the live stream.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Emulator.psm1')
$emulator = Start-LcEmulator -Configuration $Configuration
try {
    # The emulator stands in for the cloud: one organization, with a user who owns it and has a user API key.
    $tenant = New-LcEmulatorTenant -Url $emulator.Url -Name 'acme-soc'
    Import-Module $ModulePath
    $endpoints = @{ ApiUrl = $emulator.Url; JwtUrl = $emulator.Url }

    function Show([string] $Title) { Write-Host "`n== $Title" -ForegroundColor Cyan }
    # Tables as wide as they need, whatever the console (CI output is 80 columns).
    function Out-Wide { $input | Out-String -Width 160 | ForEach-Object TrimEnd | Write-Host }

    Show "LimaCharlie emulator listening at $($emulator.Url)"

    Show 'Connect-LcOrg with a user API key (read as a SecureString; never shown)'
    $session = Connect-LcOrg -UserId $tenant.UserId -ApiKey $tenant.UserKey @endpoints -PassThru
    $session | Format-Table -AutoSize | Out-Wide

    Show 'Get-LcIdentity: who the key is and what it may do, per organization'
    Get-LcIdentity | Format-List | Out-Wide

    Show 'New-LcOrganization: a new organization in Europe'
    $org = New-LcOrganization -Name 'acme-branch-office' -Location europe
    $org | Format-Table -AutoSize | Out-Wide

    Show 'Get-LcJwt: a token limited to the new organization, for other tools'
    $jwt = Get-LcJwt -OrganizationId $org.OrganizationId
    $jwt | Format-Table -AutoSize | Out-Wide
    Write-Host ("The token expires at {0:u}, in {1:mm\:ss}; the session renews it by itself." -f $jwt.ExpiresAt, $jwt.ExpiresIn)

    Show 'Get-LcOrganization -All: every organization the user can reach'
    Get-LcOrganization -All | Format-Table -AutoSize | Out-Wide

    Show 'Connect-LcOrg with the organization API key, then Invoke-LcApi for any endpoint'
    # The live stream has its own host; the emulator serves it on its services listener.
    $streamUrl = (Invoke-LcEmulator $emulator.Url 'urls' -Method GET).services
    Connect-LcOrg -OrganizationId $tenant.OrganizationId -ApiKey $tenant.OrgKey @endpoints -StreamUrl $streamUrl
    Invoke-LcApi GET 'v1/orgs/{oid}' | Select-Object oid, name, sensor_quota | Format-Table -AutoSize | Out-Wide

    # A fleet of 2,000 sensors in the emulator.
    Invoke-LcEmulator $emulator.Url "orgs/$($tenant.OrganizationId)/sensors" -Body @{ count = 2000; platforms = @('windows', 'linux', 'macos'); hostnamePrefix = 'acme'; onlineFraction = 0.7 } | Out-Null

    Show 'Get-LcSensor: the fleet, streamed page by page (first five Windows sensors online)'
    Get-LcSensor -Selector 'plat == windows' -Online | Select-Object -First 5 | Format-Table -AutoSize | Out-Wide

    Show 'Get-LcSensor | Add-LcSensorTag: tag every Windows sensor, 16 calls at a time'
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Get-LcSensor -Selector 'plat == windows' | Add-LcSensorTag -Tag 'patch-wave-3' -Ttl (New-TimeSpan -Days 7)
    Write-Host ("Tagged {0} sensors in {1:0.0} s." -f @(Get-LcSensor -Tag 'patch-wave-3').Count, $clock.Elapsed.TotalSeconds)

    Show 'Find-LcSensor, Enable-LcSensorIsolation, Invoke-LcSensorTask: respond on one host'
    $suspect = Find-LcSensor -Hostname 'acme-000042'
    $suspect | Enable-LcSensorIsolation -PassThru | Format-Table -AutoSize | Out-Wide
    $suspect | Invoke-LcSensorTask -Command 'os_version', 'netstat' -InvestigationId 'case-1042' | Format-Table -AutoSize | Out-Wide
    Get-LcSensor -SensorId $suspect.SensorId | Format-Table -AutoSize | Out-Wide

    Show 'Invoke-LcSensorTask -Wait: a task and the sensor''s answer, read from the live stream'
    $suspect | Invoke-LcSensorTask -Command 'os_version' -Wait | Format-List Hostname, Command, EventType, Duration, Data | Out-Wide

    Show 'Watch-LcEvent: the live stream in the pipeline (the first 5 events; at a prompt it runs until Ctrl+C)'
    Watch-LcEvent -First 5 | Format-Table -AutoSize | Out-Wide
    Write-Host 'Demo complete.' -ForegroundColor Green
}
finally {
    Stop-LcEmulator $emulator
}
