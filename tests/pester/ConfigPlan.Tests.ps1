# Configuration files read one way by every writer, outputs' secrets never dropped silently, plans that say what
# differs and where they land (issue 14, items 2, 3, 10 and 16).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    # -NoWelcome: the greeting reads the organization's name, and some tests need a session that has not seen it.
    function script:Session($t) { Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru -NoWelcome }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Writes-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.method -in 'POST', 'DELETE' }) }
    function script:Stored([guid] $Oid, [string] $Hive) { Invoke-LcEmulator $Url "orgs/$Oid/hive/$Hive" -Method GET }
    function script:StoredOutputs([guid] $Oid) { Invoke-LcEmulator $Url "orgs/$Oid/outputs" -Method GET }
    # What -WhatIf and -Confirm write goes to the host, not to a stream: a transcript records it.
    function script:Host-Text([scriptblock] $Command) {
        $log = Join-Path $TestDrive "host-$([guid]::NewGuid().ToString('n')).txt"
        Start-Transcript -Path $log -UseMinimalHeader | Out-Null
        try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
        (Get-Content -Raw $log) -replace '\r?\n', ' ' -replace '\s+', ' '
    }
    function script:Rule-Yaml([string] $Head, [string] $Marker) {
        "$Head`ndetect:`n  event: NEW_PROCESS`n  op: contains`n  path: event/COMMAND_LINE`n  value: $Marker`nrespond:`n  - action: report`n    name: $Marker"
    }
    $script:Expiry = [DateTimeOffset]::new(2030, 1, 1, 0, 0, 0, [TimeSpan]::Zero).ToUnixTimeMilliseconds()
    $script:Secret = 'Out-Pass-9-never-shown'
    $script:SecretValue = ConvertTo-SecureString $Secret -AsPlainText -Force
}

AfterAll { Disconnect-LcOrg }

