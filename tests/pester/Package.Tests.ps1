# The package as the PowerShell Gallery would receive it (build.ps1 -Task Package): the versioned module folder and
# its .nupkg hold the module files (and the example scripts the README runs) and nothing else, the manifest passes Test-ModuleManifest and lists every file, and
# the .nupkg installs from a local folder repository with the README's Install-Module and Install-PSResource lines in a fresh pwsh
# whose HOME, XDG folders and PSModulePath are scratch folders (nothing reaches the user's profile or other tests),
# imports by name, calls the emulator and shows its help.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $Root 'build/BuildTools.psm1') -Force
    $script:ModuleDir = Split-Path (Resolve-Path (Get-TestModulePath)).Path -Parent
    $script:Version = (Import-PowerShellDataFile (Join-Path $ModuleDir 'LimaCharlie.psd1')).ModuleVersion

    # The package build.ps1 -Task Package made of this module, else a new one made the same way.
    $script:Repository = Join-Path $Root 'out/package'
    $nupkg = Join-Path $Repository "LimaCharlie.$Version.nupkg"
    $packaged = Join-Path $Repository "LimaCharlie/$Version"
    $current = (Test-Path $nupkg) -and (Test-Path $packaged) -and (Get-Item $nupkg).LastWriteTimeUtc -ge (Get-Item $packaged).LastWriteTimeUtc -and
        -not (Compare-Object @(Get-ChildItem $ModuleDir -Recurse -File | Get-FileHash | ForEach-Object { $_.Hash + [IO.Path]::GetRelativePath($ModuleDir, $_.Path) }) `
            @(Get-ChildItem $packaged -Recurse -File | Get-FileHash | ForEach-Object { $_.Hash + [IO.Path]::GetRelativePath($packaged, $_.Path) }))
    if (-not $current) {
        $script:Repository = Join-Path $TestDrive 'package'
        $nupkg = (New-ModulePackage -ModuleDir $ModuleDir -OutDir $Repository).FullName
    }
    $script:Nupkg = $nupkg
    $script:PackageDir = Join-Path $Repository "LimaCharlie/$Version"
    $script:Manifest = Join-Path $PackageDir 'LimaCharlie.psd1'
    $script:Data = Import-PowerShellDataFile $Manifest

    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url

    # Runs a script in a fresh pwsh whose profile folders are a new scratch folder; the organization key reaches it
    # through LC_API_KEY (the module's own credential chain), never through the script text.
    function script:Invoke-IsolatedPwsh([string] $Script) {
        $scratch = Join-Path $TestDrive "home-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        # The folders must exist: .NET reports a missing LocalApplicationData as '', and PSResourceGet then keeps its
        # repository list in the current directory.
        foreach ($folder in '.local/share', '.config', '.cache') { New-Item -ItemType Directory (Join-Path $scratch $folder) -Force | Out-Null }
        $modules = Join-Path $scratch '.local/share/powershell/Modules'
        $environment = @{
            HOME = $scratch; XDG_DATA_HOME = "$scratch/.local/share"; XDG_CONFIG_HOME = "$scratch/.config"
            XDG_CACHE_HOME = "$scratch/.cache"; PSModulePath = $modules; LC_TEST_REPOSITORY = $Repository
            LC_API_KEY = [Net.NetworkCredential]::new('', $Tenant.OrgKey).Password; LC_OID = "$($Tenant.OrganizationId)"
            LC_UID = $null; LC_API_URL = $Url; LC_JWT_URL = $Url; LC_CREDS_FILE = $null; LC_CURRENT_ENV = $null
        }
        $result = Invoke-ChildPwsh -Script $Script -Environment $environment
        $json = $result.Output | Where-Object { $_ -like 'RESULT:*' } | Select-Object -Last 1
        [pscustomobject]@{
            Scratch  = $scratch
            ExitCode = $result.ExitCode
            Output   = $result.Output -join "`n"
            Result   = if ($json) { $json.Substring(7) | ConvertFrom-Json } else { $null }
        }
    }

    # The README's install block for a command (Install-Module or Install-PSResource), run as written from a folder laid
    # out like a clone after build.ps1 -Task Package (out/package holding the .nupkg).
    function script:Get-ReadmeInstallScript([string] $Command) {
        $readme = Get-Content -Raw (Join-Path $Root 'README.md')
        $blocks = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -match "(?m)^$Command -Name LimaCharlie -Repository " })
        $blocks | Should -HaveCount 1 -Because "the README has one block that installs with $Command"
        $clone = Join-Path $TestDrive "clone-$Command"
        New-Item -ItemType Directory (Join-Path $clone 'out/package') -Force | Out-Null
        Copy-Item $Nupkg (Join-Path $clone 'out/package')
        "`$ErrorActionPreference = 'Stop'`nSet-Location '$clone'`n" + $blocks[0]
    }

    # After the install: where the module came from, a real call, its help, and its exports against its cmdlet classes.
    $script:Probe = @'
