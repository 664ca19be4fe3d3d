# Every exported cmdlet has real help (from docs/help/*.md through build/New-MamlHelp.ps1): a synopsis that is not
# the syntax PowerShell makes up when there is no help, a description, examples that use the cmdlet, and a description
# of every parameter. The about topic exists and points to Connect-LcOrg.

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

    It 'has an example whose code uses the cmdlet' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        @($examples | Where-Object { $_.code -match [regex]::Escape($Name) }).Count | Should -BeGreaterOrEqual 1
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

    It 'is wrapped at 80 columns' {
        $module = Get-Module LimaCharlie
        $file = Join-Path $module.ModuleBase 'en-US/about_LimaCharlie.help.txt'
        $file | Should -Exist
        Get-Content $file | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
    }
}
