# Issue 14, the first hour with Connect-LcOrg: no prompt under -Debug, fast failure on an unreachable address, a 404
# that names the wrong URL, a greeting off the output stream, and the help that agrees with the syntax.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
    function script:Connect-Org([hashtable] $More = @{}) {
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints @More
    }
    # A loopback port nobody listens on: connecting to it is refused at once.
    function script:Get-ClosedPort {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }
}

AfterAll { Disconnect-LcOrg }

Describe 'Nothing prompts unless asked (-Debug and warnings)' -Skip:$IsWindows {
    It 'shows the config-file permission warning under -Debug in a non-interactive pwsh with input closed, and connects' {
        $file = Join-Path $TestDrive 'open.yaml'
        Set-Content $file "oid: $($Tenant.OrganizationId)`napi_key: $(Plain $Tenant.OrgKey)"
        [IO.File]::SetUnixFileMode($file, [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead')
        $script = Join-Path $TestDrive 'debug-connect.ps1'
        Set-Content $script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-TestModulePath)'
`$s = Connect-LcOrg -CredentialFile '$file' -ApiUrl '$Url' -JwtUrl '$Url' -Debug -PassThru
"CONNECTED `$(`$s.OrganizationId)"
"@
        $saved = $env:NO_COLOR
        $env:NO_COLOR = '1'
        try {
            # Piping nothing in closes the child's standard input: a prompt could not be answered.
            $output = @($null | & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $script 2>&1 | ForEach-Object { "$_" })
            $exitCode = $LASTEXITCODE
        }
        finally { $env:NO_COLOR = $saved }
        $text = $output -join "`n"

        $exitCode | Should -Be 0 -Because $text
        $text | Should -Match "CONNECTED $($Tenant.OrganizationId)"
        $text | Should -Match 'WARNING: .*mode 644.*chmod 600'
        $text | Should -Not -Match 'NonInteractive|Continue with this operation'
        $text | Should -Not -Match ([regex]::Escape((Plain $Tenant.OrgKey)))
        # The greeting reaches the host of a non-interactive session too.
        $text | Should -Match "Welcome to LimaCharlie\. Connected to organization '$($Tenant.Name)'"
    }
}

Describe 'Fail fast, and say what is retried' {
    It 'fails on a refused 127.0.0.1 port within 10 s with LimaCharlie.ConnectionFailed' {
        $port = Get-ClosedPort
        $closed = "http://127.0.0.1:$port/"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $closed -JwtUrl $closed } |
            Should -Throw -ErrorId 'LimaCharlie.ConnectionFailed,*' -ExpectedMessage "*127.0.0.1:$port*"
        $clock.Stop()
        # A hang guard against the 85 s of 8 silent retries, not a speed benchmark: it takes about 2 s.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        Write-Host "    Connect-LcOrg to a refused port failed after $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s."
    }

    It 'announces a wait of more than 2 s before a retry as a warning' {
        $s = Connect-Org @{ PassThru = $true; NoWelcome = $true }
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; count = 1; retryAfter = 3; pathPrefix = "/v1/orgs/$($Tenant.OrganizationId)" } | Out-Null
        try {
            $warnings = $null
            $org = Get-LcOrganization -Session $s -WarningVariable warnings -WarningAction SilentlyContinue
            $org.Name | Should -Be $Tenant.Name
            $warnings | Should -HaveCount 1
            "$warnings" | Should -Match "^Retrying GET /v1/orgs/$($Tenant.OrganizationId) in 3 s \(503 Service Unavailable; retry 1 of at most 8\)\.$"
        }
        finally { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }
    }
}

Describe 'A 404 from the JWT endpoint or /v1/who names the URL, not the key' {
    It 'blames -JwtUrl when the JWT endpoint is given a path' {
        $err = @(try { Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl "$Url/jwt" } catch { $_ })
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.EndpointNotFound,*'
        $err[0].Exception.Message | Should -Match '404 Not Found: the JWT endpoint is not at that address\. The URL is wrong, not the key\.'
        $err[0].Exception.Message | Should -Match ([regex]::Escape("$Url/jwt"))
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-JwtUrl'
        $err[0].ErrorDetails.RecommendedAction | Should -Not -Match 'API key'
    }

    It 'blames -ApiUrl when /v1/who is not found under it' {
        $err = @(try { Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl "$Url/api/" -JwtUrl $Url } catch { $_ })
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.EndpointNotFound,*'
        $err[0].Exception.Message | Should -Match ([regex]::Escape("$Url/api/v1/who"))
        $err[0].Exception.Message | Should -Match 'the LimaCharlie API is not at that address\. The URL is wrong, not the key\.'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-ApiUrl'
    }

    It "gives the JWT endpoint as the root of its host in the help's emulator example, and that form connects" {
        $examples = (Get-Help Connect-LcOrg -Examples).examples.example.code -join "`n"
        $jwtUrls = [regex]::Matches($examples, '-JwtUrl\s+(\S+)') | ForEach-Object { [uri]$_.Groups[1].Value }
        $jwtUrls | Should -Not -BeNullOrEmpty
        $jwtUrls | ForEach-Object { $_.AbsolutePath | Should -Be '/' }
        (Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl "$Url/" -JwtUrl "$Url/" -PassThru -NoWelcome).OrganizationId |
            Should -Be $Tenant.OrganizationId
    }
}

