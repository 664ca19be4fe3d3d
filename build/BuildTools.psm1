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

# The module folder: cmdlet and model assemblies, manifest and format file in the root; the engine and its packages
# in Dependencies/, loaded by the module into a private AssemblyLoadContext.
function New-ModuleLayout([string] $Root, [string] $Staging, [string] $ModuleDir) {
    $dependencies = Join-Path $ModuleDir 'Dependencies'
    New-Item -ItemType Directory $dependencies -Force | Out-Null
    foreach ($file in 'LimaCharlie.PowerShell.dll', 'LimaCharlie.Models.dll') {
        Copy-Item (Join-Path $Staging "cmdlets/$file") $ModuleDir
    }
    Copy-Item (Join-Path $Root 'src/LimaCharlie.PowerShell/LimaCharlie.format.ps1xml') $ModuleDir
    Get-ChildItem (Join-Path $Staging 'engine') -Filter *.dll |
        Where-Object { $_.Name -ne 'LimaCharlie.Models.dll' -and $_.Name -notlike 'System.*' } |
        Copy-Item -Destination $dependencies

    $version = Get-ModuleVersion $Root
    $manifest = Get-Content -Raw (Join-Path $Root 'LimaCharlie.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion          = '$version'"
    Set-Content -Path (Join-Path $ModuleDir 'LimaCharlie.psd1') -Value $manifest -Encoding utf8NoBOM
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

Export-ModuleMember -Function Write-Step, Get-ModuleVersion, New-ModuleLayout, Invoke-XunitTests, Invoke-PesterTests
