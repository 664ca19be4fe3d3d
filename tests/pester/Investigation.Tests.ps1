# Historical events, detections and the audit log, streamed from the emulator's generated telemetry.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $script:Sid = [guid](Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(@{ hostname = 'ws-finance-01'; plat = 'windows' }) }).sids[0]
    $script:Now = [DateTimeOffset]::UtcNow
    $script:From = $Now.AddHours(-2).ToUnixTimeSeconds()
    $script:To = $Now.AddMinutes(-1).ToUnixTimeSeconds()
    Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$Sid"; count = 2500; start = $From; end = $To; eventTypes = @('NEW_PROCESS', 'DNS_REQUEST') } | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Pages-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
}

AfterAll { Disconnect-LcOrg }

Describe 'Get-LcEvent' {
    It 'streams every event of the window, newest first, each once' {
        $seq = Last-Seq
        $events = Get-LcEvent -Session $S -SensorId $Sid -Last (New-TimeSpan -Hours 3) -PageSize 1000
        $events | Should -HaveCount 2500
        ($events.EventId | Select-Object -Unique) | Should -HaveCount 2500
        $events[0] | Should -BeOfType ([LimaCharlie.Event])
        $events[0].EventTime | Should -BeOfType ([DateTimeOffset])
        $events[0].EventTime | Should -BeGreaterOrEqual $events[-1].EventTime
        $events[0].Hostname | Should -Be 'ws-finance-01'
        $pages = Pages-Since $seq "/v1/insight/$Oid/$Sid"
        $pages | Should -HaveCount 3
        $pages[0].query | Should -Match 'cursor=-'
        $pages[0].query | Should -Match 'is_compressed=true'
    }

    It 'goes oldest first with -Forward and filters by event type' {
        $forward = Get-LcEvent -Session $S -SensorId $Sid -Last 3:00:00 -Forward -EventType DNS_REQUEST
        $forward.EventType | Select-Object -Unique | Should -Be 'DNS_REQUEST'
        $forward[0].EventTime | Should -BeLessOrEqual $forward[-1].EventTime
    }

    It 'stops paging at -Limit and at Select-Object -First' {
        $seq = Last-Seq
        Get-LcEvent -Session $S -SensorId $Sid -Last 3:00:00 -PageSize 100 -Limit 10 | Should -HaveCount 10
        Get-LcEvent -Session $S -SensorId $Sid -Last 3:00:00 -PageSize 100 | Select-Object -First 5 | Should -HaveCount 5
        Pages-Since $seq "/v1/insight/$Oid/$Sid" | Should -HaveCount 2
    }

    It 'takes sensors from the pipeline' {
        (Get-LcSensor -Session $S -Hostname 'ws-finance' | Get-LcEvent -Session $S -Last 3:00:00 -Limit 7) | Should -HaveCount 7
    }

    It 'gets an event by its atom, and its children, from the pipeline' {
        $process = Get-LcEvent -Session $S -SensorId $Sid -Last 3:00:00 -EventType NEW_PROCESS -Limit 1
        $again = $process | Get-LcEvent -Session $S
        $again.EventId | Should -Be $process.EventId
        $children = $process | Get-LcEvent -Session $S -Children
        $children | Should -HaveCount 2
        $children | ForEach-Object { $_.ParentAtom | Should -Be $process.Atom }
    }

    It 'refuses a window that ends before it starts' {
        { Get-LcEvent -Session $S -SensorId $Sid -Start $Now -End $Now.AddHours(-1) } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument,*'
    }
}

Describe 'A long stream under faults' {
    It 'delivers 100,000 events exactly once while tokens expire and 5% of pages fail' {
        $big = New-LcEmulatorTenant -Url $Url
        $bsid = [guid](Invoke-LcEmulator $Url "orgs/$($big.OrganizationId)/sensors" -Body @{ sensors = @(@{ hostname = 'busy-01' }) }).sids[0]
        Invoke-LcEmulator $Url "orgs/$($big.OrganizationId)/telemetry" -Body @{ sid = "$bsid"; count = 100000; start = $From; end = $To } | Out-Null
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 2 } | Out-Null
        $bs = Connect-LcOrg -OrganizationId $big.OrganizationId -ApiKey $big.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $bs.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; fraction = 0.05; pathPrefix = "/v1/insight/$($big.OrganizationId)"; error = 'try again' } | Out-Null
        try {
            $mintsBefore = [int]((Invoke-LcEmulator $Url 'counters' -Method GET).mints.($big.OrgKeyId))
            $ids = [System.Collections.Generic.HashSet[string]]::new()
            $state = @{ Count = 0; Duplicates = 0 }
            Get-LcEvent -Session $bs -SensorId $bsid -Start ([DateTimeOffset]::FromUnixTimeSeconds($From)) -End $Now -PageSize 2000 | ForEach-Object {
                $state.Count++
                if (-not $ids.Add($_.EventId)) { $state.Duplicates++ }
                # A consumer that pauses: the stream outlives two token lifetimes however fast the client is.
                if ($state.Count % 10000 -eq 0) { Start-Sleep -Milliseconds 400 }
            }
            $state.Count | Should -Be 100000
            $state.Duplicates | Should -Be 0
            (Invoke-LcEmulator $Url 'faults' -Method GET)[0].injected | Should -BeGreaterThan 0
            ([int]((Invoke-LcEmulator $Url 'counters' -Method GET).mints.($big.OrgKeyId)) - $mintsBefore) | Should -BeGreaterOrEqual 2
        }
        finally {
            Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
            Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null
        }
    }
}