$m = @(Get-Module -ListAvailable -Name LimaCharlie)
Import-Module LimaCharlie
$module = Get-Module LimaCharlie
Connect-LcOrg
$identity = Get-LcIdentity
$org = Get-LcOrganization
$help = Get-Help Get-LcSensor -Full
$about = @(Get-Help about_LimaCharlie)
$classes = @($module.ImplementingAssembly.GetExportedTypes() | Where-Object { -not $_.IsAbstract -and $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
    ForEach-Object { $a = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute]); "$($a.VerbName)-$($a.NounName)" })
'RESULT:' + (@{
    Available      = @($m | ForEach-Object { @{ Version = "$($_.Version)"; Base = $_.ModuleBase } })
    Loaded         = $module.ModuleBase
    Version        = "$($module.Version)"
    Ident          = $identity.Ident
    OrganizationId = "$($org.OrganizationId)"
    Synopsis       = "$($help.Synopsis)"
    Examples       = @($help.examples.example).Count
    Parameters     = @($help.parameters.parameter | Where-Object { ($_.description | Out-String).Trim() }).Count
    Online         = "$(@($help.relatedLinks.navigationLink)[0].uri)"
    AboutCategory  = "$($about[0].Category)"
    AboutText      = ($about[0] | Out-String)
    Exported       = @($module.ExportedCmdlets.Keys | Sort-Object)
    Classes        = @($classes | Sort-Object)
} | ConvertTo-Json -Depth 4 -Compress)
'@
}

