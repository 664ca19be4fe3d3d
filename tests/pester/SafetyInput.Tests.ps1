# Safety rails on input (issue 14, items 1, 8 (tags with a comma), 10 (sensors), 14): mangled names and selectors are
# refused before anything is sent, fleet-wide isolation, sealing and deletion ask once, prompts and -PassThru name
# sensors as people know them, and the tag listings pipe into the tag changes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }

    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    # -Method POST counts what a command changed: the Disable- clean-up of the test before may still be arriving.
    function script:Requests-Since([long] $Seq, [string] $Like = '*', [string] $Method = '*') {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like -and $_.method -like $Method })
    }
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }

    # A tenant with $Count sensors (hostnames host-000001...), connected in this runspace.
    function script:New-Fleet([int] $Count, [string[]] $Tags = @()) {
        $tenant = New-LcEmulatorTenant -Url $Url
        Invoke-LcEmulator $Url "orgs/$($tenant.OrganizationId)/sensors" -Body @{ count = $Count; platforms = @('windows'); tags = $Tags } | Out-Null
        Connect-LcOrg -OrganizationId $tenant.OrganizationId -ApiKey $tenant.OrgKey @Endpoints
        $tenant
    }

    # The first lines of a child script: the module, connected to $Tenant.
    function script:Connect-Script($Tenant) {
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-TestModulePath)'
`$key = ConvertTo-SecureString '$(Plain $Tenant.OrgKey)' -AsPlainText -Force
Connect-LcOrg -OrganizationId '$($Tenant.OrganizationId)' -ApiKey `$key -ApiUrl '$Url' -JwtUrl '$Url'
"@
    }

    # Runs a script in an interactive child pwsh whose prompts read $Answers from standard input.
    function script:Invoke-AnsweredPwsh([string] $Script, [string[]] $Answers) {
        $file = Join-Path ([IO.Path]::GetTempPath()) "lc-answered-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content -Path $file -Value $Script
        $savedColor = $env:NO_COLOR
        try {
            $env:NO_COLOR = '1'
            @($Answers | & (Join-Path $PSHOME 'pwsh') -NoProfile -File $file 2>&1 | ForEach-Object { "$_" })
        }
        finally {
            $env:NO_COLOR = $savedColor
            Remove-Item $file -ErrorAction SilentlyContinue
        }
    }
}

AfterAll { Disconnect-LcOrg }

