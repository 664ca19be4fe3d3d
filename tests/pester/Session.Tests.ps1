# Connect-LcOrg, Get-LcSession, Disconnect-LcOrg and the credential sources, through the built module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
}

AfterAll { Disconnect-LcOrg }

Describe 'Connect-LcOrg' {
    It 'connects with an organization key, reports who the key is, and becomes the default session' {
        $s = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
        $s | Should -BeOfType ([LimaCharlie.Session])
        $s.Kind | Should -Be 'Organization'
        $s.OrganizationId | Should -Be $Tenant.OrganizationId
        $s.Ident | Should -Be "$($Tenant.Name)-key"
        $s.TokenExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        (Get-LcSession) | Should -Be $s
    }

    It 'writes nothing to the output stream without -PassThru' {
        $out = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints
        $out | Should -BeNullOrEmpty
        (Get-LcSession).OrganizationId | Should -Be $Tenant.OrganizationId
    }

    It 'connects with a user key limited to one organization' {
        $s = Connect-LcOrg -UserId $Tenant.UserId -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.UserKey @Endpoints -PassThru
        $s.Kind | Should -Be 'User'
        $s.UserId | Should -Be $Tenant.UserId
        $s.Identity.Organizations.OrganizationId | Should -Contain $Tenant.OrganizationId
    }

    It 'connects with a user key and no organization using the small oid=- token' {
        $s = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
        $s.OrganizationId | Should -BeNullOrEmpty
        $s.Ident | Should -Be $Tenant.UserEmail
        $mint = (Invoke-LcEmulator $Url 'requests' -Method GET) | Where-Object { $_.path -eq '/' } | Select-Object -Last 1
        $mint.form.oid | Should -Be '-'
    }

    It 'takes a PSCredential: organization id (or user id) as user name, API key as password' {
        $cred = [pscredential]::new($Tenant.OrganizationId.ToString(), $Tenant.OrgKey)
        (Connect-LcOrg -Credential $cred @Endpoints -PassThru).Kind | Should -Be 'Organization'
        $userCred = [pscredential]::new($Tenant.UserId, $Tenant.UserKey)
        (Connect-LcOrg -Credential $userCred -OrganizationId $Tenant.OrganizationId @Endpoints -PassThru).Kind | Should -Be 'User'
    }

    It 'reads LC_OID and LC_API_KEY (and LC_API_URL, LC_JWT_URL) when no parameter is given' {
        $saved = @{}; foreach ($n in 'LC_OID', 'LC_API_KEY', 'LC_UID', 'LC_API_URL', 'LC_JWT_URL') { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
        try {
            $env:LC_OID = $Tenant.OrganizationId; $env:LC_API_KEY = Plain $Tenant.OrgKey; $env:LC_UID = $null
            $env:LC_API_URL = $Url; $env:LC_JWT_URL = $Url
            $s = Connect-LcOrg -PassThru
            $s.CredentialSource | Should -Be 'environment variables'
            $s.OrganizationId | Should -Be $Tenant.OrganizationId
        }
        finally { foreach ($n in $saved.Keys) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) } }
    }

    Context 'the official CLI config file' {
        BeforeAll {
            $script:Other = New-LcEmulatorTenant -Url $Url
            $script:Yaml = @"
oid: $($Tenant.OrganizationId)
api_key: $(Plain $Tenant.OrgKey)
current_env: other
env:
  other:
    oid: $($Other.OrganizationId)
    api_key: $(Plain $Other.OrgKey)
  as-user:
    uid: $($Tenant.UserId)
    api_key: $(Plain $Tenant.UserKey)
"@
            $script:File = Join-Path $TestDrive 'config.yaml'
            Set-Content -Path $File -Value $Yaml
        }

        It 'uses the named environment given with -Environment' {
            $s = Connect-LcOrg -Environment other -CredentialFile $File @Endpoints -PassThru
            $s.OrganizationId | Should -Be $Other.OrganizationId
            $s.CredentialSource | Should -Match "environment 'other'"
        }

        It 'uses current_env when no environment is named' {
            (Connect-LcOrg -CredentialFile $File @Endpoints -PassThru).OrganizationId | Should -Be $Other.OrganizationId
        }

        It 'reads a user key environment' {
            $s = Connect-LcOrg -Environment as-user -CredentialFile $File @Endpoints -PassThru
            $s.Kind | Should -Be 'User'
        }

        It 'finds ~/.limacharlie.d/config.yaml, then the legacy ~/.limacharlie, by itself' {
            $savedHome = $env:HOME
            try {
                $env:HOME = Join-Path $TestDrive 'home-new'
                New-Item -ItemType Directory (Join-Path $env:HOME '.limacharlie.d') -Force | Out-Null
                Set-Content (Join-Path $env:HOME '.limacharlie.d/config.yaml') "oid: $($Tenant.OrganizationId)`napi_key: $(Plain $Tenant.OrgKey)"
                (Connect-LcOrg @Endpoints -PassThru).CredentialSource | Should -Match 'limacharlie.d'

                $env:HOME = Join-Path $TestDrive 'home-legacy'
                New-Item -ItemType Directory $env:HOME -Force | Out-Null
                Set-Content (Join-Path $env:HOME '.limacharlie') "env:`n  legacy:`n    oid: $($Other.OrganizationId)`n    api_key: $(Plain $Other.OrgKey)"
                $env:LC_CURRENT_ENV = 'legacy'
                (Connect-LcOrg @Endpoints -PassThru).OrganizationId | Should -Be $Other.OrganizationId
            }
            finally { $env:HOME = $savedHome; $env:LC_CURRENT_ENV = $null }
        }

        It 'limits a user key environment to one organization with -OrganizationId' {
            $s = Connect-LcOrg -Environment as-user -CredentialFile $File -OrganizationId $Tenant.OrganizationId @Endpoints -PassThru
            $s.Kind | Should -Be 'User'
            $s.OrganizationId | Should -Be $Tenant.OrganizationId
        }

        It 'refuses another organization for an organization key environment' {
            { Connect-LcOrg -Environment other -CredentialFile $File -OrganizationId $Tenant.OrganizationId @Endpoints } |
                Should -Throw -ErrorId 'LimaCharlie.WrongOrganization,*'
        }

        It 'prefers a named -CredentialFile to LC_API_KEY' {
            $saved = $env:LC_API_KEY
            try {
                $env:LC_API_KEY = 'not-the-key'
                (Connect-LcOrg -CredentialFile $File @Endpoints -PassThru).CredentialSource | Should -Match 'config file'
            }
            finally { $env:LC_API_KEY = $saved }
        }

        It 'fails clearly on an unknown environment name and lists the known ones' {
            { Connect-LcOrg -Environment nope -CredentialFile $File @Endpoints } |
                Should -Throw -ErrorId 'LimaCharlie.EnvironmentNotFound,*' -ExpectedMessage "*'nope'*other*as-user*"
        }
    }

    It 'sends a User-Agent naming the module, PowerShell and the OS' {
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints
        $who = Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.path -eq '/v1/who' } | Select-Object -Last 1
        $version = (Get-Module LimaCharlie).Version.ToString(3)
        $who.userAgent | Should -BeLike "LimaCharlie-PowerShell/$version PowerShell/$($PSVersionTable.PSVersion) (Core; *"
    }

    It 'reports each credential source it tried with -Debug, never the key' {
        $debug = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -Debug 5>&1 4>&1 |
            ForEach-Object { "$_" }
        ($debug -join "`n") | Should -Match 'Credentials: using the key given as a parameter'
        ($debug -join "`n") | Should -Not -Match ([regex]::Escape((Plain $Tenant.OrgKey)))
    }
}

