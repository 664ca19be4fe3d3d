<#
.SYNOPSIS
    Builds, documents, tests and demonstrates the LimaCharlie PowerShell module.
.DESCRIPTION
    Tasks:
      Build  publish the engine into out/LimaCharlie/Dependencies, the cmdlets and models into out/LimaCharlie, and its help.
      Help   turn docs/help/*.md into MAML (out/LimaCharlie/en-US) from a fresh pwsh that imports the built module.
      Package  Build, then out/package/LimaCharlie/<version>/ (the module folder as the PowerShell Gallery receives it)
             and out/package/LimaCharlie.<version>.nupkg (Publish-PSResource to out/package as a local repository).
      Test   Package, then the xunit tests and the Pester tests against the local emulator; ends with 'total: N passed, N failed, N skipped'.
      Demo   Build, start the emulator, and run a short session through the module (connect, identity, new org, JWT).
      Bench  Build, start the emulator, run bench/*.Bench.ps1 against same-run baselines (see BENCHMARKS.md).
    Run it through the pinned pwsh: dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Package', 'Test', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Run only the Pester tests whose file name matches (e.g. 'Session').
    [string] $PesterFilter,
    # Run only the benchmarks whose name matches (Import, FirstCall, PerCall, Streaming, Bulk).
    [string] $BenchFilter
)

$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $true
Set-StrictMode -Version Latest
foreach ($name in 'DOTNET_CLI_TELEMETRY_OPTOUT', 'DOTNET_NOLOGO', 'POWERSHELL_TELEMETRY_OPTOUT') { Set-Item "env:$name" '1' }
$env:POWERSHELL_UPDATECHECK = 'Off'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleDir = Join-Path $Out 'LimaCharlie'
$PackageDir = Join-Path $Out 'package'
$Pwsh = Join-Path $PSHOME 'pwsh'
Import-Module (Join-Path $Root 'build/BuildTools.psm1') -Force

function Invoke-BuildTask {
    Write-Step 'Build'
    $staging = Join-Path $Out 'staging'
    Remove-Item $staging, $ModuleDir -Recurse -Force -ErrorAction SilentlyContinue
    # Precompiled (ReadyToRun) for this machine's platform, so import and the first call do not wait for the JIT; on
    # another platform the same files run as plain IL.
    $readyToRun = @('-r', [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier, '--self-contained', 'false', '-p:PublishReadyToRun=true')
    dotnet publish (Join-Path $Root 'src/LimaCharlie.Client') -c $Configuration @readyToRun -o (Join-Path $staging 'engine') --nologo -v quiet -clp:NoSummary
    dotnet publish (Join-Path $Root 'src/LimaCharlie.PowerShell') -c $Configuration @readyToRun -o (Join-Path $staging 'cmdlets') --nologo -v quiet -clp:NoSummary
    New-ModuleLayout -Root $Root -Staging $staging -ModuleDir $ModuleDir
    Invoke-HelpTask
}

function Invoke-HelpTask {
    Write-Step 'Help'
    Remove-Item (Join-Path $ModuleDir 'en-US') -Recurse -Force -ErrorAction SilentlyContinue
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build/New-MamlHelp.ps1') -ModulePath (Join-Path $ModuleDir 'LimaCharlie.psd1') -DocsPath (Join-Path $Root 'docs/help')
    Set-ModuleFileList $ModuleDir
}

function Invoke-PackageTask {
    Invoke-BuildTask
    Write-Step 'Package'
    $nupkg = New-ModulePackage -ModuleDir $ModuleDir -OutDir $PackageDir
    Write-Host "Package: $($nupkg.FullName) ($([int]($nupkg.Length / 1KB)) KB)"
}

function Invoke-TestTask {
    Invoke-PackageTask
    Write-Step 'Test'
    $results = Join-Path $Out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory $results | Out-Null

    dotnet build (Join-Path $Root 'tests/LimaCharlie.Emulator') -c $Configuration --nologo -v quiet -clp:NoSummary
    dotnet restore (Join-Path $Root 'tests/tools/tools.proj') --nologo -v quiet -clp:NoSummary

    $xunit = Invoke-XunitTests -Root $Root -Configuration $Configuration -ResultsDir $results
    $pester = Invoke-PesterTests -Root $Root -ModuleDir $ModuleDir -Configuration $Configuration -ResultsDir $results -Filter $PesterFilter

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit:  $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    Write-Host "total: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Write-Step 'Demo'
    dotnet build (Join-Path $Root 'tests/LimaCharlie.Emulator') -c $Configuration --nologo -v quiet -clp:NoSummary
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build/Demo.ps1') -ModulePath (Join-Path $ModuleDir 'LimaCharlie.psd1') -Configuration $Configuration
}

function Invoke-BenchTask {
    Invoke-BuildTask
    Write-Step 'Bench'
    dotnet build (Join-Path $Root 'tests/LimaCharlie.Emulator') -c $Configuration --nologo -v quiet -clp:NoSummary
    Import-Module (Join-Path $Root 'build/Emulator.psm1') -Force
    $modulePath = Join-Path $ModuleDir 'LimaCharlie.psd1'
    $emulator = Start-LcEmulator -Configuration $Configuration
    try {
        # Each benchmark runs in its own pwsh and prints one JSON object last; a failed one exits non-zero, which stops
        # the task here ($PSNativeCommandUseErrorActionPreference), so a broken benchmark never reports a figure.
        $bench = {
            param([string] $Name, [string[]] $Arguments)
            Write-Host "bench/$Name.Bench.ps1"
            $output = @(& $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root "bench/$Name.Bench.ps1") -ModulePath $modulePath @Arguments)
            if ($output.Count -eq 0) { throw "bench/$Name.Bench.ps1 printed no result." }
            $output[-1] | ConvertFrom-Json
        }
        $onEmulator = @('-EmulatorUrl', $emulator.Url)
        $results = foreach ($name in 'Import', 'FirstCall', 'PerCall', 'Streaming', 'Bulk', 'TaskWait', 'LiveStream') {
            if ($BenchFilter -and $name -notlike "*$BenchFilter*") { continue }
            & $bench $name $(if ($name -ne 'Import') { $onEmulator })
        }
    }
    finally {
        Stop-LcEmulator $emulator
    }
    $results | Format-List | Out-String | Write-Host
    $results | ConvertTo-Json | Set-Content (Join-Path $Out 'bench-results.json')
}

Push-Location $Root
try {
    foreach ($t in $Task) {
        switch ($t) {
            'Build' { Invoke-BuildTask }
            'Help' { Invoke-HelpTask }
            'Package' { Invoke-PackageTask }
            'Test' { Invoke-TestTask }
            'Demo' { Invoke-DemoTask }
            'Bench' { Invoke-BenchTask }
            'Clean' { Remove-Item $Out -Recurse -Force -ErrorAction SilentlyContinue }
        }
    }
}
finally {
    Pop-Location
}
