# Detection engineering against the emulator's D&R engine: Test-LcDrRule over inline events and stored history (a
# replay of 100,000 events), rule tests as code run as a CI job would (Invoke-LcRuleTest over a folder of 10 rules,
# failing when one regresses), and rules checked by the service before anything is written.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -NoWelcome -PassThru
    $script:Sids = @((Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 2; platforms = @('windows') }).sids)
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object seq -GT $Seq) }
    function script:Stored([string] $Hive) { Invoke-LcEmulator $Url "orgs/$Oid/hive/$Hive" -Method GET }
    function script:Ev([string] $Type, [hashtable] $Event, [hashtable] $Routing = @{}) {
        $r = @{ event_type = $Type; plat = 268435456; arch = 2; tags = @() }
        foreach ($k in $Routing.Keys) { $r[$k] = $Routing[$k] }
        @{ routing = $r; event = $Event }
    }

    # Ten rules as a detection repository keeps them: five with their own tests section, five with sample folders.
    $script:Rules = Join-Path $TestDrive 'rules'
    New-Item -ItemType Directory -Path $Rules | Out-Null
    function script:Write-Rule([string] $Name, [string] $Yaml) { Set-Content -Path (Join-Path $Rules "$Name.yaml") -Value $Yaml }
    function script:Write-Samples([string] $Name, [string] $Kind, [string] $File, [object[]] $Events, [switch] $Lines) {
        $dir = Join-Path $Rules "$Name/$Kind"
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $text = if ($Lines) { ($Events | ForEach-Object { $_ | ConvertTo-Json -Depth 10 -Compress }) -join "`n" } else { ConvertTo-Json -InputObject @($Events) -Depth 10 }
        Set-Content -Path (Join-Path $dir $File) -Value $text
    }

    Write-Rule 'certutil-download' @'
detect:
  event: NEW_PROCESS
  op: and
  rules:
    - op: ends with
      path: event/FILE_PATH
      value: certutil.exe
      case sensitive: false
    - op: contains
      path: event/COMMAND_LINE
      value: urlcache
respond:
  - action: report
    name: certutil-download
  - action: add tag
    tag: lolbin
    ttl: 3600
tests:
  match:
    - - routing: {event_type: NEW_PROCESS}
        event: {FILE_PATH: 'C:\Windows\System32\CERTUTIL.EXE', COMMAND_LINE: 'certutil -urlcache -f http://x/a.exe a.exe'}
  non_match:
    - - routing: {event_type: NEW_PROCESS}
        event: {FILE_PATH: 'C:\Windows\System32\certutil.exe', COMMAND_LINE: 'certutil -hashfile a.exe'}
    - - routing: {event_type: DNS_REQUEST}
        event: {FILE_PATH: 'C:\Windows\System32\certutil.exe', COMMAND_LINE: 'certutil -urlcache'}
'@
    Write-Rule 'encoded-powershell' @'
detect:
  event: NEW_PROCESS
  op: matches
  path: event/COMMAND_LINE
  re: '-(e|enc|encodedcommand)\s+[A-Za-z0-9+/=]{20,}'
  case sensitive: false
respond:
  - action: report
    name: encoded-powershell
'@
    Write-Samples 'encoded-powershell' 'match' 'encoded.jsonl' -Lines @(
        (Ev NEW_PROCESS @{ COMMAND_LINE = 'powershell.exe -NoP -ENC SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA' })
        (Ev NEW_PROCESS @{ COMMAND_LINE = 'pwsh -encodedcommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA' }))
    Write-Samples 'encoded-powershell' 'nomatch' 'plain.json' @(
        (Ev NEW_PROCESS @{ COMMAND_LINE = 'powershell.exe -File backup.ps1' })
        (Ev NEW_PROCESS @{ COMMAND_LINE = 'powershell.exe -e short' }))
    Write-Rule 'temp-exec' @'
detect:
  event: NEW_PROCESS
  op: and
  rules:
    - op: starts with
      path: event/FILE_PATH
      value: 'C:\Users\'
    - op: contains
      path: event/FILE_PATH
      value: '\appdata\local\temp\'
      case sensitive: false
respond:
  - action: report
    name: temp-exec
