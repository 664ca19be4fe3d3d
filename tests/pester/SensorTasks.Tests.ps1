# Tasks and their answers: reliable tasks for offline sensors (the reliable-tasking service), and the answers sensors
# send into the organization's live stream, against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:Oid = $Tenant.OrganizationId
    # The live stream of the answers is the emulator's services host too: nothing leaves 127.0.0.1.
    $script:Services = (Invoke-LcEmulator $Url 'urls' -Method GET).services
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru -NoWelcome -ServiceUrl @{ stream = $Services }
    $named = Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(
            @{ hostname = 'laptop-01'; plat = 'windows'; online = $false }
            @{ hostname = 'laptop-02'; plat = 'windows'; online = $false }
            @{ hostname = 'laptop-03'; plat = 'linux'; online = $false }
            @{ hostname = 'server-01'; plat = 'windows'; online = $true }
            @{ hostname = 'server-02'; plat = 'linux'; online = $true }
        ) }
    $script:Sids = @{}
    foreach ($sid in $named.sids) { $info = Invoke-LcEmulator $Url "orgs/$Oid/sensors/$sid" -Method GET; $Sids[$info.hostname] = [guid]$sid }
    $script:Laptops = @('laptop-01', 'laptop-02', 'laptop-03' | ForEach-Object { $Sids[$_] })
    # Concurrent calls are logged as they end, so the highest number, not the last entry, marks where a test starts.
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Measure-Object -Property seq -Maximum).Maximum }
    function script:Requests-Since([long] $Seq, [string] $Like = '*') { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
    function script:Service-Requests([long] $Seq) {
        foreach ($r in Requests-Since $Seq "/v1/service/$Oid/reliable-tasking") {
            [pscustomobject]@{
                Data    = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(@($r.form.request_data)[0])) | ConvertFrom-Json
                IsAsync = @($r.form.is_async)[0]
            }
        }
    }
    function script:Answers([string] $InvestigationId) {
        @(Invoke-LcEmulator $Url "orgs/$Oid/liverecords?type=event" -Method GET | Where-Object { $_.routing.investigation_id -eq $InvestigationId })
    }
}

AfterAll { Disconnect-LcOrg }