Describe 'The package' {
    It 'is the module folder under LimaCharlie/<version> and a LimaCharlie.<version>.nupkg beside it' {
        $Nupkg | Should -Exist
        Split-Path $Nupkg -Leaf | Should -Be "LimaCharlie.$Version.nupkg"
        $Manifest | Should -Exist
    }

    It 'has a manifest that passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $Manifest -ErrorAction Stop
        $info.Name | Should -Be 'LimaCharlie'
        "$($info.Version)" | Should -Be $Version
    }

    It 'takes its version from Directory.Build.props, in the manifest and in every assembly' {
        $Version | Should -Be (Get-ModuleVersion $Root)
        foreach ($dll in 'LimaCharlie.PowerShell.dll', 'LimaCharlie.Models.dll', 'Dependencies/LimaCharlie.Client.dll') {
            $info = [System.Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $PackageDir $dll))
            $info.FileVersion | Should -Be "$Version.0" -Because "$dll is built with the module's version"
            $info.ProductVersion | Should -BeLike "$Version*"
        }
    }

    It 'lists in FileList exactly the files of the folder' {
        $files = @(Get-ChildItem $PackageDir -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($PackageDir, $_.FullName).Replace('\', '/') } | Sort-Object)
        @($Data.FileList | Sort-Object) | Should -Be $files
    }

    It 'ships the module files only: assemblies, engine dependencies, format file, help, manifest and licence' {
        $files = @($Data.FileList)
        foreach ($required in 'LimaCharlie.psd1', 'LimaCharlie.PowerShell.dll', 'LimaCharlie.Models.dll', 'LimaCharlie.format.ps1xml',
            'LICENSE', 'Dependencies/LimaCharlie.Client.dll', 'en-US/LimaCharlie.PowerShell.dll-Help.xml', 'en-US/about_LimaCharlie.help.txt') {
            $files | Should -Contain $required
        }
        $files | Where-Object { $_ -match '\.(pdb|deps\.json|runtimeconfig\.json|ps1|psm1|cs|trx)$' -and $_ -notlike 'examples/*.ps1' } | Should -BeNullOrEmpty
        $files | Where-Object { $_ -like '*.xml' -and $_ -notlike 'en-US/*-Help.xml' } | Should -BeNullOrEmpty -Because 'no xml docs ship'
        $files | Where-Object { $_ -match 'Test|xunit|Emulator|Pester' } | Should -BeNullOrEmpty
        $files | Where-Object { $_ -like 'Dependencies/System.*' } | Should -BeNullOrEmpty -Because 'framework assemblies come from PowerShell'
        Get-UnshippedFile $PackageDir | Should -BeNullOrEmpty
    }

    It 'ships the example scripts the README runs, in examples/, as they are in the repository' {
        $readme = Get-Content -Raw (Join-Path $Root 'README.md')
        $run = @([regex]::Matches($readme, '\./examples/([\w-]+\.ps1)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $run | Should -Not -BeNullOrEmpty
        $shipped = @($Data.FileList | Where-Object { $_ -like 'examples/*' } | ForEach-Object { $_.Substring(9) } | Sort-Object)
        $shipped | Should -Be @(Get-ChildItem (Join-Path $Root 'examples') -Filter *.ps1 | ForEach-Object Name | Sort-Object)
        foreach ($name in $run) {
            $shipped | Should -Contain $name
            (Get-FileHash (Join-Path $PackageDir "examples/$name")).Hash | Should -Be (Get-FileHash (Join-Path $Root "examples/$name")).Hash
        }
    }

    It 'holds in the .nupkg the same files as the folder, besides NuGet''s own' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Nupkg)
        try {
            $entries = @($zip.Entries | ForEach-Object FullName |
                    Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|LimaCharlie\.nuspec$)' } | Sort-Object)
            $nuspec = [xml]([IO.StreamReader]::new($zip.GetEntry('LimaCharlie.nuspec').Open()).ReadToEnd())
        }
        finally { $zip.Dispose() }
        $entries | Should -Be @($Data.FileList | Sort-Object)
        $nuspec.package.metadata.id | Should -Be 'LimaCharlie'
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.tags | Should -Match '\bPSModule\b'
    }

    It 'exports explicit lists: cmdlets by name, no functions, aliases or variables' {
        @($Data.CmdletsToExport).Count | Should -BeGreaterThan 0
        @($Data.CmdletsToExport) | Where-Object { [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($_) } | Should -BeNullOrEmpty
        foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $Data.ContainsKey($key) | Should -BeTrue
            @($Data[$key]).Count | Should -Be 0
        }
        @($Data.CompatiblePSEditions) | Should -Be @('Core')
        $Data.PowerShellVersion | Should -Be '7.6'
    }

    It 'has the Gallery metadata: tags, project and licence addresses, release notes from CHANGELOG.md' {
        $psData = $Data.PrivateData.PSData
        foreach ($tag in 'LimaCharlie', 'EDR', 'SecOps', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS') { $psData.Tags | Should -Contain $tag }
        $psData.Tags | Where-Object { $_ -match '\s' } | Should -BeNullOrEmpty -Because 'Gallery tags have no spaces'
        $psData.ProjectUri | Should -Match '^https://'
        $psData.LicenseUri | Should -Be ($psData.ProjectUri.TrimEnd('/') + '/blob/main/LICENSE')
        $psData.ReleaseNotes | Should -Be (Get-ReleaseNotes $Root $Version)
        $psData.ReleaseNotes | Should -Match 'Connect-LcOrg'
    }

    It 'ships the Apache-2.0 licence its Copyright line names' {
        $Data.Copyright | Should -Match 'Apache-2\.0'
        $license = Get-Content -Raw (Join-Path $PackageDir 'LICENSE')
        $license | Should -Be (Get-Content -Raw (Join-Path $Root 'LICENSE'))
        $license | Should -Match 'Apache License\s+Version 2\.0'
        $holder = ($Data.Copyright -replace '^\(c\)\s*', '' -replace '\.\s*Apache-2\.0\.?$', '').Trim()
        $license | Should -Match ([regex]::Escape("Copyright (c) $holder"))
    }
}

Describe 'Installing the package from a local folder repository' {
    It 'installs with the README''s Install-Module lines, imports by name, calls the emulator and shows its help' {
        $run = Invoke-IsolatedPwsh ((Get-ReadmeInstallScript 'Install-Module') + "`n" + $Probe)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $r = $run.Result
        $r | Should -Not -BeNullOrEmpty -Because $run.Output
        @($r.Available).Count | Should -Be 1 -Because 'only the installed copy is on the isolated PSModulePath'
        $r.Available[0].Base | Should -BeLike "$($run.Scratch)*"
        $r.Loaded | Should -Be $r.Available[0].Base
        $r.Version | Should -Be $Version
        $r.Ident | Should -Be "$($Tenant.Name)-key"
        $r.OrganizationId | Should -Be "$($Tenant.OrganizationId)"
        $r.Synopsis | Should -Match 'sensors'
        $r.Examples | Should -BeGreaterOrEqual 2
        $r.Parameters | Should -BeGreaterThan 3
        $r.Online | Should -BeLike '*/docs/help/Get-LcSensor.md'
        $r.AboutCategory | Should -Be 'HelpFile'
        $r.AboutText | Should -Match 'Connect-LcOrg'
        @($r.Exported) | Should -Be @($r.Classes) -Because 'every cmdlet class of the assembly is exported by name'
        @($r.Exported) | Should -Be @($Data.CmdletsToExport | Sort-Object)
        # The install and the repository registration stayed in the scratch folders.
        Join-Path $run.Scratch '.local/share/powershell/Modules/LimaCharlie' | Should -Exist
        Get-ChildItem $run.Scratch -Recurse -Force -File -Filter 'PSRepositories.xml' | Get-Content -Raw | Should -Match 'LcLocal'
    }

    It 'installs with the README''s Install-PSResource lines, imports by name and calls the emulator' {
        $run = Invoke-IsolatedPwsh ((Get-ReadmeInstallScript 'Install-PSResource') + "`n" + $Probe)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $r = $run.Result
        $r | Should -Not -BeNullOrEmpty -Because $run.Output
        @($r.Available).Count | Should -Be 1
        $r.Available[0].Base | Should -BeLike "$($run.Scratch)*"
        $r.Version | Should -Be $Version
        $r.Ident | Should -Be "$($Tenant.Name)-key"
        $r.Online | Should -BeLike '*/docs/help/Get-LcSensor.md'
        $r.AboutCategory | Should -Be 'HelpFile'
        @($r.Exported) | Should -Be @($Data.CmdletsToExport | Sort-Object)
        Join-Path $run.Scratch '.local/share/powershell/Modules/LimaCharlie' | Should -Exist
        Get-Content -Raw (Join-Path $run.Scratch '.local/share/PSResourceGet/PSResourceRepository.xml') | Should -Match 'LcLocal'
    }

    It 'leaves the user''s own repositories and modules alone' {
        # The scratch HOME of each run holds the repository registrations; neither the real profile nor the current
        # folder (where PSResourceGet and NuGet write when they find no profile folder) has any.
        foreach ($stray in 'PSResourceGet', 'NuGet') { Join-Path (Get-Location) $stray | Should -Not -Exist }
        $real = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
        if (Test-Path $real) { Get-Content -Raw $real | Should -Not -Match 'LcLocal|LimaCharlieLocal' }
        Get-Module -ListAvailable -Name LimaCharlie | Should -BeNullOrEmpty -Because 'the installs went to scratch folders only'
    }
}
