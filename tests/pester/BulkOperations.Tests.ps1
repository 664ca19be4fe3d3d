# Many sensors at once: streaming 100,000 sensors, and 10,000 tags under a 429 storm.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
}

AfterAll { Disconnect-LcOrg }

Describe 'Streaming 100,000 sensors' {
    BeforeAll {
        $script:Big = New-LcEmulatorTenant -Url $Url
        Invoke-LcEmulator $Url "orgs/$($Big.OrganizationId)/sensors" -Body @{ count = 100000; platforms = @('windows', 'linux', 'macos') } | Out-Null
        $script:BigSession = Connect-LcOrg -OrganizationId $Big.OrganizationId -ApiKey $Big.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    }

    It 'writes the first sensor before asking for the second page, and delivers all of them' {
        $seq = Last-Seq
        $state = @{ Count = 0; PagesAtFirst = -1 }
        Get-LcSensor -Session $BigSession -PageSize 1000 | ForEach-Object {
            if ($state.Count -eq 0) { $state.PagesAtFirst = (Requests-Since $seq "/v1/sensors/*").Count }
            $state.Count++
        }
        $state.PagesAtFirst | Should -Be 1
        $state.Count | Should -Be 100000
        Requests-Since $seq "/v1/sensors/*" | Should -HaveCount 100
    }

    It 'makes only the first page request for Select-Object -First 5' {
        $seq = Last-Seq
        Get-LcSensor -Session $BigSession | Select-Object -First 5 | Should -HaveCount 5
        Requests-Since $seq "/v1/sensors/*" | Should -HaveCount 1
    }
}

Describe 'Tagging 10,000 sensors while 10% of requests get 429' {
    BeforeAll {
        $script:Fleet = New-LcEmulatorTenant -Url $Url
        $script:FleetOid = $Fleet.OrganizationId
        Invoke-LcEmulator $Url "orgs/$FleetOid/sensors" -Body @{ count = 10000; platforms = @('windows', 'linux'); tags = @('bulk') } | Out-Null
        $script:FleetSession = Connect-LcOrg -OrganizationId $FleetOid -ApiKey $Fleet.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $FleetSession.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(50)
        $FleetSession.Options.RetryMaxDelay = [TimeSpan]::FromMilliseconds(500)
    }
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'applies every tag, riding out the 429s' {
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 429; fraction = 0.1; method = 'POST'; pathPrefix = '/v1/'; rateLimitQuota = 1000; ratePeriod = 60 } | Out-Null
        $err = $null
        Get-LcSensor -Session $FleetSession -Tag 'bulk' | Add-LcSensorTag -Session $FleetSession -Tag 'wave-3' -ThrottleLimit 8 -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $faults = Invoke-LcEmulator $Url 'faults' -Method GET
        $faults[0].injected | Should -BeGreaterThan 500
        (Invoke-LcEmulator $Url "orgs/$FleetOid/sensors?tag=wave-3" -Method GET).count | Should -Be 10000
    }

    It 'sends nothing with -WhatIf' {
        $seq = Last-Seq
        $out = Get-LcSensor -Session $FleetSession -Tag 'bulk' | Select-Object -First 300 |
            Add-LcSensorTag -Session $FleetSession -Tag 'never' -WhatIf
        $out | Should -BeNullOrEmpty
        Requests-Since $seq '/v1/*/tags' | Should -BeNullOrEmpty
        (Invoke-LcEmulator $Url "orgs/$FleetOid/sensors?tag=never" -Method GET).count | Should -Be 0
    }

    It 'reports each failed sensor and goes on with the rest' {
        $ids = Get-LcSensor -Session $FleetSession -Tag 'bulk' | Select-Object -First 20 -ExpandProperty SensorId
        $mixed = @($ids[0..9]) + @([guid]::NewGuid(), [guid]::NewGuid()) + @($ids[10..19])
        $err = $null
        Add-LcSensorTag -Session $FleetSession -SensorId $mixed -Tag 'partial' -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*' }
        ($err.TargetObject | Sort-Object) | Should -Be (@($mixed[10], $mixed[11]) | Sort-Object)
        (Invoke-LcEmulator $Url "orgs/$FleetOid/sensors?tag=partial" -Method GET).count | Should -Be 20
    }
}
