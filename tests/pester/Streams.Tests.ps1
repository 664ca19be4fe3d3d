# Watch-LcEvent, Watch-LcDetection, Watch-LcAuditLog against the emulator's live stream: typed records as they arrive,
# filters, -First/-Timeout/Select-Object -First/Ctrl+C ending a watch, 100,000 events with flat memory, reconnects
# after cuts and token expiry with every record delivered once and each gap reported, error lines.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Services = (Invoke-LcEmulator $Url 'urls' -Method GET).services

    function script:New-WatchTenant([int] $Sensors = 3) {
        $t = New-LcEmulatorTenant -Url $Url
        $s = Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey -ApiUrl $Url -JwtUrl $Url -StreamUrl $Services -NoWelcome -PassThru
        $s.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
        $sids = if ($Sensors) { @((Invoke-LcEmulator $Url "orgs/$($t.OrganizationId)/sensors" -Body @{ count = $Sensors; hostnamePrefix = 'web-' }).sids) } else { @() }
        [pscustomobject]@{ Oid = $t.OrganizationId; Session = $s; Sids = $sids }
    }
    function script:Set-Stream($Tenant, [hashtable] $Settings) {
        Invoke-LcEmulator $Url "orgs/$($Tenant.Oid)/stream" -Body $Settings | Out-Null
    }
    function script:Get-Stream($Tenant) { Invoke-LcEmulator $Url "orgs/$($Tenant.Oid)/stream" -Method GET }
    function script:Wait-Until([scriptblock] $Condition, [double] $Seconds = 10) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        [bool](& $Condition)
    }
    # Runs a command in a runspace of its own (the module imported), to stop it or to act while it watches.
    function script:Start-Watch([string] $Command, [hashtable] $Parameters) {
        $ps = [PowerShell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument((Get-TestModulePath)).AddStatement()
        $null = $ps.AddCommand($Command).AddParameters($Parameters)
        $output = [Management.Automation.PSDataCollection[psobject]]::new()
        $in = [Management.Automation.PSDataCollection[psobject]]::new()
        $in.Complete()
        [pscustomobject]@{ PowerShell = $ps; Output = $output; Running = $ps.BeginInvoke($in, $output) }
    }
}

