# The fleet: listing, details, lookups, tags, isolation, seal, tasking and deletion against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:Oid = $Tenant.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $named = Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(
            @{ hostname = 'win-web-01'; plat = 'windows'; arch = 2; int_ip = '10.3.0.5'; ext_ip = '203.0.113.5'; tags = @('vip', 'web'); online = $true }
            @{ hostname = 'win-web-02'; plat = 'windows'; arch = 2; int_ip = '10.3.0.6'; tags = @('web'); online = $false }
            @{ hostname = 'lin-db-01'; plat = 'linux'; arch = 4; int_ip = '10.4.0.7'; tags = @('db'); online = $true }
            @{ hostname = 'mac-dev-01'; plat = 'macos'; arch = 4; int_ip = '192.168.1.9'; online = $false }
        ) }
    $script:Sids = @{}
    foreach ($sid in $named.sids) { $info = Invoke-LcEmulator $Url "orgs/$Oid/sensors/$sid" -Method GET; $Sids[$info.hostname] = [guid]$sid }
    Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 196; platforms = @('windows', 'linux'); hostnamePrefix = 'fleet'; onlineFraction = 0.5 } | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like = '*') { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
}

AfterAll { Disconnect-LcOrg }

Describe 'Get-LcSensor' {
    It 'lists the whole fleet as typed sensors with decoded platform, architecture and times' {
        $all = Get-LcSensor -Session $S
        $all | Should -HaveCount 200
        $web = $all | Where-Object Hostname -eq 'win-web-01'
        $web | Should -BeOfType ([LimaCharlie.Sensor])
        $web.SensorId | Should -Be $Sids['win-web-01']
        $web.Platform | Should -Be 'Windows'
        $web.Architecture | Should -Be 'X64'
        $web.InternalIp | Should -Be '10.3.0.5'
        $web.IsOnline | Should -BeTrue
        $web.LastSeen | Should -BeOfType ([DateTimeOffset])
        ($all | Where-Object Hostname -eq 'lin-db-01').Architecture | Should -Be 'Arm64'
    }

    It 'takes one id as a Guid or as text, several as a list, and refuses text that is no id' {
        $id = $Sids['win-web-01']
        (Get-LcSensor -Session $S -SensorId $id).Hostname | Should -Be 'win-web-01'
        (Get-LcSensor -Session $S -SensorId "$id").Hostname | Should -Be 'win-web-01'
        (Get-LcSensor -Session $S $id, "$($Sids['lin-db-01'])").Hostname | Should -Be @('win-web-01', 'lin-db-01')
        ("$id" | Get-LcSensor -Session $S).Hostname | Should -Be 'win-web-01'
        ([pscustomobject]@{ sid = $id } | Get-LcSensorTag -Session $S).Tag | Should -Contain 'vip'
        { Get-LcSensor -Session $S -SensorId 'not-an-id' } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,*'
    }

    It 'follows continuation tokens page by page and asks for compressed pages' {
        $seq = Last-Seq
        (Get-LcSensor -Session $S -PageSize 50) | Should -HaveCount 200
        $pages = Requests-Since $seq "/v1/sensors/$Oid"
        $pages | Should -HaveCount 4
        $pages | ForEach-Object { $_.query | Should -Match 'is_compressed=true' }
        $pages[1].query | Should -Match 'continuation_token='
    }

    It 'stops paging when the pipeline has enough' {
        $seq = Last-Seq
        Get-LcSensor -Session $S -PageSize 50 | Select-Object -First 5 | Should -HaveCount 5
        Requests-Since $seq "/v1/sensors/$Oid" | Should -HaveCount 1
    }

    It 'asks for each page once, in order, while the previous one is still being written' {
        $seq = Last-Seq
        $ids = Get-LcSensor -Session $S -PageSize 50 | ForEach-Object { $_.SensorId }
        @($ids | Sort-Object -Unique) | Should -HaveCount 200
        $tokens = @(Requests-Since $seq "/v1/sensors/$Oid" | ForEach-Object { if ($_.query -match 'continuation_token=([^&]+)') { $Matches[1] } else { '' } })
        $tokens | Should -HaveCount 4
        @($tokens | Sort-Object -Unique) | Should -HaveCount 4
        $tokens[0] | Should -Be ''
    }

    It 'stops cleanly when the pipeline has enough after the next page was asked for' {
        Get-LcSensor -Session $S -PageSize 50 | Select-Object -First 40 | Should -HaveCount 40
        $Error.Clear()
        Get-LcSensor -Session $S -PageSize 50 -ErrorAction Stop | Select-Object -First 30 | Out-Null
        $Error | Should -HaveCount 0
    }

    It 'filters with <name>' -ForEach @(
        @{ name = 'a selector'; params = @{ Selector = 'plat == windows and `web` in tags' }; expected = @('win-web-01', 'win-web-02') }
        @{ name = '-Tag'; params = @{ Tag = 'vip' }; expected = @('win-web-01') }
        @{ name = '-Hostname (prefix)'; params = @{ Hostname = 'WIN-WEB' }; expected = @('win-web-01', 'win-web-02') }
        @{ name = '-IpAddress'; params = @{ IpAddress = '10.4.0.7' }; expected = @('lin-db-01') }
        @{ name = '-Online with a selector'; params = @{ Online = $true; Selector = 'hostname contains web' }; expected = @('win-web-01') }
        @{ name = 'a regex selector'; params = @{ Selector = 'int_ip matches `^10\.3\.`' }; expected = @('win-web-01', 'win-web-02') }
    ) {
        (Get-LcSensor -Session $S @params).Hostname | Sort-Object | Should -Be $expected
    }

    It 'explains a malformed selector' {
        $err = $null
        Get-LcSensor -Session $S -Selector 'plat == (' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.BadRequest,*'
    }

    It 'gets sensors in full by id, from the pipeline, with their online state' {
        $detail = Get-LcSensor -Session $S -Hostname 'win-web' | Get-LcSensor -Session $S
        $detail | Should -HaveCount 2
        ($detail | Where-Object Hostname -eq 'win-web-01').IsOnline | Should -BeTrue
        ($detail | Where-Object Hostname -eq 'win-web-02').IsOnline | Should -BeFalse
    }

    It 'reports an unknown sensor and goes on with the others' {
        $err = $null
        $found = Get-LcSensor -Session $S -SensorId $Sids['lin-db-01'], ([guid]::NewGuid()), $Sids['mac-dev-01'] -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Hostname | Should -Be @('lin-db-01', 'mac-dev-01')
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows a readable table' {
        $text = Get-LcSensor -Session $S -Hostname 'win-web-01' | Format-Table | Out-String -Width 200
        $text | Should -Match 'win-web-01\s+Windows\s+yes\s'
    }
}

