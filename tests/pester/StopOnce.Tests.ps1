# Failures that do not depend on the item stop a command once (issue 14, item 4), and long listings and bulk changes
# show progress (item 12).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like, [string] $Method = '*') {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like -and $_.method -like $Method })
    }
    function script:Mints([string] $KeyId) {
        $counters = Invoke-LcEmulator $Url 'counters' -Method GET
        [int]($counters.mints.$KeyId ?? 0)
    }
    function script:New-Fleet([int] $Count, [string[]] $Permissions) {
        $tenant = New-LcEmulatorTenant -Url $Url -Permissions $Permissions
        $seeded = Invoke-LcEmulator $Url "orgs/$($tenant.OrganizationId)/sensors" -Body @{ count = $Count }
        $tenant | Add-Member -NotePropertyName SensorIds -NotePropertyValue ([guid[]]$seeded.sids) -PassThru
    }
    # Runs a script in another runspace of this process and returns what it wrote, progress records included
    # (the progress stream cannot be redirected).
    function script:Invoke-Capturing([string] $Script, [object[]] $Arguments = @()) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; `$ProgressPreference = 'Continue'").AddStatement()
            $null = $ps.AddScript($Script)
            foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

Describe 'A key lacking sensor.tag' {
    BeforeAll {
        $script:Fleet = New-Fleet -Count 100 -Permissions @('org.get', 'sensor.list', 'sensor.get')
        $script:S = Connect-LcOrg -OrganizationId $Fleet.OrganizationId -ApiKey $Fleet.OrgKey @Endpoints -PassThru
    }

    It 'tags 100 sensors (default throttle) with one error naming the permission, and mints no token' {
        $null = Get-LcSensor -Session $S -SensorId $Fleet.SensorIds[0]
        $mintsBefore = Mints $Fleet.OrgKeyId
        $seq = Last-Seq
        $err = $null
        $stopped = $null
        try { Add-LcSensorTag -Session $S -SensorId $Fleet.SensorIds -Tag 'vip' -ErrorVariable err }
        catch { $stopped = $_ }

        $stopped | Should -Not -BeNullOrEmpty
        @($err) | Should -HaveCount 1
        $stopped.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Unauthorized,*'
        $stopped.Exception.Message | Should -Match 'lacks the permission sensor\.tag'
        $stopped.Exception.Message | Should -Match '0 items had succeeded'
        $stopped.Exception.Message | Should -Match '\d+ items were not attempted'
        $stopped.ErrorDetails.RecommendedAction | Should -Match 'sensor\.tag'
        (Mints $Fleet.OrgKeyId) - $mintsBefore | Should -Be 0
        # At most the calls in flight when the first answer came back (the throttle limit), not one per sensor.
        (Requests-Since $seq '/v1/*/tags' 'POST').Count | Should -BeLessOrEqual 17
    }

    It 'stops a pipeline of sensors at the first refusal too' {
        $seq = Last-Seq
        $err = $null
        $stopped = $null
        try { Get-LcSensor -Session $S | Add-LcSensorTag -Session $S -Tag 'piped' -ErrorVariable err }
        catch { $stopped = $_ }

        @($err) | Should -HaveCount 1
        $stopped.Exception.Message | Should -Match 'the rest of the input was not attempted'
        # Calls of the test before that were still on their way count not: only this test's tag.
        @(Requests-Since $seq '/v1/*/tags' 'POST' | Where-Object { "$($_.form.tags)" -eq 'piped' }).Count | Should -BeLessOrEqual 17
        (Requests-Since $seq '/v1/sensors/*' 'GET').Count | Should -Be 1
    }

    It 'counts exactly what was not attempted (one call at a time)' {
        $err = $null
        $stopped = $null
        try { Remove-LcSensorTag -Session $S -SensorId $Fleet.SensorIds[0..9] -Tag 'x' -ThrottleLimit 1 -Confirm:$false -ErrorVariable err }
        catch { $stopped = $_ }
        @($err) | Should -HaveCount 1
        $stopped.Exception.Message | Should -Match '9 items were not attempted'
    }

    It 'stops a Remove- loop with the count of what was not attempted' {
        $limited = New-LcEmulatorTenant -Url $Url -Permissions @('org.get', 'lookup.get')
        $session = Connect-LcOrg -OrganizationId $limited.OrganizationId -ApiKey $limited.OrgKey @Endpoints -PassThru
        $err = $null
        $stopped = $null
        try { Remove-LcHiveRecord -Session $session -Hive lookup -Key (1..12 | ForEach-Object { "k$_" }) -Force -ErrorVariable err }
        catch { $stopped = $_ }
        @($err) | Should -HaveCount 1
        $stopped.Exception.Message | Should -Match 'lacks the permission lookup\.del'
        $stopped.Exception.Message | Should -Match '11 items were not attempted'
    }
}

Describe 'Per-item failures still go on' {
    BeforeAll {
        $script:Mixed = New-Fleet -Count 10
        $script:M = Connect-LcOrg -OrganizationId $Mixed.OrganizationId -ApiKey $Mixed.OrgKey @Endpoints -PassThru
    }

    It 'reports two unknown sensors among ten and tags the ten' {
        $ids = @($Mixed.SensorIds[0..4]) + @([guid]::NewGuid(), [guid]::NewGuid()) + @($Mixed.SensorIds[5..9])
        $err = $null
        Add-LcSensorTag -Session $M -SensorId $ids -Tag 'partial' -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*' }
        (Invoke-LcEmulator $Url "orgs/$($Mixed.OrganizationId)/sensors?tag=partial" -Method GET).count | Should -Be 10
    }

    It 'reports a bad value per item in a sequential loop and goes on' {
        $err = $null
        $out = Get-LcSensor -Session $M -SensorId @($Mixed.SensorIds[0], [guid]::NewGuid(), $Mixed.SensorIds[1]) -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $out | Should -HaveCount 2
    }
}

Describe 'A revoked key' {
    It 'stops the command at the first refusal of the JWT endpoint, without a mint per sensor' {
        $fleet = New-Fleet -Count 60
        $session = Connect-LcOrg -OrganizationId $fleet.OrganizationId -ApiKey $fleet.OrgKey @Endpoints -PassThru
        $null = Get-LcSensor -Session $session -SensorId $fleet.SensorIds[0]
        Invoke-LcEmulator $Url "keys/$($fleet.OrgKeyId)/revoke" | Out-Null
        $seq = Last-Seq
        $err = $null
        $stopped = $null
        try { Enable-LcSensorSeal -Session $session -SensorId $fleet.SensorIds -Force -ErrorVariable err }
        catch { $stopped = $_ }

        @($err) | Should -HaveCount 1
        $stopped.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.AuthenticationFailed,*'
        $stopped.Exception.Message | Should -Match 'The key was refused'
        $stopped.Exception.Message | Should -Match 'not attempted'
        # The calls in flight share the refusal: one mint attempt, not one per sensor.
        (Requests-Since $seq '/' 'POST').Count | Should -BeLessOrEqual 2
        (Requests-Since $seq '/v1/*/seal').Count | Should -BeLessOrEqual 17
    }
}

Describe 'A deleted organization' {
    It 'stops a loop over its records once' {
        $tenant = New-LcEmulatorTenant -Url $Url
        $user = Connect-LcOrg -UserId $tenant.UserId -ApiKey $tenant.UserKey -OrganizationId $tenant.OrganizationId @Endpoints -PassThru
        $null = Get-LcOrganization -Session $user -OrganizationId $tenant.OrganizationId
        $null = Get-LcHiveRecord -Session $user -Hive lookup -ErrorAction SilentlyContinue
        Remove-LcOrganization -Session $user -OrganizationId $tenant.OrganizationId -Force
        $err = $null
        $stopped = $null
        try { Get-LcHiveRecord -Session $user -Hive lookup -Key 'a', 'b', 'c', 'd' -ErrorVariable err }
        catch { $stopped = $_ }

        @($err) | Should -HaveCount 1
        $stopped.Exception.Message | Should -Match 'organization does not exist'
    }
}

Describe 'Progress of long listings and bulk changes' {
    BeforeAll {
        $script:P = New-Fleet -Count 120
        $script:PSession = Connect-LcOrg -OrganizationId $P.OrganizationId -ApiKey $P.OrgKey @Endpoints -PassThru
    }
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'shows records and pages so far once a listing runs past a second, and completes it' {
        Invoke-LcEmulator $Url 'faults' -Body @{ delayMs = 300; method = 'GET'; pathPrefix = "/v1/sensors/$($P.OrganizationId)" } | Out-Null
        $run = Invoke-Capturing 'param($s) Get-LcSensor -Session $s -PageSize 20' @($PSession)

        $run.Output | Should -HaveCount 120
        $running = @($run.Progress | Where-Object RecordType -eq 'Processing')
        $running.Count | Should -BeGreaterThan 0
        $running[0].Activity | Should -Be 'Get-LcSensor'
        $running[-1].StatusDescription | Should -Match '^\d+ records, \d+ pages so far \(\d+/s'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'shows nothing for a short listing' {
        $run = Invoke-Capturing 'param($s) Get-LcSensor -Session $s' @($PSession)
        $run.Output | Should -HaveCount 120
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'shows the rate and the total of a bulk change whose input is known' {
        Invoke-LcEmulator $Url 'faults' -Body @{ delayMs = 100; method = 'POST'; pathPrefix = '/v1/' } | Out-Null
        $run = Invoke-Capturing 'param($s, $ids) Add-LcSensorTag -Session $s -SensorId $ids -Tag rate -ThrottleLimit 4' @($PSession, $P.SensorIds[0..39])

        $run.Errors | Should -BeNullOrEmpty
        $running = @($run.Progress | Where-Object RecordType -eq 'Processing')
        $running.Count | Should -BeGreaterThan 0
        $running[-1].StatusDescription | Should -Match '^\d+ of 40 done, \d+ in flight, [\d.]+/s$'
        $running[-1].PercentComplete | Should -BeGreaterThan 0
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}
