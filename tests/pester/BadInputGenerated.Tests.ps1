# Bad input generated from tables: malformed ids and times, empty and huge strings, hive keys with every special
# character, malformed YAML/JSON documents and credential files, and server answers of the wrong kind or shape.
# Each case expects a clear error record with a stable id, no .NET stack trace in its text, and a session that still
# works afterwards. Each case is code (text, compiled at run time) so the tables stay plain data.
BeforeDiscovery {
    $BindingId = '(CannotConvertArgument\w*|ParameterArgument\w+),'
    $LcId = 'LimaCharlie\.\w+,'

    $BadGuids = @('x', 'not-a-guid', '12345', '00000000-0000-0000-0000-00000000000', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
        '{00000000-0000-0000-0000-000000000000', "00000000-0000-0000-0000-000000000000'; drop", '../../v1/orgs')
    $GuidTargets = @(
        'Get-LcSensor -Session $S -SensorId $Value'
        'Get-LcOrganization -Session $S -OrganizationId $Value'
        'Get-LcInstallationKey -Session $S -InstallationKeyId $Value'
        'Add-LcSensorTag -Session $S -SensorId $Value -Tag t -Confirm:$false'
        'Get-LcDetection -Session $S -SensorId $Value'
    )
    $Binding = foreach ($t in $GuidTargets) {
        foreach ($g in $BadGuids) { @{ Name = "$(($t -split ' ')[0]) with id '$g'"; Code = $t; Value = $g; Id = $BindingId } }
    }

    $BadTimes = @('yesterdayish', '2026-13-45', '25:61', 'now-ish', 'tomorrow at noon', '1e99')
    $Times = @(
        foreach ($v in $BadTimes) {
            @{ Name = "Get-LcDetection -Start '$v'"; Code = 'Get-LcDetection -Session $S -Start $Value'; Value = $v; Id = $BindingId }
            @{ Name = "Get-LcAuditLog -End '$v'"; Code = 'Get-LcAuditLog -Session $S -End $Value'; Value = $v; Id = $BindingId }
        }
        @{ Name = "Get-LcDetection -Last 'a while'"; Code = 'Get-LcDetection -Session $S -Last $Value'; Value = 'a while'; Id = $BindingId }
        @{ Name = 'Get-LcDetection -Last negative'; Code = 'Get-LcDetection -Session $S -Last $Value'; Value = '-01:00:00'; Id = $LcId }
        @{ Name = 'Get-LcDetection -Last with -Start'; Code = 'Get-LcDetection -Session $S -Last $Value -Start (Get-Date)'; Value = '01:00:00'; Id = $LcId }
        @{ Name = 'Get-LcDetection -Start after -End'; Code = 'Get-LcDetection -Session $S -Start (Get-Date) -End (Get-Date).AddDays(-1)'; Value = ''; Id = $LcId }
    )

    $Huge = 'a' * 1MB
    $Sizes = @(
        @{ Name = 'Get-LcHiveRecord -Hive empty'; Code = 'Get-LcHiveRecord -Session $S -Hive $Value'; Value = ''; Id = $BindingId }
        @{ Name = 'Set-LcHiveRecord -Key empty'; Code = 'Set-LcHiveRecord -Session $S -Hive lookup -Key $Value -Data @{ lookup_data = @{} } -Confirm:$false'; Value = ''; Id = $BindingId }
        @{ Name = 'Set-LcOrgValue -Name empty'; Code = 'Set-LcOrgValue -Session $S -Name $Value -Value (ConvertTo-SecureString x -AsPlainText -Force) -Confirm:$false'; Value = ''; Id = $BindingId }
        @{ Name = 'New-LcApiKey -Name empty'; Code = 'New-LcApiKey -Session $S -Name $Value -Permission sensor.list -Confirm:$false'; Value = ''; Id = $BindingId }
        @{ Name = 'Get-LcHiveRecord -Key 1 MB'; Code = 'Get-LcHiveRecord -Session $S -Hive lookup -Key $Value'; Value = $Huge; Id = $LcId }
        @{ Name = 'Get-LcSensor -Hostname 1 MB'; Code = 'Get-LcSensor -Session $S -Hostname $Value'; Value = $Huge; Id = $LcId }
        @{ Name = 'Get-LcSensor -Selector 1 MB'; Code = 'Get-LcSensor -Session $S -Selector $Value'; Value = $Huge; Id = $LcId }
        @{ Name = 'Set-LcHiveRecord -Data 1 MB scalar'; Code = 'Set-LcHiveRecord -Session $S -Hive lookup -Key huge -Data $Value -Confirm:$false'; Value = $Huge; Id = $LcId }
        @{ Name = 'Set-LcOrgValue -Name 1 MB'; Code = 'Set-LcOrgValue -Session $S -Name $Value -Value (ConvertTo-SecureString x -AsPlainText -Force) -Confirm:$false'; Value = $Huge; Id = $BindingId }
        foreach ($dots in '.', '..') {
            @{ Name = "Set-LcHiveRecord -Key '$dots'"; Code = 'Set-LcHiveRecord -Session $S -Hive lookup -Key $Value -Data @{ lookup_data = @{} } -Confirm:$false'; Value = $dots; Id = $LcId }
            @{ Name = "Get-LcHiveRecord -Key '$dots'"; Code = 'Get-LcHiveRecord -Session $S -Hive lookup -Key $Value'; Value = $dots; Id = $LcId }
            @{ Name = "Remove-LcHiveRecord -Key '$dots'"; Code = 'Remove-LcHiveRecord -Session $S -Hive lookup -Key $Value -Force'; Value = $dots; Id = $LcId }
        }
        @{ Name = 'Get-LcDetection -DetectionId 1 MB'; Code = 'Get-LcDetection -Session $S -DetectionId $Value'; Value = $Huge; Id = $LcId }
    )

    # Documents that are not YAML/JSON, or not the mapping a rule, an org config or a hive record is.
    $Documents = [ordered]@{
        'unclosed flow sequence' = "detect:`n  op: [unclosed"
        'unclosed flow mapping'  = "detect: { op: exists"
        'bad indentation'        = "detect:`n    op: exists`n  path: x`n respond: []"
        'tab indentation'        = "detect:`n`top: exists"
        'unterminated quote'     = "detect: `"open"
        'undefined alias'        = "detect: *nothere"
        'value in plain scalar'  = 'detect: a: b: c'
        'truncated JSON'         = '{"detect": {"op": '
        'JSON array'             = '[1, 2, 3]'
        'bare scalar'            = 'just some words'
        'extra closing bracket'  = 'detect: [a, b]]'
        'empty'                  = ''
    }
    $DocTargets = [ordered]@{
        'Set-LcDrRule -Path'         = 'Set-LcDrRule -Session $S -Path $File -Confirm:$false'
        'Import-LcOrgConfig'         = 'Import-LcOrgConfig -Session $S -Path $File -Confirm:$false'
        'Set-LcHiveRecord -Data'     = 'Set-LcHiveRecord -Session $S -Hive lookup -Key doc-case -Data (Get-Content -Raw $File) -Confirm:$false'
    }
    $Docs = foreach ($t in $DocTargets.Keys) {
        foreach ($d in $Documents.Keys) { @{ Name = "$t, $d"; Code = $DocTargets[$t]; Document = $Documents[$d]; Id = $LcId } }
    }

    $CredentialFiles = [ordered]@{
        'unclosed flow'       = "oid: [x`napi_key: y"
        'tab indentation'     = "oid:`n`tx"
        'unterminated quote'  = "api_key: `"open"
        'a list'              = "- oid`n- api_key"
        'a scalar'            = 'just words'
        'control characters'  = "oid: `u{1}`u{2}"
        'truncated JSON'      = '{"oid": '
        'oid not a GUID'      = "oid: zzz`napi_key: abc"
    }
    $Credentials = foreach ($c in $CredentialFiles.Keys) {
        @{ Name = "Connect-LcOrg -CredentialFile, $c"; Code = 'Connect-LcOrg -CredentialFile $File -ApiUrl $Url -JwtUrl $Url'; Document = $CredentialFiles[$c]; Id = $LcId }
    }

    # Answers of the wrong kind: the API answers 200 with these bodies to every GET.
    $Bodies = [ordered]@{
        'HTML'             = @{ body = '<html><body>proxy error</body></html>'; contentType = 'text/html' }
        'empty'            = @{ body = ''; contentType = 'application/json' }
        'truncated JSON'   = @{ body = '{"oid": "abc", "name": "trunc'; contentType = 'application/json' }
        'array for object' = @{ body = '[1, 2, 3]'; contentType = 'application/json' }
        'string for object' = @{ body = '"just a string"'; contentType = 'application/json' }
        'number'           = @{ body = '42'; contentType = 'application/json' }
        'JSON null'        = @{ body = 'null'; contentType = 'application/json' }
    }
    $AnswerTargets = [ordered]@{
        'Get-LcOrganization'       = 'Get-LcOrganization -Session $S'
        'Get-LcSensor -SensorId'   = 'Get-LcSensor -Session $S -SensorId $Sid'
        'Get-LcSensor'             = 'Get-LcSensor -Session $S'
        'Get-LcHiveRecord -Key'    = 'Get-LcHiveRecord -Session $S -Hive lookup -Key seeded'
        'Get-LcOrgValue -Name'     = 'Get-LcOrgValue -Session $S -Name otx'
        'Get-LcInstallationKey'    = 'Get-LcInstallationKey -Session $S'
    }
    $Answers = foreach ($t in $AnswerTargets.Keys) {
        foreach ($b in $Bodies.Keys) {
            @{ Name = "$t answered $b"; Code = $AnswerTargets[$t]; Fault = $Bodies[$b] + @{ status = 200; pathPrefix = '/v1/'; method = 'GET' }; Id = $LcId }
        }
    }

    # The JWT endpoint answers 200 with these bodies; the token without exp is not signed by the emulator.
    $b64 = { param($t) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($t)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $noExp = (& $b64 '{"alg":"HS256","typ":"JWT"}') + '.' + (& $b64 '{"oid":"x","iat":1}') + '.c2ln'
    $JwtBodies = [ordered]@{
        'HTML'              = @{ body = '<html>login page</html>'; contentType = 'text/html' }
        'empty'             = @{ body = ''; contentType = 'application/json' }
        'no jwt member'     = @{ body = '{}'; contentType = 'application/json' }
        'empty jwt'         = @{ body = '{"jwt": ""}'; contentType = 'application/json' }
        'jwt not a token'   = @{ body = '{"jwt": "not-a-token"}'; contentType = 'application/json' }
        'jwt a number'      = @{ body = '{"jwt": 5}'; contentType = 'application/json' }
        'array'             = @{ body = '["a"]'; contentType = 'application/json' }
        'truncated'         = @{ body = '{"jwt": "eyJ'; contentType = 'application/json' }
        'JWT without exp'   = @{ body = "{`"jwt`": `"$noExp`"}"; contentType = 'application/json' }
    }
    $Jwts = foreach ($b in $JwtBodies.Keys) {
        @{ Name = "JWT endpoint answered $b"; Code = '$c = New-CaseSession; Get-LcOrganization -Session $c'; Fault = $JwtBodies[$b] + @{ status = 200; pathPrefix = 'jwt' }; Id = $LcId }
    }

    $HiveKeys = @('a/b', 'a/../b', './x', 'x/..', '...', 'a%2Fb', '100%', '%zz', 'a+b', 'what?', 'x#y', 'a&b=c', 'with space', ' padded ',
        'ünïcödé', '日本語キー', "emoji-`u{1F600}", "it's", 'say "hi"', 'back\slash', 'semi;colon', 'a~b*c', '[brackets]', '{braces}',
        'pipe|x', '<tag>', '@at:colon', '$dollar', '`backtick', 'comma,list')
    # A key with a control character (a tab) is refused before anything is sent: SafetyInput.Tests.ps1.
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:Oid = "$($Tenant.OrganizationId)"
    function script:New-CaseSession {
        $s = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -MaxRetryCount 1 -PassThru
        $s.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(10)
        $s.Options.RetryMaxDelay = [TimeSpan]::FromMilliseconds(20)
        $s
    }
    $script:S = New-CaseSession
    $script:Sid = (Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 2 }).sids[0]
    Set-LcHiveRecord -Session $S -Hive lookup -Key seeded -Data @{ lookup_data = @{} } -Confirm:$false
    Set-LcOrgValue -Session $S -Name otx -Value (ConvertTo-SecureString 'v' -AsPlainText -Force) -Confirm:$false
    New-LcInstallationKey -Session $S -Description 'bad input' -Confirm:$false | Out-Null

    # Runs a case; returns the first error record, terminating or not.
    function script:Invoke-Case([string] $Code, $Value, [string] $File) {
        $ErrorActionPreference = 'Stop'
        try { $null = & ([scriptblock]::Create($Code)); $null }
        catch { $_ }
    }
    function script:Assert-ClearError($Record, [string] $Id) {
        $Record | Should -Not -BeNullOrEmpty -Because 'bad input must give an error'
        $Record.FullyQualifiedErrorId | Should -Match "^$Id"
        $text = "$Record`n$($Record.ErrorDetails.Message)`n$($Record.Exception.Message)"
        $text | Should -Not -Match '(?m)^\s+at \S+\(|--- End of|System\.\w+(\.\w+)*Exception|Object reference not set|NullReference' -Because 'no .NET stack trace or internal exception text'
        # PowerShell's own binding messages quote the whole argument; ours quote at most a few hundred characters.
        if ($Record.FullyQualifiedErrorId -like 'LimaCharlie.*') { $text.Length | Should -BeLessThan 4000 -Because 'the message quotes, it does not dump' }
    }
    function script:Assert-SessionWorks {
        Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
        (Get-LcOrganization -Session $S).OrganizationId | Should -Be $Tenant.OrganizationId
    }
}

