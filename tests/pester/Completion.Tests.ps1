# Tab completion of the values a person would otherwise copy by hand.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
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
}
