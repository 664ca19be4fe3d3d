# The CLI's sync file (version 3) through Export/Import/Compare-LcOrgConfig: an organization exported, imported into
# an empty one and compared equal; secrets; includes; sections the module cannot apply; files compared without an org.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    function script:Session($t) { Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Writes-Since([long] $Seq) {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.method -in 'POST', 'DELETE' -and $_.path -notlike '*/validate' -and $_.path -ne '/' })
    }
    function script:Empty-Org { $t = New-LcEmulatorTenant -Url $Url; Session $t }

    $script:Src = New-LcEmulatorTenant -Url $Url
    $script:SrcS = Session $Src
    foreach ($i in 1..12) {
        $name = 'rule-{0:00}' -f $i
        Invoke-LcEmulator $Url "orgs/$($Src.OrganizationId)/hive/dr-general/$name" -Body @{
            data = @{ detect = @{ event = 'NEW_PROCESS'; op = 'contains'; path = 'event/COMMAND_LINE'; value = "marker-$i" }
                      respond = @(@{ action = 'report'; name = $name }) }
            enabled = ($i -ne 3); tags = @('wave-1'); comment = "rule $i" } | Out-Null
    }
    Invoke-LcEmulator $Url "orgs/$($Src.OrganizationId)/hive/fp/fp-1" -Body @{ data = @{ op = 'is'; path = 'routing/hostname'; value = 'host-1' } } | Out-Null
    Invoke-LcEmulator $Url "orgs/$($Src.OrganizationId)/hive/lookup/bad-domains" -Body @{ data = @{ lookup_data = @{ 'evil.test' = @{} } }; tags = @('intel') } | Out-Null
    $script:Password = 'pa55-not-for-files'
    New-LcOutput -Session $SrcS -Name siem -Module syslog -DataType detect -DestinationHost 'siem.example.test:514' -Field @{ is_tls = 'true' } | Out-Null
    New-LcOutput -Session $SrcS -Name bucket -Module s3 -DataType event -Bucket 'b1' -Username 'u1' -SecretKey (ConvertTo-SecureString $Password -AsPlainText -Force) | Out-Null
    New-LcInstallationKey -Session $SrcS -Description 'prod linux' -Tag prod, linux | Out-Null
    New-LcInstallationKey -Session $SrcS -Description 'lab' -UsePublicRootCa | Out-Null
    Add-LcExtensionSubscription -Session $SrcS -Name ext-cases | Out-Null
    $script:VtKey = 'vt-key-not-for-files'
    Set-LcOrgValue -Session $SrcS -Name vt -Value (ConvertTo-SecureString $VtKey -AsPlainText -Force) | Out-Null
    $script:Dir = Join-Path $TestDrive 'sync'
    New-Item -ItemType Directory $Dir | Out-Null
}

AfterAll { Disconnect-LcOrg }