Describe 'Control characters in selectors, tags, names and keys (item 1)' {
    BeforeAll {
        $script:Tenant = New-Fleet -Count 8 -Tags 'vip'
        $script:Sensors = @(Get-LcSensor)
    }

    It 'refuses the issue''s "`vip` not in tags" selector, explaining the backtick, and sends nothing' {
        $seq = Last-Seq
        { Get-LcSensor -Selector "`vip` not in tags" } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -ExpectedMessage '*`"``vip not in tags`" holds the control character U+000B (vertical tab, which ``v becomes in double quotes) at position 1*single quotes*Nothing was sent*'
        Requests-Since $seq | Should -HaveCount 0
    }

    It 'isolates nothing when that selector is piped into Enable-LcSensorIsolation -Force' {
        $seq = Last-Seq
        { Get-LcSensor -Selector "`vip` not in tags" | Enable-LcSensorIsolation -Force } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Requests-Since $seq | Should -HaveCount 0
        @(Get-LcSensor | Where-Object ShouldIsolate) | Should -HaveCount 0
    }

    It 'refuses <Case> and sends nothing' -TestCases @(
        @{ Case = 'a tab in a tag to add'; Command = { Add-LcSensorTag -SensorId $Sensors[0].SensorId -Tag "a`tb" }; Shown = 'a`tb'; Code = 'U+0009 (tab' }
        @{ Case = 'a NUL in a tag looked up'; Command = { Get-LcTag -Name "`0vip" }; Shown = '`0vip'; Code = 'U+0000 (null' }
        @{ Case = 'a vertical tab in a tag filter'; Command = { Get-LcSensor -Tag "`vip" }; Shown = '`vip'; Code = 'U+000B' }
        @{ Case = 'a line feed in a hive key'; Command = { Get-LcHiveRecord -Hive secret -Key "a`nb" }; Shown = 'a`nb'; Code = 'U+000A (line feed' }
        @{ Case = 'a tab in a hive key to write'; Command = { Set-LcHiveRecord -Hive lookup -Key "tab`tkey" -Data @{ lookup_data = @{} } -Confirm:$false }; Shown = 'tab`tkey'; Code = 'U+0009 (tab' }
        @{ Case = 'an escape in a hive name'; Command = { Remove-LcHiveRecord -Hive "`e[0m" -Key k -Force }; Shown = '`e[0m'; Code = 'U+001B (escape' }
        @{ Case = 'a carriage return in a rule name'; Command = { Remove-LcDrRule -Name "rule`r" -Force }; Shown = 'rule`r'; Code = 'U+000D' }
        @{ Case = 'a backspace in a hostname prefix'; Command = { Find-LcSensor -Hostname "web`b" }; Shown = 'web`b'; Code = 'U+0008 (backspace' }
        @{ Case = 'a DEL in an output name'; Command = { Remove-LcOutput -Name "out$([char]0x7f)" -Force }; Shown = 'out`u{7F}'; Code = 'U+007F (delete' }
        @{ Case = 'a form feed in an installation key tag'; Command = { New-LcInstallationKey -Description 'd' -Tag "x`f" }; Shown = 'x`f'; Code = 'U+000C' }
    ) {
        param($Case, $Command, $Shown, $Code)
        $seq = Last-Seq
        $failure = $null
        try { & $Command } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        "$failure" | Should -BeLike ('*' + [WildcardPattern]::Escape("`"$Shown`" holds the control character $Code") + '*')
        Requests-Since $seq | Should -HaveCount 0
    }

    It 'refuses a control character in a value piped by property name' {
        $seq = Last-Seq
        [pscustomobject]@{ SensorId = $Sensors[0].SensorId; Tag = "vip`v" } |
            Remove-LcSensorTag -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        Requests-Since $seq | Should -HaveCount 0
    }

    It 'lets a query written over several lines through' {
        $seq = Last-Seq
        { Invoke-LcQuery "-1h | plat == windows`n| NEW_PROCESS`t| *" -WhatIf } | Should -Not -Throw
        Requests-Since $seq | Should -HaveCount 0
        { Invoke-LcQuery "-1h | `v | *" } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'checks every parameter that names or selects what the API acts on' {
        $named = 'Selector', 'Tag', 'SensorTag', 'Name', 'Key', 'NewName', 'Hive', 'Hostname', 'IpAddress', 'Email', 'Permission',
            'KeyHash', 'Component', 'EventType', 'DetectionId', 'Atom', 'Command', 'InvestigationId', 'Query', 'PayloadId', 'Environment'
        $unchecked = foreach ($command in Get-Command -Module LimaCharlie -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values) {
                if ($parameter.Name -notin $named -or $parameter.ParameterType -notin [string], [string[]]) { continue }
                # The hostname a piped sensor carries only labels it (see LcBulkSensorCmdlet).
                if ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) { continue }
                if ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }) { continue }
                if (-not ($parameter.Attributes | Where-Object { $_.GetType().Name -like 'ValidatePlainText*' -or $_.GetType().Name -eq 'ValidateTagAttribute' })) {
                    "$($command.Name) -$($parameter.Name)"
                }
            }
        }
        $unchecked | Should -BeNullOrEmpty
    }
}