tests:
  match:
    - routing: {event_type: NEW_PROCESS}
      event: {FILE_PATH: 'C:\Users\bob\AppData\Local\Temp\setup.exe'}
  non_match:
    - routing: {event_type: NEW_PROCESS}
      event: {FILE_PATH: 'c:\users\bob\AppData\Local\Temp\setup.exe'}
    - routing: {event_type: NEW_PROCESS}
      event: {FILE_PATH: 'C:\Users\bob\Documents\setup.exe'}
'@
    Write-Rule 'dns-bad-domain' @'
detect:
  event: DNS_REQUEST
  op: ends with
  path: event/DOMAIN_NAME
  value: .evil-example.org
respond:
  - action: report
    name: dns-bad-domain
'@
    Write-Samples 'dns-bad-domain' 'match' 'bad.json' @((Ev DNS_REQUEST @{ DOMAIN_NAME = 'x7f3k2.evil-example.org' }))
    Write-Samples 'dns-bad-domain' 'nomatch' 'good.json' @((Ev DNS_REQUEST @{ DOMAIN_NAME = 'www.example.org' }), (Ev DNS_REQUEST @{ DOMAIN_NAME = 'x7f3k2.EVIL-EXAMPLE.ORG' }))
    Write-Rule 'high-port-outbound' @'