Describe 'Find-LcSensor' {
    It 'finds by hostname prefix' {
        (Find-LcSensor -Session $S -Hostname 'lin-').SensorId | Should -Be $Sids['lin-db-01']
    }

    It 'finds by IP address' {
        (Find-LcSensor -Session $S -IpAddress '10.3.0.6').SensorId | Should -Be $Sids['win-web-02']
    }

    It 'reads the online state of many sensors in one call' {
        $seq = Last-Seq
        $states = $Sids['win-web-01'], $Sids['win-web-02'], $Sids['lin-db-01'] | Find-LcSensor -Session $S -Online
        ($states | Where-Object SensorId -eq $Sids['win-web-01']).IsOnline | Should -BeTrue
        ($states | Where-Object SensorId -eq $Sids['win-web-02']).IsOnline | Should -BeFalse
        Requests-Since $seq "/v1/online/$Oid" | Should -HaveCount 1
    }
}

Describe 'Tags' {
    It 'adds, reads and removes tags, with who and when' {
        $sid = $Sids['mac-dev-01']
        Add-LcSensorTag -Session $S -SensorId $sid -Tag 'triage', 'case-42'
        $tags = Get-LcSensorTag -Session $S -SensorId $sid
        $tags.Tag | Should -Be @('case-42', 'triage')
        $tags[0].AddedBy | Should -Be "$($Tenant.Name)-key"
        $tags[0].AddedAt | Should -BeOfType ([DateTimeOffset])
        Remove-LcSensorTag -Session $S -SensorId $sid -Tag 'triage', 'case-42'
        Get-LcSensorTag -Session $S -SensorId $sid | Should -BeNullOrEmpty
    }

    It 'sends a time-to-live in seconds' {
        $seq = Last-Seq
        Add-LcSensorTag -Session $S -SensorId $Sids['mac-dev-01'] -Tag 'temp' -Ttl (New-TimeSpan -Hours 2)
        (Requests-Since $seq "/v1/$($Sids['mac-dev-01'])/tags").form.ttl | Should -Be '7200'
    }

    It 'lists the tags in use and the sensors carrying one' {
        Get-LcTag -Session $S | Should -Contain 'vip'
        (Get-LcTag -Session $S -Name 'web').SensorId | Sort-Object | Should -Be (@($Sids['win-web-01'], $Sids['win-web-02']) | Sort-Object)
    }

    It 'returns a reference per sensor with -PassThru' {
        $refs = Add-LcSensorTag -Session $S -SensorId $Sids['lin-db-01'] -Tag 'passthru' -PassThru
        $refs.SensorId | Should -Be $Sids['lin-db-01']
    }
}

