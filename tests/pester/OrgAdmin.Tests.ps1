# Org settings and lifecycle: Set-/Remove-LcOrganization, Get-LcOrgUsage, Get-/Clear-LcOrgError, Get-LcEventSchema, Set-LcSensorVersion.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    function script:New-Name([string] $Prefix = 'adm') { "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 8))" }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like = '*') {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like })
    }
    $script:T = New-LcEmulatorTenant -Url $Url -Name (New-Name)
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey @Endpoints -PassThru
    $script:User = Connect-LcOrg -UserId $T.UserId -ApiKey $T.UserKey @Endpoints -PassThru
}

AfterAll { Disconnect-LcOrg }

Describe 'Set-LcOrganization' {
    It 'renames and describes an organization, and reads it back' {
        $name = New-Name 'renamed'
        $org = Set-LcOrganization -Session $S -Name $name -Description 'Acme production fleet' -PassThru
        $org | Should -BeOfType ([LimaCharlie.Organization])
        $org.Name | Should -Be $name
        $org.Description | Should -Be 'Acme production fleet'
        (Get-LcOrganization -Session $S).Description | Should -Be 'Acme production fleet'
    }

    It 're-sends the current name, in the query, when only the description changes' {
        $before = (Get-LcOrganization -Session $S).Name
        $seq = Last-Seq
        Set-LcOrganization -Session $S -Description 'moved to EMEA' | Should -BeNullOrEmpty
        $rename = Requests-Since $seq "/v1/orgs/$Oid/name"
        $rename | Should -HaveCount 1
        $rename[0].method | Should -Be 'POST'
        $rename[0].query | Should -Match ('name=' + [uri]::EscapeDataString($before))
        $rename[0].query | Should -Match 'description=moved'
        $after = Get-LcOrganization -Session $S
        $after.Name | Should -Be $before
        $after.Description | Should -Be 'moved to EMEA'
    }

    It 'sets the sensor quota' {
        $seq = Last-Seq
        (Set-LcOrganization -Session $S -SensorQuota 250 -PassThru).SensorQuota | Should -Be 250
        (Requests-Since $seq "/v1/orgs/$Oid/quota")[0].form.quota | Should -Be '250'
    }

    It 'sends nothing with -WhatIf' {
        $seq = Last-Seq
        Set-LcOrganization -Session $S -Name (New-Name) -SensorQuota 1 -WhatIf
        Requests-Since $seq '/v1/*' | Should -HaveCount 0
        (Get-LcOrganization -Session $S).SensorQuota | Should -Be 250
    }

    It 'refuses a call with nothing to change' {
        { Set-LcOrganization -Session $S } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument,*'
    }
}

