# Input that would silently match nothing gets a hint: hostname wildcards, partial addresses, unknown event types and
# hives, and URLs given to Invoke-LcApi (issue 14, item 8).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $seeded = Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(
            @{ hostname = 'web-01.corp.example'; int_ip = '10.3.20.5'; ext_ip = '203.0.113.7' }
            @{ hostname = 'web-02.corp.example'; int_ip = '10.3.40.9'; ext_ip = '203.0.113.8' }
            @{ hostname = 'db-01.corp.example'; int_ip = '10.4.0.1'; ext_ip = '198.51.100.4' }) }
    $script:Sid = [guid]$seeded.sids[0]
    $script:Now = [DateTimeOffset]::UtcNow
    Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$Sid"; count = 20; start = $Now.AddMinutes(-50).ToUnixTimeSeconds()
        end = $Now.AddMinutes(-5).ToUnixTimeSeconds(); eventTypes = @('NEW_PROCESS') } | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like })
    }
    function script:Error-Of([scriptblock] $Command) {
        try { & $Command | Out-Null; $null } catch { $_ }
    }
}

AfterAll { Disconnect-LcOrg }

Describe 'Hostname wildcards' {
    It 'takes a trailing * as the prefix match it is, in Get-LcSensor and Find-LcSensor, without a warning' {
        $seq = Last-Seq
        (Get-LcSensor -Session $S -Hostname 'web*' -WarningVariable w).Hostname | Sort-Object | Should -Be @('web-01.corp.example', 'web-02.corp.example')
        $w | Should -BeNullOrEmpty
        (Find-LcSensor -Session $S -Hostname 'db-*' -WarningVariable w).SensorId | Should -HaveCount 1
        $w | Should -BeNullOrEmpty
        (Requests-Since $seq '/v1/sensors/*').query | Should -Match 'with_hostname_prefix=web(&|$)'
    }

    It 'warns that other wildcards are taken literally, naming the selector to use' {
        $found = @(Get-LcSensor -Session $S -Hostname 'web-*.corp' -WarningVariable w -WarningAction SilentlyContinue)
        $found | Should -HaveCount 0
        "$w" | Should -Match 'prefix'
        "$w" | Should -Match 'hostname matches'
        @(Find-LcSensor -Session $S -Hostname 'w?b' -WarningVariable w2 -WarningAction SilentlyContinue) | Should -HaveCount 0
        "$w2" | Should -Match 'prefix'
    }

    It 'refuses a lone * in Find-LcSensor, which needs a prefix, and sends nothing' {
        $seq = Last-Seq
        $e = Error-Of { Find-LcSensor -Session $S -Hostname '*' }
        $e.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidArgument*'
        Requests-Since $seq '/v1/hostnames/*' | Should -BeNullOrEmpty
    }
}

Describe 'IP addresses' {
    It 'lists the sensors of a CIDR range (<Range>) by their internal or external address' -ForEach @(
        @{ Range = '10.3.0.0/16'; Expected = @('web-01.corp.example', 'web-02.corp.example') }
        @{ Range = '10.3.16.0/20'; Expected = @('web-01.corp.example') }
        @{ Range = '10.0.0.0/8'; Expected = @('db-01.corp.example', 'web-01.corp.example', 'web-02.corp.example') }
        @{ Range = '203.0.113.8/32'; Expected = @('web-02.corp.example') }
        @{ Range = '198.51.100.0/24'; Expected = @('db-01.corp.example') }
    ) {
        (Get-LcSensor -Session $S -IpAddress $Range).Hostname | Sort-Object | Should -Be $Expected
    }

    It 'sends a range as the selector the SDK''s list_sensors takes (int_ip or ext_ip matches an address pattern)' {
        $seq = Last-Seq
        $null = Get-LcSensor -Session $S -IpAddress '10.3.16.0/20'
        $sent = @(Requests-Since $seq "/v1/sensors/*")
        $sent | Should -HaveCount 1
        $selector = [uri]::UnescapeDataString(($sent[0].query -split '[?&]' | Where-Object { $_ -like 'selector=*' }).Substring(9)).Replace('+', ' ')
        $selector | Should -Match 'int_ip matches'
        $selector | Should -Match 'ext_ip matches'
        $selector | Should -Match ([regex]::Escape('10\.3\.(16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)\.'))
    }

    It 'still looks up a whole address as the API does' {
        (Get-LcSensor -Session $S -IpAddress '10.4.0.1').Hostname | Should -Be 'db-01.corp.example'
        (Find-LcSensor -Session $S -IpAddress '10.4.0.1').Hostname | Should -Be 'db-01.corp.example'
    }

    It 'refuses a partial address (<Ip>) with the range to give instead, and sends nothing' -ForEach @(
        @{ Ip = '10.3.*'; Range = '10.3.0.0/16' }
        @{ Ip = '10.3.'; Range = '10.3.0.0/16' }
        @{ Ip = '10'; Range = '10.0.0.0/8' }
        @{ Ip = '10.3.20'; Range = '10.3.20.0/24' }
    ) {
        $seq = Last-Seq
        foreach ($command in { Get-LcSensor -Session $S -IpAddress $Ip }, { Find-LcSensor -Session $S -IpAddress $Ip }) {
            $e = Error-Of $command
            $e.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidIpAddress*'
            "$e" | Should -Match ([regex]::Escape($Range))
        }
        Requests-Since $seq '/v1/*' | Should -BeNullOrEmpty
    }

    It 'points Find-LcSensor, whose lookup takes one address, to Get-LcSensor for a range' {
        $e = Error-Of { Find-LcSensor -Session $S -IpAddress '10.3.0.0/16' }
        $e.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidIpAddress*'
        "$e" | Should -Match 'Get-LcSensor -IpAddress 10\.3\.0\.0/16'
    }
}

