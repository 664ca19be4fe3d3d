# No API key or JWT in any output stream, error record, -Verbose/-Debug output or transcript.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
    $script:Transcript = Join-Path $TestDrive 'transcript.txt'
    $script:Script = @'
$ErrorActionPreference = 'Continue'
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
$InformationPreference = 'Continue'
Start-Transcript -Path $env:LC_T_TRANSCRIPT | Out-Null
Import-Module $env:LC_T_MODULE
$orgKey = ConvertTo-SecureString $env:LC_T_ORG_KEY -AsPlainText -Force
$userKey = ConvertTo-SecureString $env:LC_T_USER_KEY -AsPlainText -Force
$env:LC_T_ORG_KEY = $null; $env:LC_T_USER_KEY = $null
$ep = @{ ApiUrl = $env:LC_T_URL; JwtUrl = $env:LC_T_URL }
$s = Connect-LcOrg -OrganizationId $env:LC_T_OID -ApiKey $orgKey @ep -PassThru -Verbose -Debug
$s | Format-List * -Force
$s.Options | Format-List *
Get-LcIdentity -Debug | Format-List *
Get-LcOrganization -Debug | Format-List *
$jwt = Get-LcJwt -Debug
$jwt | Format-List * -Force
$jwt | ConvertTo-Json -Depth 4
Invoke-LcApi GET 'v1/orgs/{oid}' -Debug | Format-List *
Invoke-LcApi POST 'v1/orgs/{oid}/nothing-here' -Form @{ secret = 'form-secret-value'; api_key = 'another' } -Debug -Confirm:$false
$u = Connect-LcOrg -UserId $env:LC_T_UID -ApiKey $userKey @ep -PassThru -Debug
New-LcOrganization -Name ("secret-scan-" + [guid]::NewGuid().ToString('n').Substring(0, 6)) -Session $u -Debug -Confirm:$false | Format-List *
Get-LcJwt -Session $u -NoOrganization -Debug | Format-Table
Connect-LcOrg -OrganizationId $env:LC_T_OID -ApiKey (ConvertTo-SecureString 'wrong-key-1234' -AsPlainText -Force) @ep -Debug
$Error | Format-List * -Force
$Error | ForEach-Object { $_.Exception | Format-List * -Force }
Stop-Transcript | Out-Null
'@
}

Describe 'Secrets' {
    It 'never shows the API keys or a JWT, whatever the stream' {
        $result = Invoke-ChildPwsh -Script $Script -Environment @{
            LC_T_TRANSCRIPT = $Transcript; LC_T_MODULE = (Get-TestModulePath); LC_T_URL = $Url
            LC_T_OID = "$($Tenant.OrganizationId)"; LC_T_UID = $Tenant.UserId
            LC_T_ORG_KEY = (Plain $Tenant.OrgKey); LC_T_USER_KEY = (Plain $Tenant.UserKey)
        }
        $all = ($result.Output -join "`n") + "`n" + (Get-Content -Raw $Transcript)
        # The run did what it should (so the scan means something)
        $all | Should -Match 'DEBUG: HTTP request POST /'
        $all | Should -Match 'Authorization: \*\*\* \(\d+ chars\)'
        $all | Should -Match 'LimaCharlie.AuthenticationFailed'
        $all | Should -Match 'UserOnly'
        # ... and leaked nothing
        $patterns = @([regex]::Escape((Plain $Tenant.OrgKey)), [regex]::Escape((Plain $Tenant.UserKey)), 'wrong-key-1234', 'form-secret-value', 'eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}')
        $leaks = @($patterns | ForEach-Object { [regex]::Matches($all, $_).Count } | Measure-Object -Sum).Sum
        Write-Host "    Reliability | secrets | $(($all -split "`n").Count) lines of every stream and the transcript scanned for $($patterns.Count) secrets (2 API keys, a wrong key, a form secret, any JWT) | leaks $leaks"
        $all | Should -Not -Match ([regex]::Escape((Plain $Tenant.OrgKey)))
        $all | Should -Not -Match ([regex]::Escape((Plain $Tenant.UserKey)))
        $all | Should -Not -Match 'wrong-key-1234'
        $all | Should -Not -Match 'form-secret-value'
        $all | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}'
    }

    It 'gives the token in clear only when -AsPlainText is asked for' {
        Import-TestModule
        Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url
        $jwt = Get-LcJwt
        $jwt.Token | Should -BeOfType ([securestring])
        "$jwt" | Should -Not -Match 'eyJ'
        $plain = Get-LcJwt -AsPlainText
        $plain | Should -BeOfType ([string])
        $plain | Should -Match '^eyJ[^.]+\.[^.]+\.[^.]+$'
        (Plain $jwt.Token) | Should -Be $plain
    }
}