Describe 'Remove-LcOrganization' {
    It 'deletes an organization in two steps with -Force: it is gone afterwards' {
        $doomed = New-LcOrganization -Session $User -Name (New-Name 'doomed') -Location usa
        $seq = Last-Seq
        Remove-LcOrganization -Session $User -OrganizationId $doomed.OrganizationId -Force
        $calls = Requests-Since $seq "/v1/orgs/$($doomed.OrganizationId)/delete"
        $calls | Should -HaveCount 2
        $calls[0].method | Should -Be 'GET'
        $calls[1].method | Should -Be 'DELETE'
        $calls[1].status | Should -Be 200
        { Get-LcOrganization -Session $User -OrganizationId $doomed.OrganizationId -ErrorAction Stop } | Should -Throw -ErrorId 'LimaCharlie.*'
        (Get-LcOrganization -Session $User -All).OrganizationId | Should -Not -Contain $doomed.OrganizationId
    }

    It 'sends nothing with -WhatIf, and the organization stays' {
        $kept = New-LcOrganization -Session $User -Name (New-Name 'kept') -Location usa
        $seq = Last-Seq
        $kept | Remove-LcOrganization -Session $User -WhatIf
        Requests-Since $seq '/v1/*' | Should -HaveCount 0
        (Get-LcOrganization -Session $User -OrganizationId $kept.OrganizationId).Name | Should -Be $kept.Name
    }

    It 'reports an expired confirmation clearly and deletes nothing' {
        $kept = New-LcOrganization -Session $User -Name (New-Name 'expiry') -Location usa
        Invoke-LcEmulator $Url 'settings' -Body @{ deleteConfirmationSeconds = 0 } | Out-Null
        try {
            Remove-LcOrganization -Session $User -OrganizationId $kept.OrganizationId -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally {
            Invoke-LcEmulator $Url 'settings' -Body @{ deleteConfirmationSeconds = 60 } | Out-Null
        }
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.DeleteConfirmationRefused*'
        $failed[0].Exception.Message | Should -BeLike '*expired*Nothing was deleted*'
        $failed[0].ErrorDetails.RecommendedAction | Should -BeLike '*again*'
        $failed[0].TargetObject | Should -Be $kept.OrganizationId
        (Get-LcOrganization -Session $User -OrganizationId $kept.OrganizationId).Name | Should -Be $kept.Name
    }

    It 'needs -OrganizationId, so nothing is deleted by default' {
        (Get-Command Remove-LcOrganization).Parameters.OrganizationId.Attributes.Mandatory | Should -Contain $true
    }
}

Describe 'Get-LcOrgUsage' {
    BeforeAll {
        Invoke-LcEmulator $Url "orgs/$Oid/usage" -Body @{
            breakdown = @{ sensors = @{ count = 12; weight = 1 }; 'usp-adapters' = @{ count = 3; weight = 0.5 } }
            history   = @{
                '2024-05-02' = @{ sensor_events = 2000; output_bytes_tx = 4096; replay_num_evals = 7; peak_sensors = 12 }
                '2024-05-01' = @{ sensor_events = 1500; output_bytes_tx = 1024; replay_num_evals = 0; peak_sensors = 11; custom_metric = 5 }
            }
        } | Out-Null
    }

    It 'returns the quota usage with its breakdown: each category''s count (n) and weighted usage (quota)' {
        Set-LcOrganization -Session $S -SensorQuota 100
        $usage = Get-LcOrgUsage -Session $S
        $usage | Should -BeOfType ([LimaCharlie.OrgUsage])
        $usage.Usage | Should -Be 14
        $usage.Quota | Should -Be 100
        $usage.OrganizationId | Should -Be $Oid
        $usage.Breakdown | Should -HaveCount 2
        $adapters = $usage.Breakdown | Where-Object Category -eq 'usp-adapters'
        $adapters.Count | Should -Be 3
        $adapters.Usage | Should -Be 1.5
        $sensors = $usage.Breakdown | Where-Object Category -eq 'sensors'
        $sensors.Count | Should -Be 12
        $sensors.Usage | Should -Be 12
    }

    It 'still reads a breakdown in the documentation''s older shape, {count, weight, quota}' {
        Invoke-LcEmulator $Url 'faults' -Body @{
            pathPrefix = "/v1/quota_usage/$Oid"; count = 1; status = 200; contentType = 'application/json'
            body = '{"usage":6,"quota":100,"breakdown":{"sensors":{"count":4,"weight":1.5,"quota":100}}}'
        } | Out-Null
        $sensors = (Get-LcOrgUsage -Session $S).Breakdown | Where-Object Category -eq 'sensors'
        $sensors.Count | Should -Be 4
        $sensors.Usage | Should -Be 6
    }

    It 'returns the usage history day by day, oldest first' {
        $days = Get-LcOrgUsage -Session $S -History
        $days | Should -HaveCount 2
        $days[0] | Should -BeOfType ([LimaCharlie.OrgUsageDay])
        $days[0].Date | Should -Be ([datetime]'2024-05-01')
        $days[0].SensorEvents | Should -Be 1500
        $days[0].Metrics['custom_metric'] | Should -Be 5
        $days[1].PeakSensors | Should -Be 12
        $days[1].OutputBytes | Should -Be 4096
        ($days | Format-Table | Out-String) | Should -Match '2024-05-02'
    }
}

Describe 'Get-LcOrgError and Clear-LcOrgError' {
    BeforeAll {
        Invoke-LcEmulator $Url "orgs/$Oid/errors" -Body @{ errors = @(
                @{ component = 'output/siem-forwarder'; error = 'connection refused'; ts = 1714550400000; extra = @{ host = '203.0.113.5' } }
                @{ component = 'output/archive'; error = 'bucket not found' }
                @{ component = 'ext reliable tasking'; error = 'quota exceeded' }
            ) } | Out-Null
    }

    It 'lists the errors typed' {
        $errors = Get-LcOrgError -Session $S
        $errors | Should -HaveCount 3
        $errors[0] | Should -BeOfType ([LimaCharlie.OrgError])
        $siem = $errors | Where-Object Component -eq 'output/siem-forwarder'
        $siem.Error | Should -Be 'connection refused'
        $siem.Time | Should -Be ([DateTimeOffset]::FromUnixTimeMilliseconds(1714550400000))
        $siem.Extra.host | Should -Be '203.0.113.5'
        $siem.OrganizationId | Should -Be $Oid
    }

    It 'clears errors piped from Get-LcOrgError, component names percent-encoded' {
        $seq = Last-Seq
        Get-LcOrgError -Session $S -Component 'output/*' | Clear-LcOrgError -Session $S
        $deletes = Requests-Since $seq "/v1/errors/$Oid/*"
        $deletes | Should -HaveCount 2
        $deletes.path | Should -Contain "/v1/errors/$Oid/output%2Fsiem-forwarder"
        (Get-LcOrgError -Session $S).Component | Should -Be 'ext reliable tasking'
    }

    It 'sends nothing with -WhatIf, and reports an unknown component without stopping' {
        $seq = Last-Seq
        Get-LcOrgError -Session $S | Clear-LcOrgError -Session $S -WhatIf
        Requests-Since $seq '/v1/errors/*' | Should -HaveCount 1
        Clear-LcOrgError -Session $S -Component 'no-such', 'ext reliable tasking' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound*'
        $failed[0].TargetObject | Should -Be 'no-such'
        Get-LcOrgError -Session $S | Should -BeNullOrEmpty
    }
}

Describe 'Get-LcEventSchema' {
    It 'lists the event types, also for one platform' {
        $types = Get-LcEventSchema -Session $S
        $types[0] | Should -BeOfType ([LimaCharlie.EventSchema])
        $types.EventType | Should -Contain 'evt:NEW_PROCESS'
        $types.EventType | Should -Contain 'evt:WEL'
        ($types | Where-Object EventType -eq 'evt:DNS_REQUEST').Name | Should -Be 'DNS_REQUEST'
        $linux = Get-LcEventSchema -Session $S -Platform Linux
        $linux.EventType | Should -Contain 'evt:FILE_CREATE'
        $linux.EventType | Should -Not -Contain 'evt:WEL'
    }

    It 'gets one schema by its short or its full name' {
        $seq = Last-Seq
        $schema = Get-LcEventSchema -Session $S -EventType NEW_PROCESS
        $schema.EventType | Should -Be 'evt:NEW_PROCESS'
        $schema.Elements | Should -Contain 'string:event/FILE_PATH'
        $command = $schema.Fields | Where-Object Path -eq 'event/COMMAND_LINE'
        $command | Should -BeOfType ([LimaCharlie.EventSchemaElement])
        $command.Type | Should -Be 'string'
        (Get-LcEventSchema -Session $S 'evt:DNS_REQUEST').Elements | Should -Contain 'string:event/DOMAIN_NAME'
        (Requests-Since $seq "/v1/orgs/$Oid/schema/*").path | Should -Contain "/v1/orgs/$Oid/schema/evt:NEW_PROCESS"
    }

    It 'reads listed types back from the pipeline, reporting an unknown one without stopping' {
        $schemas = Get-LcEventSchema -Session $S -Platform linux | Select-Object -First 3 | Get-LcEventSchema -Session $S
        $schemas | Should -HaveCount 3
        $schemas | ForEach-Object { $_.Elements.Count | Should -BeGreaterThan 0 }
        $got = Get-LcEventSchema -Session $S -EventType NO_SUCH_EVENT, FILE_CREATE -ErrorVariable failed -ErrorAction SilentlyContinue
        $got.EventType | Should -Be 'evt:FILE_CREATE'
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound*'
    }
}

Describe 'Set-LcSensorVersion' {
    It 'sets <Expected> with <Form>' -ForEach @(
        @{ Form = '-Version 4.33.18'; Arguments = @{ Version = '4.33.18' }; Query = 'specific_version=4.33.18'; Expected = '4.33.18' }
        @{ Form = '-Latest'; Arguments = @{ Latest = $true }; Query = 'specific_version=latest'; Expected = '4.33.20' }
        @{ Form = '-Stable'; Arguments = @{ Stable = $true }; Query = 'is_fallback=true'; Expected = '4.33.19' }
        @{ Form = '-Dormant'; Arguments = @{ Dormant = $true }; Query = 'is_sleep=true'; Expected = 'dormant' }
    ) {
        $seq = Last-Seq
        $org = Set-LcSensorVersion -Session $S @Arguments -PassThru
        $org.SensorVersion | Should -Be $Expected
        (Get-LcOrganization -Session $S).SensorVersion | Should -Be $Expected
        $post = Requests-Since $seq "/v1/modules/$Oid"
        $post | Should -HaveCount 1
        $post[0].query | Should -Match $Query
    }

    It 'refuses a malformed version before sending anything, and sends nothing with -WhatIf' {
        $seq = Last-Seq
        { Set-LcSensorVersion -Session $S -Version 'four' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Set-LcSensorVersion -Session $S -Latest -WhatIf
        Requests-Since $seq '/v1/*' | Should -HaveCount 0
    }
}

Describe 'Permissions' {
    BeforeAll {
        $script:Narrow = New-LcEmulatorTenant -Url $Url -Name (New-Name 'narrow') -Permissions @('org.get')
        $script:N = Connect-LcOrg -OrganizationId $Narrow.OrganizationId -ApiKey $Narrow.OrgKey @Endpoints -PassThru
    }

    It 'names the missing permission: <Permission>' -ForEach @(
        @{ Permission = 'audit.get'; Call = { Get-LcOrgError -Session $N -ErrorAction Stop } }
        @{ Permission = 'sensor.list'; Call = { Get-LcOrgUsage -Session $N -ErrorAction Stop } }
        @{ Permission = 'org.set_quota'; Call = { Set-LcOrganization -Session $N -SensorQuota 5 -ErrorAction Stop } }
        @{ Permission = 'module.update'; Call = { Set-LcSensorVersion -Session $N -Latest -ErrorAction Stop } }
        @{ Permission = 'org.del'; Call = { Remove-LcOrganization -Session $N -OrganizationId $Narrow.OrganizationId -Force -ErrorAction Stop } }
    ) {
        $record = $null
        try { & $Call } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Unauthorized*'
        $record.Exception.Message | Should -BeLike "*missing permission $Permission*"
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'still reads what org.get allows' {
        (Get-LcEventSchema -Session $N).EventType | Should -Contain 'evt:NEW_PROCESS'
        (Get-LcOrganization -Session $N).OrganizationId | Should -Be $Narrow.OrganizationId
    }
}

Describe 'Many organizations with one user key' {
    BeforeAll {
        $script:Admin = New-LcEmulatorTenant -Url $Url -Name (New-Name 'mssp')
        $script:Second = Invoke-LcEmulator $Url 'orgs' -Body @{ name = (New-Name 'client') }
        $script:Blind = Invoke-LcEmulator $Url 'orgs' -Body @{ name = (New-Name 'blind') }
        Invoke-LcEmulator $Url "users/$($Admin.UserId)/orgs" -Body @{ oid = $Second.oid } | Out-Null
        Invoke-LcEmulator $Url "users/$($Admin.UserId)/orgs" -Body @{ oid = $Blind.oid; perms = @('org.get') } | Out-Null
        Invoke-LcEmulator $Url "orgs/$($Admin.OrganizationId)/errors" -Body @{ errors = @(@{ component = 'output/syslog'; error = 'timeout' }) } | Out-Null
        Invoke-LcEmulator $Url "orgs/$($Second.oid)/errors" -Body @{ errors = @(@{ component = 'adapter'; error = 'bad key' }, @{ component = 'ext'; error = 'x' }) } | Out-Null
        $script:AdminSession = Connect-LcOrg -UserId $Admin.UserId -ApiKey $Admin.UserKey @Endpoints -PassThru
    }

    It 'Get-LcOrganization -All | Get-LcOrgError lists every reachable org and reports the one it may not read' {
        $errors = Get-LcOrganization -Session $AdminSession -All | Get-LcOrgError -Session $AdminSession -ErrorVariable failed -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 3
        ($errors.OrganizationId | Select-Object -Unique) | Should -HaveCount 2
        $failed | Should -HaveCount 1
        $failed[0].Exception.Message | Should -BeLike '*audit.get*'
        $failed[0].TargetObject | Should -Be ([guid]$Blind.oid)
    }

    It 'clears them across organizations through the pipeline' {
        Get-LcOrganization -Session $AdminSession -All | Get-LcOrgError -Session $AdminSession -ErrorAction SilentlyContinue |
            Clear-LcOrgError -Session $AdminSession
        (Invoke-LcEmulator $Url "orgs/$($Second.oid)/errors" -Method GET) | Should -BeNullOrEmpty
        (Invoke-LcEmulator $Url "orgs/$($Admin.OrganizationId)/errors" -Method GET) | Should -BeNullOrEmpty
    }
}