Describe 'Watch-LcEvent' {
    BeforeAll { $script:T = New-WatchTenant }

    It 'writes typed events as they arrive, in order, and -First ends the watch' {
        Set-Stream $T @{ ratePerSecond = 200 }
        $events = @(Watch-LcEvent -Session $T.Session -First 25)
        $events | Should -HaveCount 25
        $events[0] | Should -BeOfType ([LimaCharlie.Event])
        @($events | ForEach-Object { [long]$_.Data.n }) | Should -Be @(1..25)
        $events.SensorId | Sort-Object -Unique | Should -HaveCount 3
        $events.Hostname | ForEach-Object { $_ | Should -BeLike 'web-*' }
        (Wait-Until { (Get-Stream $T).open -eq 0 }) | Should -BeTrue -Because '-First closes the connection'
    }

    It 'stops cleanly under Select-Object -First' {
        Set-Stream $T @{ ratePerSecond = 200 }
        $events = @(Watch-LcEvent -Session $T.Session | Select-Object -First 5)
        $events | Should -HaveCount 5
        (Wait-Until { (Get-Stream $T).open -eq 0 }) | Should -BeTrue
    }

    It 'sends -SensorId to the service and applies -EventType and -Hostname as events arrive' {
        Set-Stream $T @{ ratePerSecond = 400 }
        $sid = $T.Sids[1]
        $events = @(Watch-LcEvent -Session $T.Session -SensorId $sid -EventType 'dns_*', 'NEW_PROCESS' -First 10)
        $events | Should -HaveCount 10
        $events | ForEach-Object { $_.SensorId | Should -Be $sid; $_.EventType | Should -BeIn 'DNS_REQUEST', 'NEW_PROCESS' }
        $host1 = (Get-LcSensor -Session $T.Session -SensorId $T.Sids[2]).Hostname
        $byHost = @(Watch-LcEvent -Session $T.Session -Hostname $host1 -First 5)
        $byHost.Hostname | Sort-Object -Unique | Should -Be $host1
        $sent = @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object path -EQ "/$($T.Oid)")
        @($sent | Where-Object { $_.form.sid -eq $sid }) | Should -HaveCount 1
        $sent | ForEach-Object { $_.hasAuth | Should -BeFalse; $_.form.jwt | Should -Be '***' }
    }

    It 'keeps the token out of -Verbose and -Debug output' {
        Set-Stream $T @{ ratePerSecond = 200 }
        $token = Get-LcJwt -Session $T.Session -AsPlainText
        $lines = @(Watch-LcEvent -Session $T.Session -First 2 -Verbose -Debug 5>&1 4>&1 | ForEach-Object { "$_" })
        $lines.Count | Should -BeGreaterThan 2
        $lines | Where-Object { $_ -match 'jwt' } | Should -Not -BeNullOrEmpty -Because 'the form is shown, its token masked'
        $lines | Where-Object { $_.Contains($token) } | Should -BeNullOrEmpty
    }

    It 'ends quietly at -Timeout' {
        Set-Stream $T @{ ratePerSecond = 0 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $events = @(Watch-LcEvent -Session $T.Session -Timeout 0:00:01.5 -ErrorVariable err)
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.4
        $events | Should -HaveCount 0
        $err | Should -HaveCount 0
    }

    It 'streams 100,000 events into Measure-Object with memory flat' {
        Set-Stream $T @{ ratePerSecond = 1000000; total = 100000 }
        $process = [Diagnostics.Process]::GetCurrentProcess()
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $process.Refresh()
        $before = $process.WorkingSet64
        # The watch runs in a runspace of its own so this one can sample the process's memory meanwhile.
        $ps = [PowerShell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument((Get-TestModulePath)).AddStatement()
        $null = $ps.AddScript('param($s) $c = [Diagnostics.Stopwatch]::StartNew(); $n = (Watch-LcEvent -Session $s -First 100000 -WarningVariable w | Measure-Object).Count; $n, $c.Elapsed.TotalSeconds, @($w).Count').AddArgument($T.Session)
        $running = $ps.BeginInvoke()
        $peak = $before
        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        try {
            while (-not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
                $process.Refresh()
                $peak = [Math]::Max($peak, $process.WorkingSet64)
            }
            $count, $seconds, $warnings = $ps.EndInvoke($running)
        }
        finally { $ps.Dispose() }
        $growthMb = ($peak - $before) / 1MB
        Write-Host ("    100,000 events in {0:0.0} s ({1:N0}/s); working set {2:0} MB before, peak growth {3:0.0} MB" -f $seconds, (100000 / $seconds), ($before / 1MB), $growthMb)
        $count | Should -Be 100000
        $warnings | Should -Be 0 -Because 'no gap and nothing dropped'
        $growthMb | Should -BeLessThan 150 -Because 'events are written as they arrive and not held (100,000 held events take several hundred MB)'
    }
}

Describe 'Watch-LcEvent staying up' {
    BeforeAll { $script:T = New-WatchTenant -Sensors 2 }

    It 'reconnects after cuts and token expiry, every record after each reconnect delivered once and each gap reported' {
        $saved = Invoke-LcEmulator $Url 'settings' -Method GET
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3 } | Out-Null
        try {
            # A session whose tokens live 3 s; the stream closes a connection when its token expires, and every 2 s anyway, mid-line.
            $tenant = New-LcEmulatorTenant -Url $Url
            $s = Connect-LcOrg -OrganizationId $tenant.OrganizationId -ApiKey $tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -StreamUrl $Services -NoWelcome -PassThru
            $s.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
            $short = [pscustomobject]@{ Oid = $tenant.OrganizationId }
            Invoke-LcEmulator $Url "orgs/$($tenant.OrganizationId)/sensors" -Body @{ count = 2 } | Out-Null
            $mints = (Invoke-LcEmulator $Url 'counters' -Method GET).mints.($tenant.OrgKeyId)
            Set-Stream $short @{ ratePerSecond = 300; closeEverySeconds = 2; cutMidLine = $true; closeOnTokenExpiry = $true }
            $events = @(Watch-LcEvent -Session $s -Timeout 0:00:10 -WarningVariable warned -WarningAction SilentlyContinue)
            (Wait-Until { (Get-Stream $short).open -eq 0 }) | Should -BeTrue
            $stats = Get-Stream $short
            $minted = (Invoke-LcEmulator $Url 'counters' -Method GET).mints.($tenant.OrgKeyId) - $mints
        }
        finally { Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = $saved.tokenLifetimeSeconds } | Out-Null }

        $seqs = @($events | ForEach-Object { [long]$_.Data.n })
        $gaps = @($warned | Where-Object { "$_" -match 'interrupted for [\d.]+ s, from \d\d:\d\d:\d\d\.\d{3} to \d\d:\d\d:\d\d\.\d{3} UTC' })
        $segments = @($stats.segments | Where-Object count -GT 0)
        Write-Host "    $($events.Count) events over $($stats.connections) connections ($($segments.Count) with records); $($gaps.Count) gaps reported; $minted tokens minted"
        $segments.Count | Should -BeGreaterOrEqual 4
        @($seqs | Sort-Object -Unique) | Should -HaveCount $seqs.Count -Because 'no record arrives twice'
        for ($i = 1; $i -lt $seqs.Count; $i++) { $seqs[$i] | Should -BeGreaterThan $seqs[$i - 1] }
        $received = [Collections.Generic.HashSet[long]]::new([long[]]$seqs)
        for ($k = 0; $k -lt $segments.Count; $k++) {
            $seg = $segments[$k]
            $got = @($seqs | Where-Object { $_ -ge $seg.first -and $_ -le $seg.last })
            if ($k -lt $segments.Count - 1) {
                $got | Should -HaveCount $seg.count -Because "connection $($k + 1) sent records $($seg.first) to $($seg.last) whole and each arrived"
            }
            else {
                $got | Should -Be @($seg.first..($seg.first + $got.Count - 1)) -Because 'the last connection, ended by -Timeout, delivered a prefix of what it sent'
            }
        }
        @($seqs | Where-Object { $n = $_; -not ($segments | Where-Object { $n -ge $_.first -and $n -le $_.last }) }) | Should -HaveCount 0
        $gaps.Count | Should -BeIn @(($stats.connections - 1), ($stats.connections - 2)) -Because 'each reconnection is reported once (the last may have opened just before the end)'
        $minted | Should -BeGreaterOrEqual 2 -Because 'the first token expired during the watch (after 3 s of 10) and later connections used fresh ones'
    }

    It 'ends a watch on Ctrl+C within a second' {
        Set-Stream $T @{ ratePerSecond = 50 }
        $watch = Start-Watch 'Watch-LcEvent' @{ Session = $T.Session }
        try {
            (Wait-Until { $watch.Output.Count -ge 3 } 20) | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $stop = $watch.PowerShell.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10)) | Should -BeTrue
            $ms = $clock.ElapsedMilliseconds
            Write-Host "    Ctrl+C ended the watch in $ms ms"
            $watch.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $ms | Should -BeLessThan 5000
            (Wait-Until { (Get-Stream $T).open -eq 0 }) | Should -BeTrue -Because 'the connection is closed'
        }
        finally { $watch.PowerShell.Dispose() }
    }

    It 'writes error lines of the service as warnings and goes on' {
        Set-Stream $T @{ ratePerSecond = 100; extraLines = @('error: output is lagging', 'not json at all') }
        $events = @(Watch-LcEvent -Session $T.Session -First 3 -WarningVariable warned -WarningAction SilentlyContinue)
        $events | Should -HaveCount 3
        "$warned" | Should -Match 'error: output is lagging'
        "$warned" | Should -Match 'not json at all'
    }

    It 'stops with LimaCharlie.StreamRefused when the service refuses a fresh token too' {
        Set-Stream $T @{ refuseConnections = 2; refuseLine = 'error: unauthorized' }
        { Watch-LcEvent -Session $T.Session -First 1 -ErrorAction Stop } | Should -Throw -ErrorId 'LimaCharlie.StreamRefused,*'
    }

    It 'retries a refused subscription, then stops with LimaCharlie.StreamFailed' {
        Set-Stream $T @{ refuseConnections = 1; ratePerSecond = 100 }
        $events = @(Watch-LcEvent -Session $T.Session -First 2 -WarningVariable warned -WarningAction SilentlyContinue)
        $events | Should -HaveCount 2
        "$warned" | Should -Match 'refused the subscription \(error: failed to create output\)'
        Set-Stream $T @{ refuseConnections = 100 }
        { Watch-LcEvent -Session $T.Session -First 1 -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'LimaCharlie.StreamFailed,*'
    }

    It 'reports what the service dropped for a slow consumer' {
        Set-Stream $T @{ ratePerSecond = 20000; slowConsumerLag = 100 }
        $seqs = [Collections.Generic.List[long]]::new()
        Watch-LcEvent -Session $T.Session -Timeout 0:00:06 -WarningVariable warned -WarningAction SilentlyContinue | ForEach-Object {
            if ($seqs.Count -eq 0) { Start-Sleep -Seconds 3 }
            $seqs.Add([long]$_.Data.n)
        }
        $missing = 0
        for ($i = 1; $i -lt $seqs.Count; $i++) { $missing += $seqs[$i] - $seqs[$i - 1] - 1 }
        $dropped = ($warned | ForEach-Object { if ("$_" -match 'dropped (\d+) record') { [long]$Matches[1] } } | Measure-Object -Sum).Sum
        Write-Host "    $($seqs.Count) events read by a slow consumer; $missing missing, $dropped reported dropped"
        $missing | Should -BeGreaterThan 0
        $dropped | Should -BeGreaterOrEqual $missing -Because 'every record the service skipped was reported before the next one arrived'
    }
}