Describe 'Reliable tasks' {
    It 'stops once with LimaCharlie.ServiceNotSubscribed while the organization does not use the service' {
        $seq = Last-Seq
        { $Laptops | Send-LcReliableTask -Session $S -Command os_version -ThrottleLimit 1 } | Should -Throw -ErrorId 'LimaCharlie.ServiceNotSubscribed*'
        @(Service-Requests $seq).Count | Should -BeLessThan 3 -Because 'the failure concerns every sensor alike and stops the command'
        { Get-LcReliableTask -Session $S -SensorId $Laptops[0] } | Should -Throw -ErrorId 'LimaCharlie.ServiceNotSubscribed*'
        $e = $null
        try { Get-LcReliableTask -Session $S -SensorId $Laptops[0] -ErrorAction Stop } catch { $e = $_ }
        "$($e.ErrorDetails.RecommendedAction)" | Should -Match 'ext-reliable-tasking'
    }

    It 'hands a task for each offline sensor to the service, as commands/task.py sends it, and writes typed tasks' {
        Add-LcExtensionSubscription -Session $S -Name ext-reliable-tasking
        $seq = Last-Seq
        $sent = $Laptops | Send-LcReliableTask -Session $S -Command os_version -InvestigationId patch-audit -TimeToLive (New-TimeSpan -Days 2)
        $sent | Should -HaveCount 3
        $sent | Should -BeOfType ([LimaCharlie.ReliableTask])
        ($sent.SensorId | Sort-Object) | Should -Be ($Laptops | Sort-Object)
        $sent.TaskId | Should -Not -Contain $null
        $sent[0].Command | Should -Be 'os_version'
        $sent[0].TimeToLive | Should -Be ([timespan]::FromDays(2))
        $wire = @(Service-Requests $seq)
        $wire | Should -HaveCount 3
        $wire[0].IsAsync | Should -Be 'True'
        $wire[0].Data.action | Should -Be 'task'
        $wire[0].Data.task | Should -Be 'os_version'
        $wire[0].Data.inv_id | Should -Be 'patch-audit'
        $wire[0].Data.ttl | Should -Be 172800
        ($wire.Data.sid | Sort-Object) | Should -Be ($Laptops | ForEach-Object { "$_" } | Sort-Object)
        @(Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET | Where-Object sid -in ($Laptops | ForEach-Object { "$_" })) | Should -HaveCount 0 -Because 'the sensors are offline: nothing was sent yet'
    }

    It 'lists what the service holds for sensors from the pipeline, and shows it at 120 columns' {
        $seq = Last-Seq
        $held = Get-LcSensor -Session $S -SensorId $Laptops | Get-LcReliableTask -Session $S
        $held | Should -HaveCount 3
        $held | Should -BeOfType ([LimaCharlie.ReliableTask])
        $held[0].InvestigationId | Should -Be 'patch-audit'
        $held[0].TimeToLive | Should -Be ([timespan]::FromDays(2))
        ($held[0].ExpiresAt - $held[0].CreatedAt) | Should -Be ([timespan]::FromDays(2))
        (Service-Requests $seq).Data.action | Select-Object -Unique | Should -Be 'list'
        (Service-Requests $seq)[0].IsAsync | Should -Be 'False'
        $text = $held | Out-String -Width 120
        foreach ($t in $held) { $text | Should -Match ([regex]::Escape($t.TaskId)) }
    }

    It '-WhatIf sends and cancels nothing' {
        $seq = Last-Seq
        $Laptops | Send-LcReliableTask -Session $S -Command os_processes -WhatIf | Should -BeNullOrEmpty
        Get-LcReliableTask -Session $S -SensorId $Laptops | Remove-LcReliableTask -Session $S -WhatIf
        @(Service-Requests $seq | Where-Object { $_.Data.action -ne 'list' }) | Should -HaveCount 0
        Get-LcReliableTask -Session $S -SensorId $Laptops | Should -HaveCount 3
    }

    It 'cancels piped tasks, and reports a task it cannot find as a per-item error while the rest goes on' {
        $task = Get-LcReliableTask -Session $S -SensorId $Sids['laptop-02']
        $err = $null
        Remove-LcReliableTask -Session $S -SensorId $Sids['laptop-02'] -TaskId 'no-such-task', $task.TaskId -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        $err[0].TargetObject | Should -Be 'no-such-task'
        Get-LcReliableTask -Session $S -SensorId $Sids['laptop-02'] | Should -BeNullOrEmpty
        $wire = @(Service-Requests ((Last-Seq) - 10) | Where-Object { $_.Data.action -eq 'untask' })
        $wire[-1].Data.task_id | Should -Be $task.TaskId
        $wire[-1].Data.sid | Should -Be "$($Sids['laptop-02'])"
    }

    It 'is delivered, and answered, when the sensor comes back online' {
        Invoke-LcEmulator $Url "orgs/$Oid/sensors/$($Sids['laptop-01'])" -Body @{ online = $true } | Out-Null
        Get-LcReliableTask -Session $S -SensorId $Sids['laptop-01'] | Should -BeNullOrEmpty
        $task = Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET | Where-Object sid -eq "$($Sids['laptop-01'])"
        $task.command | Should -Be 'os_version'
        $task.investigationId | Should -Be 'patch-audit'
        $answer = Answers 'patch-audit' | Where-Object { $_.routing.sid -eq "$($Sids['laptop-01'])" }
        $answer.routing.event_type | Should -Be @('CLOUD_NOTIFICATION', 'OS_VERSION_REP')
        $answer[1].event.MAJOR_VERSION | Should -Be 10
        Get-LcReliableTask -Session $S -SensorId $Sids['laptop-03'] | Should -HaveCount 1 -Because 'the other sensor is still offline'
    }

    It 'goes straight to a sensor that is online' {
        $sent = Send-LcReliableTask -Session $S -SensorId $Sids['server-02'] -Command 'dir_list /etc' -InvestigationId online-now
        $sent.TaskId | Should -Not -BeNullOrEmpty
        Get-LcReliableTask -Session $S -SensorId $Sids['server-02'] | Should -BeNullOrEmpty
        (Answers 'online-now').routing.event_type | Should -Be @('CLOUD_NOTIFICATION', 'DIR_LIST_REP')
    }

    It 'refuses a time to live under a second before sending anything' {
        $seq = Last-Seq
        { Send-LcReliableTask -Session $S -SensorId $Laptops[0] -Command os_version -TimeToLive 0 } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument*'
        @(Service-Requests $seq) | Should -HaveCount 0
    }

    It 'stops once when the key lacks replicant.task' {
        $key = Invoke-LcEmulator $Url 'keys' -Body @{ kind = 'org'; oid = "$Oid"; name = 'no-services'; perms = @('org.get', 'sensor.list', 'sensor.get') }
        $limited = Connect-LcOrg -OrganizationId $Oid -ApiKey (ConvertTo-SecureString $key.secret -AsPlainText -Force) -ApiUrl $Url -JwtUrl $Url -PassThru -NoWelcome
        $e = $null
        try { $Laptops | Get-LcReliableTask -Session $limited -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.*'
        "$e" | Should -Match 'replicant\.task'
    }
}

Describe 'Sensors answer tasks into the live stream' {
    It 'answers os_version with a receipt and an OS_VERSION_REP carrying the investigation id' {
        Invoke-LcSensorTask -Session $S -SensorId $Sids['server-01'], $Sids['server-02'] -Command os_version -InvestigationId ver-1 | Out-Null
        $answers = Answers 'ver-1'
        $answers | Should -HaveCount 4
        $win = @($answers | Where-Object { $_.routing.sid -eq "$($Sids['server-01'])" })
        $win.routing.event_type | Should -Be @('CLOUD_NOTIFICATION', 'OS_VERSION_REP')
        $win[1].routing.hostname | Should -Be 'server-01'
        $win[1].event.BUILD_NUMBER | Should -BeGreaterThan 0
        $lin = @($answers | Where-Object { $_.routing.sid -eq "$($Sids['server-02'])" })
        $lin[1].event.SYSNAME | Should -Be 'Linux'
    }

    It 'answers each command of a multi-command task, history_dump with several events' {
        Invoke-LcSensorTask -Session $S -SensorId $Sids['server-01'] -Command os_processes, history_dump, netstat -InvestigationId multi-1 | Out-Null
        $types = (Answers 'multi-1').routing.event_type | Where-Object { $_ -ne 'CLOUD_NOTIFICATION' }
        $types | Should -Be @('OS_PROCESSES_REP', 'NEW_PROCESS', 'DNS_REQUEST', 'NETWORK_CONNECTIONS', 'HISTORY_DUMP_REP', 'NETSTAT_REP')
        ((Answers 'multi-1') | Where-Object { $_.routing.event_type -eq 'OS_PROCESSES_REP' }).event.PROCESSES | Should -HaveCount 3
    }

    It 'refuses an unknown command, or one the platform cannot run, with an error in the receipt and no answer' {
        Invoke-LcSensorTask -Session $S -SensorId $Sids['server-02'] -Command 'not_a_command', 'os_users', 'dir_list' -InvestigationId refuse-1 | Out-Null
        $answers = Answers 'refuse-1'
        $answers.routing.event_type | Should -Be @('CLOUD_NOTIFICATION', 'CLOUD_NOTIFICATION', 'CLOUD_NOTIFICATION')
        $answers.event.ERROR | Should -Be @(1, 50, 87)
        $answers[0].event.ERROR_MESSAGE | Should -Match 'not_a_command'
    }

    It 'answers nothing from an offline sensor, and nothing again for a repeated idempotency key' {
        Invoke-LcSensorTask -Session $S -SensorId $Sids['laptop-03'] -Command os_version -InvestigationId offline-1 | Out-Null
        Answers 'offline-1' | Should -BeNullOrEmpty
        1..2 | ForEach-Object { Invoke-LcSensorTask -Session $S -SensorId $Sids['server-01'] -Command os_version -InvestigationId idem-1 -IdempotencyKey k-1 | Out-Null }
        Answers 'idem-1' | Should -HaveCount 2
    }
}

Describe 'Invoke-LcSensorTask -Wait' {
    BeforeAll {
        $script:Fleet = Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 200; platforms = @('windows', 'linux'); hostnamePrefix = 'wait'; onlineFraction = 0.75; tags = @('wait-fleet') }
        $script:OnlineSids = @($Fleet.sids | Where-Object { (Invoke-LcEmulator $Url "orgs/$Oid/sensors/$_" -Method GET).isOnline })
    }
    AfterEach { Invoke-LcEmulator $Url "orgs/$Oid/taskanswers" -Body @{ delayMs = 0 } | Out-Null }

    It 'writes one sensor''s answer at the prompt, read from a stream opened before the task was sent' {
        # The emulator answers before the tasking call returns, and drops what nobody listens to: an answer arrives only
        # if the stream was confirmed before the task went out.
        $result = Invoke-LcSensorTask -Session $S -SensorId $Sids['server-01'] -Command os_version -Wait
        $result | Should -HaveCount 1
        $result | Should -BeOfType ([LimaCharlie.SensorTaskResult])
        $result.SensorId | Should -Be $Sids['server-01']
        $result.Hostname | Should -Be 'server-01'
        $result.Command | Should -Be 'os_version'
        $result.EventType | Should -Be 'OS_VERSION_REP'
        $result.Complete | Should -BeTrue
        $result.Data['MAJOR_VERSION'] | Should -Be 10
        $result.Events | Should -HaveCount 1
        $result.Events[0] | Should -BeOfType ([LimaCharlie.Event])
        $result.InvestigationId | Should -Match '^lc-ps-[0-9a-f]{32}$'
        $task = Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET | Where-Object investigationId -eq $result.InvestigationId
        $task.command | Should -Be 'os_version'
        ($result | Out-String -Width 120) | Should -Match 'server-01\s+\S+\s+os_version\s+OS_VERSION_REP'
    }

    It 'answers or reports every one of 200 sensors, a quarter of them offline' {
        Invoke-LcEmulator $Url "orgs/$Oid/taskanswers" -Body @{ delayMs = 50 } | Out-Null
        $failed = $null
        $results = Get-LcSensor -Session $S -Tag wait-fleet | Invoke-LcSensorTask -Session $S -Command os_version -Wait -Timeout 00:00:20 -InvestigationId fleet-check -ErrorVariable failed -ErrorAction SilentlyContinue
        $results | Should -HaveCount $OnlineSids.Count
        $failed | Should -HaveCount (200 - $OnlineSids.Count)
        @($results | Where-Object { $_.EventType -ne 'OS_VERSION_REP' -or -not $_.Complete }) | Should -BeNullOrEmpty
        @($failed | Where-Object { $_.FullyQualifiedErrorId -notlike 'LimaCharlie.SensorOffline,*' }) | Should -BeNullOrEmpty
        $answered = @($results.SensorId | ForEach-Object { "$_" })
        ($answered | Sort-Object) | Should -Be ($OnlineSids | Sort-Object)
        (@($answered) + @($failed.TargetObject | ForEach-Object { "$_" }) | Sort-Object) | Should -Be ($Fleet.sids | Sort-Object)
        @($results.InvestigationId | Select-Object -Unique) | Should -HaveCount 1
        $results[0].InvestigationId | Should -Match '^fleet-check-[0-9a-f]{32}$'
        $results.Hostname | Should -Not -Contain $null
        $sentTo = @(Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET | Where-Object investigationId -eq $results[0].InvestigationId).sid
        ($sentTo | Sort-Object) | Should -Be ($OnlineSids | Sort-Object) -Because 'an offline sensor is reported, not tasked'
    }

    It 'reports a sensor that does not answer within -Timeout as LimaCharlie.TaskTimedOut' {
        Invoke-LcEmulator $Url "orgs/$Oid/taskanswers" -Body @{ delayMs = 4000 } | Out-Null
        $failed = $null
        $result = Invoke-LcSensorTask -Session $S -SensorId $Sids['server-02'] -Command os_version -Wait -Timeout 00:00:01 -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.TaskTimedOut,*'
        $failed[0].TargetObject | Should -Be $Sids['server-02']
        "$($failed[0])" | Should -Match "did not answer 'os_version' within 1 s"
    }

    It 'writes a refused command as LimaCharlie.TaskRefused and the sensor''s other commands as results' {
        $failed = $null
        $results = Invoke-LcSensorTask -Session $S -SensorId $Sids['server-02'] -Command not_a_command, history_dump, 'dir_list /var/log' -Wait -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.TaskRefused,*'
        "$($failed[0])" | Should -Match "refused 'not_a_command': unknown command: not_a_command \(error 1\)"
        $results.Command | Should -Be @('history_dump', 'dir_list /var/log')
        $results[0].EventType | Should -Be 'HISTORY_DUMP_REP'
        $results[0].Events.EventType | Should -Be @('NEW_PROCESS', 'DNS_REQUEST', 'NETWORK_CONNECTIONS', 'HISTORY_DUMP_REP')
        $results[1].EventType | Should -Be 'DIR_LIST_REP'
        $results[1].Data['ROOT'] | Should -Be '/var/log'
    }

    It 'closes its stream when it is done, and on Ctrl+C while it waits' {
        function Open-Streams { (Invoke-LcEmulator $Url "orgs/$Oid/stream" -Method GET).open }
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Open-Streams) -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Open-Streams | Should -Be 0 -Because 'the commands before this one closed their streams'

        Invoke-LcEmulator $Url "orgs/$Oid/taskanswers" -Body @{ delayMs = 30000 } | Out-Null
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument((Get-TestModulePath)).AddStatement()
            $null = $ps.AddCommand('Invoke-LcSensorTask').AddParameter('Session', $S).AddParameter('SensorId', $Sids['server-01']).
                AddParameter('Command', 'os_version').AddParameter('Wait').AddParameter('Timeout', [timespan]::FromMinutes(2))
            $running = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((Open-Streams) -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Open-Streams | Should -Be 1 -Because 'the command waits on its stream'
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10)) | Should -BeTrue -Because 'Ctrl+C ends the wait'
            $running.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Open-Streams) -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Open-Streams | Should -Be 0 -Because 'the stopped command closed its stream'
    }

    It 'with -WhatIf, neither tasks nor waits' {
        $before = @(Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET).Count
        Invoke-LcSensorTask -Session $S -SensorId $Sids['server-01'] -Command os_version -Wait -WhatIf | Should -BeNullOrEmpty
        @(Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET).Count | Should -Be $before
    }

    It 'refuses a -Timeout that is not positive before sending anything' {
        { Invoke-LcSensorTask -Session $S -SensorId $Sids['server-01'] -Command os_version -Wait -Timeout 0 } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument*'
    }
}