detect:
  event: NETWORK_CONNECTIONS
  op: is greater than
  path: event/NETWORK_ACTIVITY/*/DESTINATION/PORT
  value: 50000
respond:
  - action: report
    name: high-port-outbound
tests:
  match:
    - routing: {event_type: NETWORK_CONNECTIONS}
      event: {NETWORK_ACTIVITY: [{DESTINATION: {PORT: 443}}, {DESTINATION: {PORT: 61000}}]}
  non_match:
    - routing: {event_type: NETWORK_CONNECTIONS}
      event: {NETWORK_ACTIVITY: [{DESTINATION: {PORT: 443}}, {DESTINATION: {PORT: 50000}}]}
'@
    Write-Rule 'empty-file-drop' @'
detect:
  event: FILE_CREATE
  op: is lower than
  path: event/FILE_SIZE
  value: 1
respond:
  - action: report
    name: empty-file-drop
'@
    Write-Samples 'empty-file-drop' 'match' 'empty.yaml' @((Ev FILE_CREATE @{ FILE_PATH = 'C:\x.dll'; FILE_SIZE = 0 }))
    Write-Samples 'empty-file-drop' 'nomatch' 'full.jsonl' -Lines @((Ev FILE_CREATE @{ FILE_PATH = 'C:\x.dll'; FILE_SIZE = 5 }), (Ev FILE_CREATE @{ FILE_PATH = 'C:\y.dll' }))
    Write-Rule 'orphan-process' @'
detect:
  event: NEW_PROCESS
  op: exists
  path: event/PARENT
  not: true
respond:
  - action: report
    name: orphan-process
  - action: task
    command: history_dump
tests:
  match:
    - routing: {event_type: NEW_PROCESS}
      event: {FILE_PATH: 'C:\a.exe'}
  non_match:
    - routing: {event_type: NEW_PROCESS}
      event: {FILE_PATH: 'C:\a.exe', PARENT: {FILE_PATH: 'C:\Windows\explorer.exe'}}
'@
    Write-Rule 'windows-rundll' @'
detect:
  op: and
  events: [NEW_PROCESS, EXISTING_PROCESS]
  rules:
    - op: is windows
    - op: is
      path: event/FILE_PATH
      value: 'c:\windows\system32\rundll32.exe'
      case sensitive: false
respond:
  - action: report
    name: windows-rundll
'@
    Write-Samples 'windows-rundll' 'match' 'win.json' @((Ev EXISTING_PROCESS @{ FILE_PATH = 'C:\Windows\System32\rundll32.exe' }))
    Write-Samples 'windows-rundll' 'nomatch' 'linux.json' @((Ev NEW_PROCESS @{ FILE_PATH = 'C:\Windows\System32\rundll32.exe' } @{ plat = 536870912 }))
    Write-Rule 'vip-root-shell' @'
detect:
  event: NEW_PROCESS
  op: and
  rules:
    - op: is tagged
      tag: vip
    - op: or
      rules:
        - op: is
          path: event/USER_NAME
          value: root
        - op: is
          path: event/USER_NAME
          value: SYSTEM
respond:
  - action: report
    name: vip-root-shell
  - action: isolate network
tests:
  match:
    - routing: {event_type: NEW_PROCESS, tags: [vip, finance]}
      event: {USER_NAME: root}
  non_match:
    - routing: {event_type: NEW_PROCESS, tags: [finance]}
      event: {USER_NAME: root}
    - routing: {event_type: NEW_PROCESS, tags: [vip]}
      event: {USER_NAME: alice}
'@
    Write-Rule 'ssh-from-internet' @'
detect:
  event: NETWORK_CONNECTIONS
  op: and
  rules:
    - op: is public address
      path: event/NETWORK_ACTIVITY/*/SOURCE/IP_ADDRESS
    - op: is
      path: event/NETWORK_ACTIVITY/*/DESTINATION/PORT
      value: 22
respond:
  - action: report
    name: ssh-from-internet
'@
    Write-Samples 'ssh-from-internet' 'match' 'public.json' @((Ev NETWORK_CONNECTIONS @{ NETWORK_ACTIVITY = @(@{ SOURCE = @{ IP_ADDRESS = '198.51.100.7' }; DESTINATION = @{ PORT = 22 } }) }))
    Write-Samples 'ssh-from-internet' 'nomatch' 'private.json' @((Ev NETWORK_CONNECTIONS @{ NETWORK_ACTIVITY = @(@{ SOURCE = @{ IP_ADDRESS = '10.1.2.3' }; DESTINATION = @{ PORT = 22 } }) }))
}

AfterAll { Disconnect-LcOrg }

Describe 'Invoke-LcRuleTest' {
    It 'runs the cases of 10 rules (tests sections and sample folders) and passes them all' {
        $results = @(Invoke-LcRuleTest -Session $S -Path $Rules -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        @($results.RuleName | Sort-Object -Unique) | Should -HaveCount 10
        $results | ForEach-Object { $_ | Should -BeOfType ([LimaCharlie.RuleTestResult]) }
        $failed = @($results | Where-Object { -not $_.Passed } | ForEach-Object { "$_ $($_.Error)" })
        $failed | Should -BeNullOrEmpty
        @($results | Where-Object ExpectedMatch).Count | Should -BeGreaterOrEqual 10
        @($results | Where-Object { -not $_.ExpectedMatch }).Count | Should -BeGreaterOrEqual 10
        ($results | Where-Object { $_.RuleName -eq 'certutil-download' -and $_.ExpectedMatch }).Reports | Should -Be 'certutil-download'
        ($results | Where-Object RuleName -EQ 'encoded-powershell' | Where-Object ExpectedMatch).Case | Should -Be @('match/encoded.jsonl#1', 'match/encoded.jsonl#2')
    }

    It 'fails a CI job when a rule regresses, naming the case, and passes it again once fixed' {
        $ci = @"
Import-Module '$(Get-TestModulePath)'
Connect-LcOrg -OrganizationId '$Oid' -ApiKey (ConvertTo-SecureString '$([pscredential]::new('k', $T.OrgKey).GetNetworkCredential().Password)' -AsPlainText -Force) -ApiUrl '$Url' -JwtUrl '$Url' -NoWelcome
Invoke-LcRuleTest -Path '$Rules' -ErrorAction Stop | Out-Null
"@
        $green = Invoke-ChildPwsh $ci
        $green.ExitCode | Should -Be 0 -Because ($green.Output -join ' | ')

        $file = Join-Path $Rules 'dns-bad-domain.yaml'
        $good = Get-Content -Raw $file
        Set-Content -Path $file -Value ($good -replace 'evil-example\.org', 'evil-example.com')
        try {
            $red = Invoke-ChildPwsh $ci
            $red.ExitCode | Should -Not -Be 0
            ($red.Output -join "`n") | Should -Match 'RuleTestFailed|1 of \d+ rule test cases failed'
            ($red.Output -join "`n") | Should -Match 'dns-bad-domain match/bad\.json'

            $results = @(Invoke-LcRuleTest -Session $S -Path $Rules -ErrorVariable err -ErrorAction SilentlyContinue)
            $results.Count | Should -BeGreaterThan 20 -Because 'every case still runs and is reported'
            $failed = @($results | Where-Object { -not $_.Passed })
            $failed | Should -HaveCount 1
            $failed[0].RuleName | Should -Be 'dns-bad-domain'
            $failed[0].ExpectedMatch | Should -BeTrue
            $failed[0].SamplePath | Should -BeLike '*bad.json'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.RuleTestFailed,*'
        }
        finally { Set-Content -Path $file -Value $good -NoNewline }
    }

    It 'fails the cases of a rule the service cannot compile, with the reason' {
        $dir = Join-Path $TestDrive 'broken'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir 'typo.yaml') @'
detect: {event: NEW_PROCESS, op: is greather than, path: event/PROCESS_ID, value: 4}
respond: [{action: report, name: typo}]
tests:
  match: [[{routing: {event_type: NEW_PROCESS}, event: {PROCESS_ID: 8}}]]
'@
        $r = Invoke-LcRuleTest -Session $S -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Passed | Should -BeFalse
        $r.Error | Should -Match "unknown operator 'is greather than'"
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.RuleTestFailed,*'
    }

    It 'shows PASS and FAIL in a table that fits 120 columns' {
        $text = Invoke-LcRuleTest -Session $S -Path (Join-Path $Rules 'temp-exec.yaml') | Out-String -Width 120
        $text | Should -Match 'PASS\s+temp-exec\s+match\[0\]\s+match\s+match\s+temp-exec'
        $text | Should -Match 'PASS\s+temp-exec\s+non_match\[1\]\s+no match\s+no match'
    }
}

Describe 'Test-LcDrRule' {
    It 'tests a rule given as parameters on inline JSON events and says which matched and what it would have done' {
        $events = @(
            Ev NEW_PROCESS @{ FILE_PATH = 'C:\Windows\System32\certutil.exe'; COMMAND_LINE = 'certutil -urlcache -f http://x' }
            Ev NEW_PROCESS @{ FILE_PATH = 'C:\Windows\notepad.exe' }
            Ev DNS_REQUEST @{ DOMAIN_NAME = 'certutil.exe' }) | ConvertTo-Json -Depth 10
        $r = Test-LcDrRule -Session $S -Name certutil -Detect @{ event = 'NEW_PROCESS'; op = 'ends with'; path = 'event/FILE_PATH'; value = 'certutil.exe' } `
            -Respond @(@{ action = 'report'; name = 'certutil-seen' }, @{ action = 'add tag'; tag = 'lolbin' }) -Event $events
        $r | Should -BeOfType ([LimaCharlie.DrRuleTest])
        $r.Matched | Should -BeTrue
        $r.EventSource | Should -Be 'inline'
        $r.EventsProcessed | Should -Be 3
        $r.EventsMatched | Should -Be 1
        $r.Reports | Should -Be 'certutil-seen'
        $r.Actions.Action | Should -Be @('report', 'add tag')
        $r.Actions.Target | Should -Be @('certutil-seen', 'lolbin')
        $r.MatchedEvents | Should -HaveCount 1
        $r.MatchedEvents[0]['event']['COMMAND_LINE'] | Should -Be 'certutil -urlcache -f http://x'
        $r.EventsBilled | Should -Be 0 -Because 'inline events are free'
        $r.Evaluations | Should -BeGreaterThan 0
    }

    It 'reads JSON Lines files, defaults the response to a report named after the rule, and traces the evaluation path' {
        $file = Join-Path $TestDrive 'events.jsonl'
        Set-Content $file (@((Ev NEW_PROCESS @{ USER_NAME = 'root' }), (Ev NEW_PROCESS @{ USER_NAME = 'alice' })) | ForEach-Object { $_ | ConvertTo-Json -Compress -Depth 5 })
        $r = Test-LcDrRule -Session $S -Name root-shell -Detect "event: NEW_PROCESS`nop: is`npath: event/USER_NAME`nvalue: root" -EventPath $file -Trace
        $r.Reports | Should -Be 'root-shell'
        $r.Traces | Should -HaveCount 2
        $r.Traces[0][0] | Should -Match 'matched'
        $r.Traces[1][0] | Should -Match 'no match'
        ($r.Traces[0] -join "`n") | Should -Match "op 'is' event/USER_NAME: true"
    }

    It 'tests events piped from Get-LcEvent together against the org''s rule given by name' {
        $end = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = $Sids[1]; count = 50; start = $end - 3600; end = $end; eventTypes = @('NEW_PROCESS', 'DNS_REQUEST') } | Out-Null
        Set-LcDrRule -Session $S -Name dns-any -Detect @{ event = 'DNS_REQUEST'; op = 'exists'; path = 'event/DOMAIN_NAME' } -Respond @(@{ action = 'report'; name = 'dns-any' })
        $events = @(Get-LcEvent -Session $S -SensorId $Sids[1] -Last (New-TimeSpan -Hours 2))
        $events.Count | Should -Be 50
        $dns = @($events | Where-Object EventType -EQ 'DNS_REQUEST').Count
        $r = $events | Test-LcDrRule -Session $S -Name dns-any
        $r | Should -HaveCount 1
        $r.EventsProcessed | Should -Be 50
        $r.EventsMatched | Should -Be $dns
        @($r.Actions | Where-Object Action -EQ 'report').Count | Should -Be $dns
        $r.Actions[0].SensorId | Should -Be $Sids[1]
    }

    It 'replays a rule piped from Get-LcDrRule over 100,000 stored events, and estimates it with -DryRun' {
        $sid = $Sids[0]
        $end = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - 60
        Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = $sid; count = 100000; start = $end - 86400; end = $end; seed = 7 } | Out-Null
        Set-LcDrRule -Session $S -Name bad-dns -Detect @{ event = 'DNS_REQUEST'; op = 'ends with'; path = 'event/DOMAIN_NAME'; value = '.evil-example.org' } `
            -Respond @(@{ action = 'report'; name = 'bad-dns' })
        $window = @{ Start = [DateTimeOffset]::FromUnixTimeSeconds($end - 86400); End = [DateTimeOffset]::FromUnixTimeSeconds($end) }

        $estimate = Get-LcDrRule -Session $S -Name bad-dns | Test-LcDrRule -Session $S -SensorId $sid @window -DryRun
        $estimate.IsDryRun | Should -BeTrue
        $estimate.EventsScanned | Should -Be 100000
        $estimate.EventsProcessed | Should -Be 0
        $estimate.EstimatedPrice | Should -BeGreaterThan 0
        $estimate.Currency | Should -Be 'USD'

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = Get-LcDrRule -Session $S -Name bad-dns | Test-LcDrRule -Session $S -SensorId $sid @window
        Write-Host "    replay of 100,000 stored events: $($r.EventsMatched) matched, $($r.Evaluations) evaluations, $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s"
        $r.EventSource | Should -Be 'history'
        $r.EventsProcessed | Should -Be 100000
        $r.EventsMatched | Should -BeGreaterThan 0
        $r.EventsMatched | Should -BeLessThan 25000
        $r.Reports | Should -Be 'bad-dns'
        @($r.Actions).Count | Should -Be $r.EventsMatched
        $r.Actions | ForEach-Object { $_.EventType | Should -Be 'DNS_REQUEST' }
        $r.EventsBilled | Should -Be 100000

        $org = Test-LcDrRule -Session $S -Name bad-dns @window -DryRun
        $org.EventsScanned | Should -BeGreaterThan 100000 -Because 'without -SensorId or -Selector the whole organization is replayed'
        $org.Stats['n_shard'] | Should -Be 2

        $limited = Test-LcDrRule -Session $S -Name bad-dns -Selector "plat == windows" @window -EventLimit 1000 -WarningVariable warned -WarningAction SilentlyContinue
        $limited.EventsProcessed | Should -Be 1000
        $limited.Errors | Should -Match 'limit_event'
        $warned | Should -Match 'limit_event'
    }

    It 'reports a rule the service cannot run as LimaCharlie.ReplayFailed and goes on with the next' {
        $dir = Join-Path $TestDrive 'two'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir 'a-bad.yaml') "detect: {event: NEW_PROCESS, op: matches, path: event/X, re: '(unclosed'}`nrespond: [{action: report, name: a}]"
        Set-Content (Join-Path $dir 'b-good.yaml') "detect: {event: NEW_PROCESS, op: exists, path: event/X}`nrespond: [{action: report, name: b}]"
        $r = Test-LcDrRule -Session $S -Path $dir -Event '{"routing": {"event_type": "NEW_PROCESS"}, "event": {"X": 1}}' -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ReplayFailed,*'
        "$($err[0])" | Should -Match 'a-bad.*regular expression'
        $r.RuleName | Should -Be 'b-good'
        $r.Matched | Should -BeTrue
    }

    It 'refuses events that are not events, naming where they came from' {
        { Test-LcDrRule -Session $S -Name x -Detect @{ event = 'X' } -Event '{"FILE_PATH": "a"}' -ErrorAction Stop } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidEvent,*'
    }
}

Describe 'Rules checked before anything is written' {
    It 'refuses a D&R rule with a syntax error, writing the others, and sends no write for it' {
        $dir = Join-Path $TestDrive 'deploy'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir 'good.yaml') "detect: {event: NEW_PROCESS, op: is, path: event/USER_NAME, value: root}`nrespond: [{action: report, name: good}]"
        Set-Content (Join-Path $dir 'typo.yaml') "detect: {event: NEW_PROCESS, op: is greather than, path: event/PROCESS_ID, value: 4}`nrespond: [{action: report, name: typo}]"
        $seq = Last-Seq
        Set-LcDrRule -Session $S -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidRule,*'
        "$($err[0])" | Should -Match "typo.*unknown operator 'is greather than'"
        $err[0].TargetObject | Should -Be 'dr-general/typo'
        $stored = Stored 'dr-general'
        $stored.good | Should -Not -BeNullOrEmpty
        $stored.typo | Should -BeNullOrEmpty
        $writes = @(Requests-Since $seq | Where-Object { $_.method -eq 'POST' -and $_.path -like "/v1/hive/dr-general/$Oid/*/data" })
        $writes.path | Should -Be @("/v1/hive/dr-general/$Oid/good/data")
        @(Requests-Since $seq | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/' }) | Should -HaveCount 2 -Because 'each rule is checked once by the replay service'
    }

    It 'writes unchecked with -SkipValidation (the service then refuses the write itself)' {
        $seq = Last-Seq
        Set-LcDrRule -Session $S -Name typo2 -Detect @{ event = 'NEW_PROCESS'; op = 'is greather than'; path = 'event/PROCESS_ID'; value = 4 } -Respond @(@{ action = 'report'; name = 'x' }) `
            -SkipValidation -ErrorVariable err -ErrorAction SilentlyContinue
        @(Requests-Since $seq | Where-Object { $_.path -eq '/' }) | Should -BeNullOrEmpty
        @(Requests-Since $seq | Where-Object { $_.path -like '*/typo2/data' }) | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.BadRequest,*'
    }

    It 'writes the D&R rules unchecked, with one warning, when the replay service refuses the key' {
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 403; count = 1; pathPrefix = '/'; method = 'POST'; error = 'forbidden' } | Out-Null
        try {
            Set-LcDrRule -Session $S -Name unchecked-1 -Detect @{ event = 'NEW_PROCESS' } -Respond @(@{ action = 'report'; name = 'u' }) -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
        }
        finally { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }
        $warned | Should -HaveCount 1
        "$warned" | Should -Match 'written unchecked'
        (Stored 'dr-general').'unchecked-1' | Should -Not -BeNullOrEmpty
    }

    It 'refuses a false-positive rule the hive''s validate call refuses' {
        $seq = Last-Seq
        Set-LcFpRule -Session $S -Name fp-typo -Rule @{ op = 'contain'; path = 'cat'; value = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidRule,*'
        "$($err[0])" | Should -Match "unknown operator 'contain'"
        @(Requests-Since $seq | Where-Object { $_.path -like '*/fp-typo/validate' }) | Should -HaveCount 1
        @(Requests-Since $seq | Where-Object { $_.path -like '*/fp-typo/data' -and $_.method -eq 'POST' }) | Should -BeNullOrEmpty
    }

    It 'leaves a broken rule out of Import-LcOrgConfig and applies the rest' {
        $dir = Join-Path $TestDrive 'config'
        New-Item -ItemType Directory (Join-Path $dir 'dr-general') -Force | Out-Null
        Set-Content (Join-Path $dir 'dr-general/imported-ok.yaml') "detect: {event: DNS_REQUEST, op: contains, path: event/DOMAIN_NAME, value: evil}`nrespond: [{action: report, name: ok}]"
        Set-Content (Join-Path $dir 'dr-general/imported-bad.yaml') "detect: {event: DNS_REQUEST, op: contains, path: event/DOMAIN_NAME}`nrespond: [{action: report, name: bad}]"
        $changes = Import-LcOrgConfig -Session $S -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidRule,*'
        "$($err[0])" | Should -Match "imported-bad.*'value' is required"
        $changes.Name | Should -Be 'imported-ok'
        (Stored 'dr-general').'imported-bad' | Should -BeNullOrEmpty
    }
}
