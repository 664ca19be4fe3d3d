# The built module's manifest and folder: explicit export lists that match what the module exports, the right
# PowerShell version and edition, approved verbs, [OutputType] everywhere, ShouldProcess on state changes, no secret
# taken as a plain string, and nothing in the folder that does not belong in a published module.

BeforeDiscovery {
    $manifestPath = $env:LC_TEST_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/LimaCharlie/LimaCharlie.psd1')
    $cmdlets = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | ForEach-Object { @{ Name = $_ } })
    $changing = @($cmdlets | Where-Object { ($_.Name -split '-')[0] -in 'New', 'Set', 'Remove', 'Add', 'Enable', 'Disable', 'Clear', 'Rename' })
}

BeforeAll {
    $script:ManifestPath = (Resolve-Path ($env:LC_TEST_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/LimaCharlie/LimaCharlie.psd1'))).Path
    Import-Module $ManifestPath
    $script:Module = Get-Module LimaCharlie
    $script:Data = Import-PowerShellDataFile -Path $ManifestPath
    $script:ModuleDir = Split-Path $ManifestPath -Parent
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'lists the cmdlets explicitly, without wildcards' {
        $Data.ContainsKey('CmdletsToExport') | Should -BeTrue
        @($Data.CmdletsToExport).Count | Should -BeGreaterThan 0
        @($Data.CmdletsToExport) | Where-Object { [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($_) } |
            Should -BeNullOrEmpty
    }

    It 'lists exactly the cmdlets the module exports' {
        $listed = @($Data.CmdletsToExport | Sort-Object)
        $exported = @(Get-Command -Module LimaCharlie -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
        $exported | Should -Be $listed
        @($Module.ExportedCommands.Keys | Sort-Object) | Should -Be $listed
    }

    It 'lists every public cmdlet class of the module''s assembly' {
        $defined = @($Module.ImplementingAssembly.GetExportedTypes() |
                Where-Object { -not $_.IsAbstract -and $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
                ForEach-Object {
                    $attribute = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                    if ($attribute) { "$($attribute.VerbName)-$($attribute.NounName)" }
                } | Sort-Object)
        $defined | Should -Be @($Data.CmdletsToExport | Sort-Object)
    }

    It 'keeps in the template exactly the cmdlets the classes define (the build checks it too)' {
        $template = Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../../LimaCharlie.psd1')
        @($template.CmdletsToExport | Sort-Object) | Should -Be @($Data.CmdletsToExport | Sort-Object)
    }

    It 'exports no <_>' -ForEach 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport' {
        # A missing key means '*' to PowerShell, so the key must be there and empty.
        $Data.ContainsKey($_) | Should -BeTrue -Because "$_ = @() keeps PowerShell from exporting everything"
        @($Data[$_]).Count | Should -Be 0
    }

    It 'exports no functions, aliases or variables at run time' {
        $Module.ExportedFunctions.Count | Should -Be 0
        $Module.ExportedAliases.Count | Should -Be 0
        $Module.ExportedVariables.Count | Should -Be 0
    }

    It 'has no <_>' -ForEach 'NestedModules', 'RequiredAssemblies', 'ScriptsToProcess', 'RequiredModules' {
        @($Data[$_] | Where-Object { $_ }).Count | Should -Be 0
    }

    It 'requires PowerShell 7.6 (.NET 10) on the Core edition' {
        $Data.PowerShellVersion | Should -Be '7.6'
        @($Data.CompatiblePSEditions) | Should -Be @('Core')
    }

    It 'has the metadata the PowerShell Gallery shows' {
        $Data.RootModule | Should -Be 'LimaCharlie.PowerShell.dll'
        $Data.GUID | Should -Not -BeNullOrEmpty
        $Data.Author | Should -Not -BeNullOrEmpty
        $Data.Description | Should -Not -BeNullOrEmpty
        $Data.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $Data.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $Data.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
    }

    It 'lists the format file in FormatsToProcess' {
        @($Data.FormatsToProcess) | Should -Contain 'LimaCharlie.format.ps1xml'
        foreach ($file in Get-ChildItem $ModuleDir -Filter '*.format.ps1xml') {
            @($Data.FormatsToProcess) | Should -Contain $file.Name -Because 'a format file that is not listed is never loaded'
        }
        foreach ($listed in @($Data.FormatsToProcess)) { Join-Path $ModuleDir $listed | Should -Exist }
    }
}

Describe 'The module folder' {
    It 'holds no <Kind>' -ForEach @(
        @{ Kind = 'debug symbols'; Pattern = '*.pdb' }
        @{ Kind = 'test assemblies'; Pattern = '*Tests*.dll' }
        @{ Kind = 'xunit assemblies'; Pattern = 'xunit*.dll' }
        @{ Kind = 'test SDK assemblies'; Pattern = 'Microsoft.TestPlatform*.dll' }
        @{ Kind = 'test hosts'; Pattern = 'testhost*' }
        @{ Kind = 'Pester test scripts'; Pattern = '*.Tests.ps1' }
        @{ Kind = 'emulator assemblies'; Pattern = '*Emulator*' }
    ) {
        Get-ChildItem $ModuleDir -Recurse -File -Filter $Pattern | ForEach-Object FullName | Should -BeNullOrEmpty
    }
}

Describe 'Cmdlet <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command -Module LimaCharlie -Name $Name -ErrorAction Stop
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'declares its output type' {
        @($command.OutputType).Count | Should -BeGreaterOrEqual 1 -Because 'every cmdlet has [OutputType]'
    }

    It 'takes no secret as a plain string' {
        $plain = foreach ($parameter in $command.Parameters.Values) {
            # Key (a hive record's name) and IdempotencyKey (a caller-chosen request id) are not secrets.
            if ($parameter.ParameterType -in [string], [string[]] -and $parameter.Name -match '(ApiKey|Secret|Password|Token|Key|Jwt)$' -and
                $parameter.Name -notin 'Key', 'IdempotencyKey') { $parameter.Name }
        }
        $plain | Should -BeNullOrEmpty -Because 'secrets are SecureString or PSCredential'
    }
}

Describe 'Cmdlet <Name> that changes state' -ForEach $changing {
    It 'supports -WhatIf and -Confirm' {
        $command = Get-Command -Module LimaCharlie -Name $Name
        $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
        $command.Parameters.ContainsKey('Confirm') | Should -BeTrue
    }
}