Describe 'Connect-LcOrg greets on the host, never on the output stream' {
    It 'says who, with what kind of key, and which organization (name and id)' {
        $info = $null
        $out = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -InformationVariable info 6>$null
        $out | Should -BeNullOrEmpty
        $info | Should -HaveCount 1
        $info[0].Tags | Should -Contain 'PSHOST'
        "$($info[0].MessageData)" | Should -Match "^Welcome to LimaCharlie\. Connected to organization '$($Tenant.Name)' \($($Tenant.OrganizationId)\) as $($Tenant.Name)-key with an organization API key\."
    }

    It 'greets with the id alone, and connects, when the key may not read the organization''s name' {
        $limited = New-LcEmulatorTenant -Url $Url -Permissions 'sensor.list'
        $info = $null
        $s = Connect-LcOrg -OrganizationId $limited.OrganizationId -ApiKey $limited.OrgKey @Endpoints -PassThru -InformationVariable info 6>$null
        $s.OrganizationId | Should -Be $limited.OrganizationId
        "$($info[0].MessageData)" | Should -Match "Connected to organization $($limited.OrganizationId) as $($limited.Name)-key with an organization API key\."
    }

    It 'keeps -PassThru output to the session alone' {
        $out = @(Connect-Org @{ PassThru = $true } 6>$null)
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType ([LimaCharlie.Session])
    }

    It 'names a user key and its organization' {
        $info = $null
        Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey -OrganizationId $Tenant.OrganizationId @Endpoints -InformationVariable info 6>$null
        "$($info[0].MessageData)" | Should -Match "Connected to organization '$($Tenant.Name)' \($($Tenant.OrganizationId)\) as $([regex]::Escape($Tenant.UserEmail)) with a user API key\."
    }

    It 'is left out with -NoWelcome or -InformationAction Ignore, and then sends nothing beyond the token and /v1/who' {
        $seq = [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq
        $info = $null
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -NoWelcome -InformationVariable info 6>$null
        $info | Should -BeNullOrEmpty
        $host6 = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -InformationAction Ignore 6>&1
        $host6 | Should -BeNullOrEmpty
        $paths = @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $seq }).path
        $paths | Where-Object { $_ -notin '/', '/v1/who' } | Should -BeNullOrEmpty
    }

    Context 'a user key without an organization' {
        BeforeAll {
            $script:Second = New-LcEmulatorTenant -Url $Url
            Invoke-LcEmulator $Url "users/$($Tenant.UserId)/orgs" -Body @{ oid = $Second.OrganizationId; owner = $false } | Out-Null
        }

        It 'lists the organizations the key reaches in the greeting' {
            $info = $null
            Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -InformationVariable info 6>$null
            $text = "$($info[0].MessageData)"
            $text | Should -Match "Connected as $([regex]::Escape($Tenant.UserEmail)) with a user API key and no default organization"
            $text | Should -Match "$($Tenant.OrganizationId)\s+$($Tenant.Name)"
            $text | Should -Match "$($Second.OrganizationId)\s+$($Second.Name)"
        }

        It 'lets Get-LcOrganization list them instead of failing' {
            Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -NoWelcome
            $orgs = @(Get-LcOrganization -ErrorAction Stop)
            $orgs.OrganizationId | Should -Contain $Tenant.OrganizationId
            $orgs.OrganizationId | Should -Contain $Second.OrganizationId
            $orgs | ForEach-Object { $_ | Should -BeOfType ([LimaCharlie.Organization]) }
        }
    }
}

Describe 'Connect-LcOrg -Environment with -OrganizationId: the help and the syntax agree' {
    BeforeAll {
        $script:File = Join-Path $TestDrive 'config.yaml'
        Set-Content $File @"
env:
  mssp:
    uid: $($Tenant.UserId)
    api_key: $(Plain $Tenant.UserKey)
  org:
    oid: $($Tenant.OrganizationId)
    api_key: $(Plain $Tenant.OrgKey)
"@
        if (-not $IsWindows) { [IO.File]::SetUnixFileMode($File, [IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'makes the organization the session''s own for a user key from the file' {
        $s = Connect-LcOrg -Environment mssp -OrganizationId $Tenant.OrganizationId -CredentialFile $File @Endpoints -PassThru -NoWelcome
        $s.Kind | Should -Be 'User'
        $s.OrganizationId | Should -Be $Tenant.OrganizationId
        (Get-LcOrganization -Session $s).OrganizationId | Should -Be $Tenant.OrganizationId
    }

    It 'refuses another organization for an organization key from the file' {
        { Connect-LcOrg -Environment org -OrganizationId ([guid]::NewGuid()) -CredentialFile $File @Endpoints -NoWelcome } |
            Should -Throw -ErrorId 'LimaCharlie.WrongOrganization,*'
    }

    It 'documents the combination its syntax offers, with an example' {
        $help = Get-Help Connect-LcOrg -Full
        $sets = (Get-Command Connect-LcOrg).ParameterSets | Where-Object { $_.Parameters.Name -contains 'Environment' }
        $sets.Parameters.Name | Should -Contain 'OrganizationId'
        ($help | Out-String -Width 400) | Should -Not -Match 'does not offer\s+-OrganizationId\s+together with\s+-Environment'
        $help.examples.example.code | Where-Object { $_ -match '-Environment\s+\S+' -and $_ -match '-OrganizationId\s+\S+' } |
            Should -Not -BeNullOrEmpty
    }
}