Describe 'Get-LcSession and Disconnect-LcOrg' {
    It 'shows the session without the key or the token' {
        $s = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
        $text = ($s | Format-List * -Force | Out-String) + ($s | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) + "$s"
        $text | Should -Not -Match ([regex]::Escape((Plain $Tenant.OrgKey)))
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.'
    }

    It 'forgets the default session' {
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints
        Disconnect-LcOrg
        Get-LcSession | Should -BeNullOrEmpty
        { Get-LcOrganization } | Should -Throw -ErrorId 'LimaCharlie.NotConnected,*'
    }

    It 'closes a session passed to it, so it cannot be used by mistake afterwards' {
        $default = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
        $other = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints
        Disconnect-LcOrg -Session $other
        { Get-LcIdentity -Session $other } | Should -Throw -ErrorId 'LimaCharlie.SessionClosed,*'
        (Get-LcOrganization).Name | Should -Be $Tenant.Name
    }

    It 'keeps sessions per runspace: a new runspace has no default, but takes -Session' {
        $s = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
        $module = Get-TestModulePath
        $results = 1..2 | ForEach-Object -Parallel {
            Import-Module $using:module
            [pscustomobject]@{
                Default = $null -eq (Get-LcSession)
                Name    = (Get-LcOrganization -Session $using:s).Name
            }
        }
        $results.Default | Should -Be @($true, $true)
        $results.Name | Should -Be @($Tenant.Name, $Tenant.Name)
    }
}
