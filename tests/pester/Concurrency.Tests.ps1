# 32 runspaces share one session while its tokens live 2 seconds: no 401 or token-holder exception reaches a caller,
# and renewals are single-flight (mints track the token lifetime, not the number of callers).
# Default: 32 x 200 calls. LC_TEST_LONG=1: 32 x 1,000 calls (the size named in issue 8).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Sid = [guid](Invoke-LcEmulator $Url "orgs/$($T.OrganizationId)/sensors" -Body @{ count = 1 }).sids[0]
    $script:SavedSettings = Invoke-LcEmulator $Url 'settings' -Method GET
    Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 2 } | Out-Null
    $script:ModulePath = Get-TestModulePath
    $script:Calls = if ($env:LC_TEST_LONG -eq '1') { 1000 } else { 200 }
}

AfterAll {
    Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = $SavedSettings.tokenLifetimeSeconds } | Out-Null
    Disconnect-LcOrg
}

Describe 'One session shared by 32 runspaces' {
    It 'answers every call with tokens that live 2 seconds (<Name>)' -ForEach @(
        # Renewed a quarter of the lifetime early: each token serves at least 0.5 s (exp is in whole seconds).
        @{ Name = 'renewal margin default'; Margin = $null; PerSecond = 2 }
        # Used to the last moment: calls in flight at expiry get 401 and are renewed and sent again; each token serves at least 1 s.
        @{ Name = 'renewal margin 0'; Margin = [TimeSpan]::Zero; PerSecond = 1 }
    ) {
        $script:S = Connect-LcOrg -OrganizationId $T.OrganizationId -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        if ($null -ne $Margin) { $S.Options.TokenRenewalMargin = $Margin }
        $before = Invoke-LcEmulator $Url 'counters' -Method GET
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = 1..32 | ForEach-Object -ThrottleLimit 32 -Parallel {
            Import-Module $using:ModulePath
            $session = $using:S
            $sid = $using:Sid
            $ok = 0
            $errors = [Collections.Generic.List[string]]::new()
            for ($i = 0; $i -lt $using:Calls; $i++) {
                try {
                    if ((Get-LcSensor -Session $session -SensorId $sid -ErrorAction Stop).SensorId -eq $sid) { $ok++ }
                }
                catch {
                    $errors.Add("$($_.FullyQualifiedErrorId): $_")
                }
            }
            [pscustomobject]@{ Ok = $ok; Errors = $errors.ToArray() }
        }
        $seconds = $clock.Elapsed.TotalSeconds
        $after = Invoke-LcEmulator $Url 'counters' -Method GET
        $mints = $after.mintsTotal - $before.mintsTotal
        $answered401 = $after.unauthorized - $before.unauthorized
        $errors = @($results | ForEach-Object { $_.Errors })
        $ok = ($results | Measure-Object Ok -Sum).Sum
        # Single-flight renewal mints at most PerSecond a second; one mint per caller would be up to 32 per renewal.
        $bound = [math]::Ceiling($seconds * $PerSecond) + 2
        Write-Host ("    Reliability | concurrency, $Name | 32 runspaces x $Calls calls | requests $($after.requests - $before.requests) | calls answered $ok of $(32 * $Calls)" +
            " | errors $($errors.Count) | 401 answered by the server $answered401 (renewed, none reached a caller) | mints $mints in $([math]::Round($seconds, 1)) s" +
            " (one per 2 s window: $([math]::Ceiling($seconds / 2)); bound $bound)")
        $errors | Select-Object -First 5 | Should -BeNullOrEmpty
        $ok | Should -Be (32 * $Calls)
        $mints | Should -BeLessOrEqual $bound
    }
}