Describe 'A million events' {
    It 'streams 1,000,000 events into Measure-Object with flat memory, exactly once, while tokens expire and 5% of pages fail' {
        $m = New-LcEmulatorTenant -Url $Url
        $moid = $m.OrganizationId
        $msid = (Invoke-LcEmulator $Url "orgs/$moid/sensors" -Body @{ sensors = @(@{ hostname = 'large-01' }) }).sids[0]
        $start = $Now.AddHours(-3).ToUnixTimeSeconds()
        $end = $Now.AddMinutes(-1).ToUnixTimeSeconds()
        Invoke-LcEmulator $Url "orgs/$moid/telemetry" -Body @{ sid = $msid; count = 1000000; start = $start; end = $end } | Out-Null
        $expected = Invoke-LcEmulator $Url "orgs/$moid/telemetry/$msid/digest?start=$start&end=$end" -Method GET
        # The child checks order and sums the ids as they pass (the emulator's digest is the same sum over what it
        # holds), and samples its working set every 100,000 events: it keeps nothing per event itself.
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:LC_TEST_MODULE_PATH'
Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
public sealed class StreamCheck
{
    public long Count, OutOfOrder;
    public ulong IdSum;
    public List<long> WorkingSetMB = new List<long>();
    private DateTimeOffset? _last;
    public void Add(DateTimeOffset? time, string id)
    {
        if (++Count % 100000 == 0) WorkingSetMB.Add(Environment.WorkingSet >> 20);
        if (_last is { } last && time >= last) OutOfOrder++;
        _last = time;
        var bytes = Guid.Parse(id).ToByteArray();
        IdSum += BitConverter.ToUInt64(bytes, 0) + BitConverter.ToUInt64(bytes, 8);
    }
}
'@
`$s = Connect-LcOrg -OrganizationId '$moid' -ApiKey (ConvertTo-SecureString '$([pscredential]::new('k', $m.OrgKey).GetNetworkCredential().Password)' -AsPlainText -Force) -ApiUrl '$Url' -JwtUrl '$Url' -PassThru
`$s.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
function Mints { [int](Invoke-RestMethod '$($Url.TrimEnd('/'))/_emu/counters').mints.'$($m.OrgKeyId)' }
`$mints = Mints
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$check = [StreamCheck]::new()
`$measured = (Get-LcEvent -Session `$s -SensorId '$msid' -Start ([DateTimeOffset]::FromUnixTimeSeconds($start)) -End ([DateTimeOffset]::FromUnixTimeSeconds($end)) |
    ForEach-Object { `$check.Add(`$_.EventTime, `$_.EventId); `$_ } | Measure-Object).Count
[pscustomobject]@{
    Measured = `$measured; Checked = `$check.Count; OutOfOrder = `$check.OutOfOrder; IdSum = `$check.IdSum.ToString()
    Mints = (Mints) - `$mints; Seconds = [math]::Round(`$clock.Elapsed.TotalSeconds, 1); WorkingSetMB = `$check.WorkingSetMB
    PeakMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)
} | ConvertTo-Json -Compress
"@
        # Short tokens, renewed every ~2 s: any stream of more than ~7 s mints at least three (with 8 s tokens a 14 s stream minted two).
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3 } | Out-Null
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; fraction = 0.05; pathPrefix = "/v1/insight/$moid"; error = 'try again' } | Out-Null
        try {
            $run = Invoke-ChildPwsh $child
            $injected = (Invoke-LcEmulator $Url 'faults' -Method GET)[0].injected
        }
        finally {
            Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
            Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null
        }
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join ' | ')
        $r = $run.Output[-1] | ConvertFrom-Json
        Write-Host "    1,000,000 events in $($r.Seconds) s; working set every 100,000 events (MB): $($r.WorkingSetMB -join ', '); peak $($r.PeakMB) MB; $($r.Mints) token mints; $injected page failures injected"
        $r.Measured | Should -Be 1000000
        $r.Checked | Should -Be 1000000
        $r.OutOfOrder | Should -Be 0
        $expected.count | Should -Be 1000000
        $r.IdSum | Should -Be $expected.idSum
        $r.Mints | Should -BeGreaterOrEqual 3
        $injected | Should -BeGreaterThan 0
        # Flat: what the process holds after 100,000 events is what it holds after 1,000,000 (a stream that kept
        # its records would grow by over a gigabyte).
        $r.WorkingSetMB | Should -HaveCount 10
        (($r.WorkingSetMB | Measure-Object -Maximum).Maximum - $r.WorkingSetMB[0]) | Should -BeLessThan 100
    }
}

