# Bad input gets a clear error with a stable id, never a stack trace.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:OrgPath = "/v1/orgs/$($Tenant.OrganizationId)"
}


Describe 'Bad credentials and settings' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'rejects a malformed organization id at binding' {
        { Connect-LcOrg -OrganizationId 'not-a-guid' -ApiKey $Tenant.OrgKey @Endpoints } |
            Should -Throw -ErrorId 'CannotConvertArgument*' -ExpectedMessage "*OrganizationId*not-a-guid*"
    }

    It 'rejects an empty API key' {
        { Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey ([securestring]::new()) @Endpoints } |
            Should -Throw -ErrorId 'LimaCharlie.EmptyApiKey,*'
    }

    It 'rejects the empty GUID as organization id' {
        { Connect-LcOrg -OrganizationId ([guid]::Empty) -ApiKey $Tenant.OrgKey @Endpoints } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidOrganizationId,*'
    }

    It 'says which file is missing' {
        { Connect-LcOrg -CredentialFile (Join-Path $TestDrive 'missing.yaml') @Endpoints } |
            Should -Throw -ErrorId 'LimaCharlie.ConfigFileNotFound,*' -ExpectedMessage '*missing.yaml*'
    }

    It 'says where a config file is malformed' {
        $file = Join-Path $TestDrive 'bad.yaml'
        Set-Content $file "oid: 1`napi_key: [unclosed"
        { Connect-LcOrg -CredentialFile $file @Endpoints } |
            Should -Throw -ErrorId 'LimaCharlie.ConfigFileInvalid,*' -ExpectedMessage '*bad.yaml*line*'
    }

    It 'says which value of a config file is not a GUID' {
        $file = Join-Path $TestDrive 'badoid.yaml'
        Set-Content $file "oid: 12345`napi_key: abc"
        { Connect-LcOrg -CredentialFile $file @Endpoints } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidOrganizationId,*' -ExpectedMessage "*'12345'*"
    }

    It 'refuses plain http to a remote host' {
        { Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl 'http://api.example.test' } |
            Should -Throw -ErrorId 'LimaCharlie.InsecureUrl,*'
    }

    It 'says when there are no credentials at all' {
        $saved = $env:HOME, $env:LC_API_KEY, $env:LC_CREDS_FILE
        try {
            $env:HOME = Join-Path $TestDrive 'empty-home'; $env:LC_API_KEY = $null; $env:LC_CREDS_FILE = $null
            { Connect-LcOrg @Endpoints } | Should -Throw -ErrorId 'LimaCharlie.NoCredentials,*' -ExpectedMessage '*No LimaCharlie credentials*'
        }
        finally { $env:HOME, $env:LC_API_KEY, $env:LC_CREDS_FILE = $saved }
    }

    It 'rejects -NoOrganization with an organization key' {
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints
        { Get-LcJwt -NoOrganization } | Should -Throw -ErrorId 'LimaCharlie.UserKeyRequired,*'
    }

    It 'refuses to act on another organization with an organization key' {
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints
        { Get-LcJwt -OrganizationId ([guid]::NewGuid()) } | Should -Throw -ErrorId 'LimaCharlie.WrongOrganization,*'
    }
}

Describe 'Bad answers from the server' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    BeforeAll { Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints }

    It 'reports a non-JSON answer as LimaCharlie.InvalidResponse and quotes its start' {
        Invoke-LcEmulator $Url 'faults' -Body @{ count = 1; pathPrefix = $OrgPath; status = 200; body = '<html>gateway says hi</html>'; contentType = 'text/html' } | Out-Null
        $err = $null
        Get-LcOrganization -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidResponse,*'
        "$($err[0])" | Should -Match 'not JSON'
        "$($err[0])" | Should -Match 'gateway says hi'
    }

    It 'reports an empty answer where an organization was expected' {
        Invoke-LcEmulator $Url 'faults' -Body @{ count = 1; pathPrefix = $OrgPath; status = 200; body = ''; contentType = 'application/json' } | Out-Null
        $err = $null
        Get-LcOrganization -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidResponse,*'
    }

    It 'quotes a non-JSON error body' {
        Invoke-LcEmulator $Url 'faults' -Body @{ count = 1; pathPrefix = $OrgPath; status = 400; body = 'plain text problem'; contentType = 'text/plain' } | Out-Null
        $err = $null
        Get-LcOrganization -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.BadRequest,*'
        "$($err[0])" | Should -Match 'plain text problem'
    }

    It 'keeps going through a pipeline when one item fails' {
        $ids = @($Tenant.OrganizationId, [guid]::NewGuid(), $Tenant.OrganizationId)
        $err = $null
        $orgs = $ids | Get-LcOrganization -ErrorVariable err -ErrorAction SilentlyContinue
        $orgs | Should -HaveCount 2
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.WrongOrganization,*'
    }
}

Describe 'Credential file permissions' -Skip:$IsWindows {
    BeforeAll {
        $script:KeyText = [Net.NetworkCredential]::new('', $Tenant.OrgKey).Password
        function script:New-CredentialFile([string] $Name, [IO.UnixFileMode] $Mode) {
            $file = Join-Path $TestDrive $Name
            Set-Content $file "oid: $($Tenant.OrganizationId)`napi_key: $KeyText"
            [IO.File]::SetUnixFileMode($file, $Mode)
            $file
        }
    }

    It 'warns, as ssh does, when other users may read the file with the key' {
        $file = New-CredentialFile 'open.yaml' ([IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead')
        $warnings = $null
        $s = Connect-LcOrg -CredentialFile $file @Endpoints -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $s.OrganizationId | Should -Be $Tenant.OrganizationId
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match ([regex]::Escape($file))
        "$warnings" | Should -Match 'mode 644'
        "$warnings" | Should -Match 'chmod 600'
        "$warnings" | Should -Not -Match ([regex]::Escape($KeyText))
    }

    It 'says nothing when only the owner may read it' {
        $file = New-CredentialFile 'private.yaml' ([IO.UnixFileMode]'UserRead, UserWrite')
        $warnings = $null
        Connect-LcOrg -CredentialFile $file @Endpoints -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
    }
}