AfterAll { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

Describe 'Generated bad input' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'binding: <Name>' -ForEach $Binding {
        Assert-ClearError (Invoke-Case $Code $Value) $Id
        Assert-SessionWorks
    }

    It 'time: <Name>' -ForEach $Times {
        Assert-ClearError (Invoke-Case $Code $Value) $Id
        Assert-SessionWorks
    }

    It 'size: <Name>' -ForEach $Sizes {
        Assert-ClearError (Invoke-Case $Code $Value) $Id
        Assert-SessionWorks
    }

    It 'document: <Name>' -ForEach $Docs {
        $file = Join-Path $TestDrive "doc-$([guid]::NewGuid().ToString('n')).yaml"
        Set-Content -Path $file -Value $Document -NoNewline
        Assert-ClearError (Invoke-Case $Code -File $file) $Id
        Assert-SessionWorks
    }

    It 'credential file: <Name>' -ForEach $Credentials {
        $file = Join-Path $TestDrive "cred-$([guid]::NewGuid().ToString('n')).yaml"
        Set-Content -Path $file -Value $Document -NoNewline
        [IO.File]::SetUnixFileMode($file, [IO.UnixFileMode]'UserRead, UserWrite')
        $record = Invoke-Case $Code -File $file
        Assert-ClearError $record $Id
        "$record" | Should -Match ([regex]::Escape((Split-Path $file -Leaf)))
        Assert-SessionWorks
    }

    It 'answer: <Name>' -ForEach $Answers {
        Invoke-LcEmulator $Url 'faults' -Body $Fault | Out-Null
        Assert-ClearError (Invoke-Case $Code) $Id
        Assert-SessionWorks
    }

    It 'token: <Name>' -ForEach $Jwts {
        Invoke-LcEmulator $Url 'faults' -Body $Fault | Out-Null
        Assert-ClearError (Invoke-Case $Code) $Id
        Assert-SessionWorks
        (Get-LcOrganization -Session (New-CaseSession)).OrganizationId | Should -Be $Tenant.OrganizationId
    }
}

