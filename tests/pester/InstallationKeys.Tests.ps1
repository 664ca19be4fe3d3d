# Installation keys: create, read (both shapes of 'created', tags as a comma-joined string), delete.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $script:S = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
}

AfterAll { Disconnect-LcOrg }

Describe 'Installation keys' {
    It 'creates a key with tags, quota and the public root CA, and returns it typed' {
        $seq = Last-Seq
        $key = New-LcInstallationKey -Session $S -Description 'branch office' -Tag 'branch', 'emea' -Quota 50 -UsePublicRootCa
        $key | Should -BeOfType ([LimaCharlie.InstallationKey])
        $key.Description | Should -Be 'branch office'
        $key.Tags | Should -Be @('branch', 'emea')
        $key.UsePublicRootCa | Should -BeTrue
        $key.Key | Should -BeOfType ([securestring])
        $key.CreatedAt | Should -BeOfType ([DateTimeOffset])
        $sent = Requests-Since $seq '/v1/installationkeys/*' | Where-Object method -eq 'POST'
        $sent.form.tags | Should -Be @('branch', 'emea')
        $sent.form.quota | Should -Be '50'
        $sent.form.use_public_root_ca | Should -Be 'true'
    }

    It 'lists keys, reading both shapes of their creation time' {
        1..3 | ForEach-Object { New-LcInstallationKey -Session $S -Description "key-$_" | Out-Null }
        $keys = Get-LcInstallationKey -Session $S
        $keys.Count | Should -BeGreaterOrEqual 4
        $keys | ForEach-Object { $_.CreatedAt | Should -BeOfType ([DateTimeOffset]) }
        $keys | ForEach-Object { $_.InstallationKeyId | Should -Not -Be ([guid]::Empty) }
    }

    It 'gets one key by id, from the pipeline' {
        $one = Get-LcInstallationKey -Session $S | Where-Object Description -eq 'key-2'
        ($one | Get-LcInstallationKey -Session $S).Description | Should -Be 'key-2'
    }

    It 'never shows the key itself' {
        $key = Get-LcInstallationKey -Session $S | Select-Object -First 1
        $plain = [Net.NetworkCredential]::new('', $key.Key).Password
        $plain | Should -Not -BeNullOrEmpty
        ($key | Format-List * -Force | Out-String) | Should -Not -Match ([regex]::Escape($plain))
    }

    It 'deletes with -Force, and sends nothing with -WhatIf' {
        $gone = New-LcInstallationKey -Session $S -Description 'temporary'
        $seq = Last-Seq
        $gone | Remove-LcInstallationKey -Session $S -WhatIf
        Requests-Since $seq '/v1/installationkeys/*' | Should -BeNullOrEmpty
        $gone | Remove-LcInstallationKey -Session $S -Force
        (Get-LcInstallationKey -Session $S).InstallationKeyId | Should -Not -Contain $gone.InstallationKeyId
    }

    It 'sends nothing with -WhatIf on creation' {
        $seq = Last-Seq
        New-LcInstallationKey -Session $S -Description 'never' -WhatIf
        Requests-Since $seq '/v1/installationkeys/*' | Should -BeNullOrEmpty
    }
}
