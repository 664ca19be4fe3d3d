# The token holder as users feel it: renewal before expiry, single flight across runspaces, revoked keys.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    function script:Mints([string] $KeyId) {
        $counters = Invoke-LcEmulator $Url 'counters' -Method GET
        [int]($counters.mints.$KeyId ?? 0)
    }
    function script:Requests([guid] $Oid) {
        Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.path -like "*$Oid*" }
    }
}

AfterAll {
    Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null
    Disconnect-LcOrg
}

Describe 'Token renewal' {
    BeforeAll { Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3 } | Out-Null }
    AfterAll { Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null }

    It 'renews 3-second tokens ahead of expiry over 10 seconds of calls: no 401, a handful of mints, not one per call' {
        $t = New-LcEmulatorTenant -Url $Url
        $s = Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey @Endpoints -PassThru
        $calls = 0
        $clock = [Diagnostics.Stopwatch]::StartNew()
        while ($clock.Elapsed.TotalSeconds -lt 10) {
            Get-LcOrganization -Session $s | Out-Null
            $calls++
            Start-Sleep -Milliseconds 50
        }
        $mints = Mints $t.OrgKeyId
        $unauthorized = @(Requests $t.OrganizationId | Where-Object { $_.status -eq 401 })
        $unauthorized.Count | Should -Be 0
        $calls | Should -BeGreaterThan 20
        $mints | Should -BeGreaterOrEqual 3
        $mints | Should -BeLessOrEqual 8
    }

    It 'renews once when the API answers 401 and retries the call' {
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null
        $t = New-LcEmulatorTenant -Url $Url
        $s = Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey @Endpoints -PassThru
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 401; count = 1; pathPrefix = "/v1/orgs/$($t.OrganizationId)"; error = 'token expired' } | Out-Null
        try {
            $before = Mints $t.OrgKeyId
            (Get-LcOrganization -Session $s).OrganizationId | Should -Be $t.OrganizationId
            (Mints $t.OrgKeyId) - $before | Should -Be 1
        }
        finally { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null; Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3 } | Out-Null }
    }
}

Describe 'One session shared by 16 runspaces' {
    It 'mints exactly one token after the cached one expired' {
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 2 } | Out-Null
        try {
            $t = New-LcEmulatorTenant -Url $Url
            $s = Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey @Endpoints -PassThru
            Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null
            Start-Sleep -Seconds 2.5
            $before = Mints $t.OrgKeyId
            $module = Get-TestModulePath
            $names = 1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
                Import-Module $using:module
                (Get-LcOrganization -Session $using:s).Name
            }
            $names.Count | Should -Be 16
            $names | Select-Object -Unique | Should -Be $t.Name
            (Mints $t.OrgKeyId) - $before | Should -Be 1
        }
        finally { Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null }
    }
}

Describe 'A revoked key' {
    It 'gives a clear authentication error, not a retry loop' {
        $t = New-LcEmulatorTenant -Url $Url
        $s = Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey @Endpoints -PassThru
        Invoke-LcEmulator $Url "keys/$($t.OrgKeyId)/revoke" | Out-Null
        $last = (Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq
        $err = $null
        Get-LcOrganization -Session $s -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.AuthenticationFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($err[0])" | Should -Match 'unknown api key'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-LcOrg'
        # the API call (401), one renewal attempt (refused): nothing more
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $last }).Count | Should -BeLessOrEqual 3
    }

    It 'fails Connect-LcOrg with a terminating error' {
        $t = New-LcEmulatorTenant -Url $Url
        Invoke-LcEmulator $Url "keys/$($t.OrgKeyId)/revoke" | Out-Null
        { Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey @Endpoints } |
            Should -Throw -ErrorId 'LimaCharlie.AuthenticationFailed,*'
    }
}
