# Shared setup of the Pester tests: the built module, the run's emulator, fresh tenants, and child pwsh processes.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
Import-Module (Join-Path $script:Root 'build/Emulator.psm1') -Force -Global

function Get-TestModulePath {
    if ($env:LC_TEST_MODULE_PATH) { return $env:LC_TEST_MODULE_PATH }
    Join-Path $script:Root 'out/LimaCharlie/LimaCharlie.psd1'
}

# The emulator URL of this run (Invoke-Tests.ps1 starts one); starts one when a test file is run on its own.
function Get-TestEmulatorUrl {
    if (-not $env:LC_TEST_EMULATOR_URL) {
        $emulator = Start-LcEmulator -Configuration ($env:LC_TEST_CONFIGURATION ?? 'Release')
        $env:LC_TEST_EMULATOR_URL = $emulator.Url
        $global:LcTestOwnEmulator = $emulator
        # A file run on its own stops the emulator it started when its pwsh ends, rather than leaving it running.
        Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action { Stop-LcEmulator $global:LcTestOwnEmulator } | Out-Null
    }
    $env:LC_TEST_EMULATOR_URL
}

function Import-TestModule {
    Import-Module (Get-TestModulePath) -Force:$false -Global
}

# Runs a script in a fresh pwsh (a binary module cannot be unloaded); returns its output lines.
function Invoke-ChildPwsh([string] $Script, [hashtable] $Environment = @{}) {
    $file = Join-Path ([IO.Path]::GetTempPath()) "lc-child-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content -Path $file -Value $Script
    $saved = @{}
    # Plain-text errors: escape codes in a failure message would make the test report invalid XML.
    $Environment = @{ NO_COLOR = '1' } + $Environment
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        $output = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-TestModulePath, Get-TestEmulatorUrl, Import-TestModule, Invoke-ChildPwsh
