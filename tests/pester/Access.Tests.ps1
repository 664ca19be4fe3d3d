# Access administration: API keys minted with chosen permissions, users and roles, permissions, ingestion keys.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:Oid = $Tenant.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $Tenant.OrgKey @Endpoints -PassThru
    $script:User = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
    Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 3; hostnamePrefix = 'acc' } | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
    function script:New-Email([string] $Prefix) { "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 8))@example.com" }
}

AfterAll { Disconnect-LcOrg }

Describe 'New-LcApiKey' {
    It 'mints a key that holds exactly the permissions asked for' {
        $seq = Last-Seq
        $key = New-LcApiKey -Session $S -Name 'sensor-reader' -Permission sensor.list, sensor.get
        $key | Should -BeOfType ([LimaCharlie.NewApiKey])
        $key.Secret | Should -BeOfType ([securestring])
        $key.KeyHash | Should -Match '^[0-9a-f]{64}$'
        $create = Requests-Since $seq '/v1/orgs/*/keys' | Where-Object method -eq 'POST'
        $create.form.perms | Should -Be 'sensor.list,sensor.get'
        $create.form.key_name | Should -Be 'sensor-reader'

        $reader = Connect-LcOrg -OrganizationId $Oid -ApiKey $key.Secret @Endpoints -PassThru
        (Get-LcIdentity -Session $reader).Organizations[0].Permissions | Sort-Object | Should -Be @('sensor.get', 'sensor.list')
        $sensors = @(Get-LcSensor -Session $reader)
        $sensors.Count | Should -Be 3
        ($sensors[0] | Get-LcSensor -Session $reader).SensorId | Should -Be $sensors[0].SensorId

        # A missing permission does not depend on the sensor: it stops the command (one terminating error).
        $failed = @()
        try { $sensors[0] | Add-LcSensorTag -Session $reader -Tag 'not-allowed' } catch { $failed = @($_) }
        $failed.Count | Should -BeGreaterThan 0
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Unauthorized*'
        $failed[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($failed[0])" | Should -Match 'missing permission sensor\.tag'
        (Get-LcSensorTag -Session $S -SensorId $sensors[0].SensorId).Tag | Should -Not -Contain 'not-allowed'
    }

    It 'works with -AsPlainText, and the secret appears in no -Verbose or -Debug output' {
        $records = New-LcApiKey -Session $S -Name 'plain' -Permission sensor.list -AsPlainText -Verbose -Debug *>&1
        $key = $records | Where-Object { $_ -is [LimaCharlie.NewApiKey] }
        $key.Secret | Should -BeOfType ([string])
        $key.Secret | Should -Not -BeNullOrEmpty
        $messages = @($records | Where-Object { $_ -isnot [LimaCharlie.NewApiKey] } | ForEach-Object { "$_" })
        $messages.Count | Should -BeGreaterThan 0
        ($messages -join "`n") | Should -Not -Match ([regex]::Escape($key.Secret))

        $secure = ConvertTo-SecureString $key.Secret -AsPlainText -Force
        $connectOutput = Connect-LcOrg -OrganizationId $Oid -ApiKey $secure @Endpoints -PassThru -Verbose -Debug *>&1
        $session = $connectOutput | Where-Object { $_ -is [LimaCharlie.Session] }
        $listing = @(Get-LcSensor -Session $session -Verbose -Debug *>&1)
        (@($connectOutput) + $listing | ForEach-Object { "$_" }) -join "`n" | Should -Not -Match ([regex]::Escape($key.Secret))
        @($listing | Where-Object { $_ -is [LimaCharlie.Sensor] }).Count | Should -Be 3
    }

    It 'sends an allowed IP range and lists it; refuses a malformed one before sending' {
        $key = New-LcApiKey -Session $S -Name 'office-only' -Permission org.get -AllowedIpRange 203.0.113.0/24
        (Get-LcApiKey -Session $S -Name 'office-only').AllowedIpRange | Should -Be '203.0.113.0/24'
        $seq = Last-Seq
        { New-LcApiKey -Session $S -Name 'bad' -Permission org.get -AllowedIpRange '203.0.113.0/33' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LimaCharlie.PowerShell.Cmdlets.ApiKeys.NewLcApiKeyCommand'
        Requests-Since $seq '/v1/orgs/*/keys' | Should -BeNullOrEmpty
        $key | Remove-LcApiKey -Session $S -Force
    }

    It 'warns about a permission name it does not know, and the API refuses it' {
        $warnings = $null
        New-LcApiKey -Session $S -Name 'typo' -Permission sensor.lst -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue
        "$warnings" | Should -Match "'sensor\.lst' is not a permission name"
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.BadRequest*'
    }

    It 'sends nothing with -WhatIf' {
        $seq = Last-Seq
        New-LcApiKey -Session $S -Name 'never' -Permission org.get -WhatIf | Should -BeNullOrEmpty
        Requests-Since $seq '/v1/orgs/*/keys' | Should -BeNullOrEmpty
    }
}

Describe 'Get-LcApiKey and Remove-LcApiKey' {
    It 'lists keys by hash with their permissions and never a secret' {
        $new = New-LcApiKey -Session $S -Name 'listed' -Permission sensor.list, dr.list -AsPlainText
        $listed = Get-LcApiKey -Session $S | Where-Object KeyHash -eq $new.KeyHash
        $listed | Should -BeOfType ([LimaCharlie.ApiKey])
        $listed.Name | Should -Be 'listed'
        $listed.Permissions | Should -Be @('sensor.list', 'dr.list')
        $listed.Created | Should -BeOfType ([DateTimeOffset])
        $listed.CreatedBy | Should -Be "$($Tenant.Name)-key"
        $listed.OrganizationId | Should -Be $Oid
        ($listed | Format-List * -Force | Out-String) | Should -Not -Match ([regex]::Escape($new.Secret))
        (Get-LcApiKey -Session $S | Out-String) | Should -Match 'listed'
    }

    It 'removes a key from the pipeline: it is gone and can no longer connect' {
        $new = New-LcApiKey -Session $S -Name 'leaving' -Permission org.get
        $seq = Last-Seq
        Get-LcApiKey -Session $S -Name 'leaving' | Remove-LcApiKey -Session $S -WhatIf
        Requests-Since $seq '/v1/orgs/*/keys' | Where-Object method -eq 'DELETE' | Should -BeNullOrEmpty
        Get-LcApiKey -Session $S -Name 'leaving' | Remove-LcApiKey -Session $S -Force
        Requests-Since $seq '/v1/orgs/*/keys' | Where-Object method -eq 'DELETE' | ForEach-Object { $_.form.key_hash } | Should -Be $new.KeyHash
        Get-LcApiKey -Session $S -Name 'leaving' | Should -BeNullOrEmpty
        { Connect-LcOrg -OrganizationId $Oid -ApiKey $new.Secret @Endpoints -PassThru | Get-LcOrganization -ErrorAction Stop } | Should -Throw
    }

    It 'needs <Permission> for <Command>: 401 naming the permission' -ForEach @(
        @{ Command = 'Get-LcApiKey'; Permission = 'apikey.ctrl' }
        @{ Command = 'Get-LcUser'; Permission = 'user.ctrl' }
        @{ Command = 'Get-LcIngestionKey'; Permission = 'ingestkey.ctrl' }
    ) {
        $limited = New-LcApiKey -Session $S -Name "without-$Permission" -Permission sensor.list
        $other = Connect-LcOrg -OrganizationId $Oid -ApiKey $limited.Secret @Endpoints -PassThru
        & $Command -Session $other -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Unauthorized*'
        "$($failed[0])" | Should -Match "missing permission $([regex]::Escape($Permission))"
    }
}

Describe 'Users, roles and permissions' {
    BeforeAll {
        $script:Alice = New-Email 'alice'
        $script:Bob = New-Email 'bob'
        $script:Carol = New-Email 'carol'
    }

    It 'adds three users with roles, inviting the missing ones' {
        $seq = Last-Seq
        Add-LcUser -Session $S -Email $Alice -Role Administrator
        Add-LcUser -Session $S -Email $Bob -Role Operator
        Add-LcUser -Session $S -Email $Carol -Role Viewer
        $sent = Requests-Since $seq '/v1/orgs/*/users' | Where-Object method -eq 'POST'
        $sent.Count | Should -Be 3
        $sent[0].form.invite_missing | Should -Be 'true'
        $sent[1].form.role | Should -Be 'Operator'
    }

    It 'lists users with their permissions' {
        $users = Get-LcUser -Session $S
        $users | Should -BeOfType ([LimaCharlie.OrgUser])
        $users.Email | Should -Contain $Alice
        $users.Email | Should -Contain $Tenant.UserEmail
        $alice = $users | Where-Object Email -eq $Alice
        $alice.Permissions | Should -Contain 'user.ctrl'
        $alice.Permissions | Should -Not -Contain 'org.del'
        $alice.UserId | Should -Not -BeNullOrEmpty
        $alice.DirectAccess | Should -BeTrue
        $alice.MfaEnabled | Should -BeFalse
        $carol = Get-LcUser -Session $S -Email 'carol-*'
        $carol.Permissions | Should -Contain 'sensor.list'
        $carol.Permissions | Should -Not -Contain 'sensor.task'
        (Get-LcUser -Session $S | Out-String) | Should -Match ([regex]::Escape($Bob))
    }

    It 'changes a role (JSON body), replacing the permissions' {
        $seq = Last-Seq
        $changed = Set-LcUserRole -Session $S -Email $Carol -Role Basic -PassThru
        $changed.Permissions | Should -Be @('org.get')
        $put = Requests-Since $seq '/v1/orgs/*/users/role'
        $put.method | Should -Be 'PUT'
        (Get-LcUser -Session $S -Email $Carol).Permissions | Should -Be @('org.get')
    }

    It 'grants and revokes permissions, one call each' {
        $seq = Last-Seq
        Grant-LcPermission -Session $S -Email $Carol -Permission sensor.list, sensor.get
        $calls = Requests-Since $seq '/v1/orgs/*/users/permissions' | Where-Object method -eq 'POST'
        $calls.Count | Should -Be 2
        $calls.form.perm | Should -Be @('sensor.list', 'sensor.get')
        (Get-LcUser -Session $S -Email $Carol).Permissions | Should -Be @('org.get', 'sensor.list', 'sensor.get')
        Get-LcUser -Session $S -Email $Carol | Revoke-LcPermission -Session $S -Permission sensor.get
        (Get-LcUser -Session $S -Email $Carol).Permissions | Should -Be @('org.get', 'sensor.list')
    }

    It 'removes a user with -Force' {
        Remove-LcUser -Session $S -Email $Bob -Force
        (Get-LcUser -Session $S).Email | Should -Not -Contain $Bob
    }

    It 'reports an unknown user in a list as a non-terminating error and removes the rest' {
        $ghost = New-Email 'ghost'
        Remove-LcUser -Session $S -Email $Alice, $ghost, $Carol -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound*'
        $failed[0].TargetObject | Should -Be $ghost
        $emails = (Get-LcUser -Session $S).Email
        $emails | Should -Not -Contain $Alice
        $emails | Should -Not -Contain $Carol
    }

    It 'sweeps every organization of a user key with -WhatIf and removes nothing' {
        $second = New-LcOrganization -Session $User -Name "acc-$([guid]::NewGuid().ToString('n').Substring(0, 8))" -Location usa
        $leaver = New-Email 'leaver'
        Get-LcOrganization -Session $User -All | Add-LcUser -Session $User -Email $leaver -Role Viewer
        $orgs = @(Get-LcOrganization -Session $User -All)
        $orgs.Count | Should -Be 2
        $seq = Last-Seq
        $orgs | Remove-LcUser -Session $User -Email $leaver -WhatIf
        Requests-Since $seq '/v1/orgs/*/users' | Should -BeNullOrEmpty
        (Get-LcUser -Session $User -OrganizationId $Oid).Email | Should -Contain $leaver
        (Get-LcUser -Session $User -OrganizationId $second.OrganizationId).Email | Should -Contain $leaver

        $orgs | Remove-LcUser -Session $User -Email $leaver -Force
        (Get-LcUser -Session $User -OrganizationId $Oid).Email | Should -Not -Contain $leaver
        (Get-LcUser -Session $User -OrganizationId $second.OrganizationId).Email | Should -Not -Contain $leaver
    }

    It 'refuses an unknown role before sending' {
        { Set-LcUserRole -Session $S -Email $Tenant.UserEmail -Role Janitor -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,LimaCharlie.PowerShell.Cmdlets.Users.SetLcUserRoleCommand'
    }

    It 'completes permission names' {
        $completions = TabExpansion2 -inputScript 'Grant-LcPermission -Email a@example.com -Permission sensor.' -cursorColumn 59
        $completions.CompletionMatches.CompletionText | Should -Contain 'sensor.tag'
        $completions.CompletionMatches.CompletionText | Should -Not -Contain 'org.get'
    }
}

Describe 'Ingestion keys' {
    It 'creates, lists (keys as SecureString), resets and deletes by query' {
        $new = New-LcIngestionKey -Session $S -Name 'syslog-dc1'
        $new | Should -BeOfType ([LimaCharlie.IngestionKey])
        $new.Key | Should -BeOfType ([securestring])
        $plain = (Get-LcIngestionKey -Session $S -Name 'syslog-*' -AsPlainText).Key
        $plain | Should -Be ([Net.NetworkCredential]::new('', $new.Key).Password)
        (Get-LcIngestionKey -Session $S | Format-List * -Force | Out-String) | Should -Not -Match ([regex]::Escape($plain))

        $reset = New-LcIngestionKey -Session $S -Name 'syslog-dc1' -AsPlainText
        $reset.Key | Should -Not -Be $plain

        $seq = Last-Seq
        Get-LcIngestionKey -Session $S -Name 'syslog-dc1' | Remove-LcIngestionKey -Session $S -Force
        $delete = Requests-Since $seq '/v1/insight/*/ingestion_keys' | Where-Object method -eq 'DELETE'
        @($delete).Count | Should -Be 1
        $delete.query | Should -Be 'name=syslog-dc1'
        Get-LcIngestionKey -Session $S | Should -BeNullOrEmpty
    }

    It 'keeps the keys out of -Debug output' {
        New-LcIngestionKey -Session $S -Name 'debugged' | Out-Null
        $records = Get-LcIngestionKey -Session $S -AsPlainText -Debug *>&1
        $key = ($records | Where-Object { $_ -is [LimaCharlie.IngestionKey] }).Key
        $key | Should -Not -BeNullOrEmpty
        ($records | Where-Object { $_ -isnot [LimaCharlie.IngestionKey] } | ForEach-Object { "$_" }) -join "`n" |
            Should -Not -Match ([regex]::Escape($key))
        Remove-LcIngestionKey -Session $S -Name 'debugged' -Force
    }

    It 'reports an unknown name as a non-terminating error' {
        Remove-LcIngestionKey -Session $S -Name 'never-made' -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound*'
    }
}
