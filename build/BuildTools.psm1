# Helpers of build.ps1: module layout, test runners and their totals.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Write-Step([string] $Name) {
    Write-Host "==> $Name" -ForegroundColor Cyan
}

function Get-ModuleVersion([string] $Root) {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    $props.Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
}

# The section of CHANGELOG.md for a version (its "## <version>" heading up to the next "## "), without the heading.
function Get-ReleaseNotes([string] $Root, [string] $Version) {
    $text = (Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')).Replace("`r`n", "`n")
    $pattern = '(?ms)^##[ \t]+\[?' + [regex]::Escape($Version) + '\]?(?:[ \t][^\n]*)?\n(?<notes>.*?)(?=^##[ \t]|\z)'
    $match = [regex]::Match($text, $pattern)
    $notes = if ($match.Success) { $match.Groups['notes'].Value.Trim() } else { '' }
    if (-not $notes) { throw "CHANGELOG.md has no entry for version $Version (a '## $Version' section with the release notes)." }
    $notes
}

# The files that ship: the cmdlet and model assemblies, manifest, format file and licence in the root, the engine and
# its packages in Dependencies/, the MAML help and about topics in en-US/, the example scripts the README runs in
# examples/. Anything else in a module folder (pdb, xml docs, deps.json, tests) is a packaging mistake.
$script:ShippedPatterns = @('LimaCharlie.psd1', 'LimaCharlie.PowerShell.dll', 'LimaCharlie.Models.dll', '*.format.ps1xml', '*.types.ps1xml',
    'LICENSE', 'Dependencies/*.dll', 'en-US/*-Help.xml', 'en-US/about_*.help.txt', 'examples/*.ps1')

# The module folder's files as manifest FileList entries (relative, '/'-separated, sorted ordinally).
function Get-ModuleFileList([string] $ModuleDir) {
    $base = (Resolve-Path $ModuleDir).Path
    $files = foreach ($file in Get-ChildItem $base -Recurse -File) {
        [System.IO.Path]::GetRelativePath($base, $file.FullName).Replace('\', '/')
    }
    [string[]] $sorted = @($files)
    [Array]::Sort($sorted, [StringComparer]::Ordinal)
    $sorted
}

# The files of a module folder that do not belong in the package ('*' in a pattern never crosses a '/').
function Get-UnshippedFile([string] $ModuleDir) {
    $rx = [regex]::new('^(?:' + (($script:ShippedPatterns | ForEach-Object { [regex]::Escape($_).Replace('\*', '[^/]*') }) -join '|') + ')$')
    Get-ModuleFileList $ModuleDir | Where-Object { -not $rx.IsMatch($_) }
}

# The module folder: cmdlet and model assemblies, manifest and format file in the root; the engine and its packages
# in Dependencies/, loaded by the module into a private AssemblyLoadContext.
function New-ModuleLayout([string] $Root, [string] $Staging, [string] $ModuleDir) {
    $dependencies = Join-Path $ModuleDir 'Dependencies'
    New-Item -ItemType Directory $dependencies -Force | Out-Null
    foreach ($file in 'LimaCharlie.PowerShell.dll', 'LimaCharlie.Models.dll') {
        Copy-Item (Join-Path $Staging "cmdlets/$file") $ModuleDir
    }
    Copy-Item (Join-Path $Root 'src/LimaCharlie.PowerShell/LimaCharlie.format.ps1xml') $ModuleDir
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleDir
    $examples = Join-Path $ModuleDir 'examples'
    New-Item -ItemType Directory $examples -Force | Out-Null
    Copy-Item (Join-Path $Root 'examples/*.ps1') $examples
    Get-ChildItem (Join-Path $Staging 'engine') -Filter *.dll |
        Where-Object { $_.Name -ne 'LimaCharlie.Models.dll' -and $_.Name -notlike 'System.*' } |
        Copy-Item -Destination $dependencies

    $version = Get-ModuleVersion $Root
    $notes = Get-ReleaseNotes $Root $version
    if ($notes -match "(?m)^'@") { throw "CHANGELOG.md: a line of the $version notes starts with '@, which would end the manifest's here-string." }
    $manifest = Get-Content -Raw (Join-Path $Root 'LimaCharlie.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)=\s*'[^']*'", "ModuleVersion`$1= '$version'"
    $manifest = $manifest.Replace("ReleaseNotes = ''", "ReleaseNotes = @'`n$notes`n'@")
    Set-Content -Path (Join-Path $ModuleDir 'LimaCharlie.psd1') -Value $manifest -Encoding utf8NoBOM
    Assert-ModuleCmdletList $ModuleDir
}

# The names ('Verb-Noun') of the public, non-abstract cmdlet classes of the module's assembly, read from their [Cmdlet]
# attributes in a fresh pwsh (a loaded binary module cannot be unloaded, and the build's own process must not hold it).
function Get-ModuleCmdletName([string] $ModuleDir) {
    $assembly = Join-Path (Resolve-Path $ModuleDir).Path 'LimaCharlie.PowerShell.dll'
    $script = {
        param([string] $Path)
        $module = Import-Module $Path -PassThru -ErrorAction Stop
        foreach ($type in $module.ImplementingAssembly.GetExportedTypes()) {
            if ($type.IsAbstract -or -not $type.IsSubclassOf([System.Management.Automation.Cmdlet])) { continue }
            $attribute = [System.Attribute]::GetCustomAttribute($type, [System.Management.Automation.CmdletAttribute])
            if (-not $attribute) { throw "The public cmdlet class $($type.FullName) has no [Cmdlet] attribute." }
            "$($attribute.VerbName)-$($attribute.NounName)"
        }
    }
    [string[]] $names = @(& (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $script -args $assembly)
    if ($LASTEXITCODE) { throw "Reading the cmdlet classes of $assembly failed (exit code $LASTEXITCODE)." }
    if ($names.Count -eq 0) { throw "$assembly defines no cmdlet class." }
    [Array]::Sort($names, [StringComparer]::Ordinal)
    $names
}

# Checks the manifest's CmdletsToExport against the module's cmdlets (Get-ModuleCmdletName): a cmdlet class missing
# from the list, or a name without a class, fails the build with the names to add or remove.
function Assert-ModuleCmdletList([string] $ModuleDir) {
    $listed = @((Import-PowerShellDataFile (Join-Path $ModuleDir 'LimaCharlie.psd1')).CmdletsToExport)
    $defined = @(Get-ModuleCmdletName $ModuleDir)
    $missing = @($defined | Where-Object { $_ -notin $listed })
    $extra = @($listed | Where-Object { $_ -notin $defined })
    if ($missing -or $extra) {
        throw "LimaCharlie.psd1's CmdletsToExport does not match the cmdlet classes. Add: $($missing -join ', '). Remove: $($extra -join ', ')."
    }
}

# Writes the folder's files into the manifest's FileList (run once the help is in place). Fails when the folder holds
# a file that does not belong in the package.
function Set-ModuleFileList([string] $ModuleDir) {
    $stray = @(Get-UnshippedFile $ModuleDir)
    if ($stray.Count) { throw "The module folder $ModuleDir holds files that do not ship: $($stray -join ', ')." }
    $entries = (Get-ModuleFileList $ModuleDir | ForEach-Object { "        '$_'" }) -join "`n"
    $path = Join-Path $ModuleDir 'LimaCharlie.psd1'
    $manifest = Get-Content -Raw $path
    $manifest = [regex]::Replace($manifest, '(?ms)^(\s*FileList\s*=\s*)@\(.*?^\s*\)|^(\s*FileList\s*=\s*)@\(\)', {
            param($m)
            $lead = if ($m.Groups[1].Success) { $m.Groups[1].Value } else { $m.Groups[2].Value }
            "$($lead)@(`n$entries`n    )"
        })
    Set-Content -Path $path -Value $manifest -Encoding utf8NoBOM
}

# The package as the Gallery receives it: <OutDir>/LimaCharlie/<version>/ (the module folder) and
# <OutDir>/LimaCharlie.<version>.nupkg, made by Publish-PSResource into OutDir as a local repository. The publishing
# runs in a child pwsh whose HOME and XDG folders are a scratch folder, so the repository it registers never reaches
# the user's PSResourceGet settings. Returns the .nupkg file.
function New-ModulePackage([string] $ModuleDir, [string] $OutDir) {
    $manifestPath = Join-Path $ModuleDir 'LimaCharlie.psd1'
    $version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
    $stray = @(Get-UnshippedFile $ModuleDir)
    if ($stray.Count) { throw "The module folder $ModuleDir holds files that do not ship: $($stray -join ', ')." }
    Remove-Item $OutDir -Recurse -Force -ErrorAction SilentlyContinue
    $target = Join-Path $OutDir "LimaCharlie/$version"
    New-Item -ItemType Directory $target -Force | Out-Null
    Copy-Item (Join-Path $ModuleDir '*') $target -Recurse
    $null = Test-ModuleManifest -Path (Join-Path $target 'LimaCharlie.psd1') -ErrorAction Stop

    $scratch = Join-Path ([System.IO.Path]::GetTempPath()) "lc-publish-$([guid]::NewGuid().ToString('n'))"
    # The folders must exist: .NET reports a missing LocalApplicationData as '', and PSResourceGet then keeps its
    # repository list in the current directory.
    foreach ($folder in '.local/share', '.config', '.cache') { New-Item -ItemType Directory (Join-Path $scratch $folder) -Force | Out-Null }
    $script = Join-Path $scratch 'publish.ps1'
    Set-Content -Path $script -Value @'
param([string] $Module, [string] $Repository)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name LimaCharlieLocal -Uri $Repository -Trusted
Publish-PSResource -Path $Module -Repository LimaCharlieLocal
'@
    $saved = @{}
    $environment = @{ HOME = $scratch; XDG_DATA_HOME = "$scratch/.local/share"; XDG_CONFIG_HOME = "$scratch/.config"
        XDG_CACHE_HOME = "$scratch/.cache"; NO_COLOR = '1' }
    try {
        foreach ($k in $environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $environment[$k]) }
        & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $script -Module $target -Repository (Resolve-Path $OutDir).Path
        if ($LASTEXITCODE) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)." }
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
    }
    $nupkg = Join-Path $OutDir "LimaCharlie.$version.nupkg"
    if (-not (Test-Path $nupkg)) { throw "Publish-PSResource wrote no $nupkg." }
    Get-Item $nupkg
}

# Runs the xunit project and reads its totals from the TRX file.
function Invoke-XunitTests([string] $Root, [string] $Configuration, [string] $ResultsDir) {
    $project = Join-Path $Root 'tests/LimaCharlie.Tests'
    if (-not (Test-Path $project)) { return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 } }
    $trx = 'xunit.trx'
    $PSNativeCommandUseErrorActionPreference = $false   # failed tests are counted from the results, not thrown
    & dotnet test $project -c $Configuration --nologo --logger "trx;LogFileName=$trx" --results-directory $ResultsDir | Out-Host
    $code = $LASTEXITCODE
    $file = Join-Path $ResultsDir $trx
    if (-not (Test-Path $file)) {
        Write-Warning "dotnet test wrote no results (exit code $code)."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $counters = ([xml](Get-Content -Raw $file)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

# Runs the Pester suite in a fresh pwsh (a binary module cannot be unloaded) with one emulator for the run.
function Invoke-PesterTests([string] $Root, [string] $ModuleDir, [string] $Configuration, [string] $ResultsDir, [string] $Filter) {
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    $pwsh = Join-Path $PSHOME 'pwsh'
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/pester/Invoke-Tests.ps1'),
        '-ModulePath', (Join-Path $ModuleDir 'LimaCharlie.psd1'), '-Configuration', $Configuration, '-SummaryPath', $summary)
    if ($Filter) { $arguments += @('-Filter', $Filter) }
    $PSNativeCommandUseErrorActionPreference = $false
    & $pwsh @arguments | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Warning 'The Pester run wrote no summary.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    Get-Content -Raw $summary | ConvertFrom-Json
}

Export-ModuleMember -Function Write-Step, Get-ModuleVersion, Get-ReleaseNotes, Get-ModuleFileList, Get-UnshippedFile, Get-ModuleCmdletName,
    New-ModuleLayout, Assert-ModuleCmdletList, Set-ModuleFileList, New-ModulePackage, Invoke-XunitTests, Invoke-PesterTests