Describe 'An organization in the sync format' {
    It 'is exported to one version 3 file, with secrets in clear only when asked' {
        $file = Join-Path $Dir 'org.yaml'
        $written = Export-LcOrgConfig -Session $SrcS -Path $file -Hive lookup
        $written | Should -HaveCount 20   # 12 rules, 1 FP, 1 lookup, 2 outputs, 2 keys, 1 extension, 1 org value
        ($written.Path | Select-Object -Unique) | Should -Be (Resolve-Path $file).Path
        $text = Get-Content -Raw $file
        $text | Should -Match '(?m)^version: 3$'
        $text | Should -Match '(?m)^hives:$'
        $text | Should -Match '(?m)^  dr-general:$'
        $text | Should -Match '(?m)^      data:$'
        $text | Should -Match '(?m)^      usr_mtd:$'
        $text | Should -Match '(?m)^installation_keys:$'
        $text | Should -Match '(?m)^extensions:\s+- ext-cases$'
        $text | Should -Not -Match ([regex]::Escape($Password))
        $text | Should -Not -Match ([regex]::Escape($VtKey))
        $text | Should -Match '#   outputs/bucket/secret_key'
        $text | Should -Match '#   org-value/vt'

        $clear = Join-Path $Dir 'full.yaml'
        Export-LcOrgConfig -Session $SrcS -Path $clear -Hive lookup -IncludeSecret | Out-Null
        $full = Get-Content -Raw $clear
        $full | Should -Match ([regex]::Escape($Password))
        $full | Should -Match "(?m)^  vt: $([regex]::Escape($VtKey))$"
    }

    It 'is imported into an empty organization and compared equal, from the org and from the file' {
        $dst = Empty-Org
        $clear = Join-Path $Dir 'full.yaml'
        $changes = Import-LcOrgConfig -Session $dst -Path $clear
        $changes | Should -HaveCount 20
        ($changes.Action | Select-Object -Unique) | Should -Be 'Add'
        Compare-LcOrgConfig -Session $dst -Path $clear | Should -BeNullOrEmpty
        Compare-LcOrgConfig -Session $dst -ReferenceSession $SrcS -Hive lookup -Section Output, InstallationKey, Extension, OrgValue | Should -BeNullOrEmpty
        (Get-LcDrRule -Session $dst -Name 'rule-03').Enabled | Should -BeFalse
        (Get-LcInstallationKey -Session $dst | Where-Object Description -eq 'prod linux').Tags | Sort-Object | Should -Be @('linux', 'prod')
        (Get-LcInstallationKey -Session $dst | Where-Object Description -eq 'lab').UsePublicRootCa | Should -BeTrue
        (Get-LcOrgValue -Session $dst -Name vt).Value | ConvertFrom-SecureString -AsPlainText | Should -Be $VtKey
        # Applied again: nothing to do.
        $seq = Last-Seq
        Import-LcOrgConfig -Session $dst -Path $clear | Should -BeNullOrEmpty
        Writes-Since $seq | Should -BeNullOrEmpty
    }

    It 'keeps the same sections in a folder, one file per item' {
        $folder = Join-Path $TestDrive 'sections'
        $files = Export-LcOrgConfig -Session $SrcS -Path $folder -Section Output, InstallationKey, Extension, OrgValue -IncludeSecret
        ($files | Group-Object Kind -NoElement | ForEach-Object { "$($_.Name)=$($_.Count)" } | Sort-Object) |
            Should -Be @('dr-general=12', 'extension=1', 'fp=1', 'installation_key=2', 'org-value=1', 'output=2')
        Get-Content -Raw (Join-Path $folder 'org-value/vt.yaml') | Should -Match ([regex]::Escape($VtKey))
        $dst = Empty-Org
        Import-LcOrgConfig -Session $dst -Path $folder | Should -HaveCount 19
        Compare-LcOrgConfig -Session $dst -ReferenceSession $SrcS -Section Output, InstallationKey, Extension, OrgValue | Should -BeNullOrEmpty
    }

    It 'never creates an org value without its value, and applies the rest' {
        $dst = Empty-Org
        $changes = Import-LcOrgConfig -Session $dst -Path (Join-Path $Dir 'org.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0   # the file has no org-value section without -IncludeSecret: nothing to refuse
        $changes | Should -HaveCount 19
        Get-LcOrgValue -Session $dst -Name vt -ErrorAction SilentlyContinue | Where-Object Value | Should -BeNullOrEmpty

        Set-Content (Join-Path $Dir 'named.yaml') "version: 3`norg-value:`n  vt:`n"
        $dst2 = Empty-Org
        Import-LcOrgConfig -Session $dst2 -Path (Join-Path $Dir 'named.yaml') -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2 | Should -HaveCount 1
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.SecretSettingsMissing,*'
        "$($err2[0])" | Should -Match "org value 'vt'"
    }

    It 'changes installation keys in place, and with -Prune removes what the file has not, in its sections only' {
        $dst = Empty-Org
        Import-LcOrgConfig -Session $dst -Path (Join-Path $Dir 'full.yaml') | Out-Null
        $before = (Get-LcInstallationKey -Session $dst | Where-Object Description -eq 'prod linux').InstallationKeyId
        Set-Content (Join-Path $Dir 'keys.yaml') @'
version: 3
installation_keys:
  - desc: prod linux
    tags: [prod, linux, edge]
'@
        $changes = Import-LcOrgConfig -Session $dst -Path (Join-Path $Dir 'keys.yaml') -Prune
        ($changes | Where-Object Action -eq 'Change').Name | Should -Be 'prod linux'
        ($changes | Where-Object Action -eq 'Remove').Name | Should -Be 'lab'
        $keys = @(Get-LcInstallationKey -Session $dst)
        $keys | Should -HaveCount 1
        $keys[0].InstallationKeyId | Should -Be $before
        $keys[0].Tags | Sort-Object | Should -Be @('edge', 'linux', 'prod')
        @(Get-LcDrRule -Session $dst) | Should -HaveCount 12   # no hives in the file: rules untouched
        @(Get-LcOutput -Session $dst) | Should -HaveCount 2
    }

    It 'reads the layout the CLI documents: a rule straight under its name, keys and extensions as lists' {
        Set-Content (Join-Path $Dir 'cli.yaml') @'
version: 3
hives:
  dr-general:
    evil-process:
      detect:
        op: ends with
        event: NEW_PROCESS
        path: event/FILE_PATH
        value: evil.exe
      respond:
        - action: report
          name: evil-process-detected
extensions:
  - ext-cases
'@
        $dst = Empty-Org
        $changes = Import-LcOrgConfig -Session $dst -Path (Join-Path $Dir 'cli.yaml')
        $changes.Name | Sort-Object | Should -Be @('evil-process', 'ext-cases')
        (Get-LcDrRule -Session $dst -Name evil-process).Detect['value'] | Should -Be 'evil.exe'
        (Get-LcExtension -Session $dst | Where-Object Subscribed).Name | Should -Be 'ext-cases'
    }

    It 'refuses the sections the module cannot apply, naming them, before anything is written' {
        Set-Content (Join-Path $Dir 'fim.yaml') @'
version: 3
hives:
  dr-general:
    r1: { detect: { op: exists, event: NEW_PROCESS, path: event }, respond: [ { action: report, name: r1 } ] }
integrity:
  etc-passwd:
    patterns: [ /etc/passwd ]
exfil: {}
'@
        $dst = Empty-Org
        $seq = Last-Seq
        { Import-LcOrgConfig -Session $dst -Path (Join-Path $Dir 'fim.yaml') } | Should -Throw -ErrorId 'LimaCharlie.InvalidConfiguration,*' -ExpectedMessage '*cannot apply: integrity.*'
        Writes-Since $seq | Should -BeNullOrEmpty
        Compare-LcOrgConfig -Session $dst -Path (Join-Path $Dir 'fim.yaml') -WarningVariable w -WarningAction SilentlyContinue | Should -HaveCount 1
        "$w" | Should -Match 'integrity'
    }

    It 'compares a sync file with a folder, without an organization' {
        $folder = Join-Path $TestDrive 'folder'
        Export-LcOrgConfig -Session $SrcS -Path $folder -Hive lookup | Out-Null
        $file = Join-Path $Dir 'org.yaml'
        # Two files are compared on what both have: the folder has no installation keys, extensions or org values.
        Compare-LcOrgConfig -Path $file -DifferencePath $folder | Should -BeNullOrEmpty
        (Get-Content -Raw $file) -replace 'marker-5', 'marker-five' | Set-Content (Join-Path $Dir 'edited.yaml')
        $diff = Compare-LcOrgConfig -Path (Join-Path $Dir 'edited.yaml') -DifferencePath $folder
        $diff | Should -HaveCount 1
        $diff.Name | Should -Be 'rule-05'
        $diff.SideIndicator | Should -Be '<>'
        $diff.Differences[0].Field | Should -Be 'detect.value'
        $diff.Differences[0].After | Should -Be 'marker-five'
    }
}

Describe 'Includes' {
    BeforeAll {
        $script:Inc = Join-Path $TestDrive 'inc'
        New-Item -ItemType Directory (Join-Path $Inc 'rules/deep') -Force | Out-Null
        Set-Content (Join-Path $Inc 'rules/a.yaml') "version: 3`nhives:`n  dr-general:`n    a: { detect: { op: exists, event: NEW_PROCESS, path: event }, respond: [ { action: report, name: a } ] }"
        Set-Content (Join-Path $Inc 'rules/deep/b.yaml') "version: 3`nhives:`n  dr-general:`n    b: { detect: { op: exists, event: DNS_REQUEST, path: event }, respond: [ { action: report, name: b } ] }"
        Set-Content (Join-Path $Inc 'outputs.yaml') "version: 3`noutputs:`n  siem: { module: syslog, type: detect, dest_host: 'siem.example.test:514' }"
    }

    It 'merges included files and globs, relative to the including file' {
        Set-Content (Join-Path $Inc 'main.yaml') "version: 3`ninclude:`n  - rules/**/*.yaml`n  - outputs.yaml`nhives:`n  fp:`n    f1: { op: is, path: routing/hostname, value: h1 }"
        $dst = Empty-Org
        $changes = Import-LcOrgConfig -Session $dst -Path (Join-Path $Inc 'main.yaml')
        ($changes | ForEach-Object { "$($_.Kind)/$($_.Name)" } | Sort-Object) | Should -Be @('dr-general/a', 'dr-general/b', 'fp/f1', 'output/siem')
        Compare-LcOrgConfig -Session $dst -Path (Join-Path $Inc 'main.yaml') | Should -BeNullOrEmpty
    }

    It 'refuses an include outside the folder, a missing file and a cycle' {
        Set-Content (Join-Path $TestDrive 'outside.yaml') "version: 3"
        Set-Content (Join-Path $Inc 'escape.yaml') "version: 3`ninclude: ../outside.yaml"
        { Compare-LcOrgConfig -Path (Join-Path $Inc 'escape.yaml') -DifferencePath (Join-Path $Inc 'outputs.yaml') } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidConfiguration,*' -ExpectedMessage "*'../outside.yaml'*reaches outside*"
        Set-Content (Join-Path $Inc 'missing.yaml') "version: 3`ninclude: nope.yaml"
        { Compare-LcOrgConfig -Path (Join-Path $Inc 'missing.yaml') -DifferencePath (Join-Path $Inc 'outputs.yaml') } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidConfiguration,*' -ExpectedMessage '*names no file*'
        Set-Content (Join-Path $Inc 'loop-a.yaml') "version: 3`ninclude: loop-b.yaml"
        Set-Content (Join-Path $Inc 'loop-b.yaml') "version: 3`ninclude: loop-a.yaml"
        { Compare-LcOrgConfig -Path (Join-Path $Inc 'loop-a.yaml') -DifferencePath (Join-Path $Inc 'outputs.yaml') } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidConfiguration,*' -ExpectedMessage '*includes itself*loop-a.yaml -> *loop-b.yaml -> *loop-a.yaml*'
        Set-Content (Join-Path $Inc 'v4.yaml') "version: 4"
        { Compare-LcOrgConfig -Path (Join-Path $Inc 'v4.yaml') -DifferencePath (Join-Path $Inc 'outputs.yaml') } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidConfiguration,*' -ExpectedMessage '*version 4*'
    }
}


Describe 'Files of the official SDK' {
    BeforeAll {
        $python = Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        $runner = Join-Path $PSScriptRoot '../conformance/run.py'
        $script:NoSdk = if (-not $python) { 'python3 is not on PATH' } else { $why = & $python.Source $runner --check 2>&1; if ($LASTEXITCODE -ne 0) { "$why" } }
        $script:Python = $python.Source
        $script:SdkDir = Join-Path $TestDrive 'sdk'
        New-Item -ItemType Directory $SdkDir | Out-Null
        # The SDK's own sync code, reaching only the emulator (as tests/conformance/run.py sets it up).
        $script:SdkScript = @'
import os, sys
sys.path.insert(0, os.environ["LC_TEST_CONFORMANCE"])
import run
sdk = run.find_sdk(None)
run.load(sdk, os.environ["LC_TEST_EMULATOR"])
from limacharlie.client import Client
from limacharlie.sdk.organization import Organization
from limacharlie.sdk.configs import Configs
action, path = sys.argv[1], sys.argv[2]
if action == "pull":
    configs = Configs(Organization(Client(oid=os.environ["LC_TEST_OID"], api_key=os.environ["LC_TEST_KEY"])))
    configs.fetch_to_file(path, sync_outputs=True, sync_extensions=True, sync_installation_keys=True, sync_org_values=True,
                          sync_hives={"dr-general": True, "fp": True, "lookup": True})
else:
    config, included = Configs.__new__(Configs)._load_effective_config(path)
    print(len(included), sorted(config.get("hives", {}).get("dr-general", {})), sorted(config.get("outputs", {})))
'@
        function script:Sdk([string] $Action, [string] $Path, $Tenant) {
            $env:LC_TEST_CONFORMANCE = Resolve-Path (Join-Path $PSScriptRoot '../conformance')
            $env:LC_TEST_EMULATOR = $Url
            if ($Tenant) { $env:LC_TEST_OID = $Tenant.OrganizationId; $env:LC_TEST_KEY = $Tenant.OrgKey | ConvertFrom-SecureString -AsPlainText }
            try { $SdkScript | & $Python - $Action $Path 2>&1 }
            finally { Remove-Item Env:LC_TEST_OID, Env:LC_TEST_KEY, Env:LC_TEST_CONFORMANCE, Env:LC_TEST_EMULATOR -ErrorAction SilentlyContinue }
        }
    }

    It "imports a file the SDK's Configs.fetch_to_file wrote from an org, into an empty org that then compares equal" {
        if ($NoSdk) { Set-ItResult -Skipped -Because "the official SDK cannot run here: $NoSdk" }
        $t = New-LcEmulatorTenant -Url $Url
        $s = Session $t
        Invoke-LcEmulator $Url "orgs/$($t.OrganizationId)/hive/dr-general/sdk-rule" -Body @{
            data = @{ detect = @{ event = 'NEW_PROCESS'; op = 'is'; path = 'event/FILE_PATH'; value = 'x.exe' }; respond = @(@{ action = 'report'; name = 'x' }) }
            enabled = $true; tags = @('sdk'); comment = 'from the SDK' } | Out-Null
        Invoke-LcEmulator $Url "orgs/$($t.OrganizationId)/hive/lookup/sdk-lookup" -Body @{ data = @{ lookup_data = @{ 'a.test' = @{} } }; enabled = $true } | Out-Null
        New-LcOutput -Session $s -Name sdk-siem -Module syslog -DataType detect -DestinationHost 'siem.example.test:514' | Out-Null
        New-LcInstallationKey -Session $s -Description 'sdk key' -Tag sdk | Out-Null
        Add-LcExtensionSubscription -Session $s -Name ext-infrastructure, ext-cases | Out-Null
        Set-LcOrgValue -Session $s -Name otx -Value (ConvertTo-SecureString 'otx-value' -AsPlainText -Force) | Out-Null
        $file = Join-Path $SdkDir 'pulled.yaml'
        $log = Sdk pull $file $t
        Test-Path $file | Should -BeTrue -Because "$log"

        $dst = Empty-Org
        $changes = Import-LcOrgConfig -Session $dst -Path $file
        ($changes | ForEach-Object { "$($_.Kind)/$($_.Name)" } | Sort-Object) | Should -Be @(
            'dr-general/sdk-rule', 'extension/ext-cases', 'extension/ext-infrastructure', 'installation_key/sdk key', 'lookup/sdk-lookup', 'org-value/otx', 'output/sdk-siem')
        Compare-LcOrgConfig -Session $dst -Path $file | Should -BeNullOrEmpty
        Compare-LcOrgConfig -Session $dst -ReferenceSession $s -Hive lookup -Section Output, InstallationKey, Extension, OrgValue | Should -BeNullOrEmpty
    }

    It "writes files the SDK's own loader reads, includes too" {
        if ($NoSdk) { Set-ItResult -Skipped -Because "the official SDK cannot run here: $NoSdk" }
        $folder = Join-Path $SdkDir 'module'
        New-Item -ItemType Directory (Join-Path $folder 'parts') -Force | Out-Null
        Export-LcOrgConfig -Session $SrcS -Path (Join-Path $folder 'parts/rules.yaml') -Section Output | Out-Null
        Set-Content (Join-Path $folder 'main.yaml') "version: 3`ninclude:`n  - parts/*.yaml"
        $read = Sdk load (Join-Path $folder 'main.yaml')
        "$read" | Should -Match "^1 \['rule-01', .*'rule-12'\] \['bucket', 'siem'\]$"
        # And the module reads the same file the same way.
        $dst = Empty-Org
        (Import-LcOrgConfig -Session $dst -Path (Join-Path $folder 'main.yaml')).Count | Should -Be 15   # 12 rules, 1 FP, 2 outputs
    }
}
