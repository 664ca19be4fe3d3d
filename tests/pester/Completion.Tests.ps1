# Tab completion of the values a person would otherwise copy by hand.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Oid = $Tenant.OrganizationId
    function script:Matches([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
    function script:Complete([string] $Line) { (Matches $Line).CompletionText }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like })
    }
    function script:Connect-Org { Connect-LcOrg -OrganizationId $Oid -ApiKey $Tenant.OrgKey @Endpoints }
    function script:Connect-User { Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints }
}

AfterAll { Disconnect-LcOrg }

Describe 'Argument completion' {
    It 'completes -Location of New-LcOrganization' {
        Complete 'New-LcOrganization -Name x -Location eu' | Should -Be 'europe'
        (Complete 'New-LcOrganization -Name x -Location ') | Should -Contain 'australia'
    }

    It 'completes organization ids by id or by name from what the session knows, without calling the API' {
        Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey -ApiUrl $Url -JwtUrl $Url
        Get-LcOrganization -All | Out-Null
        $last = (Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq
        Complete "Get-LcJwt -OrganizationId $($Tenant.OrganizationId.ToString().Substring(0, 6))" | Should -Be "$($Tenant.OrganizationId)"
        Complete "Get-LcOrganization -OrganizationId $($Tenant.Name)" | Should -Be "$($Tenant.OrganizationId)"
        (Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq | Should -Be $last
    }

    It 'completes sensor hostnames, and sensor ids by hostname, with one lookup' {
        Invoke-LcEmulator $Url "orgs/$($Tenant.OrganizationId)/sensors" -Body @{ sensors = @(
                @{ hostname = 'web-frontend-01' }, @{ hostname = 'web-frontend-02' }, @{ hostname = 'db-01' }) } | Out-Null
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url
        Complete 'Get-LcSensor -Hostname web-f' | Should -Be @('web-frontend-01', 'web-frontend-02')
        $ids = @(Complete 'Add-LcSensorTag -Tag x -SensorId db-')
        $ids | Should -HaveCount 1
        (Get-LcSensor -SensorId $ids[0]).Hostname | Should -Be 'db-01'
    }

    It 'completes environment names from the config file' {
        $file = Join-Path $TestDrive 'config.yaml'
        Set-Content $file "oid: $($Tenant.OrganizationId)`napi_key: x`nenv:`n  production:`n    oid: $($Tenant.OrganizationId)`n    api_key: y`n  staging:`n    oid: $($Tenant.OrganizationId)`n    api_key: z"
        $names = Complete "Connect-LcOrg -CredentialFile $file -Environment "
        $names | Should -Contain 'production'
        $names | Should -Contain 'staging'
        $names | Should -Contain 'default'
        Complete "Connect-LcOrg -CredentialFile $file -Environment prod" | Should -Be 'production'
    }

    It 'lists each organization by name and inserts its id, asking the API once for names it lacks' {
        # Without the greeting, which would have read the organization's name already.
        Connect-LcOrg -OrganizationId $Oid -ApiKey $Tenant.OrgKey @Endpoints -NoWelcome
        $seq = Last-Seq
        $m = @(Matches 'Get-LcSensor -OrganizationId ')
        $m.CompletionText | Should -Be @("$Oid")
        $m[0].ListItemText | Should -Be "$($Tenant.Name) ($Oid)"
        Complete "Get-LcSensor -OrganizationId $($Tenant.Name)" | Should -Be "$Oid"
        @(Requests-Since $seq "/v1/orgs/$Oid").Count | Should -Be 1
    }
}

Describe 'Completion where Tab listed file names' {
    BeforeAll {
        Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(@{ hostname = 'fin-ws-01.corp.example' }, @{ hostname = 'fin-ws-02.corp.example' }) } | Out-Null
    }

    It 'completes event types from the schema, by their short name, with the full name as tooltip: <Line>' -ForEach @(
        @{ Line = 'Get-LcEvent -SensorId x -EventType NEW_P'; Expected = @('NEW_PROCESS') }
        @{ Line = 'Get-LcEventSchema -EventType DNS_'; Expected = @('DNS_REQUEST') }
        @{ Line = 'Get-LcEventSchema -Name DNS_'; Expected = @('DNS_REQUEST') }
        @{ Line = 'Get-LcEventSchema DNS_'; Expected = @('DNS_REQUEST') }
    ) {
        Connect-Org
        $m = @(Matches $Line)
        $m.CompletionText | Should -Be $Expected
        $m[0].ToolTip | Should -Be "evt:$($Expected[0])"
        (Get-LcEventSchema -Name $Expected[0]).EventType | Should -Be "evt:$($Expected[0])"
    }

    It 'reads the event types once within the cache window' {
        Connect-Org
        $seq = Last-Seq
        Complete 'Get-LcEvent -SensorId x -EventType ' | Should -Contain 'NEW_PROCESS'
        Complete 'Get-LcEvent -SensorId x -EventType FILE_' | Should -Contain 'FILE_CREATE'
        @(Requests-Since $seq "/v1/orgs/$Oid/schema").Count | Should -BeLessOrEqual 1
    }

    It 'completes sensor task commands, with what they take as tooltip' {
        $m = @(Matches 'Invoke-LcSensorTask -SensorId x -Command os_v')
        $m.CompletionText | Should -Be @('os_version')
        $m = @(Matches 'Invoke-LcSensorTask -SensorId x -Command dir_')
        $m.CompletionText | Should -Be @('dir_list')
        $m[0].ToolTip | Should -Match '<path>'
        Complete 'Invoke-LcSensorTask -SensorId x -Command ' | Should -Contain 'history_dump'
        (Matches 'Send-LcReliableTask -SensorId x -Command os_v').CompletionText | Should -Be @('os_version')
    }

    It 'completes selector field names and platforms, keeping what was typed before: <Line>' -ForEach @(
        @{ Line = 'Get-LcSensor -Selector pl'; Expected = @('plat') }
        @{ Line = 'Get-LcSensor -Selector int'; Expected = @('int_ip') }
        @{ Line = "Get-LcSensor -Selector 'plat == windows and host"; Expected = @("'plat == windows and hostname") }
        @{ Line = "Get-LcSensor -Selector 'plat == mac"; Expected = @("'plat == macos") }
        @{ Line = "Get-LcSensor -Selector '``vip`` in ta"; Expected = @("'``vip`` in tags") }
        @{ Line = "Get-LcSensor -Selector '(ext_ip == 1.2.3.4 or is"; Expected = @("'(ext_ip == 1.2.3.4 or isolated") }
    ) {
        Complete $Line | Should -Be $Expected
    }

    It 'offers every selector field on an empty selector' {
        $fields = @(Complete 'Get-LcSensor -Selector ')
        foreach ($field in 'plat', 'hostname', 'tags', 'ext_ip', 'int_ip', 'isolated', 'arch', 'sid') { $fields | Should -Contain $field }
    }

    It 'completes -SensorId of <Command> from a hostname prefix to the id, listing the hostname' -ForEach @(
        @{ Command = 'Get-LcSensor' }, @{ Command = 'Get-LcEvent' }, @{ Command = 'Get-LcDetection' }, @{ Command = 'Invoke-LcSensorTask' }
        @{ Command = 'Enable-LcSensorIsolation' }, @{ Command = 'Remove-LcSensorTag -Tag x' }, @{ Command = 'Get-LcArtifact' }
        @{ Command = 'Send-LcReliableTask' }, @{ Command = 'Get-LcReliableTask' }, @{ Command = 'Remove-LcReliableTask -TaskId x' }
    ) {
        Connect-Org
        $m = @(Matches "$Command -SensorId fin-ws-0")
        $m | Should -HaveCount 2
        $m.ToolTip | Should -Be @('fin-ws-01.corp.example', 'fin-ws-02.corp.example')
        $m[0].ListItemText | Should -BeLike 'fin-ws-01.corp.example (*)'
        (Get-LcSensor -SensorId $m[0].CompletionText).Hostname | Should -Be 'fin-ws-01.corp.example'
    }

    It 'takes a trailing * typed in a hostname as the prefix it is' {
        Connect-Org
        Complete 'Get-LcSensor -Hostname fin-ws*' | Should -Be @('fin-ws-01.corp.example', 'fin-ws-02.corp.example')
        @(Complete 'Get-LcEvent -SensorId fin-ws-01*') | Should -HaveCount 1
    }

    It "completes organization ids for a user key before anything was listed, from the user's organizations" {
        Connect-User
        $m = @(Matches 'Get-LcSensor -OrganizationId ')
        $m.CompletionText | Should -Contain "$Oid"
        ($m | Where-Object CompletionText -eq "$Oid").ListItemText | Should -Be "$($Tenant.Name) ($Oid)"
        Complete "Get-LcSensor -OrganizationId $($Tenant.Name)" | Should -Be "$Oid"
    }

    It 'answers nothing, without an error or a request, with no session' {
        Disconnect-LcOrg
        $seq = Last-Seq
        $Error.Clear()
        Complete 'Get-LcEvent -SensorId x -EventType ' | Should -BeNullOrEmpty
        Complete 'Get-LcEventSchema -Name ' | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
        @(Requests-Since $seq '*').Count | Should -Be 0
    }
}

Describe 'Completion from the organization' {
    BeforeAll {
        Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(@{ hostname = 'tagged-01' }) } | Out-Null
        Connect-Org
        $sid = (Get-LcSensor -Hostname 'tagged-01').SensorId
        Add-LcSensorTag -SensorId $sid -Tag 'vip', 'web tier' -Confirm:$false
        Invoke-LcEmulator $Url "orgs/$Oid/hive/lookup/bad-domains" -Body @{ data = @{ lookup_data = @{} } } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/hive/lookup/bad-hashes" -Body @{ data = @{ lookup_data = @{} } } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/hive/dr-general/detect-mimikatz" -Body @{ data = @{ detect = @{ op = 'exists'; event = 'NEW_PROCESS'; path = 'event' }; respond = @(@{ action = 'report'; name = 'x' }) } } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/hive/dr-managed/managed-rule" -Body @{ data = @{ detect = @{ op = 'exists'; event = 'NEW_PROCESS'; path = 'event' }; respond = @(@{ action = 'report'; name = 'y' }) } } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/hive/fp/fp-backup-agent" -Body @{ data = @{ op = 'is'; path = 'cat'; value = 'x' } } | Out-Null
        New-LcOutput -Name 'siem-complete' -Module syslog -DataType detect -DestinationHost 'siem.example.test:514' -Confirm:$false | Out-Null
        $file = Join-Path $TestDrive 'collect-logs.ps1'
        Set-Content $file 'Get-Date'
        Send-LcPayload -Path $file -Confirm:$false
        $script:ApiKey = New-LcApiKey -Name 'completion-ci' -Permission 'sensor.list' -Confirm:$false
        New-LcIngestionKey -Name 'completion-syslog' -Confirm:$false | Out-Null
        $script:InstallationKey = New-LcInstallationKey -Description 'completion servers' -Confirm:$false
    }

    It 'completes <Line>' -ForEach @(
        @{ Line = 'Add-LcSensorTag -SensorId x -Tag v'; Expected = @('vip') }
        @{ Line = 'Remove-LcSensorTag -SensorId x -Tag we'; Expected = @("'web tier'") }
        @{ Line = 'Get-LcSensor -Tag v'; Expected = @('vip') }
        @{ Line = 'Get-LcTag -Name v'; Expected = @('vip') }
        @{ Line = 'New-LcInstallationKey -Description d -Tag v'; Expected = @('vip') }
        @{ Line = 'Get-LcHiveRecord -Hive lookup -Key bad-'; Expected = @('bad-domains', 'bad-hashes') }
        @{ Line = 'Remove-LcHiveRecord -Hive lookup -Key bad-h'; Expected = @('bad-hashes') }
        @{ Line = 'Rename-LcHiveRecord -Hive lookup -Key bad-d'; Expected = @('bad-domains') }
        @{ Line = 'Set-LcHiveRecord -Hive dr-general -Key detect'; Expected = @('detect-mimikatz') }
        @{ Line = 'Get-LcDrRule -Name detect'; Expected = @('detect-mimikatz') }
        @{ Line = 'Remove-LcDrRule -Namespace managed -Name '; Expected = @('managed-rule') }
        @{ Line = 'Set-LcDrRule -Name detect'; Expected = @('detect-mimikatz') }
        @{ Line = 'Test-LcDrRule -Name detect'; Expected = @('detect-mimikatz') }
        @{ Line = 'Test-LcDrRule -Namespace managed -Name '; Expected = @('managed-rule') }
        @{ Line = 'Get-LcFpRule -Name fp-'; Expected = @('fp-backup-agent') }
        @{ Line = 'Remove-LcFpRule -Name fp-'; Expected = @('fp-backup-agent') }
        @{ Line = 'Get-LcOutput -Name siem-c'; Expected = @('siem-complete') }
        @{ Line = 'Remove-LcOutput -Name siem-c'; Expected = @('siem-complete') }
        @{ Line = 'Get-LcPayload -Name collect'; Expected = @('collect-logs.ps1') }
        @{ Line = 'Save-LcPayload -Name collect'; Expected = @('collect-logs.ps1') }
        @{ Line = 'Remove-LcPayload -Name collect'; Expected = @('collect-logs.ps1') }
        @{ Line = 'Get-LcApiKey -Name completion'; Expected = @('completion-ci') }
        @{ Line = 'Get-LcIngestionKey -Name completion'; Expected = @('completion-syslog') }
        @{ Line = 'Remove-LcIngestionKey -Name completion'; Expected = @('completion-syslog') }
        @{ Line = 'New-LcOutput -Name x -Module sys'; Expected = @('syslog') }
        @{ Line = 'New-LcOutput -Name x -Module syslog -DataType det'; Expected = @('detect') }
        @{ Line = 'Get-LcHiveRecord -Hive dr-g'; Expected = @('dr-general') }
        @{ Line = 'New-LcApiKey -Name x -Permission sensor.l'; Expected = @('sensor.list') }
        @{ Line = 'Invoke-LcApi -Method PA'; Expected = @('PATCH') }
    ) {
        Connect-Org
        Complete $Line | Should -Be $Expected
    }

    It 'completes API key hashes listed by name, installation keys by description, and users by email' {
        Connect-Org
        $m = @(Matches 'Remove-LcApiKey -KeyHash completion')
        $m.CompletionText | Should -Be @($ApiKey.KeyHash)
        $m[0].ListItemText | Should -Be "completion-ci ($($ApiKey.KeyHash))"
        $m = @(Matches 'Remove-LcInstallationKey -InstallationKeyId completion')
        $m.CompletionText | Should -Be @("$($InstallationKey.InstallationKeyId)")
        $m[0].ListItemText | Should -Be "completion servers ($($InstallationKey.InstallationKeyId))"
        $emails = @(@(Get-LcUser).Email | Sort-Object)
        $emails | Should -Not -BeNullOrEmpty
        Complete 'Get-LcUser -Email ' | Should -Be $emails
        Complete "Set-LcUserRole -Role Basic -Email $($emails[0].Substring(0, 4))" | Should -Contain $emails[0]
        Complete "Grant-LcPermission -Permission sensor.list -Email $($emails[0].Substring(0, 4))" | Should -Contain $emails[0]
    }

    It 'completes group ids listed by name, for a user session' {
        Connect-User
        $group = New-LcGroup -Name "completion-$([guid]::NewGuid().ToString('n').Substring(0, 6))" -Confirm:$false
        $m = @(Matches "Get-LcGroup -GroupId $($group.Name)")
        $m.CompletionText | Should -Be @("$($group.GroupId)")
        $m[0].ListItemText | Should -Be "$($group.Name) ($($group.GroupId))"
        Complete "Add-LcGroupMember -Email a@example.test -GroupId $($group.Name)" | Should -Be "$($group.GroupId)"
    }

    It 'completes extension names from the API and the well-known ones' {
        Connect-Org
        $names = @(Complete 'Get-LcExtension -Name ext-')
        $names | Should -Contain 'ext-reliable-tasking'
        @(Get-LcExtension).Name | Where-Object { $_ -like 'ext-*' } | ForEach-Object { $names | Should -Contain $_ }
        Disconnect-LcOrg
        Complete 'Add-LcExtensionSubscription -Name ext-rel' | Should -Be 'ext-reliable-tasking'
    }

    It 'asks the API once within the cache window, for every Tab of the same list' {
        Connect-Org
        $seq = Last-Seq
        Complete 'Add-LcSensorTag -SensorId x -Tag ' | Should -Be @('vip', "'web tier'")
        Complete 'Add-LcSensorTag -SensorId x -Tag v' | Should -Be @('vip')
        Complete 'Get-LcSensor -Tag w' | Should -Be @("'web tier'")
        @(Requests-Since $seq "/v1/tags/$Oid").Count | Should -Be 1
    }

    It 'answers nothing, without an error, rather than wait for a slow API' {
        Connect-Org
        $seq = Last-Seq
        $fault = Invoke-LcEmulator $Url 'faults' -Body @{ delayMs = 6000; count = 1; method = 'GET'; pathPrefix = "/v1/hive/lookup/$Oid" }
        try {
            Complete 'Get-LcHiveRecord -Hive lookup -Key bad-' | Should -BeNullOrEmpty
            $Error.Clear()
            Complete 'Get-LcHiveRecord -Hive lookup -Key bad-' | Should -BeNullOrEmpty
            $Error.Count | Should -Be 0
        }
        finally {
            # Let the slow request end here, so it cannot show up in the request log of a later test.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Requests-Since $seq "/v1/hive/lookup/$Oid") -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            try { Invoke-LcEmulator $Url "faults/$($fault.id)" -Method DELETE | Out-Null } catch { $null = $_ }
        }
    }

    It 'answers nothing, without an error, when the API fails' {
        Connect-Org
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 400; count = 1; method = 'GET'; pathPrefix = "/v1/outputs/$Oid" } | Out-Null
        $Error.Clear()
        Complete 'Remove-LcOutput -Name siem' | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
        Complete 'Remove-LcOutput -Name siem' | Should -Be 'siem-complete'
    }

    It 'answers nothing, without an error or a request, with no session' {
        Disconnect-LcOrg
        $seq = Last-Seq
        $Error.Clear()
        foreach ($line in 'Add-LcSensorTag -SensorId x -Tag ', 'Get-LcSensor -OrganizationId ', 'Get-LcHiveRecord -Hive lookup -Key ',
            'Get-LcDrRule -Name ', 'Get-LcOutput -Name ', 'Get-LcPayload -Name ', 'Remove-LcApiKey -KeyHash ', 'Get-LcUser -Email ',
            'Get-LcGroup -GroupId ', 'Get-LcIngestionKey -Name ', 'Get-LcInstallationKey -InstallationKeyId ', 'Get-LcSensor -Hostname web') {
            Complete $line | Should -BeNullOrEmpty -Because $line
        }
        $Error.Count | Should -Be 0
        @(Requests-Since $seq '*').Count | Should -Be 0
    }
}
