# IOC search (Find-LcIoc) and sensor timelines (Get-LcEventOverview) against seeded sightings and telemetry.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $seeded = Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(@{ hostname = 'ws-01' }, @{ hostname = 'ws-02' }, @{ hostname = 'srv-03' }) }
    $script:Sids = @($seeded.sids | ForEach-Object { [guid]$_ })
    $t = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $day = 86400
    # evil.example.com: ws-01 today, ws-02 three days ago, srv-03 two months ago; bad.example.net: ws-01 200 days ago.
    Invoke-LcEmulator $Url "orgs/$Oid/iocs" -Body @{ sightings = @(
            @{ type = 'domain'; name = 'evil.example.com'; sid = "$($Sids[0])"; first = $t - 10 * $day; last = $t - 60 }
            @{ type = 'domain'; name = 'evil.example.com'; sid = "$($Sids[1])"; first = $t - 4 * $day; last = $t - 3 * $day }
            @{ type = 'domain'; name = 'evil.example.com'; sid = "$($Sids[2])"; first = $t - 70 * $day; last = $t - 60 * $day }
            @{ type = 'domain'; name = 'Bad.example.net'; sid = "$($Sids[0])"; first = $t - 200 * $day; last = $t - 200 * $day }
            @{ type = 'file_hash'; name = 'aa11'; sid = "$($Sids[2])"; first = $t - $day; last = $t - 100 }
        ) } | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
}

AfterAll { Disconnect-LcOrg }

