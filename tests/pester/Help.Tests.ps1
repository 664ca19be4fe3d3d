# Every exported cmdlet has real help (from docs/help/*.md through build/New-MamlHelp.ps1): a synopsis that is not
# the syntax PowerShell makes up when there is no help, a description, examples that use the cmdlet, and a description
# of every parameter, and an online page in docs/help. The about topic exists, covers sessions, credentials, renewal,
# rate limits and parallel use, and explains every error id the module's source emits. build/New-MamlHelp.ps1 refuses
# markdown with fewer than two examples, an example without code, or a parameter the cmdlet does not have.

BeforeDiscovery {
    $manifestPath = $env:LC_TEST_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/LimaCharlie/LimaCharlie.psd1')
    # The cases come from the manifest's explicit export list, so a cmdlet added there gets its tests at once.
    $cmdlets = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module ($env:LC_TEST_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/LimaCharlie/LimaCharlie.psd1'))
    $script:Common = [System.Collections.Generic.HashSet[string]]::new(
        [string[]]@([System.Management.Automation.PSCmdlet]::CommonParameters), [StringComparer]::OrdinalIgnoreCase)
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command -Module LimaCharlie -Name $Name -ErrorAction Stop
        $help = Get-Help -Name $Name -Full -ErrorAction Stop
        $parameters = @($command.Parameters.Values | Where-Object { -not $Common.Contains($_.Name) })
        # Help of a cmdlet without parameters has an empty string where the parameter list would be.
        $helpParameters = @(if ($help.parameters -and $help.parameters.PSObject.Properties['parameter']) { $help.parameters.parameter })
        function Get-Text($Value) { (@($Value | ForEach-Object { $_.Text }) -join "`n").Trim() }
    }

    It 'comes from the module''s MAML help file' {
        $command.HelpFile | Should -Not -BeNullOrEmpty
        $path = Join-Path $command.Module.ModuleBase "en-US/$(Split-Path $command.HelpFile -Leaf)"
        $path | Should -Exist
        [xml](Get-Content -Raw $path) | Select-Xml -XPath "//*[local-name()='command']/*[local-name()='details']/*[local-name()='name' and text()='$Name']" |
            Should -Not -BeNullOrEmpty -Because "the help file must describe $Name"
    }

    It 'has a synopsis that is not the generated syntax' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without help, PowerShell shows the syntax as synopsis: "Name [-Param <type>] ... [<CommonParameters>]".
        $synopsis | Should -Not -Match ('^' + [regex]::Escape($Name) + '(\s|$)')
        $synopsis | Should -Not -BeLike '*<CommonParameters>*'
        $synopsis.Length | Should -BeGreaterThan 20 -Because 'a synopsis is a sentence'
    }

    It 'has a description' {
        $text = Get-Text $help.description
        $text | Should -Not -BeNullOrEmpty
        $text.Length | Should -BeGreaterThan 80 -Because 'a description says what the cmdlet does'
    }

    It 'has at least two examples, each with code, that use the cmdlet' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) { "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs code" }
        @($examples | Where-Object { $_.code -match [regex]::Escape($Name) }).Count | Should -BeGreaterOrEqual 1
    }

    It 'opens its docs/help page with Get-Help -Online' {
        # Get-Help -Online opens the first related link's address; the command's HelpUri comes from the same help.
        $expected = "$($command.Module.ProjectUri)".TrimEnd('/') + "/blob/main/docs/help/$Name.md"
        $expected | Should -Match '^https://'
        @($help.relatedLinks.navigationLink)[0].uri | Should -Be $expected
        $command.HelpUri | Should -Be $expected
        Join-Path $PSScriptRoot "../../docs/help/$Name.md" | Should -Exist
    }

    It 'describes every example with remarks' {
        foreach ($example in @($help.examples.example)) {
            Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs a sentence of explanation"
        }
    }

    It 'never shows a secret in plain text in its examples' {
        foreach ($example in @($help.examples.example)) {
            $example.code | Should -Not -Match '-ApiKey\s+[''"]' -Because 'keys are read with Read-Host -AsSecureString or Get-Secret'
            $example.code | Should -Not -Match 'ConvertTo-SecureString\s+[''"]'
            $example.code | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.' -Because 'examples never contain a JWT'
        }
    }

    It 'describes every parameter' {
        $undocumented = foreach ($parameter in $parameters) {
            $entry = @($helpParameters | Where-Object { $_.name -eq $parameter.Name })
            if ($entry.Count -eq 0 -or -not (Get-Text $entry[0].description)) { $parameter.Name }
        }
        $undocumented | Should -BeNullOrEmpty -Because 'every parameter needs a description in docs/help'
    }

    It 'documents only parameters the cmdlet has, with their real types' {
        foreach ($entry in $helpParameters) {
            $command.Parameters.ContainsKey($entry.name) | Should -BeTrue -Because "-$($entry.name) is documented"
            $type = $command.Parameters[$entry.name].ParameterType
            # Help names a nullable value type by its underlying type, as platyPS does.
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            $entry.type.name | Should -Be $type.Name
        }
    }

    It 'shows one syntax per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be $command.ParameterSets.Count
    }
}

