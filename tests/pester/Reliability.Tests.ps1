# The fault matrix: every fault kind of the emulator on a listing, a single call and a bulk operation; within the retry
# budget every record arrives exactly once, past it a clear error, and a bulk operation reports exactly what it did not do.
# Each case prints its figures ("Reliability |" lines) for RELIABILITY.md.
BeforeDiscovery {
    # Within the budget: each of these faults is ridden out. Listings and bulk see the fault on every second request.
    $Riddable = @(
        @{ Name = '429 storm'; Faults = @(@{ status = 429; count = 4; rateLimitQuota = 100; ratePeriod = 60; error = 'rate limit exceeded' }) }
        @{ Name = '500'; Faults = @(@{ status = 500; count = 3; error = 'internal error' }) }
        @{ Name = '502'; Faults = @(@{ status = 502; count = 3; error = 'bad gateway' }) }
        @{ Name = '503'; Faults = @(@{ status = 503; count = 3; error = 'backend restarting' }) }
        @{ Name = '504'; Faults = @(@{ status = 504; count = 3; error = 'upstream timed out' }) }
        @{ Name = 'slow past the timeout'; Faults = @(@{ delayMs = 1500; count = 2 }); Timeout = 300 }
        @{ Name = 'cut mid-body'; Faults = @(@{ cutBody = $true; count = 3 }) }
        @{ Name = 'truncated gzip page'; Faults = @(@{ truncateGzip = $true; count = 3 }) }
        @{ Name = 'JWT endpoint down'; Faults = @(@{ status = 503; count = 3; pathPrefix = 'jwt'; error = 'token service down' }, @{ delayMs = 1100; count = 2; fraction = 0.5 }); TokenLifetime = 1 }
        @{ Name = 'tokens expiring every second'; Faults = @(@{ delayMs = 1100; count = 2; fraction = 0.5 }); TokenLifetime = 1 }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:SensorIds = @((Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 60; platforms = @('windows', 'linux') }).sids | ForEach-Object { [guid]$_ } | Sort-Object)
    $script:EventSid = $SensorIds[0]
    $now = [DateTimeOffset]::UtcNow
    $script:EventStart = $now.AddHours(-2)
    $script:EventEnd = $now.AddMinutes(-1)
    Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$EventSid"; count = 600; start = $EventStart.ToUnixTimeSeconds(); end = $EventEnd.ToUnixTimeSeconds() } | Out-Null
    $script:Clean = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey @Endpoints -PassThru
    $script:EventIds = @(Get-LcEvent -Session $Clean -SensorId $EventSid -Start $EventStart -End $EventEnd -PageSize 100 | ForEach-Object EventId | Sort-Object)
    Set-LcOrgValue -Session $Clean -Name 'otx' -Value (ConvertTo-SecureString 'otx-probe-value' -AsPlainText -Force) -Confirm:$false
    $script:SavedSettings = Invoke-LcEmulator $Url 'settings' -Method GET

    function script:New-FastSession([int] $MaxRetries = 8) {
        $s = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey @Endpoints -PassThru
        $s.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
        $s.Options.RetryMaxDelay = [TimeSpan]::FromMilliseconds(100)
        $s.Options.MaxRetryCount = $MaxRetries
        $s
    }
    function script:Add-Fault([hashtable] $Fault) { Invoke-LcEmulator $Url 'faults' -Body $Fault | Out-Null }
    function script:Clear-Faults { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }
    function script:Get-Counters { Invoke-LcEmulator $Url 'counters' -Method GET }
    # A session for a fault scenario (the emulator's token lifetime set first, so its first token has it), with the
    # scenario's faults in place: $Extra (path, method, share) completes each API fault; JWT faults stay as written.
    function script:Start-Scenario($Scenario, [hashtable] $Extra = @{}, [int] $MaxRetries = 8) {
        if ($Scenario.TokenLifetime) { Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = $Scenario.TokenLifetime } | Out-Null }
        $s = New-FastSession -MaxRetries $MaxRetries
        if ($Scenario.Timeout) { $s.Options.Timeout = [TimeSpan]::FromMilliseconds($Scenario.Timeout) }
        if ($Scenario.TokenLifetime) { $s.Options.TokenRenewalMargin = [TimeSpan]::Zero }
        foreach ($f in $Scenario.Faults) {
            $fault = $f.Clone()
            if ($fault.pathPrefix -ne 'jwt') { foreach ($k in $Extra.Keys) { $fault[$k] = $Extra[$k] } }
            Add-Fault $fault
        }
        $s
    }
    function script:Write-Figures([string] $Case, $Before, [int] $Expected, [int] $Received, [int] $Duplicates, [string] $More = '') {
        $after = Get-Counters
        $line = "Reliability | $Case | requests $($after.requests - $Before.requests) | faults injected $($after.faultsInjected - $Before.faultsInjected)" +
            " | 401 answered $($after.unauthorized - $Before.unauthorized) | mints $($after.mintsTotal - $Before.mintsTotal)" +
            " | expected $Expected | received $Received | duplicates $Duplicates"
        if ($More) { $line += " | $More" }
        Write-Host "    $line"
    }
}

