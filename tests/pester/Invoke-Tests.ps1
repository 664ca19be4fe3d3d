<#
.SYNOPSIS
    Runs the Pester suite against the built module, with one local emulator for the whole run.
    Called by build.ps1 -Task Test in a fresh pwsh; writes {Passed, Failed, Skipped} to -SummaryPath.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Configuration = 'Release',
    [string] $Filter
)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
Import-Module (Join-Path $packages 'pester/6.2.0/tools/Pester.psd1') -Force
Import-Module (Join-Path $root 'build/Emulator.psm1') -Force

$emulator = Start-LcEmulator -Configuration $Configuration
$env:LC_TEST_EMULATOR_URL = $emulator.Url
$env:LC_TEST_MODULE_PATH = (Resolve-Path $ModulePath).Path
$env:LC_TEST_CONFIGURATION = $Configuration
try {
    $config = New-PesterConfiguration
    $files = Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object { -not $Filter -or $_.Name -like "*$Filter*" }
    $config.Run.Path = @($files.FullName)
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath -Parent) 'pester.xml'
    $result = Invoke-Pester -Configuration $config
    [pscustomobject]@{
        Passed  = $result.PassedCount
        Failed  = $result.FailedCount + $result.FailedContainersCount + $result.FailedBlocksCount
        Skipped = $result.SkippedCount + $result.NotRunCount
    } | ConvertTo-Json | Set-Content -Path $SummaryPath
}
finally {
    Stop-LcEmulator $emulator
}