Describe 'Get-LcDetection and Get-LcAuditLog' {
    BeforeAll {
        Invoke-LcEmulator $Url "orgs/$Oid/detections" -Body @{ count = 300; start = $From; end = $To; categories = @('evil-process', 'dns-exfil'); sids = @("$Sid") } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/audit" -Body @{ count = 50; start = $From; end = $To } | Out-Null
    }

    It 'streams the detections of the window, typed' {
        $d = Get-LcDetection -Session $S -PageSize 100
        $d | Should -HaveCount 300
        $d[0] | Should -BeOfType ([LimaCharlie.Detection])
        $d[0].Time | Should -BeOfType ([DateTimeOffset])
        ($d.Category | Select-Object -Unique | Sort-Object) | Should -Be @('dns-exfil', 'evil-process')
    }

    It 'filters detections by category and gets one by id' {
        $evil = Get-LcDetection -Session $S -Category 'evil-process'
        $evil.Category | Select-Object -Unique | Should -Be 'evil-process'
        (Get-LcDetection -Session $S -DetectionId $evil[0].DetectionId).DetectionId | Should -Be $evil[0].DetectionId
    }

    It 'reports an unknown detection id as not found' {
        $err = $null
        Get-LcDetection -Session $S -DetectionId 'no-such-detection' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
    }

    It 'streams the audit log' {
        $a = Get-LcAuditLog -Session $S
        $a.Count | Should -BeGreaterOrEqual 50
        $a[0] | Should -BeOfType ([LimaCharlie.AuditEntry])
        $type = $a[0].EventType
        (Get-LcAuditLog -Session $S -EventType $type).EventType | Select-Object -Unique | Should -Be $type
    }

    It 'reads the sensor an audit entry acts on from its entity, and filters by it' {
        $about = @(Get-LcAuditLog -Session $S -SensorId $Sid)
        $about.Count | Should -BeGreaterThan 0
        $about | ForEach-Object {
            $_.EventType | Should -BeLike 'sensor_*'
            $_.SensorId | Should -Be $Sid
            $_.Entity['sid'] | Should -Be "$Sid"
        }
        (Get-LcAuditLog -Session $S | Where-Object SensorId -eq $Sid) | Should -HaveCount $about.Count
    }

    It 'reads each audit entry''s message and time as the SDK documents them (msg; time in ms, ts as UTC text), and shows the message' {
        $entries = @(Get-LcAuditLog -Session $S | Select-Object -First 20)
        $entries | ForEach-Object { $_.Message | Should -Not -BeNullOrEmpty; $_.Time | Should -Not -BeNullOrEmpty }
        $raw = Invoke-LcApi GET "v1/insight/{oid}/audit" -Session $S -Query @{ start = $entries[0].Time.AddMinutes(-1).ToUnixTimeSeconds(); end = $entries[0].Time.AddMinutes(1).ToUnixTimeSeconds(); limit = 1 }
        $first = @($raw.events)[0]
        $first.msg | Should -Not -BeNullOrEmpty
        $first.ts | Should -Match '^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$'
        [DateTimeOffset]::FromUnixTimeMilliseconds($first.time).ToString('yyyy-MM-dd HH:mm:ss') | Should -Be $first.ts
        $table = $entries[0] | Format-Table | Out-String -Width 120
        $table | Should -Match 'Message'
        $table | Should -Match ([regex]::Escape($entries[0].Message.Substring(0, [Math]::Min(20, $entries[0].Message.Length))))
    }
}