Describe 'One file format for every writer (item 2)' {
    BeforeAll {
        $script:A = New-LcEmulatorTenant -Url $Url
        $script:Sa = Session $A
        $script:B = New-LcEmulatorTenant -Url $Url
        $script:Sb = Session $B
        $script:Dir = Join-Path $TestDrive 'rules'
        New-Item -ItemType Directory $Dir | Out-Null
    }

    It 'keeps a rule written with enabled: false disabled, with its tags, comment and expiry' {
        Set-Content (Join-Path $Dir 'staged.yaml') (Rule-Yaml "name: staged`nenabled: false`ntags: [wave-2, review]`ncomment: not live yet`nexpiry: $Expiry" 'staged')
        $seq = Last-Seq
        Set-LcDrRule -Session $Sa -Path (Join-Path $Dir 'staged.yaml')
        # The request the SDK's Hive.set sends: POST hive/{hive}/{oid}/{key}/data with data and usr_mtd as JSON text.
        $write = @(Writes-Since $seq | Where-Object path -eq "/v1/hive/dr-general/$($A.OrganizationId)/staged/data")
        $write | Should -HaveCount 1
        $sent = $write[0].form.usr_mtd[0] | ConvertFrom-Json
        $sent.enabled | Should -BeFalse
        $sent.tags | Should -Be @('wave-2', 'review')
        $sent.comment | Should -Be 'not live yet'
        $sent.expiry | Should -Be $Expiry
        ($write[0].form.data[0] | ConvertFrom-Json).detect | Should -Not -BeNullOrEmpty
        $stored = (Stored $A.OrganizationId 'dr-general').staged.usr_mtd
        $stored.enabled | Should -BeFalse
        $stored.tags | Should -Be @('wave-2', 'review')
        $stored.comment | Should -Be 'not live yet'
        $stored.expiry | Should -Be $Expiry
    }

    It 'reads the hive record layout of the LimaCharlie CLI (data and usr_mtd) the same way' {
        Set-Content (Join-Path $TestDrive 'record.yaml') "data:`n  detect: { event: NEW_PROCESS, op: exists, path: event/X }`n  respond: [ { action: report, name: rec } ]`nusr_mtd:`n  enabled: false`n  tags: [cli]`n  comment: from the cli"
        Set-LcDrRule -Session $Sa -Path (Join-Path $TestDrive 'record.yaml')
        $stored = (Stored $A.OrganizationId 'dr-general').record
        $stored.usr_mtd.enabled | Should -BeFalse
        $stored.usr_mtd.tags | Should -Be 'cli'
        $stored.data.detect.path | Should -Be 'event/X'
    }

    It 'lets a metadata parameter win over the file' {
        Set-LcDrRule -Session $Sa -Path (Join-Path $Dir 'staged.yaml') -Enabled -Comment 'live now'
        $stored = (Stored $A.OrganizationId 'dr-general').staged.usr_mtd
        $stored.enabled | Should -BeTrue
        $stored.comment | Should -Be 'live now'
        $stored.tags | Should -Be @('wave-2', 'review')
    }

    It 'round-trips Export-LcOrgConfig into Set-LcDrRule -Path and Set-LcFpRule -Path with enabled, tags, comment and expiry' {
        Invoke-LcEmulator $Url "orgs/$($A.OrganizationId)/hive/dr-general/exported-off" -Body @{
            data = [ordered]@{ detect = @{ event = 'DNS_REQUEST'; op = 'is'; path = 'event/DOMAIN_NAME'; value = 'evil.test' }; respond = @(@{ action = 'report'; name = 'dns' }) }
            enabled = $false; tags = @('t1', 't2'); comment = 'exported'; expiry = $Expiry } | Out-Null
        Invoke-LcEmulator $Url "orgs/$($A.OrganizationId)/hive/fp/fp-off" -Body @{
            data = @{ op = 'is'; path = 'routing/hostname'; value = 'build-01' }; enabled = $false; tags = @('fp'); comment = 'fp exported'; expiry = $Expiry } | Out-Null
        $folder = Join-Path $TestDrive 'export'
        Export-LcOrgConfig -Session $Sa -Path $folder | Out-Null
        Set-LcDrRule -Session $Sb -Path (Join-Path $folder 'dr-general')
        Set-LcFpRule -Session $Sb -Path (Join-Path $folder 'fp')
        foreach ($hive in 'dr-general', 'fp') {
            $source = Stored $A.OrganizationId $hive
            $copy = Stored $B.OrganizationId $hive
            foreach ($name in $source.PSObject.Properties.Name) {
                $copy.$name | Should -Not -BeNullOrEmpty -Because "$hive/$name was in the export"
                foreach ($key in 'enabled', 'comment', 'expiry') { $copy.$name.usr_mtd.$key | Should -Be $source.$name.usr_mtd.$key -Because "$hive/$name $key" }
                @($copy.$name.usr_mtd.tags) | Should -Be @($source.$name.usr_mtd.tags) -Because "$hive/$name tags"
                ($copy.$name.data | ConvertTo-Json -Depth 10 -Compress) | Should -Be ($source.$name.data | ConvertTo-Json -Depth 10 -Compress)
            }
        }
        (Stored $B.OrganizationId 'dr-general').'exported-off'.usr_mtd.enabled | Should -BeFalse
        (Stored $B.OrganizationId 'fp').'fp-off'.usr_mtd.enabled | Should -BeFalse
    }

    It 'warns about a key it does not understand, naming the file and the key' {
        $file = Join-Path $Dir 'typo.yaml'
        Set-Content $file (Rule-Yaml "name: typo`nenabeld: false" 'typo')
        $w = $null
        Set-LcDrRule -Session $Sa -Path $file -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -HaveCount 1
        "$w" | Should -Match ([regex]::Escape($file))
        "$w" | Should -Match "'enabeld'"
        $w = $null
        Set-Content (Join-Path $TestDrive 'fp-typo.yaml') "op: is`npath: routing/hostname`nvalue: x`nrule:`n  op: is"
        Set-LcFpRule -Session $Sa -Path (Join-Path $TestDrive 'fp-typo.yaml') -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -BeNullOrEmpty -Because 'an FP rule with op is a flat rule; rule is one of its keys'
    }

    It 'warns the same way in Import-LcOrgConfig, through the same reader' {
        $folder = Join-Path $TestDrive 'import-typo/dr-general'
        New-Item -ItemType Directory $folder -Force | Out-Null
        Set-Content (Join-Path $folder 'x.yaml') (Rule-Yaml "name: x`ncomments: plural" 'x')
        $w = $null
        Import-LcOrgConfig -Session $Sa -Path (Split-Path $folder) -WhatIf -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match ([regex]::Escape((Join-Path $folder 'x.yaml')))
        "$w" | Should -Match "'comments'"
    }

    It 'refuses a metadata value of the wrong type, naming the file, and writes nothing' {
        $file = Join-Path $Dir 'yes.yaml'
        Set-Content $file (Rule-Yaml "name: yes-rule`nenabled: no" 'yes')
        $seq = Last-Seq
        $err = $null
        Set-LcDrRule -Session $Sa -Path $file -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidRule,*'
        "$($err[0])" | Should -Match 'yes.yaml'
        "$($err[0])" | Should -Match "'enabled' must be true or false"
        Writes-Since $seq | Should -BeNullOrEmpty
        Remove-Item $file, (Join-Path $Dir 'typo.yaml')
    }
}

