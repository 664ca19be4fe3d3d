# Hive records, D&R and false-positive rules, outputs and org values against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:A = New-LcEmulatorTenant -Url $Url
    $script:B = New-LcEmulatorTenant -Url $Url
    $script:Sa = Connect-LcOrg -OrganizationId $A.OrganizationId -ApiKey $A.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $script:Sb = Connect-LcOrg -OrganizationId $B.OrganizationId -ApiKey $B.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    function script:Stored([guid] $Oid, [string] $Hive) { Invoke-LcEmulator $Url "orgs/$Oid/hive/$Hive" -Method GET }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq }) }
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
    $script:Rule = @{ Detect = @{ event = 'NEW_PROCESS'; op = 'ends with'; path = 'event/FILE_PATH'; value = 'evil.exe' }
                      Respond = @(@{ action = 'report'; name = 'evil-process' }) }
}

AfterAll { Disconnect-LcOrg }

Describe 'Hive records' {
    It 'creates a record enabled, unlike the service default, and reads it back typed' {
        Set-LcHiveRecord -Session $Sa -Hive lookup -Key 'bad-domains' -Data @{ lookup_data = @{ 'evil.test' = @{} } } -Tag 'ioc' -Comment 'from feed'
        $r = Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'bad-domains'
        $r | Should -BeOfType ([LimaCharlie.HiveRecord])
        $r.Enabled | Should -BeTrue
        $r.Tags | Should -Be 'ioc'
        $r.Comment | Should -Be 'from feed'
        $r.Data['lookup_data'].Keys | Should -Contain 'evil.test'
        $r.Etag | Should -Not -BeNullOrEmpty
        (Stored $A.OrganizationId 'lookup').'bad-domains'.usr_mtd.enabled | Should -BeTrue
    }

    It 'creates a disabled record with -Disabled' {
        Set-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged' -Data @{ lookup_data = @{} } -Disabled
        (Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged').Enabled | Should -BeFalse
    }

    It 'keeps the metadata it is not told to change, and changes metadata alone without data' {
        $seq = Last-Seq
        Set-LcHiveRecord -Session $Sa -Hive lookup -Key 'bad-domains' -Data @{ lookup_data = @{ 'worse.test' = @{} } }
        $r = Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'bad-domains'
        $r.Tags | Should -Be 'ioc'
        $r.Comment | Should -Be 'from feed'
        $r.Data['lookup_data'].Keys | Should -Be 'worse.test'
        Set-LcHiveRecord -Session $Sa -Hive lookup -Key 'bad-domains' -Disabled
        $after = Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'bad-domains'
        $after.Enabled | Should -BeFalse
        $after.Data['lookup_data'].Keys | Should -Be 'worse.test'
        (Requests-Since $seq | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/mtd' }) | Should -HaveCount 1
    }

    It 'reads usr_mtd.ui_actions and keeps them through a write (the API replaces usr_mtd whole)' {
        $actions = @(@{ label = 'Run now'; location = 'sensor' })
        Invoke-LcEmulator $Url "orgs/$($A.OrganizationId)/hive/playbook/triage" -Body @{ data = @{ python = 'pass' }; uiActions = $actions } | Out-Null
        $r = Get-LcHiveRecord -Session $Sa -Hive playbook -Key triage
        $r.UiActions | Should -HaveCount 1
        $r.UiActions[0]['label'] | Should -Be 'Run now'
        Set-LcHiveRecord -Session $Sa -Hive playbook -Key triage -Comment 'reviewed'
        $stored = (Stored $A.OrganizationId 'playbook').triage.usr_mtd
        $stored.comment | Should -Be 'reviewed'
        $stored.ui_actions.label | Should -Be 'Run now'
        $stored.ui_actions.location | Should -Be 'sensor'
    }

    It 'percent-encodes keys with spaces and slashes' {
        $seq = Last-Seq
        Set-LcHiveRecord -Session $Sa -Hive lookup -Key 'team a/b list' -Data @{ lookup_data = @{} }
        (Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'team a/b list').Key | Should -Be 'team a/b list'
        (Requests-Since $seq | Where-Object method -eq 'POST').path | Should -Match 'team( |%20)a%2Fb( |%20)list/data$'
    }

    It 'catches a concurrent edit with the etag' {
        $read = Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged'
        Invoke-LcEmulator $Url "orgs/$($A.OrganizationId)/hive/lookup/staged" -Body @{ comment = 'edited elsewhere' } | Out-Null
        $err = $null
        Set-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged' -Data @{ lookup_data = @{ x = @{} } } -Etag $read.Etag -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.EtagMismatch,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged').Comment | Should -Be 'edited elsewhere'
    }

    It 'renames and removes records; -WhatIf sends nothing' {
        Rename-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged' -NewName 'staged-2'
        (Get-LcHiveRecord -Session $Sa -Hive lookup).Key | Should -Contain 'staged-2'
        $seq = Last-Seq
        Remove-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged-2' -WhatIf
        (Requests-Since $seq | Where-Object method -eq 'DELETE') | Should -BeNullOrEmpty
        Remove-LcHiveRecord -Session $Sa -Hive lookup -Key 'staged-2' -Force
        (Get-LcHiveRecord -Session $Sa -Hive lookup).Key | Should -Not -Contain 'staged-2'
    }

    It 'keeps secrets of the secret hive as SecureString' {
        $value = ConvertTo-SecureString 'S3cr3t-Value-42' -AsPlainText -Force
        Set-LcHiveRecord -Session $Sa -Hive secret -Key 'webhook-token' -Data @{ secret = $value }
        $r = Get-LcHiveRecord -Session $Sa -Hive secret -Key 'webhook-token'
        $r.Data['secret'] | Should -BeOfType ([securestring])
        Plain $r.Data['secret'] | Should -Be 'S3cr3t-Value-42'
        ($r | Format-List * | Out-String) + ($r.Data | Out-String) | Should -Not -Match 'S3cr3t-Value-42'
    }
}

Describe 'D&R rules' {
    It 'sets a rule from -Detect and -Respond, enabled, and reads it back' {
        Set-LcDrRule -Session $Sa -Name 'evil-process' @Rule
        $r = Get-LcDrRule -Session $Sa -Name 'evil-process'
        $r | Should -BeOfType ([LimaCharlie.DrRule])
        $r.Namespace | Should -Be 'general'
        $r.Enabled | Should -BeTrue
        $r.Detect['event'] | Should -Be 'NEW_PROCESS'
        $r.Respond[0]['action'] | Should -Be 'report'
        (Stored $A.OrganizationId 'dr-general').'evil-process'.data.detect.value | Should -Be 'evil.exe'
    }

    It 'pushes a folder of YAML and JSON rule files, one rule or many per file' {
        $dir = Join-Path $TestDrive 'rules'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir 'single.yaml') "detect:`n  event: DNS_REQUEST`n  op: is`n  path: event/DOMAIN_NAME`n  value: evil.test`nrespond:`n  - action: report`n    name: dns-evil"
        Set-Content (Join-Path $dir 'named.yml') "name: renamed-rule`ndetect:`n  event: CODE_IDENTITY`n  op: exists`n  path: event/HASH`nrespond:`n  - action: report`n    name: hash"
        Set-Content (Join-Path $dir 'many.yaml') "rule-one:`n  detect: { op: exists, path: routing/hostname, event: NEW_PROCESS }`n  respond: [ { action: report, name: one } ]`nrule-two:`n  detect: { op: exists, path: routing/hostname, event: NEW_PROCESS }`n  respond: [ { action: report, name: two } ]"
        Set-Content (Join-Path $dir 'json-rule.json') '{"detect": {"op": "exists", "path": "event/X", "event": "NEW_PROCESS"}, "respond": [{"action": "report", "name": "json"}]}'
        Set-LcDrRule -Session $Sa -Path $dir
        (Get-LcDrRule -Session $Sa).Name | Should -Contain 'single'
        (Get-LcDrRule -Session $Sa).Name | Should -Contain 'renamed-rule'
        (Get-LcDrRule -Session $Sa).Name | Should -Contain 'rule-two'
        (Get-LcDrRule -Session $Sa).Name | Should -Contain 'json-rule'
    }

    It 'names the file and the problem of a broken rule, and writes nothing' {
        $dir = Join-Path $TestDrive 'broken'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir 'a-good.yaml') "detect:`n  op: exists`n  path: event/X`n  event: NEW_PROCESS`nrespond:`n  - action: report`n    name: good"
        Set-Content (Join-Path $dir 'b-bad.yaml') "detect:`n  op: exists`nrespond:`n  action: [unclosed"
        Set-Content (Join-Path $dir 'c-wrong.yaml') "detect:`n  op: exists`n  path: event/X`nrespond: report"
        $before = @((Stored $A.OrganizationId 'dr-general').PSObject.Properties).Count
        $err = $null
        Set-LcDrRule -Session $Sa -Path "$dir/*.yaml" -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        "$($err[0])" | Should -Match 'b-bad.yaml'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidRule,*'
        { Set-LcDrRule -Session $Sa -Path (Join-Path $dir 'c-wrong.yaml') -ErrorAction Stop } | Should -Throw -ExpectedMessage "*c-wrong.yaml*'respond' must be a list*"
        # every file is checked before anything is written: a-good.yaml was not written either
        @((Stored $A.OrganizationId 'dr-general').PSObject.Properties).Count | Should -Be $before
    }

    It 'copies rules from one organization to another through the pipeline' {
        Get-LcDrRule -Session $Sa | Set-LcDrRule -Session $Sb
        (Get-LcDrRule -Session $Sb).Name | Sort-Object | Should -Be ((Get-LcDrRule -Session $Sa).Name | Sort-Object)
        (Get-LcDrRule -Session $Sb -Name 'evil-process').Detect['value'] | Should -Be 'evil.exe'
    }

    It 'works in the managed namespace and removes with -Force' {
        Set-LcDrRule -Session $Sa -Name 'managed-one' -Namespace managed @Rule
        (Get-LcDrRule -Session $Sa -Namespace managed).Name | Should -Be 'managed-one'
        Remove-LcDrRule -Session $Sa -Name 'managed-one' -Namespace managed -Force
        Get-LcDrRule -Session $Sa -Namespace managed | Should -BeNullOrEmpty
    }

    It 'disables a rule and sets its expiry without touching its logic' {
        $until = [DateTimeOffset]::UtcNow.AddDays(1)
        Set-LcDrRule -Session $Sa -Name 'evil-process' @Rule -Disabled -Expiry $until
        $r = Get-LcDrRule -Session $Sa -Name 'evil-process'
        $r.Enabled | Should -BeFalse
        $r.Expiry.ToUnixTimeSeconds() | Should -Be $until.ToUnixTimeSeconds()
        (Stored $A.OrganizationId 'dr-general').'evil-process'.usr_mtd.expiry | Should -Be $until.ToUnixTimeMilliseconds()
    }

    It 'reports the service refusing an expiry that has passed, and changes nothing' {
        $err = $null
        Set-LcDrRule -Session $Sa -Name 'evil-process' @Rule -Expiry ([DateTimeOffset]::UtcNow.AddDays(-1)) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.BadRequest,*'
        $err[0].Exception.Message | Should -BeLike '*INVALID_EXPIRY_TIME*'
        (Get-LcDrRule -Session $Sa -Name 'evil-process').Enabled | Should -BeFalse
    }
}