Describe 'Inputs that must keep working' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'Set-LcHiveRecord takes a YAML file read with Get-Content -Raw (text with notes attached)' {
        $file = Join-Path $TestDrive 'lookup.yaml'
        Set-Content -Path $file -Value "lookup_data:`n  evil.test: {}"
        Set-LcHiveRecord -Session $S -Hive lookup -Key from-file -Data (Get-Content -Raw $file) -Confirm:$false
        (Get-LcHiveRecord -Session $S -Hive lookup -Key from-file).Data['lookup_data'].Keys | Should -Be 'evil.test'
    }

    It 'Invoke-LcApi passes a scalar or empty JSON answer through, as the raw call it is' -ForEach @(
        @{ Body = '42'; Expected = 42 }, @{ Body = '"text"'; Expected = 'text' }, @{ Body = 'true'; Expected = $true }) {
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 200; count = 1; pathPrefix = '/v1/orgs/'; method = 'GET'; body = $Body; contentType = 'application/json' } | Out-Null
        Invoke-LcApi -Session $S GET 'v1/orgs/{oid}' | Should -Be $Expected
        Assert-SessionWorks
    }
}

Describe 'Hive keys with special characters' {
    It "round-trips the key '<_>' through Set, Get, the listing and Remove" -ForEach $HiveKeys {
        $key = $_
        Set-LcHiveRecord -Session $S -Hive lookup -Key $key -Data @{ lookup_data = @{ 'k.test' = @{} } } -Comment $key -Confirm:$false
        $read = Get-LcHiveRecord -Session $S -Hive lookup -Key $key
        $read.Key | Should -BeExactly $key
        $read.Comment | Should -BeExactly $key
        (Get-LcHiveRecord -Session $S -Hive lookup).Key | Should -Contain $key
        Invoke-LcEmulator $Url "orgs/$Oid/hive/lookup" -Method GET | ForEach-Object { $_.PSObject.Properties.Name } | Should -Contain $key
        Remove-LcHiveRecord -Session $S -Hive lookup -Key $key -Force
        $err = Invoke-Case 'Get-LcHiveRecord -Session $S -Hive lookup -Key $Value' $key
        $err.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        Assert-SessionWorks
    }
}