Describe 'No silent loss of output secrets (item 3)' {
    BeforeAll {
        $script:O = New-LcEmulatorTenant -Url $Url
        $script:So = Session $O
        New-LcOutput -Session $So -Name 'siem' -Module syslog -DataType detect -DestinationHost 'siem-1.example.test:514' -Password $SecretValue | Out-Null
        $script:Cfg = Join-Path $TestDrive 'outputs'
        Export-LcOrgConfig -Session $So -Path $Cfg | Out-Null
        $script:OutFile = Join-Path $Cfg 'output/siem.yaml'
        (Get-Content -Raw $OutFile) -replace 'siem-1\.example', 'siem-2.example' | Set-Content $OutFile
    }

    It 'exports the output without its secret, naming the setting left out' {
        $text = Get-Content -Raw $OutFile
        $text | Should -Not -Match ([regex]::Escape($Secret))
        $text | Should -Match 'Secret settings not exported: password'
    }

    It 'refuses the change with the setting named, and sends nothing for the output' {
        $seq = Last-Seq
        $err = $null
        $out = Import-LcOrgConfig -Session $So -Path $Cfg -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.SecretSettingsMissing,*'
        $err[0].TargetObject | Should -Be 'output/siem'
        "$($err[0])" | Should -Match "'siem'.*password"
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-OutputSecret'
        Writes-Since $seq | Should -BeNullOrEmpty
        $stored = (StoredOutputs $O.OrganizationId).siem
        $stored.dest_host | Should -Be 'siem-1.example.test:514'
        $stored.password | Should -Be $Secret
    }

    It 'applies the change with the secret given in -OutputSecret, and keeps it' {
        $changes = Import-LcOrgConfig -Session $So -Path $Cfg -OutputSecret @{ siem = @{ password = $SecretValue } }
        $changes.Action | Should -Be 'Change'
        ($changes | Format-List * | Out-String) + ($changes.Differences | Out-String) | Should -Not -Match ([regex]::Escape($Secret))
        $stored = (StoredOutputs $O.OrganizationId).siem
        $stored.dest_host | Should -Be 'siem-2.example.test:514'
        $stored.password | Should -Be $Secret
    }

    It 'never shows the secret given in -OutputSecret, not even under -Debug and -Verbose' {
        (Get-Content -Raw $OutFile) -replace 'siem-2\.example', 'siem-2b.example' | Set-Content $OutFile
        $all = Import-LcOrgConfig -Session $So -Path $Cfg -OutputSecret @{ siem = @{ password = $SecretValue } } -Debug -Verbose *>&1 | Out-String
        $all | Should -Match 'siem-2b\.example'
        $all | Should -Not -Match ([regex]::Escape($Secret))
        (StoredOutputs $O.OrganizationId).siem.password | Should -Be $Secret
        (Get-Content -Raw $OutFile) -replace 'siem-2b\.example', 'siem-2.example' | Set-Content $OutFile
        Import-LcOrgConfig -Session $So -Path $Cfg -OutputSecret @{ siem = @{ password = $SecretValue } } | Out-Null
    }

    It 'with -Force names the lost setting in the WhatIf text, then recreates the output without it' {
        (Get-Content -Raw $OutFile) -replace 'siem-2\.example', 'siem-3.example' | Set-Content $OutFile
        $seq = Last-Seq
        $text = Host-Text { Import-LcOrgConfig -Session $So -Path $Cfg -Force -WhatIf }
        $text | Should -Match 'recreates the output WITHOUT its secret settings password'
        $text | Should -Match 'fields\.dest_host: siem-2\.example\.test:514 -> siem-3\.example\.test:514'
        $text | Should -Not -Match ([regex]::Escape($Secret))
        Writes-Since $seq | Should -BeNullOrEmpty
        Import-LcOrgConfig -Session $So -Path $Cfg -Force | Out-Null
        $stored = (StoredOutputs $O.OrganizationId).siem
        $stored.dest_host | Should -Be 'siem-3.example.test:514'
        $stored.PSObject.Properties.Name | Should -Not -Contain 'password'
    }
}