AfterAll {
    Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = $SavedSettings.tokenLifetimeSeconds } | Out-Null
    Clear-Faults
    Disconnect-LcOrg
}

Describe 'Within the retry budget' {
    AfterEach {
        Clear-Faults
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = $SavedSettings.tokenLifetimeSeconds } | Out-Null
    }

    It 'lists every sensor exactly once through <Name>' -ForEach $Riddable {
        $before = Get-Counters
        $s = Start-Scenario $_ @{ pathPrefix = '/v1/sensors/'; fraction = 0.5 }
        $err = $null
        $got = @(Get-LcSensor -Session $s -PageSize 10 -ErrorVariable err | ForEach-Object SensorId | Sort-Object)
        $dup = $got.Count - @($got | Select-Object -Unique).Count
        Write-Figures "$Name | Get-LcSensor, 6 pages" $before $SensorIds.Count $got.Count $dup
        $err | Should -BeNullOrEmpty
        (Invoke-LcEmulator $Url 'faults' -Method GET | Measure-Object).Count | Should -Be 0 -Because 'every injection of the fault was used'
        $dup | Should -Be 0
        $got | Should -Be $SensorIds
    }

    It 'streams every event exactly once through <Name>' -ForEach $Riddable {
        $before = Get-Counters
        $s = Start-Scenario $_ @{ pathPrefix = '/v1/insight/'; fraction = 0.5 }
        $err = $null
        $got = @(Get-LcEvent -Session $s -SensorId $EventSid -Start $EventStart -End $EventEnd -PageSize 100 -ErrorVariable err | ForEach-Object EventId | Sort-Object)
        $dup = $got.Count - @($got | Select-Object -Unique).Count
        Write-Figures "$Name | Get-LcEvent, 6 pages" $before $EventIds.Count $got.Count $dup
        $err | Should -BeNullOrEmpty
        (Invoke-LcEmulator $Url 'faults' -Method GET | Measure-Object).Count | Should -Be 0 -Because 'every injection of the fault was used'
        $dup | Should -Be 0
        $got | Should -Be $EventIds
    }

    It 'answers single calls through <Name>' -ForEach $Riddable {
        $before = Get-Counters
        $s = Start-Scenario $_ @{ pathPrefix = '/v1/'; count = 2 }
        $sensor = Get-LcSensor -Session $s -SensorId $SensorIds[5]
        $value = Get-LcOrgValue -Session $s -Name 'otx'
        Write-Figures "$Name | Get-LcSensor -SensorId + Get-LcOrgValue" $before 2 (@($sensor).Count + @($value).Count) 0
        $sensor.SensorId | Should -Be $SensorIds[5]
        $value.Name | Should -Be 'otx'
    }

    It 'tags every sensor of a bulk operation through <Name>' -ForEach $Riddable {
        $tag = "ok-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $targets = $SensorIds[0..39]
        $before = Get-Counters
        $s = Start-Scenario $_ @{ pathPrefix = '/v1/'; method = 'POST'; fraction = 0.5 }
        $err = $null
        Add-LcSensorTag -Session $s -SensorId $targets -Tag $tag -ErrorVariable err -ErrorAction SilentlyContinue
        Clear-Faults
        $tagged = @(Get-LcSensor -Session $Clean -Tag $tag | ForEach-Object SensorId | Sort-Object)
        Write-Figures "$Name | Add-LcSensorTag x 40" $before $targets.Count $tagged.Count 0 "errors $(@($err).Count)"
        $err | Should -BeNullOrEmpty
        $tagged | Should -Be $targets
    }
}

