# The README's onboarding and offboarding scripts (examples/), run end to end with a user key.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Connect-Admin { Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey -ApiUrl $Url -JwtUrl $Url }
    Connect-Admin
    $suffix = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:Team = [ordered]@{
        "soc-lead-$suffix@acme.example" = 'Administrator'
        "analyst-$suffix@acme.example"  = 'Operator'
        "auditor-$suffix@acme.example"  = 'Viewer'
    }
    $script:Onboarded = & (Join-Path $Examples 'Onboard-LcCustomer.ps1') -Name "acme-$suffix" -Location europe -Team $Team `
        -IntegrationPermissions sensor.list, sensor.get
    $script:Oid = $Onboarded.OrganizationId
}

AfterAll { Disconnect-LcOrg }

Describe 'Onboarding a customer' {
    It 'creates the organization, reachable by the admin' {
        $Oid | Should -BeOfType ([guid])
        (Get-LcOrganization -OrganizationId $Oid).Name | Should -BeLike 'acme-*'
    }

    It 'gives the team their roles' {
        foreach ($email in $Team.Keys) {
            $user = $Onboarded.Users | Where-Object Email -eq $email
            $user | Should -Not -BeNullOrEmpty -Because $email
        }
        $viewer = Get-LcUser -OrganizationId $Oid -Email ($Team.Keys | Where-Object { $_ -like 'auditor-*' })
        $viewer.Permissions | Should -Contain 'sensor.list'
        $viewer.Permissions | Should -Not -Contain 'sensor.task'
        $operator = Get-LcUser -OrganizationId $Oid -Email ($Team.Keys | Where-Object { $_ -like 'analyst-*' })
        $operator.Permissions | Should -Contain 'sensor.task'
    }

    It 'mints an integration key that connects and holds only its permissions' {
        $key = $Onboarded.IntegrationKey
        $key.Secret | Should -BeOfType ([securestring])
        Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 2; hostnamePrefix = 'acme' } | Out-Null
        # Connecting makes the new session the default one: the admin's comes back afterwards.
        try { $integration = Connect-LcOrg -OrganizationId $Oid -ApiKey $key.Secret -ApiUrl $Url -JwtUrl $Url -PassThru }
        finally { Connect-Admin }
        $sensors = Get-LcSensor -Session $integration
        $sensors | Should -HaveCount 2
        # A missing permission does not depend on the sensor: one terminating error stops the command.
        $refused = $null
        try { $sensors[0] | Enable-LcSensorIsolation -Session $integration } catch { $refused = $_ }
        "$refused" | Should -Match 'sensor\.task'
        (Get-LcSensor -SensorId $sensors[0].SensorId -OrganizationId $Oid).IsIsolated | Should -BeFalse
    }

    It 'subscribes the extension' {
        $Onboarded.Extensions | Should -Contain 'ext-reliable-tasking'
    }
}

Describe 'Offboarding' {
    It 'previews a leaver sweep over every organization with -WhatIf, removing nothing' {
        $leaver = $Team.Keys | Where-Object { $_ -like 'analyst-*' }
        & (Join-Path $Examples 'Offboard-LcCustomer.ps1') -Leaver $leaver -WhatIf
        # -Force skips the prompt, never -WhatIf: the cmdlets inside see the script's $WhatIfPreference.
        & (Join-Path $Examples 'Offboard-LcCustomer.ps1') -Leaver $leaver -WhatIf -Force
        Get-LcUser -OrganizationId $Oid -Email $leaver | Should -Not -BeNullOrEmpty
    }

    It 'removes a leaver from the organizations where they are a member' {
        $leaver = $Team.Keys | Where-Object { $_ -like 'analyst-*' }
        & (Join-Path $Examples 'Offboard-LcCustomer.ps1') -Leaver $leaver -Force
        Get-LcUser -OrganizationId $Oid -Email $leaver | Should -BeNullOrEmpty
        Get-LcUser -OrganizationId $Oid | Should -HaveCount 3   # the admin and the two who stay
    }

    It 'tears the organization down: keys revoked, extensions unsubscribed, organization deleted' {
        $secret = $Onboarded.IntegrationKey.Secret
        & (Join-Path $Examples 'Offboard-LcCustomer.ps1') -OrganizationId $Oid -Force
        { Get-LcOrganization -OrganizationId $Oid } | Should -Throw -ErrorId 'LimaCharlie.NotFound*'
        try { { Connect-LcOrg -OrganizationId $Oid -ApiKey $secret -ApiUrl $Url -JwtUrl $Url } | Should -Throw }
        finally { Connect-Admin }
        (Get-LcOrganization -All).OrganizationId | Should -Not -Contain $Oid
    }
}