Describe 'False-positive rules' {
    It 'sets a rule from YAML text, reads it, removes it' {
        Set-LcFpRule -Session $Sa -Name 'noisy-host' -Rule "op: is`npath: routing/hostname`nvalue: build-agent-07"
        $fp = Get-LcFpRule -Session $Sa -Name 'noisy-host'
        $fp | Should -BeOfType ([LimaCharlie.FpRule])
        $fp.Rule['value'] | Should -Be 'build-agent-07'
        $fp.Enabled | Should -BeTrue
        Remove-LcFpRule -Session $Sa -Name 'noisy-host' -Force
        Get-LcFpRule -Session $Sa | Should -BeNullOrEmpty
    }
}

Describe 'Outputs' {
    It 'creates an output with common settings, extra fields and a secret, and lists it' {
        $pw = ConvertTo-SecureString 'Out-Pass-9' -AsPlainText -Force
        $o = New-LcOutput -Session $Sa -Name 'siem' -Module syslog -DataType detect -DestinationHost 'siem.example.test:6514' -Username 'lc' -Password $pw -Field @{ is_tls = $true }
        $o | Should -BeOfType ([LimaCharlie.Output])
        $listed = Get-LcOutput -Session $Sa -Name 'siem'
        $listed.DataType | Should -Be 'detect'
        $listed.Module | Should -Be 'syslog'
        $listed.Fields['dest_host'] | Should -Be 'siem.example.test:6514'
        $listed.Fields['is_tls'] | Should -Be 'true'
        Plain $listed.SecretFields['password'] | Should -Be 'Out-Pass-9'
        ($listed | Format-List * | Out-String) | Should -Not -Match 'Out-Pass-9'
    }

    It 'removes an output with -Force' {
        Remove-LcOutput -Session $Sa -Name 'siem' -Force
        Get-LcOutput -Session $Sa | Should -BeNullOrEmpty
    }
}

Describe 'Org values' {
    It 'sets and reads an integration key as a SecureString, never in clear' {
        $vt = ConvertTo-SecureString 'vt-key-1234567890' -AsPlainText -Force
        $debug = Set-LcOrgValue -Session $Sa -Name vt -Value $vt -Debug 5>&1 | ForEach-Object { "$_" }
        ($debug -join "`n") | Should -Not -Match 'vt-key-1234567890'
        $v = Get-LcOrgValue -Session $Sa -Name vt
        $v.Value | Should -BeOfType ([securestring])
        Plain $v.Value | Should -Be 'vt-key-1234567890'
        (Get-LcOrgValue -Session $Sa).Name | Should -Be 'vt'
    }
}
