# Retries within the budget, and clear errors past it, with faults injected by the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:OrgPath = "/v1/orgs/$($Tenant.OrganizationId)"
    function script:New-FastSession {
        $s = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
        $s.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(100)
        $s.Options.RetryMaxDelay = [TimeSpan]::FromMilliseconds(400)
        $s
    }
    function script:Add-Fault([hashtable] $Fault) { Invoke-LcEmulator $Url 'faults' -Body $Fault | Out-Null }
    function script:Requests-Since([long] $Seq, [string] $Like) {
        @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like })
    }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
}

AfterAll { Disconnect-LcOrg }

Describe 'Riding out bursts' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'rides out a burst of 429 with rate-limit headers' {
        $s = New-FastSession
        $seq = Last-Seq
        Add-Fault @{ status = 429; count = 3; pathPrefix = $OrgPath; error = 'rate limit exceeded'; rateLimitQuota = 100; ratePeriod = 60 }
        $verbose = Get-LcOrganization -Session $s -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [LimaCharlie.Organization] }).Name | Should -Be $Tenant.Name
        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and "$_" -match 'Retrying' }) | Should -HaveCount 3
        (Requests-Since $seq "$OrgPath*").status | Should -Be @(429, 429, 429, 200)
    }

    It 'rides out a burst of 503' {
        $s = New-FastSession
        Add-Fault @{ status = 503; count = 4; pathPrefix = $OrgPath; error = 'backend restarting' }
        (Get-LcOrganization -Session $s).Name | Should -Be $Tenant.Name
    }

    It 'honours Retry-After' {
        $s = New-FastSession
        Add-Fault @{ status = 429; count = 1; pathPrefix = $OrgPath; retryAfter = 1 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Get-LcOrganization -Session $s | Out-Null
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
    }

    It 'retries a GET whose connection was cut' {
        $s = New-FastSession
        Add-Fault @{ cut = $true; count = 1; pathPrefix = $OrgPath }
        (Get-LcOrganization -Session $s).Name | Should -Be $Tenant.Name
    }

    It 'rides out 503 from the JWT endpoint while minting' {
        # A 1-second token makes the next call renew (the renewal margin is capped at a quarter of a token's life).
        Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 1 } | Out-Null
        try {
            $s = New-FastSession
            Start-Sleep -Milliseconds 1100
        }
        finally { Invoke-LcEmulator $Url 'settings' -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null }
        Add-Fault @{ status = 503; count = 2; pathPrefix = 'jwt' }
        (Get-LcOrganization -Session $s).Name | Should -Be $Tenant.Name
        Invoke-LcEmulator $Url 'faults' -Method GET | Should -BeNullOrEmpty -Because 'both 503s were met and ridden out'
    }
}

Describe 'Past the budget' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'names the status and the API text when 503 outlasts the retry budget' {
        $s = New-FastSession
        $s.Options.RetryBudget = [TimeSpan]::FromSeconds(1.5)
        Add-Fault @{ status = 503; count = 1000; pathPrefix = $OrgPath; error = 'maintenance window' }
        $err = $null
        Get-LcOrganization -Session $s -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ServiceUnavailable,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        "$($err[0])" | Should -Match '503'
        "$($err[0])" | Should -Match 'maintenance window'
        "$($err[0])" | Should -Match 'after \d+ retr'
        $err[0].Exception.StatusCode | Should -Be 503
        $err[0].Exception | Should -BeOfType ([LimaCharlie.LcApiException])
    }

    It 'reports the rate limit of the key when 429 outlasts the budget' {
        $s = New-FastSession
        $s.Options.MaxRetryCount = 2
        Add-Fault @{ status = 429; count = 1000; pathPrefix = $OrgPath; error = 'quota exceeded'; rateLimitQuota = 120; ratePeriod = 60 }
        $err = $null
        Get-LcOrganization -Session $s -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.RateLimited,*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '120 calls per 60 s'
    }

    It 'does not retry a POST that may have changed state (<status>)' -ForEach @(@{ status = 500; id = 'ServerError' }, @{ status = 503; id = 'ServiceUnavailable' }) {
        $u = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
        $u.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(50)
        $seq = Last-Seq
        Add-Fault @{ status = $status; count = 1; pathPrefix = '/v1/orgs/new'; error = 'internal error' }
        $err = $null
        New-LcOrganization -Session $u -Name "faulty-$([guid]::NewGuid().ToString('n').Substring(0,6))" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike "LimaCharlie.$id,*"
        (Requests-Since $seq '/v1/orgs/new*') | Should -HaveCount 1
    }

    It 'times out a slow answer after the session timeout' {
        $s = New-FastSession
        $s.Options.Timeout = [TimeSpan]::FromMilliseconds(500)
        $s.Options.MaxRetryCount = 1
        Add-Fault @{ delayMs = 3000; count = 2; pathPrefix = $OrgPath }
        $err = $null
        Get-LcOrganization -Session $s -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Timeout,*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }
}

Describe 'Ctrl+C' {
    AfterEach { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }

    It 'stops a call that waits on a slow server' {
        $s = New-FastSession
        Add-Fault @{ delayMs = 20000; count = 1; pathPrefix = $OrgPath }
        $ps = [PowerShell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument((Get-TestModulePath)).AddStatement().AddCommand('Get-LcOrganization').AddParameter('Session', $s)
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 700
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose()
    }
}