Describe 'about_LimaCharlie' {
    It 'is found by Get-Help and introduces Connect-LcOrg' {
        # Without the topic, Get-Help falls back to a full-text search and lists the cmdlets whose help mentions it.
        $topic = @(Get-Help -Name about_LimaCharlie -ErrorAction Stop)
        $topic.Count | Should -Be 1
        $topic[0].Category | Should -Be 'HelpFile'
        $text = $topic[0] | Out-String
        $text | Should -Match 'Connect-LcOrg'
        $text | Should -Match 'LC_API_KEY'
    }

    It 'covers <Topic>' -ForEach @(
        @{ Topic = 'sessions'; Patterns = 'Connect-LcOrg', '-PassThru', 'Get-LcSession', 'Disconnect-LcOrg', 'runspace' }
        @{ Topic = 'credential sources'; Patterns = 'LC_API_KEY', 'LC_OID', 'LC_UID', 'LC_CREDS_FILE', 'config\.yaml', '-Environment', '-Credential' }
        @{ Topic = 'token renewal'; Patterns = 'renew', 'margin', '401', 'single|only one renewal' }
        @{ Topic = 'rate limits'; Patterns = '429', 'Retry-After', 'retry budget', 'X-RateLimit', 'LimaCharlie\.RateLimited' }
        @{ Topic = '-Session with ForEach-Object -Parallel'; Patterns = 'ForEach-Object -Parallel', '-Session \$using:' }
    ) {
        $text = Get-Content -Raw (Join-Path (Get-Module LimaCharlie).ModuleBase 'en-US/about_LimaCharlie.help.txt')
        foreach ($pattern in $Patterns) { $text | Should -Match $pattern -Because "about_LimaCharlie explains $Topic" }
    }

    It 'names every exported cmdlet' {
        $text = Get-Content -Raw (Join-Path (Get-Module LimaCharlie).ModuleBase 'en-US/about_LimaCharlie.help.txt')
        $exported = @((Get-Module LimaCharlie).ExportedCmdlets.Keys)
        $exported.Count | Should -BeGreaterThan 80
        $missing = @($exported | Where-Object { $text -notmatch ('(?<![\w-])' + [regex]::Escape($_) + '\b') } | Sort-Object)
        $missing | Should -BeNullOrEmpty -Because 'docs/help/about_LimaCharlie.md lists every cmdlet of the module by its full name'
    }

    It 'explains under Errors exactly the ids of the catalog' {
        # Names of the module's types (LimaCharlie.ErrorIds, LimaCharlie.LcApiException) are not ids.
        $source = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/help/about_LimaCharlie.md')
        $section = [regex]::Match($source, '(?ms)^### Errors\s*$(.*?)^##').Groups[1].Value
        $explained = @([regex]::Matches($section, 'LimaCharlie\.[A-Z]\w*') | ForEach-Object Value | Sort-Object -Unique |
                Where-Object { -not ($_ -as [type]) })
        $catalog = @([LimaCharlie.ErrorIds]::All.Id)
        $catalog.Count | Should -BeGreaterThan 60
        $unexplained = @($catalog | Where-Object { $_ -cnotin $explained })
        $unexplained | Should -BeNullOrEmpty -Because 'every id of [LimaCharlie.ErrorIds]::All needs its meaning and remedy under ### Errors in docs/help/about_LimaCharlie.md'
        $unknown = @($explained | Where-Object { $_ -cnotin $catalog })
        $unknown | Should -BeNullOrEmpty -Because 'docs/help/about_LimaCharlie.md explains only ids the module has'
    }

    It 'names in docs/help only error ids of the catalog' {
        # Every LimaCharlie.<Name> that is not a type of the module or the name of its assembly is an error id.
        $catalog = @([LimaCharlie.ErrorIds]::All.Id)
        $unknown = foreach ($file in Get-ChildItem (Join-Path $PSScriptRoot '../../docs/help') -Filter *.md) {
            $text = Get-Content -Raw $file.FullName
            foreach ($name in [regex]::Matches($text, '(?<![\w.])LimaCharlie\.[A-Z]\w*\b(?!\.\w)') | ForEach-Object Value | Sort-Object -Unique) {
                if ($name -cnotin $catalog -and -not ($name -as [type])) { "$($file.Name): $name" }
            }
        }
        $unknown | Should -BeNullOrEmpty -Because 'an error id named in the help is one the module raises ([LimaCharlie.ErrorIds]::All)'
    }

    It 'is wrapped at 80 columns' {
        $module = Get-Module LimaCharlie
        $file = Join-Path $module.ModuleBase 'en-US/about_LimaCharlie.help.txt'
        $file | Should -Exist
        Get-Content $file | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
    }
}

