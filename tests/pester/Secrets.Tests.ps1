# No API key or JWT in any output stream, error record, -Verbose/-Debug output or transcript.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
    # The start of the sweep scripts: every stream shown, a transcript, a user-key session.
    $script:SweepPrelude = @'
$ErrorActionPreference = 'Continue'
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
Start-Transcript -Path $env:LC_T_TRANSCRIPT | Out-Null
Import-Module $env:LC_T_MODULE
$userKey = ConvertTo-SecureString $env:LC_T_USER_KEY -AsPlainText -Force
$env:LC_T_USER_KEY = $null
$s = Connect-LcOrg -UserId $env:LC_T_UID -OrganizationId $env:LC_T_OID -ApiKey $userKey -ApiUrl $env:LC_T_URL -JwtUrl $env:LC_T_URL -PassThru

'@
    # Runs a sweep script in a child pwsh with the tenant's user key and the files it writes to.
    function script:Invoke-Sweep([string] $Script, [string] $Transcript, [string] $Clixml, [hashtable] $Extra) {
        $environment = @{
            LC_T_TRANSCRIPT = $Transcript; LC_T_MODULE = (Get-TestModulePath); LC_T_URL = $Url; LC_T_CLIXML = $Clixml
            LC_T_OID = "$($Tenant.OrganizationId)"; LC_T_UID = $Tenant.UserId; LC_T_USER_KEY = (Plain $Tenant.UserKey)
        }
        Invoke-ChildPwsh -Script $Script -Environment ($environment + $Extra)
    }
    # The API keys of the tenant and its user, read from the emulator (outside any scanned run).
    function script:Get-TenantKeySecret {
        @(Invoke-LcEmulator $Url 'keys' -Method GET | Where-Object { $_.oid -eq "$($Tenant.OrganizationId)" -or $_.uid -eq $Tenant.UserId } | ForEach-Object secret)
    }
    # The patterns of a secret in output: plain text, and the UTF-16 hex a SecureString becomes in CLIXML on this platform.
    function script:Get-SecretPattern([string[]] $Secrets) {
        foreach ($secret in $Secrets) {
            [regex]::Escape($secret)
            Get-ClixmlHex $secret
        }
    }
    function script:Get-ClixmlHex([string] $Secret) { -join ([Text.Encoding]::Unicode.GetBytes($Secret) | ForEach-Object { $_.ToString('x2') }) }
    function script:Get-JwtCount([string] $Text) { [regex]::Matches($Text, 'eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}').Count }
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

    It 'never shows a created API key, an ingestion key or an org value, nor any key in the exported session' {
        $clixml = Join-Path $TestDrive 'session.clixml'
        $transcript = Join-Path $TestDrive 'sweep.txt'
        $sweep = $SweepPrelude + @'
$k = New-LcApiKey -Name 'sweep-key' -Permission 'sensor.list' -Debug -Confirm:$false
$k | Format-List * -Force; "$k"; $k | ConvertTo-Json -Depth 3
Get-LcApiKey -Debug | Format-List * -Force
$i = New-LcIngestionKey -Name 'sweep-ingest' -Debug -Confirm:$false
$i | Format-List * -Force; "$i"
Get-LcIngestionKey -Debug | Format-List * -Force
Set-LcOrgValue -Name 'otx' -Value (ConvertTo-SecureString $env:LC_T_ORG_VALUE -AsPlainText -Force) -Debug -Confirm:$false
$env:LC_T_ORG_VALUE = $null
Get-LcOrgValue -Name 'otx' -Debug | Format-List * -Force
Get-LcOrgValue -Debug | ConvertTo-Json -Depth 4
Get-LcJwt -Debug | Format-List * -Force
$s | Export-Clixml -Path $env:LC_T_CLIXML -Depth 5
$s | Format-List * -Force
Get-LcSession | Format-List * -Force
$Error | Format-List * -Force
Stop-Transcript | Out-Null
'@
        $orgValue = 'otx-secret-' + [guid]::NewGuid().ToString('n')
        $result = Invoke-Sweep $sweep $transcript $clixml @{ LC_T_ORG_VALUE = $orgValue }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join ' | ')
        # The secrets to look for, read from the emulator and the API (outside the scanned run).
        $keys = @(Get-TenantKeySecret)
        Import-TestModule
        $reader = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $ingest = @(Get-LcIngestionKey -Session $reader -AsPlainText | ForEach-Object Key)
        $secrets = @($keys) + @($ingest) + @($orgValue) | Where-Object { $_ }
        $all = ($result.Output -join "`n") + "`n" + (Get-Content -Raw $transcript) + "`n" + (Get-Content -Raw $clixml)
        # The run did what it should
        $all | Should -Match 'sweep-key'
        $all | Should -Match 'sweep-ingest'
        $all | Should -Match 'DEBUG: HTTP request POST /'
        $keys.Count | Should -BeGreaterOrEqual 3 -Because 'the org key, the user key and the created key'
        $ingest.Count | Should -BeGreaterOrEqual 1
        $forms = Get-SecretPattern $secrets
        $leaks = @($forms | Where-Object { $all -match $_ })
        $jwtLeaks = Get-JwtCount $all
        Write-Host "    Reliability | secrets sweep | $(($all -split "`n").Count) lines (streams, transcript, Export-Clixml of the session) scanned for $($secrets.Count) secrets ($($keys.Count) API keys, $($ingest.Count) ingestion keys, 1 org value) and any JWT | leaks $($leaks.Count + $jwtLeaks)"
        $leaks | Should -BeNullOrEmpty
        $jwtLeaks | Should -Be 0
    }

    It 'never shows a secret of the secret hive or an installation key, nor any in the exported records' {
        $clixml = Join-Path $TestDrive 'records.clixml'
        $transcript = Join-Path $TestDrive 'sweep-hive.txt'
        $sweep = $SweepPrelude + @'
$value = ConvertTo-SecureString $env:LC_T_HIVE_SECRET -AsPlainText -Force
$env:LC_T_HIVE_SECRET = $null
Set-LcHiveRecord -Hive secret -Key 'sweep-token' -Data @{ secret = $value } -Comment 'sweep' -Debug -Confirm:$false
$r = Set-LcHiveRecord -Hive secret -Key 'sweep-token' -Tag 'rotated' -PassThru -Debug -Confirm:$false
$r | Format-List * -Force; "$r"; $r.Data | Format-List * -Force; $r | ConvertTo-Json -Depth 6
Get-LcHiveRecord -Hive secret -Key 'sweep-token' -Debug | Format-List * -Force
Get-LcHiveRecord -Hive secret -Debug | Format-Table * -AutoSize
Get-LcHiveRecord -Hive secret -Debug | ConvertTo-Json -Depth 6
Get-LcHiveRecord -Hive secret -Key 'sweep-token' -MetadataOnly -Debug | Format-List * -Force
$k = New-LcInstallationKey -Description 'sweep-install' -Tag 'sweep' -Debug -Confirm:$false
$k | Format-List * -Force; "$k"; $k | ConvertTo-Json -Depth 4
Get-LcInstallationKey -InstallationKeyId $k.InstallationKeyId -Debug | Format-List * -Force
Get-LcInstallationKey -Debug | Format-Table * -AutoSize
Get-LcInstallationKey -Debug | ConvertTo-Json -Depth 4
Get-LcInstallationKey -InstallationKeyId ([guid]::NewGuid()) -Debug
@($r, $k, (Get-LcInstallationKey -InstallationKeyId $k.InstallationKeyId)) | Export-Clixml -Path $env:LC_T_CLIXML -Depth 6
$Error | Format-List * -Force
Stop-Transcript | Out-Null
'@
        $hiveSecret = 'hive-sweep-' + [guid]::NewGuid().ToString('n')
        $result = Invoke-Sweep $sweep $transcript $clixml @{ LC_T_HIVE_SECRET = $hiveSecret }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join ' | ')
        # The secrets to look for, read from the emulator (outside the scanned run).
        $stored = Invoke-LcEmulator $Url "orgs/$($Tenant.OrganizationId)/hive/secret" -Method GET
        $stored.'sweep-token'.data.secret | Should -Be $hiveSecret
        $installation = @(Invoke-LcEmulator $Url "orgs/$($Tenant.OrganizationId)/installationkeys" -Method GET | Where-Object description -eq 'sweep-install')
        $installation | Should -HaveCount 1
        $keys = @(Get-TenantKeySecret)
        $secrets = @($hiveSecret, $installation[0].key, $installation[0].jsonKey) + $keys | Where-Object { $_ }
        $streams = ($result.Output -join "`n") + "`n" + (Get-Content -Raw $transcript)
        $exported = Get-Content -Raw $clixml
        $all = $streams + "`n" + $exported
        # The run did what it should
        $all | Should -Match 'sweep-token'
        $all | Should -Match 'sweep-install'
        $all | Should -Match 'rotated'
        $all | Should -Match 'DEBUG: HTTP request POST /'
        $all | Should -Match 'LimaCharlie.NotFound'
        $forms = Get-SecretPattern $secrets
        $leaks = @($forms | Where-Object { $streams -match $_ }) + @($secrets | Where-Object { $exported -match [regex]::Escape($_) })
        $jwtLeaks = Get-JwtCount $all
        # Export-Clixml of a record holding a SecureString writes it as UTF-16 hex on Linux and macOS (PowerShell has no
        # DPAPI there): the user exported the secret, so that form is counted apart, not as a leak.
        $exportedHex = @($secrets | Where-Object { $exported -match (Get-ClixmlHex $_) }).Count
        Write-Host "    Reliability | secrets sweep (secret hive, installation keys) | $(($all -split "`n").Count) lines (streams, transcript, Export-Clixml of the records) scanned for $($secrets.Count) secrets (1 hive secret, 1 installation key and its JSON form, $($keys.Count) API keys) and any JWT | leaks $($leaks.Count + $jwtLeaks) | SecureStrings exported as CLIXML hex $exportedHex"
        $leaks | Should -BeNullOrEmpty
        $jwtLeaks | Should -Be 0
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

    It 'prints no secret of any type that holds one, however it is formatted' {
        Import-TestModule
        $session = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $secrets = [Collections.Generic.List[string]]::new()
        $secrets.Add((Plain $Tenant.OrgKey))
        $jwt = Get-LcJwt
        $secrets.Add((Plain $jwt.Token))
        $apiKey = New-LcApiKey -Name 'secret-scan' -Permission 'sensor.list' -Confirm:$false
        $secrets.Add((Plain $apiKey.Secret))
        $ingestion = New-LcIngestionKey -Name 'secret-scan' -Confirm:$false
        $secrets.Add((Plain $ingestion.Key))
        $installation = Get-LcInstallationKey -InstallationKeyId (New-LcInstallationKey -Description 'secret scan' -Confirm:$false).InstallationKeyId
        $secrets.Add((Plain $installation.Key))
        $secrets.Add((Plain $installation.JsonKey))
        Set-LcOrgValue -Name vt -Value (ConvertTo-SecureString 'org-value-secret-17' -AsPlainText -Force) -Confirm:$false
        $orgValue = Get-LcOrgValue -Name vt
        $secrets.Add('org-value-secret-17')
        Set-LcHiveRecord -Hive secret -Key 'scan-token' -Data @{ secret = (ConvertTo-SecureString 'hive-secret-value-23' -AsPlainText -Force) } -Confirm:$false
        $record = Get-LcHiveRecord -Hive secret -Key 'scan-token'
        $secrets.Add('hive-secret-value-23')
        $output = New-LcOutput -Name 'secret-scan' -Module syslog -DataType detect -DestinationHost 'siem.example.test:514' `
            -Password (ConvertTo-SecureString 'output-password-31' -AsPlainText -Force) -Confirm:$false
        $secrets.Add('output-password-31')
        $secrets | ForEach-Object { $_ | Should -Not -BeNullOrEmpty }

        foreach ($item in $session, $session.Options, $jwt, $apiKey, $ingestion, $installation, $orgValue, $record, $output) {
            $text = ($item | Format-Table | Out-String -Width 400) + ($item | Format-Table * | Out-String -Width 400) +
                ($item | Format-List | Out-String -Width 400) + ($item | Format-List * -Force | Out-String -Width 400) +
                ($item | Out-String -Width 400) + $item.ToString() + ($item | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue)
            foreach ($secret in $secrets) {
                $text.Contains($secret) | Should -BeFalse -Because "$($item.GetType().Name) must not print a secret"
            }
        }
    }
}