Describe 'Past the retry budget' {
    AfterEach {
        Clear-Faults
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = $SavedSettings.tokenLifetimeSeconds } | Out-Null
    }

    It 'names the status, the API text and what to do for <status> on a single call' -ForEach @(
        @{ status = 429; id = 'RateLimited'; action = '100 calls per 60 s' }
        @{ status = 500; id = 'ServerError'; action = 'try again later' }
        @{ status = 502; id = 'ServerError'; action = 'try again later' }
        @{ status = 503; id = 'ServiceUnavailable'; action = 'try again later' }
        @{ status = 504; id = 'GatewayTimeout'; action = 'try again later' }
    ) {
        $s = New-FastSession -MaxRetries 2
        $before = Get-Counters
        Add-Fault @{ status = $status; count = 100; pathPrefix = '/v1/configs/'; error = "injected $status for the matrix" }
        $err = $null
        Get-LcOrgValue -Session $s -Name 'otx' -ErrorVariable err -ErrorAction SilentlyContinue
        Write-Figures "$status past the budget | Get-LcOrgValue" $before 1 0 0 "errors $(@($err).Count)"
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "LimaCharlie.$id,*"
        "$($err[0])" | Should -Match "failed with $status"
        "$($err[0])" | Should -Match "injected $status for the matrix"
        "$($err[0])" | Should -Match 'after 2 retries'
        $err[0].ErrorDetails.RecommendedAction | Should -Match $action
    }

    It 'names the timeout and what to do when every answer is too slow' {
        $s = New-FastSession -MaxRetries 1
        $s.Options.Timeout = [TimeSpan]::FromMilliseconds(300)
        Add-Fault @{ delayMs = 2000; count = 2; pathPrefix = '/v1/' }
        $err = $null
        Get-LcSensor -Session $s -SensorId $SensorIds[1] -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Timeout,*'
        "$($err[0])" | Should -Match 'timed out.*0\.3 s'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Timeout'
    }

    It 'says the connection broke when every body is cut' {
        $s = New-FastSession -MaxRetries 2
        Add-Fault @{ cutBody = $true; count = 3; pathPrefix = '/v1/' }
        $err = $null
        Get-LcSensor -Session $s -SensorId $SensorIds[1] -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ConnectionFailed,*'
        "$($err[0])" | Should -Match 'after 2 retries'
    }

    It 'says the answer cannot be read when every gzip page is truncated' {
        $s = New-FastSession -MaxRetries 2
        Add-Fault @{ truncateGzip = $true; count = 3; pathPrefix = '/v1/' }
        $err = $null
        Get-LcSensor -Session $s -SensorId $SensorIds[1] -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidResponse,*'
        "$($err[0])" | Should -Match 'answered 200 but the answer cannot be read'
    }

    It 'names the JWT endpoint when it stays down' {
        # The session's first token expires within a second; the renewal meets the JWT endpoint down.
        $s = Start-Scenario @{ TokenLifetime = 1; Faults = @(@{ status = 503; count = 3; pathPrefix = 'jwt'; error = 'token service down' }) } -MaxRetries 2
        Start-Sleep -Milliseconds 1100
        $err = $null
        Get-LcOrgValue -Session $s -Name 'otx' -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        "$($err[0])" | Should -Match 'Getting a token failed.*503.*token service down'
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'ends a listing with an error, never silently short, when a page fails for good' {
        $s = New-FastSession -MaxRetries 0
        $before = Get-Counters
        Add-Fault @{ status = 503; fraction = 0.5; count = 1; pathPrefix = '/v1/sensors/'; error = 'shard offline' }
        $err = $null
        $got = @(Get-LcSensor -Session $s -PageSize 10 -ErrorVariable err -ErrorAction SilentlyContinue | ForEach-Object SensorId)
        $dup = $got.Count - @($got | Select-Object -Unique).Count
        Write-Figures '503 on page 2, no retries | Get-LcSensor' $before $SensorIds.Count $got.Count $dup "errors $(@($err).Count)"
        $got | Should -HaveCount 10
        $dup | Should -Be 0
        $err | Should -HaveCount 1
        "$($err[0])" | Should -Match '503.*shard offline'
    }

    It 'reports exactly the sensors it did not tag when <Name> outlasts the budget' -ForEach @(
        @{ Name = '503'; Faults = @(@{ status = 503; error = 'backend restarting' }) }
        @{ Name = '429'; Faults = @(@{ status = 429; error = 'rate limit exceeded' }) }
        @{ Name = 'cut mid-body'; Faults = @(@{ cutBody = $true }); ReachesServer = $true }
        @{ Name = 'slow past the timeout'; Faults = @(@{ delayMs = 1500 }); Timeout = 300 }
    ) {
        $tag = "part-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $targets = $SensorIds[0..39]
        $before = Get-Counters
        $s = Start-Scenario $_ @{ pathPrefix = '/v1/'; method = 'POST'; fraction = 0.25; count = if ($Name -like 'slow*') { 4 } else { 10 } } -MaxRetries 0
        $err = $null
        Add-LcSensorTag -Session $s -SensorId $targets -Tag $tag -ErrorVariable err -ErrorAction SilentlyContinue
        Clear-Faults
        $tagged = @(Get-LcSensor -Session $Clean -Tag $tag | ForEach-Object SensorId | Sort-Object)
        $failed = @($err | ForEach-Object TargetObject | Sort-Object)
        $missing = @($targets | Where-Object { $_ -notin $tagged })
        Write-Figures "$Name past the budget | Add-LcSensorTag x 40" $before $targets.Count $tagged.Count 0 "errors $($failed.Count), untagged $($missing.Count), untagged without an error $(@($missing | Where-Object { $_ -notin $failed }).Count)"
        $failed.Count | Should -BeGreaterThan 0
        @($missing | Where-Object { $_ -notin $failed }) | Should -BeNullOrEmpty -Because 'no sensor is left untagged without an error'
        if ($_.ReachesServer) {
            # The request was carried out and only its answer was lost: reported as failed, though applied.
            $missing | Should -BeNullOrEmpty
        }
        else {
            $failed | Should -Be $missing
        }
        $err | ForEach-Object { "$_" | Should -Match 'POST /v1/' }
    }
}