Describe 'A tag with a comma (item 8)' {
    BeforeAll {
        $script:Tenant = New-Fleet -Count 1
        $script:Sid = (Get-LcSensor).SensorId
    }

    It 'refuses to add ''a,b'', naming the two tags it would become, and sends nothing' {
        $seq = Last-Seq
        { Add-LcSensorTag -SensorId $Sid -Tag 'a,b' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -ExpectedMessage "*'a,b' holds a comma*'a', 'b'*-Tag 'a', 'b'*"
        Requests-Since $seq | Should -HaveCount 0
        @(Get-LcSensorTag -SensorId $Sid) | Should -HaveCount 0
    }

    It 'refuses it in <Case>' -TestCases @(
        @{ Case = 'Remove-LcSensorTag'; Command = { Remove-LcSensorTag -SensorId $Sid -Tag 'x,y' } }
        @{ Case = 'New-LcInstallationKey'; Command = { New-LcInstallationKey -Description 'd' -Tag 'ok', 'x,y' } }
        @{ Case = 'Get-LcTag -Name'; Command = { Get-LcTag -Name 'x,y' } }
    ) {
        param($Case, $Command)
        $seq = Last-Seq
        $Command | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -ExpectedMessage "*'x,y' holds a comma*"
        Requests-Since $seq | Should -HaveCount 0
    }

    It 'still adds several tags given as separate values' {
        Add-LcSensorTag -SensorId $Sid -Tag 'a', 'b'
        (Get-LcSensorTag -SensorId $Sid).Tag | Should -Be @('a', 'b')
    }
}

Describe 'Isolating, sealing or deleting more than five sensors asks once (item 1)' {
    BeforeAll {
        $script:Tenant = New-Fleet -Count 8
        $script:Sensors = @(Get-LcSensor | Sort-Object Hostname)
    }
    BeforeEach { $script:Seq = Last-Seq }

    It 'refuses without -Force under -NonInteractive, with LimaCharlie.ConfirmationRequired, and sends nothing' {
        $result = Invoke-ChildPwsh -Script ((Connect-Script $Tenant) + @'

try { Get-LcSensor | Enable-LcSensorIsolation } catch { 'ID=' + $_.FullyQualifiedErrorId; 'MESSAGE=' + $_ }
'@)
        $text = $result.Output -join "`n"
        $text | Should -Match 'ID=LimaCharlie\.ConfirmationRequired,'
        $text | Should -Match 'Isolate 8 sensors from the network: host-\d{6} \([0-9a-f-]{36}\), .* and 5 more\?'
        $text | Should -Match 'Add -Force'
        Requests-Since $Seq '*/isolation' POST | Should -HaveCount 0
        @(Get-LcSensor | Where-Object ShouldIsolate) | Should -HaveCount 0
    }

    It 'asks once with the count and a few hostnames, and changes nothing on No' {
        $output = Invoke-AnsweredPwsh -Answers 'n' -Script ((Connect-Script $Tenant) + "`nGet-LcSensor | Enable-LcSensorIsolation`n'DONE'")
        $text = $output -join "`n"
        ([regex]::Matches($text, 'Isolate 8 sensors from the network')).Count | Should -Be 1
        $text | Should -Match 'host-\d{6}'
        $text | Should -Match 'default is "N"'
        $text | Should -Match 'DONE'
        Requests-Since $Seq '*/isolation' POST | Should -HaveCount 0
    }

    It 'seals all of them, without a prompt per sensor, on Yes' {
        $output = Invoke-AnsweredPwsh -Answers 'y' -Script ((Connect-Script $Tenant) + "`nGet-LcSensor | Enable-LcSensorSeal`n'DONE'")
        ($output -join "`n") | Should -Match 'Seal 8 sensors against uninstallation'
        Requests-Since $Seq '*/seal' POST | Should -HaveCount 8
        @(Get-LcSensor | Where-Object ShouldSeal) | Should -HaveCount 8
        Disable-LcSensorSeal -SensorId $Sensors.SensorId
    }

    It 'asks nothing under -WhatIf and lists every sensor by hostname' {
        $result = Invoke-ChildPwsh -Script ((Connect-Script $Tenant) + "`nGet-LcSensor | Enable-LcSensorIsolation -WhatIf")
        $text = $result.Output -join "`n"
        $text | Should -Not -Match 'ConfirmationRequired'
        foreach ($sensor in $Sensors) { $text | Should -Match ([regex]::Escape("on target `"$($sensor.Hostname) ($($sensor.SensorId))`"")) }
        Requests-Since $Seq '*/isolation' POST | Should -HaveCount 0
    }

    It 'isolates all of them with -Force, without asking' {
        $result = Invoke-ChildPwsh -Script ((Connect-Script $Tenant) + "`nGet-LcSensor | Enable-LcSensorIsolation -Force`n'DONE'")
        $result.Output | Should -Contain 'DONE'
        @(Get-LcSensor | Where-Object ShouldIsolate) | Should -HaveCount 8
        Disable-LcSensorIsolation -SensorId $Sensors.SensorId
    }

    It 'asks nothing for a handful of sensors' {
        $result = Invoke-ChildPwsh -Script ((Connect-Script $Tenant) + "`nGet-LcSensor | Select-Object -First 5 | Enable-LcSensorIsolation`n'DONE'")
        $result.Output | Should -Contain 'DONE'
        Requests-Since $Seq '*/isolation' POST | Should -HaveCount 5
        Disable-LcSensorIsolation -SensorId $Sensors.SensorId
    }

    It 'asks before deleting a fleet, and stops with LimaCharlie.ConfirmationRequired where it cannot' {
        $result = Invoke-ChildPwsh -Script ((Connect-Script $Tenant) + @'

try { Get-LcSensor | Remove-LcSensor -Confirm:$false } catch { 'ID=' + $_.FullyQualifiedErrorId; 'MESSAGE=' + $_ }
'@)
        ($result.Output -join "`n") | Should -Match 'ID=LimaCharlie\.ConfirmationRequired,[\s\S]*Delete 8 sensors'
        @(Get-LcSensor) | Should -HaveCount 8
    }
}

Describe 'Prompts and -PassThru name sensors as people know them (item 10)' {
    BeforeAll {
        $script:Tenant = New-Fleet -Count 3
        $script:Sensors = @(Get-LcSensor | Sort-Object Hostname)
    }

    It 'names a piped sensor "hostname (id)" in -WhatIf, and an id given alone by its id' {
        $first, $second = $Sensors[0], $Sensors[1]
        $result = Invoke-ChildPwsh -Script ((Connect-Script $Tenant) + @"

Get-LcSensor -SensorId '$($first.SensorId)' | Add-LcSensorTag -Tag t -WhatIf
Remove-LcSensor -SensorId '$($second.SensorId)' -WhatIf
"@)
        $text = $result.Output -join "`n"
        $text | Should -Match ([regex]::Escape("on target `"$($first.Hostname) ($($first.SensorId))`""))
        $text | Should -Match ([regex]::Escape("on target `"$($second.SensorId)`""))
    }

    It 'keeps the hostname and online state of the input in -PassThru, without looking them up' {
        $seq = Last-Seq
        $receipts = @($Sensors[0], [pscustomobject]@{ SensorId = $Sensors[1].SensorId; Hostname = 'web-01'; IsOnline = $false }, "$($Sensors[2].SensorId)" |
            Enable-LcSensorIsolation -PassThru -ThrottleLimit 1)
        $receipts | Should -HaveCount 3
        $bySensor = @{}; $receipts | ForEach-Object { $bySensor[$_.SensorId] = $_ }
        $bySensor[$Sensors[0].SensorId].Hostname | Should -Be $Sensors[0].Hostname
        $bySensor[$Sensors[0].SensorId].IsOnline | Should -Be $Sensors[0].IsOnline
        $bySensor[$Sensors[1].SensorId].Hostname | Should -Be 'web-01'
        $bySensor[$Sensors[1].SensorId].IsOnline | Should -BeFalse
        $bySensor[$Sensors[2].SensorId].Hostname | Should -BeNullOrEmpty -Because 'a plain id carries no hostname, and the previous input''s is not reused'
        $bySensor[$Sensors[2].SensorId].IsOnline | Should -BeNullOrEmpty
        $receipts[0].OrganizationId | Should -Be $Tenant.OrganizationId
        Requests-Since $seq | Where-Object method -eq 'GET' | Should -BeNullOrEmpty
        Disable-LcSensorIsolation -SensorId $Sensors.SensorId
    }

    It 'takes the rows of a sensor CSV, hostname and online state included' {
        $file = Join-Path $TestDrive 'sensors.csv'
        $Sensors | Export-Csv $file -NoTypeInformation
        $receipts = @(Import-Csv $file | Enable-LcSensorSeal -PassThru)
        $receipts | Should -HaveCount 3
        $receipts.Hostname | Sort-Object | Should -Be @($Sensors.Hostname | Sort-Object)
        $receipts | ForEach-Object { $_.IsOnline | Should -BeOfType [bool] }
        Disable-LcSensorSeal -SensorId $Sensors.SensorId
    }
}

Describe 'The tag listings pipe into the tag changes (item 14)' {
    BeforeAll {
        $script:Tenant = New-Fleet -Count 3 -Tags 'base'
        $script:Sensors = @(Get-LcSensor | Sort-Object Hostname)
    }

    It 'removes every tag of a sensor with Get-LcSensorTag | Remove-LcSensorTag' {
        $sid = $Sensors[0].SensorId
        Add-LcSensorTag -SensorId $sid -Tag 'x', 'y'
        Get-LcSensorTag -SensorId $sid | Remove-LcSensorTag
        @(Get-LcSensorTag -SensorId $sid) | Should -HaveCount 0
        @(Get-LcSensorTag -SensorId $Sensors[1].SensorId).Tag | Should -Be 'base'
    }

    It 'removes one tag from every sensor carrying it with Get-LcTag -Name | Remove-LcSensorTag' {
        Add-LcSensorTag -SensorId $Sensors[1].SensorId, $Sensors[2].SensorId -Tag 'gone'
        Get-LcTag -Name 'gone' | Remove-LcSensorTag -PassThru | Should -HaveCount 2
        @(Get-LcTag -Name 'gone') | Should -HaveCount 0
        (Get-LcSensorTag -SensorId $Sensors[1].SensorId).Tag | Should -Be 'base'
    }

    It 'copies the tags of one sensor to another with Get-LcSensorTag | Add-LcSensorTag -SensorId' {
        Add-LcSensorTag -SensorId $Sensors[1].SensorId -Tag 'web'
        Get-LcSensorTag -SensorId $Sensors[1].SensorId | Add-LcSensorTag -SensorId $Sensors[0].SensorId
        (Get-LcSensorTag -SensorId $Sensors[0].SensorId).Tag | Should -Be @('base', 'web')
    }

    It 'still uses -Tag when given, whatever the piped objects carry' {
        Add-LcSensorTag -SensorId $Sensors[2].SensorId -Tag 'keep', 'drop'
        Get-LcSensorTag -SensorId $Sensors[2].SensorId | Remove-LcSensorTag -Tag 'drop'
        (Get-LcSensorTag -SensorId $Sensors[2].SensorId).Tag | Should -Be @('base', 'keep')
    }
}