Describe 'Watch-LcDetection and Watch-LcAuditLog' {
    BeforeAll { $script:T = New-WatchTenant -Sensors 2 }

    It 'writes detections of the category the service was asked for' {
        Set-Stream $T @{ ratePerSecond = 100 }
        $detections = @(Watch-LcDetection -Session $T.Session -Category dns-exfil -First 4)
        $detections | Should -HaveCount 4
        $detections[0] | Should -BeOfType ([LimaCharlie.Detection])
        $detections.Category | Sort-Object -Unique | Should -Be 'dns-exfil'
        $detections.DetectionId | Sort-Object -Unique | Should -HaveCount 4
    }

    It 'writes an audit entry for a change made through the API while it watches' {
        Set-Stream $T @{ ratePerSecond = 0 }
        $watch = Start-Watch 'Watch-LcAuditLog' @{ Session = $T.Session; EventType = 'api_*'; First = 1; Timeout = [TimeSpan]::FromSeconds(30) }
        try {
            (Wait-Until { (Get-Stream $T).open -ge 1 }) | Should -BeTrue
            Start-Sleep -Milliseconds 200
            Add-LcSensorTag -Session $T.Session -SensorId $T.Sids[0] -Tag watched
            $watch.PowerShell.EndInvoke($watch.Running) | Out-Null
            $entry = @($watch.Output)
            $entry | Should -HaveCount 1
            $entry[0] | Should -BeOfType ([LimaCharlie.AuditEntry])
            $entry[0].EventType | Should -Be 'api_call'
            $entry[0].Message | Should -BeLike "POST */$($T.Sids[0])*"
        }
        finally { $watch.PowerShell.Dispose() }
    }
}