Describe 'Event types' {
    It 'warns, naming the close match, when an event type the schema does not know matched nothing' {
        $events = @(Get-LcEvent -Session $S -SensorId $Sid -EventType 'NEW_PROCES' -WarningVariable w -WarningAction SilentlyContinue)
        $events | Should -HaveCount 0
        "$w" | Should -Match "'NEW_PROCES' is not an event type"
        "$w" | Should -Match 'NEW_PROCESS'
    }

    It 'names the short form when the full schema name was given' {
        @(Get-LcEvent -Session $S -SensorId $Sid -EventType 'evt:DNS_REQUEST' -WarningVariable w -WarningAction SilentlyContinue) | Should -HaveCount 0
        "$w" | Should -Match 'did you mean DNS_REQUEST'
    }

    It 'neither warns nor reads the schema when events came back, or the type is known' {
        $seq = Last-Seq
        @(Get-LcEvent -Session $S -SensorId $Sid -EventType 'NEW_PROCESS' -WarningVariable w).Count | Should -BeGreaterThan 0
        $w | Should -BeNullOrEmpty
        Requests-Since $seq "/v1/orgs/$Oid/schema*" | Should -BeNullOrEmpty
        @(Get-LcEvent -Session $S -SensorId $Sid -EventType 'DNS_REQUEST' -WarningVariable w) | Should -HaveCount 0
        $w | Should -BeNullOrEmpty
    }
}

Describe 'Hive names' {
    It 'reports a hive that does not exist as such, listing the known hives, not as a missing permission' {
        $e = Error-Of { Get-LcHiveRecord -Session $S -Hive 'dr-generl' -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.HiveNotFound*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$e" | Should -Match "'dr-generl' is not a hive this module knows"
        "$e" | Should -Match 'Known hives: dr-general, dr-managed'
        $e.ErrorDetails.RecommendedAction | Should -Match "'dr-general'"
        foreach ($command in { Set-LcHiveRecord -Session $S -Hive 'lookups' -Key k -Data @{ lookup_data = @{} } -Confirm:$false -ErrorAction Stop },
            { Remove-LcHiveRecord -Session $S -Hive 'lookups' -Key k -Confirm:$false -ErrorAction Stop }) {
            (Error-Of $command).FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.HiveNotFound*'
        }
    }

    It 'still reports a missing permission on a hive that exists' {
        $limited = New-LcEmulatorTenant -Url $Url -Permissions 'sensor.list'
        $session = Connect-LcOrg -OrganizationId $limited.OrganizationId -ApiKey $limited.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $e = Error-Of { Get-LcHiveRecord -Session $session -Hive 'lookup' -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -Not -BeLike 'LimaCharlie.HiveNotFound*'
        "$e" | Should -Match 'lookup.get'
    }
}

Describe 'Invoke-LcApi with a URL' {
    It "accepts a URL of the session's API, with its query string" {
        (Invoke-LcApi -Session $S "$($Url.TrimEnd('/'))/v1/who").ident | Should -Not -BeNullOrEmpty
        $seq = Last-Seq
        $page = Invoke-LcApi -Session $S "$($Url.TrimEnd('/'))/v1/sensors/$($Oid)?limit=2"
        @($page.sensors) | Should -HaveCount 2
        (Requests-Since $seq "/v1/sensors/$Oid").query | Should -Match 'limit=2'
    }

    It 'refuses a URL of another host, saying what to pass, and sends nothing' {
        $seq = Last-Seq
        $e = Error-Of { Invoke-LcApi -Session $S 'https://api.example.test/v1/who' }
        $e.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidArgument*'
        "$e" | Should -Match "is not the session's API"
        "$e" | Should -Match "Invoke-LcApi 'v1/who'"
        Requests-Since $seq '*' | Should -BeNullOrEmpty
    }
}
