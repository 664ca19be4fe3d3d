# Configuration as code: export, import (-WhatIf, -Prune, etags) and compare, across organizations.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    function script:Session($t) { Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Writes-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.method -in 'POST', 'DELETE' }) }

    $script:Src = New-LcEmulatorTenant -Url $Url
    $script:SrcS = Session $Src
    foreach ($i in 1..200) {
        $name = 'rule-{0:000}' -f $i
        Invoke-LcEmulator $Url "orgs/$($Src.OrganizationId)/hive/dr-general/$name" -Body @{
            data = @{ detect = @{ event = 'NEW_PROCESS'; op = 'contains'; path = 'event/COMMAND_LINE'; value = "marker-$i" }
                      respond = @(@{ action = 'report'; name = $name }) }
            enabled = ($i % 10 -ne 0); tags = @('wave-1'); comment = "rule $i" } | Out-Null
    }
    foreach ($i in 1..20) {
        Invoke-LcEmulator $Url "orgs/$($Src.OrganizationId)/hive/fp/fp-$i" -Body @{ data = @{ op = 'is'; path = 'routing/hostname'; value = "host-$i" } } | Out-Null
    }
    foreach ($i in 1..5) {
        New-LcOutput -Session $SrcS -Name "out-$i" -Module syslog -DataType detect -DestinationHost "siem-$i.example.test:514" -Field @{ is_tls = 'true' } | Out-Null
    }
    $script:Folder = Join-Path $TestDrive 'config'
}

AfterAll { Disconnect-LcOrg }

Describe 'Export, import and compare' {
    It 'exports every rule, FP rule and output, one YAML file each' {
        $files = Export-LcOrgConfig -Session $SrcS -Path $Folder
        $files | Should -HaveCount 225
        (Get-ChildItem (Join-Path $Folder 'dr-general')).Count | Should -Be 200
        (Get-ChildItem (Join-Path $Folder 'fp')).Count | Should -Be 20
        (Get-ChildItem (Join-Path $Folder 'output')).Count | Should -Be 5
        Get-Content -Raw (Join-Path $Folder 'dr-general/rule-010.yaml') | Should -Match 'enabled: false'
    }

    It 'plans with -WhatIf and changes nothing' {
        $script:Dst = New-LcEmulatorTenant -Url $Url
        $script:DstS = Session $Dst
        $seq = Last-Seq
        $out = Import-LcOrgConfig -Session $DstS -Path $Folder -WhatIf
        $out | Should -BeNullOrEmpty
        # The service's rule checks (the replay host's root, a hive's validate call) write nothing.
        Writes-Since $seq | Where-Object { $_.path -ne '/' -and $_.path -notlike '*/validate' } | Should -BeNullOrEmpty
    }

    It 'imports into an empty organization, and the two then compare equal' {
        $changes = Import-LcOrgConfig -Session $DstS -Path $Folder
        $changes | Should -HaveCount 225
        ($changes.Action | Select-Object -Unique) | Should -Be 'Add'
        Compare-LcOrgConfig -Session $DstS -ReferenceSession $SrcS | Should -BeNullOrEmpty
        Compare-LcOrgConfig -Session $DstS -Path $Folder | Should -BeNullOrEmpty
        (Get-LcDrRule -Session $DstS -Name 'rule-010').Enabled | Should -BeFalse
    }

    It 'changes only what differs, keeps extras without -Prune, removes them with it' {
        (Get-Content -Raw (Join-Path $Folder 'dr-general/rule-001.yaml')) -replace 'marker-1\b', 'marker-one' | Set-Content (Join-Path $Folder 'dr-general/rule-001.yaml')
        Remove-Item (Join-Path $Folder 'fp/fp-20.yaml')
        $diff = Compare-LcOrgConfig -Session $DstS -Path $Folder
        ($diff | Where-Object Name -eq 'rule-001').SideIndicator | Should -Be '<>'
        ($diff | Where-Object Name -eq 'fp-20').SideIndicator | Should -Be '=>'
        $changes = Import-LcOrgConfig -Session $DstS -Path $Folder
        $changes | Should -HaveCount 1
        $changes.Action | Should -Be 'Change'
        (Get-LcDrRule -Session $DstS -Name 'rule-001').Detect['value'] | Should -Be 'marker-one'
        $pruned = Import-LcOrgConfig -Session $DstS -Path $Folder -Prune
        $pruned.Action | Should -Be 'Remove'
        $pruned.Name | Should -Be 'fp-20'
        Compare-LcOrgConfig -Session $DstS -Path $Folder | Should -BeNullOrEmpty
    }

    It 'catches an edit made between planning and writing with the etag' {
        (Get-Content -Raw (Join-Path $Folder 'dr-general/rule-002.yaml')) -replace 'marker-2\b', 'marker-two' | Set-Content (Join-Path $Folder 'dr-general/rule-002.yaml')
        $oid = $Dst.OrganizationId
        Invoke-LcEmulator $Url 'faults' -Body @{ delayMs = 1500; count = 1; method = 'GET'; pathPrefix = "/v1/hive/dr-general/$oid/rule-002/mtd" } | Out-Null
        $editor = Start-ThreadJob -ScriptBlock {
            Start-Sleep -Milliseconds 600
            Invoke-RestMethod -Method Post -Uri "$using:Url/_emu/orgs/$using:oid/hive/dr-general/rule-002" -ContentType 'application/json' -Body '{"comment":"edited by someone else"}'
        }
        try {
            $err = $null
            Import-LcOrgConfig -Session $DstS -Path $Folder -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.EtagMismatch,*'
            $err[0].TargetObject | Should -Be 'dr-general/rule-002'
            (Get-LcDrRule -Session $DstS -Name 'rule-002').Comment | Should -Be 'edited by someone else'
        }
        finally { $editor | Wait-Job | Remove-Job; Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }
    }

    It 'names the broken file and applies nothing' {
        $broken = Join-Path $TestDrive 'broken'
        Copy-Item $Folder $broken -Recurse
        (Get-Content -Raw (Join-Path $broken 'dr-general/rule-003.yaml')) -replace 'marker-3\b', 'marker-three' | Set-Content (Join-Path $broken 'dr-general/rule-003.yaml')
        Set-Content (Join-Path $broken 'dr-general/rule-199.yaml') "name: rule-199`ndetect:`n  op: is`nrespond: report"
        $seq = Last-Seq
        $err = $null
        Import-LcOrgConfig -Session $DstS -Path $broken -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'rule-199.yaml'
        "$($err[0])" | Should -Match "'respond' must be a list"
        Writes-Since $seq | Should -BeNullOrEmpty
    }

    It 'refuses to export the secret hive' {
        { Export-LcOrgConfig -Session $SrcS -Path (Join-Path $TestDrive 'nope') -Hive secret } | Should -Throw -ErrorId 'LimaCharlie.InvalidConfiguration,*'
    }
}