Describe 'Find-LcIoc' {
    It 'counts the sensors that saw an indicator over 1, 7, 30 and 365 days' {
        $p = Find-LcIoc -Session $S -Type domain -Name evil.example.com
        $p | Should -BeOfType ([LimaCharlie.IocPrevalence])
        $p.Name | Should -Be 'evil.example.com'
        $p.Type | Should -Be 'domain'
        $p.OrganizationId | Should -Be $Oid
        @($p.Last1Days, $p.Last7Days, $p.Last30Days, $p.Last365Days) | Should -Be @(1, 2, 2, 3)
    }

    It 'asks for many indicators in one request, answers in the order asked, zeros for the unseen' {
        $seq = Last-Seq
        $names = @('never.example.org', 'evil.example.com') + (1..50 | ForEach-Object { "n$_.example.org" })
        $result = $names | Find-LcIoc -Session $S -Type domain
        $result | Should -HaveCount 52
        $result[0].Name | Should -Be 'never.example.org'
        $result[0].Last365Days | Should -Be 0
        $result[1].Last365Days | Should -Be 3
        $calls = Requests-Since $seq "/v1/insight/$Oid/objects*"
        $calls | Should -HaveCount 1
        $calls[0].method | Should -Be 'POST'
    }

    It 'sends 200 names per request at most' {
        $seq = Last-Seq
        (1..450 | ForEach-Object { "h$_.example.org" } | Find-LcIoc -Session $S -Type domain) | Should -HaveCount 450
        Requests-Since $seq "/v1/insight/$Oid/objects" | Should -HaveCount 3
    }

    It 'binds Type and Name by property name, whatever the case of the type' {
        $rows = @([pscustomobject]@{ Type = 'Domain'; Name = 'evil.example.com' }, [pscustomobject]@{ Type = 'file_hash'; Name = 'aa11' })
        $result = $rows | Find-LcIoc -Session $S
        ($result | Where-Object Type -eq 'file_hash').Last1Days | Should -Be 1
        ($result | Where-Object Type -eq 'domain').Last7Days | Should -Be 2
    }

    It 'matches case exactly unless -CaseInsensitive' {
        (Find-LcIoc -Session $S domain bad.example.net).Last365Days | Should -Be 0
        (Find-LcIoc -Session $S domain bad.example.net -CaseInsensitive).Last365Days | Should -Be 1
    }

    It 'expands a * pattern into one summary per matching name' {
        $result = Find-LcIoc -Session $S -Type domain -Name '*.example.*' -CaseInsensitive
        $result.Name | Should -Be @('Bad.example.net', 'evil.example.com')
        ($result | Where-Object Name -eq 'Bad.example.net').Last365Days | Should -Be 1
        $q = (Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object path -like "/v1/insight/$Oid/objects/domain" | Select-Object -Last 1).query
        $q | Should -Match 'with_wildcards=true'
        $q | Should -Match 'name=%25.example.%25'
    }

    It 'lists the sensors that saw an indicator with -Locations' {
        $where = Find-LcIoc -Session $S -Type domain -Name evil.example.com -Locations | Sort-Object Hostname
        $where | Should -HaveCount 3
        $where[0] | Should -BeOfType ([LimaCharlie.IocLocation])
        $where.Hostname | Should -Be @('srv-03', 'ws-01', 'ws-02')
        $where[1].SensorId | Should -Be $Sids[0]
        $where[1].FirstSeen | Should -BeLessThan $where[1].LastSeen
        $where[1].LastSeen | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-5))
    }

    It 'caps the sensors per indicator with -Limit' {
        Find-LcIoc -Session $S -Type domain -Name evil.example.com -Locations -Limit 2 | Should -HaveCount 2
        (Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).query | Should -Match 'limit=2'
    }

    It 'reports a failed indicator and goes on with the next' {
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 400; count = 1; pathPrefix = "/v1/insight/$Oid/objects/domain"; error = 'index unavailable' } | Out-Null
        $result = Find-LcIoc -Session $S -Type domain -Name 'evil.example.com', 'bad.example.net' -Locations -CaseInsensitive -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -Be 'evil.example.com'
        $failed[0].Exception.Message | Should -Match 'index unavailable'
        $result.Hostname | Should -Be 'ws-01'
    }

    It 'refuses an unknown indicator type before any request' {
        { Find-LcIoc -Session $S -Type url -Name x } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Get-LcEventOverview' {
    BeforeAll {
        $script:Now = [DateTimeOffset]::UtcNow
        $from = $Now.AddHours(-6).ToUnixTimeSeconds()
        $to = $Now.AddHours(-5).ToUnixTimeSeconds()
        Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$($Sids[0])"; count = 500; start = $from; end = $to } | Out-Null
    }

    It 'returns the moments of the window that hold events, oldest first' {
        $points = Get-LcEventOverview -Session $S -SensorId $Sids[0] -Last 1.00:00:00
        $points.Count | Should -BeGreaterThan 0
        $points[0] | Should -BeOfType ([LimaCharlie.SensorActivity])
        $points | ForEach-Object {
            $_.SensorId | Should -Be $Sids[0]
            $_.Time | Should -BeGreaterOrEqual $Now.AddHours(-6.3)
            $_.Time | Should -BeLessThan $Now.AddHours(-5)
        }
        $points[0].Time | Should -BeLessOrEqual $points[-1].Time
    }

    It 'gives nothing for a sensor without events, and takes sensors from the pipeline' {
        $all = Get-LcSensor -Session $S | Get-LcEventOverview -Session $S -Last 1.00:00:00
        ($all.SensorId | Select-Object -Unique) | Should -Be $Sids[0]
    }

    It 'refuses a window longer than 30 days before any request' {
        $seq = Last-Seq
        { Get-LcEventOverview -Session $S -SensorId $Sids[0] -Last 31.00:00:00 } | Should -Throw '*at most 30 days*'
        Requests-Since $seq '/v1/insight/*' | Should -HaveCount 0
    }

    It 'reports an unknown sensor as a non-terminating error' {
        $stranger = [guid]::NewGuid()
        $out = Get-LcEventOverview -Session $S -SensorId $stranger, $Sids[0] -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -Be $stranger
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound*'
        $out.Count | Should -BeGreaterThan 0
    }
}