Describe 'build/New-MamlHelp.ps1' {
    BeforeAll {
        # A copy of the module (the script would write its help next to the manifest) and of the docs, three of them spoiled.
        $module = Join-Path $TestDrive 'LimaCharlie'
        Copy-Item (Split-Path (Get-Module LimaCharlie).Path -Parent) $module -Recurse
        Remove-Item (Join-Path $module 'en-US') -Recurse
        $docs = Join-Path $TestDrive 'docs'
        Copy-Item (Join-Path $PSScriptRoot '../../docs/help') $docs -Recurse
        function Edit-Doc([string] $Name, [scriptblock] $Change) {
            $file = Join-Path $docs "$Name.md"
            Set-Content -Path $file -Value (& $Change (Get-Content -Raw $file)) -NoNewline
        }
        # One example left: everything from the second "### Example" to ## PARAMETERS goes.
        Edit-Doc 'Get-LcTag' { param($t) $t -replace '(?s)(### Example 2.*?)(?=## PARAMETERS)', '' }
        # The first example's code block removed.
        Edit-Doc 'Get-LcIdentity' { param($t) $t -replace '(?s)(### Example 1[^\n]*\n.*?)```powershell\n.*?```\n', '$1' }
        # A parameter the cmdlet does not have.
        Edit-Doc 'Get-LcOrgUsage' { param($t) $t -replace '(?m)^## INPUTS', "### -NoSuchParameter`nDoes nothing.`n`n## INPUTS" }
        # An online page that is not the file's own.
        Edit-Doc 'Get-LcSession' { param($t) $t -replace '(?m)^online version:.*$', 'online version: https://example.com/Get-LcSession' }
        $output = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../../build/New-MamlHelp.ps1') `
            -ModulePath (Join-Path $module 'LimaCharlie.psd1') -DocsPath $docs 2>&1 | ForEach-Object { "$_" }
        $script:ExitCode = $LASTEXITCODE
        $script:Text = $output -join "`n"
        $script:HelpWritten = Test-Path (Join-Path $module 'en-US')
    }

    It 'fails and writes no help when the markdown has problems' {
        $ExitCode | Should -Be 1
        $HelpWritten | Should -BeFalse
    }

    It 'reports <Case>' -ForEach @(
        @{ Case = 'a cmdlet with fewer than two examples'; Pattern = 'Get-LcTag\.md: 1 example\(s\)' }
        @{ Case = 'an example without code'; Pattern = 'Get-LcIdentity\.md: example .* has no code block' }
        @{ Case = 'a parameter the cmdlet does not have'; Pattern = 'Get-LcOrgUsage\.md: documents parameter -NoSuchParameter, which does not exist' }
        @{ Case = 'an online version that is not the file''s page'; Pattern = 'Get-LcSession\.md: .online version: https://example\.com' }
    ) {
        $Text | Should -Match $Pattern
    }
}

Describe 'The emulator README' {
    BeforeAll {
        $script:EmulatorDir = Join-Path $PSScriptRoot '../LimaCharlie.Emulator'
        $script:Readme = Get-Content (Join-Path $EmulatorDir 'README.md')
    }

    It 'has no repeated rows in a table' {
        # Each table's rows keyed by their first cell; a key seen twice in one table is a repeated (often stale) row.
        $repeated = @()
        $seen = @{}
        foreach ($line in $Readme) {
            if ($line -notmatch '^\|') { $seen = @{}; continue }
            $key = ($line -split '\|')[1].Trim()
            if ($key -match '^-+$') { continue }
            if ($seen.ContainsKey($key)) { $repeated += $key }
            $seen[$key] = $true
        }
        $repeated | Should -BeNullOrEmpty
    }

    It 'names every API area file in its layout table' {
        $row = @($Readme | Where-Object { $_.StartsWith('| `Api/` |') })
        $row | Should -HaveCount 1
        foreach ($file in Get-ChildItem (Join-Path $EmulatorDir 'Api') -Filter *.cs) {
            $row[0] | Should -Match ('`' + [regex]::Escape($file.BaseName) + '(\.cs)?`') -Because "Api/$($file.Name) is part of the emulator"
        }
    }
}