Describe 'Configuration as code reads like a plan (item 16)' {
    BeforeAll {
        $script:P = New-LcEmulatorTenant -Url $Url
        $script:Sp = Session $P
        foreach ($i in 1..3) { Set-LcDrRule -Session $Sp -Path (New-Item (Join-Path $TestDrive "plan-$i.yaml") -Value (Rule-Yaml "name: rule-$i" "marker-$i")).FullName }
        New-LcOutput -Session $Sp -Name 'hook' -Module webhook -DataType detect -DestinationHost 'https://hook.example.test' -Field @{ auth_header_name = 'X-Token'; auth_header_value = $Secret } | Out-Null
        $script:PlanDir = Join-Path $TestDrive 'plan'
    }

    It 'Export-LcOrgConfig returns what it wrote, typed, with a table view' {
        $written = Export-LcOrgConfig -Session $Sp -Path $PlanDir
        $written | Should -HaveCount 4
        $written[0] | Should -BeOfType ([LimaCharlie.OrgConfigFile])
        ($written | Where-Object Name -eq 'rule-2').Kind | Should -Be 'dr-general'
        ($written | Where-Object Name -eq 'rule-2').Path | Should -Be (Join-Path $PlanDir 'dr-general/rule-2.yaml')
        ($written | Where-Object Kind -eq 'output').Name | Should -Be 'hook'
        $written | ForEach-Object { Test-Path $_.Path } | Should -Not -Contain $false
        $table = $written | Out-String -Width 120
        $table | Should -Match 'Kind\s+Name\s+Path'
        $table | Should -Match 'dr-general\s+rule-2\s+\S*rule-2\.yaml'
    }

    It 'Compare-LcOrgConfig shows the fields and values that differ, never a secret value' {
        $file = Join-Path $PlanDir 'dr-general/rule-1.yaml'
        (Get-Content -Raw $file) -replace 'marker-1\b', 'marker-one' -replace 'enabled: true', 'enabled: false' | Set-Content $file
        $hook = Join-Path $PlanDir 'output/hook.yaml'
        (Get-Content -Raw $hook) -replace 'X-Token', 'X-Auth' | Set-Content $hook
        Add-Content $hook "  auth_header_value: another-secret-value"
        $diff = Compare-LcOrgConfig -Session $Sp -Path $PlanDir
        $rule = $diff | Where-Object Name -eq 'rule-1'
        $rule.Action | Should -Be 'Different'
        $value = $rule.Differences | Where-Object Field -eq 'detect.value'
        $value.Before | Should -Be 'marker-1'
        $value.After | Should -Be 'marker-one'
        ($rule.Differences | Where-Object Field -eq 'respond[0].name').After | Should -Be 'marker-one'
        ($rule.Differences | Where-Object Field -eq 'enabled').After | Should -Be 'false'
        $out = $diff | Where-Object Name -eq 'hook'
        ($out.Differences | Where-Object Field -eq 'fields.auth_header_name').After | Should -Be 'X-Auth'
        ($out.Differences | Where-Object Field -eq 'fields.auth_header_value').Before | Should -Be '(secret)'
        $shown = ($diff | Out-String -Width 120) + ($diff | Format-List * | Out-String) + ($diff.Differences | Format-List * | Out-String)
        $shown | Should -Match 'detect\.value: marker-1 -> marker-one'
        $shown | Should -Not -Match ([regex]::Escape($Secret))
        $shown | Should -Not -Match 'another-secret-value'
    }

    It 'Import-LcOrgConfig -WhatIf prints its plan summary and each change without -Verbose' {
        Set-Content (Join-Path $PlanDir 'dr-general/rule-new.yaml') (Rule-Yaml 'name: rule-new' 'marker-new')
        Remove-Item (Join-Path $PlanDir 'output/hook.yaml')
        $seq = Last-Seq
        $text = Host-Text { Import-LcOrgConfig -Session $Sp -Path $PlanDir -WhatIf }
        $text | Should -Match '1 to add, 1 to change, 0 to remove, 2 unchanged, 1 kept'
        $text | Should -Match 'Performing the operation "Add" on target "dr-general/rule-new in organization'
        $text | Should -Match 'Performing the operation "Change: detect\.value: marker-1 -> marker-one; enabled: true -> false; respond\[0\]\.name: marker-1 -> marker-one" on target "dr-general/rule-1'
        # The service's rule checks (the replay host's root, a hive's validate call) write nothing.
        Writes-Since $seq | Where-Object { $_.path -ne '/' -and $_.path -notlike '*/validate' } | Should -BeNullOrEmpty
    }
}

