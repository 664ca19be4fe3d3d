# Starts and drives the local LimaCharlie emulator (tests/LimaCharlie.Emulator) for tests, the demo and benchmarks.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-LcEmulatorPath([string] $Configuration = 'Release') {
    $root = Split-Path $PSScriptRoot -Parent
    $dll = Get-ChildItem (Join-Path $root "tests/LimaCharlie.Emulator/bin/$Configuration") -Recurse -Filter LimaCharlie.Emulator.dll -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if (-not $dll) { throw "The emulator is not built: run 'dotnet build tests/LimaCharlie.Emulator -c $Configuration'." }
    $dll.FullName
}

# Starts the emulator on 127.0.0.1 with a random port; returns an object with Url and Process.
function Start-LcEmulator([string] $Configuration = 'Release', [int] $TokenLifetimeSeconds = 0) {
    $dll = Get-LcEmulatorPath $Configuration
    $urlFile = Join-Path ([IO.Path]::GetTempPath()) "lc-emulator-$([guid]::NewGuid().ToString('n')).url"
    $arguments = @($dll, '--port', '0', '--url-file', $urlFile)
    if ($TokenLifetimeSeconds -gt 0) { $arguments += @('--token-lifetime', "$TokenLifetimeSeconds") }
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -RedirectStandardOutput ([IO.Path]::GetTempFileName()) -RedirectStandardError ([IO.Path]::GetTempFileName())
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not (Test-Path $urlFile)) {
        if ($process.HasExited) { throw "The emulator exited with code $($process.ExitCode) before it was ready." }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw 'The emulator did not start within 30 seconds.' }
        Start-Sleep -Milliseconds 50
    }
    $url = (Get-Content -Raw $urlFile).Trim()
    Remove-Item $urlFile -ErrorAction SilentlyContinue
    [pscustomobject]@{ Url = $url.TrimEnd('/'); Process = $process }
}

function Stop-LcEmulator($Emulator) {
    if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit(5000) | Out-Null
    }
}

# Calls a control endpoint of the emulator (/_emu/...).
function Invoke-LcEmulator([string] $Url, [string] $Path, [string] $Method = 'POST', $Body) {
    $parameters = @{ Uri = "$Url/_emu/$($Path.TrimStart('/'))"; Method = $Method }
    if ($null -ne $Body) {
        $parameters.Body = ($Body | ConvertTo-Json -Depth 10 -Compress)
        $parameters.ContentType = 'application/json'
    }
    # Invoke-RestMethod writes a JSON array as one object; hand its items to the pipeline one by one.
    $result = Invoke-RestMethod @parameters
    $result
}

# Seeds an organization with an organization key and a user (with a user key) who can reach it.
function New-LcEmulatorTenant([string] $Url, [string] $Name = "org-$([guid]::NewGuid().ToString('n').Substring(0, 8))", [string[]] $Permissions) {
    $org = Invoke-LcEmulator $Url 'orgs' -Body @{ name = $Name; location = 'usa' }
    $orgKeyBody = @{ kind = 'org'; oid = $org.oid; name = "$Name-key" }
    if ($Permissions) { $orgKeyBody.perms = $Permissions }
    $orgKey = Invoke-LcEmulator $Url 'keys' -Body $orgKeyBody
    $user = Invoke-LcEmulator $Url 'users' -Body @{ email = "$Name@example.test" }
    Invoke-LcEmulator $Url "users/$($user.uid)/orgs" -Body @{ oid = $org.oid; owner = $true } | Out-Null
    $userKey = Invoke-LcEmulator $Url 'keys' -Body @{ kind = 'user'; uid = $user.uid; name = "$Name-user-key" }
    [pscustomobject]@{
        OrganizationId = [guid]$org.oid
        Name           = $Name
        OrgKey         = ConvertTo-SecureString $orgKey.secret -AsPlainText -Force
        OrgKeyId       = $orgKey.id
        UserId         = $user.uid
        UserEmail      = $user.email
        UserKey        = ConvertTo-SecureString $userKey.secret -AsPlainText -Force
        UserKeyId      = $userKey.id
    }
}

Export-ModuleMember -Function Get-LcEmulatorPath, Start-LcEmulator, Stop-LcEmulator, Invoke-LcEmulator, New-LcEmulatorTenant