Describe 'Isolation and seal' {
    It 'isolates and lets rejoin' {
        $sid = $Sids['lin-db-01']
        Enable-LcSensorIsolation -Session $S -SensorId $sid
        (Get-LcSensor -Session $S -SensorId $sid).IsIsolated | Should -BeTrue
        Disable-LcSensorIsolation -Session $S -SensorId $sid
        (Get-LcSensor -Session $S -SensorId $sid).IsIsolated | Should -BeFalse
    }

    It 'seals and unseals' {
        $sid = $Sids['win-web-02']
        Enable-LcSensorSeal -Session $S -SensorId $sid
        (Get-LcSensor -Session $S -SensorId $sid).ShouldSeal | Should -BeTrue
        Disable-LcSensorSeal -Session $S -SensorId $sid
        (Get-LcSensor -Session $S -SensorId $sid).ShouldSeal | Should -BeFalse
    }

    It 'isolates every sensor carrying a tag, straight from Get-LcSensor' {
        Get-LcSensor -Session $S -Tag 'web' | Enable-LcSensorIsolation -Session $S
        (Get-LcSensor -Session $S -Selector 'isolated == true').Hostname | Sort-Object | Should -Be @('win-web-01', 'win-web-02')
        Get-LcSensor -Session $S -Tag 'web' | Disable-LcSensorIsolation -Session $S
    }
}

Describe 'Invoke-LcSensorTask' {
    It 'sends the commands with an investigation id and returns a receipt' {
        $receipt = Invoke-LcSensorTask -Session $S -SensorId $Sids['win-web-01'] -Command 'os_version', 'history_dump' -InvestigationId 'case-42'
        $receipt | Should -BeOfType ([LimaCharlie.SensorTask])
        $receipt.Commands | Should -Be @('os_version', 'history_dump')
        $tasks = Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET | Where-Object { $_.sid -eq "$($Sids['win-web-01'])" }
        ($tasks | Where-Object investigationId -eq 'case-42') | Should -HaveCount 2
    }

    It 'runs a task once per idempotency key, even when sent twice' {
        $sid = $Sids['lin-db-01']
        1..2 | ForEach-Object { Invoke-LcSensorTask -Session $S -SensorId $sid -Command 'netstat' -IdempotencyKey 'once-only' | Out-Null }
        @(Invoke-LcEmulator $Url "orgs/$Oid/tasks" -Method GET | Where-Object { $_.sid -eq "$sid" -and $_.idempotencyKey -eq 'once-only' }) | Should -HaveCount 1
    }
}

Describe 'Remove-LcSensor' {
    It 'sends nothing with -WhatIf' {
        $seq = Last-Seq
        Remove-LcSensor -Session $S -SensorId $Sids['mac-dev-01'] -WhatIf
        Requests-Since $seq "/v1/$($Sids['mac-dev-01'])" | Should -BeNullOrEmpty
    }

    It 'deletes with -Force' {
        $victim = (Get-LcSensor -Session $S -Hostname 'fleet' | Select-Object -First 1).SensorId
        Remove-LcSensor -Session $S -SensorId $victim -Force
        $err = $null
        Get-LcSensor -Session $S -SensorId $victim -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
    }

    It 'is a high-impact change' {
        (Get-Command Remove-LcSensor).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
    }
}