Describe 'WhatIf and Confirm name the target organization (item 10)' {
    BeforeAll {
        $script:From = New-LcEmulatorTenant -Url $Url
        $script:To = New-LcEmulatorTenant -Url $Url
        $script:Sfrom = Session $From
        $script:Sto = Session $To
        Set-LcDrRule -Session $Sfrom -Path (New-Item (Join-Path $TestDrive 'copy.yaml') -Value (Rule-Yaml 'name: copied' 'copied')).FullName
    }

    It 'names the target organization by id when copying rules between sessions' {
        $text = Host-Text { Get-LcDrRule -Session $Sfrom | Set-LcDrRule -Session $Sto -WhatIf }
        $text | Should -Match "dr-general/copied in organization $($To.OrganizationId)"
        $text | Should -Not -Match $From.OrganizationId
        $text = Host-Text { Get-LcFpRule -Session $Sfrom | Set-LcFpRule -Session $Sto -WhatIf; Set-LcFpRule -Session $Sto -Name fp-x -Rule @{ op = 'is'; path = 'a'; value = 'b' } -WhatIf }
        $text | Should -Match "fp/fp-x in organization $($To.OrganizationId)"
    }

    It 'names it by name when Connect-LcOrg greeted (the greeting read the name)' {
        $greeted = Connect-LcOrg -OrganizationId $To.OrganizationId -ApiKey $To.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru 6>$null
        $name = (Get-LcOrganization -Session $Sto).Name   # read through another session: $greeted knows it from its greeting alone
        $text = Host-Text { Get-LcDrRule -Session $Sfrom | Set-LcDrRule -Session $greeted -WhatIf }
        $text | Should -Match "dr-general/copied in organization '$name' \($($To.OrganizationId)\)"
    }

    It 'names it in the removers and the hive writers too' {
        $text = Host-Text {
            Remove-LcDrRule -Session $Sto -Name copied -WhatIf
            Remove-LcFpRule -Session $Sto -Name fp-x -WhatIf
            Remove-LcHiveRecord -Session $Sto -Hive lookup -Key bad-domains -WhatIf
            Set-LcHiveRecord -Session $Sto -Hive lookup -Key bad-domains -Data @{ lookup_data = @{ 'evil.example' = @{} } } -WhatIf
            Rename-LcHiveRecord -Session $Sto -Hive lookup -Key bad-domains -NewName worse-domains -WhatIf
            Remove-LcOutput -Session $Sto -Name siem -WhatIf
        }
        foreach ($target in 'dr-general/copied', 'fp/fp-x', 'lookup/bad-domains', "output 'siem'") {
            $text | Should -Match "$([regex]::Escape("$target in organization ")).*$($To.OrganizationId)"
        }
        $text | Should -Not -Match $From.OrganizationId
    }

    It 'names it by name once the session has seen it, in the access, user and extension writers too' {
        $org = Get-LcOrganization -Session $Sto
        $text = Host-Text {
            New-LcIngestionKey -Session $Sto -Name ingest -WhatIf
            Remove-LcIngestionKey -Session $Sto -Name ingest -WhatIf
            New-LcApiKey -Session $Sto -Name reader -Permission sensor.list -WhatIf
            Add-LcUser -Session $Sto -Email 'new@example.com' -Role Operator -WhatIf
            Grant-LcPermission -Session $Sto -Email 'new@example.com' -Permission sensor.get -WhatIf
            Remove-LcExtensionSubscription -Session $Sto -Name ext-reliable-tasking -WhatIf
        }
        foreach ($target in "ingestion key 'ingest'", "API key 'reader'", 'new@example.com', 'extension ext-reliable-tasking') {
            $text | Should -Match ([regex]::Escape("$target in organization '$($org.Name)' ($($To.OrganizationId))"))
        }
    }

    It 'names it by name once the session has seen it, in the rule writers and the import' {
        $org = Get-LcOrganization -Session $Sto
        $text = Host-Text { Get-LcDrRule -Session $Sfrom | Set-LcDrRule -Session $Sto -WhatIf }
        $text | Should -Match ([regex]::Escape("dr-general/copied in organization '$($org.Name)' ($($To.OrganizationId))"))
        $folder = Join-Path $TestDrive 'copy-folder'
        Export-LcOrgConfig -Session $Sfrom -Path $folder | Out-Null
        $text = Host-Text { Import-LcOrgConfig -Session $Sto -Path $folder -WhatIf }
        $text | Should -Match ([regex]::Escape("in organization '$($org.Name)' ($($To.OrganizationId)): 1 to add"))
        $text | Should -Match ([regex]::Escape("dr-general/copied in organization '$($org.Name)' ($($To.OrganizationId))"))
    }
}
