# Artifacts: the listing (filters, cursor paging) and Save-LcArtifact's inline and exported forms, against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $S.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
    $sids = (Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(@{ hostname = 'ws-hr-01' }, @{ hostname = 'srv-web-02'; plat = 'linux' }) }).sids
    $script:SidA = [guid]$sids[0]
    $script:SidB = [guid]$sids[1]
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    Invoke-LcEmulator $Url "orgs/$Oid/artifacts" -Body @{ count = 25; sid = "$SidA"; path = 'C:\Windows\System32\winevt\Logs\Security.evtx'; hint = 'evtx'; source = 'sensor'; size = 300; time = $now - 600 } | Out-Null
    Invoke-LcEmulator $Url "orgs/$Oid/artifacts" -Body @{ count = 5; sid = "$SidB"; path = '/var/tmp/capture.pcap'; hint = 'pcap'; source = 'adapter-x'; size = 200; time = $now - 300 } | Out-Null
    Invoke-LcEmulator $Url "orgs/$Oid/artifacts" -Body @{ path = '/var/log/old.log'; hint = 'txt'; size = 10; time = $now - 3 * 86400 } | Out-Null
    $script:InlineBytes = [Text.Encoding]::UTF8.GetBytes("line one`nline two`n" * 200)
    $script:Inline = (Invoke-LcEmulator $Url "orgs/$Oid/artifacts" -Body @{ sid = "$SidA"; path = 'C:\Users\hr\notes.txt'; content = [Convert]::ToBase64String($InlineBytes); time = $now - 60; source = 'manual' }).artifacts[0]
    $script:Large = (Invoke-LcEmulator $Url "orgs/$Oid/artifacts" -Body @{ sid = "$SidB"; path = '/tmp/core.dmp'; size = 3MB + 17; seed = 7; time = $now - 30; source = 'manual' }).artifacts[0]
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "lc-artifacts-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Folder | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
    function script:New-EmptyFolder { $f = Join-Path $Folder ([guid]::NewGuid().ToString('n')); New-Item -ItemType Directory -Path $f | Out-Null; $f }
}

AfterAll {
    Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
    Invoke-LcEmulator $Url 'files/settings' -Body @{ inlineLimit = 65536; exportNotReady = 1 } | Out-Null
    Remove-Item $Folder -Recurse -Force -ErrorAction SilentlyContinue
    Disconnect-LcOrg
}

Describe 'Get-LcArtifact' {
    It 'streams the last day page by page, following next_cursor' {
        $seq = Last-Seq
        $all = Get-LcArtifact -Session $S -PageSize 10
        $all | Should -HaveCount 32
        ($all.PayloadId | Select-Object -Unique) | Should -HaveCount 32
        $all[0] | Should -BeOfType ([LimaCharlie.Artifact])
        $all[0].Time | Should -BeOfType ([DateTimeOffset])
        $all[0].Time | Should -BeGreaterOrEqual $all[-1].Time
        $pages = Requests-Since $seq "/v1/insight/$Oid/artifacts"
        $pages | Should -HaveCount 4
        $pages[0].query | Should -Match '(^|&)cursor=-(&|$)'
        $pages[1].query | Should -Not -Match '(^|&)cursor=-(&|$)'
    }

    It 'reads the fields of each artifact' {
        $a = Get-LcArtifact -Session $S -Source manual | Where-Object PayloadId -eq $Inline.payloadId
        $a.SensorId | Should -Be $SidA
        $a.Hostname | Should -Be 'ws-hr-01'
        $a.Path | Should -Be 'C:\Users\hr\notes.txt'
        $a.Size | Should -Be $InlineBytes.Length
        $a.OrganizationId | Should -Be $Oid
        $a.ExpiresAt | Should -BeGreaterThan $a.Time
    }

    It 'filters by sensor, type and source on the server' {
        $seq = Last-Seq
        $bySensor = Get-LcArtifact -Session $S -SensorId $SidB
        $bySensor | Should -HaveCount 6
        $bySensor.SensorId | Select-Object -Unique | Should -Be $SidB
        (Get-LcArtifact -Session $S -Type pcap).Type | Select-Object -Unique | Should -Be 'pcap'
        Get-LcArtifact -Session $S -Hint evtx | Should -HaveCount 25
        Get-LcArtifact -Session $S -Source adapter-x | Should -HaveCount 5
        $queries = (Requests-Since $seq "/v1/insight/$Oid/artifacts").query
        $queries[0] | Should -Match "sid=$SidB"
        $queries[1] | Should -Match 'hint=pcap'
    }

    It 'takes sensors from the pipeline' {
        Get-LcSensor -Session $S -Hostname srv-web | Get-LcArtifact -Session $S | Should -HaveCount 6
    }

    It 'widens the window with -Last and stops at -Limit' {
        Get-LcArtifact -Session $S -Last (New-TimeSpan -Days 4) | Should -HaveCount 33
        $seq = Last-Seq
        Get-LcArtifact -Session $S -PageSize 5 -Limit 7 | Should -HaveCount 7
        Requests-Since $seq "/v1/insight/$Oid/artifacts" | Should -HaveCount 2
    }
}

Describe 'Save-LcArtifact' {
    It 'writes a small artifact sent inline, byte for byte' {
        $expected = Join-Path $Folder 'expected-inline.txt'
        [IO.File]::WriteAllBytes($expected, $InlineBytes)
        $target = Join-Path $Folder 'notes.txt'
        $file = Save-LcArtifact -Session $S -PayloadId $Inline.payloadId -Path $target -PassThru
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $target
        (Get-FileHash $target).Hash | Should -Be (Get-FileHash $expected).Hash
    }

    It 'downloads a large artifact through its export URL after waiting for it to be ready' {
        Invoke-LcEmulator $Url 'files/settings' -Body @{ exportNotReady = 2 } | Out-Null
        $seq = Last-Seq
        $dir = New-EmptyFolder
        $file = Get-LcArtifact -Session $S -Source manual | Where-Object PayloadId -eq $Large.payloadId | Save-LcArtifact -Session $S -Path $dir -PassThru
        $file.Name | Should -Be "$($Large.payloadId)_core.dmp"
        $file.Length | Should -Be (3MB + 17)
        (Get-FileHash $file.FullName).Hash | Should -Be $Large.sha256
        $signed = Requests-Since $seq '/_signed/artifacts/*'
        $signed.status | Should -Be @(404, 404, 200)
        $signed.hasAuth | Select-Object -Unique | Should -BeFalse
        @(Get-ChildItem $dir -Force) | Should -HaveCount 1
    }

    It 'names files in a folder after the payload id and original file name' {
        $dir = New-EmptyFolder
        $files = Get-LcArtifact -Session $S -Type pcap | Save-LcArtifact -Session $S -Path $dir -PassThru
        $files | Should -HaveCount 5
        $files.Name | ForEach-Object { $_ | Should -Match '^[0-9a-f-]{36}_capture\.pcap\.\d$' }
        (Get-ChildItem $dir).Count | Should -Be 5
    }

    It 'leaves an existing file alone without -Force, and replaces it with -Force' {
        $target = Join-Path $Folder 'existing.txt'
        Set-Content -Path $target -Value 'keep me' -NoNewline
        $before = (Get-FileHash $target).Hash
        $err = $null
        Save-LcArtifact -Session $S -PayloadId $Inline.payloadId -Path $target -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.FileExists,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-FileHash $target).Hash | Should -Be $before
        Save-LcArtifact -Session $S -PayloadId $Inline.payloadId -Path $target -Force
        (Get-Item $target).Length | Should -Be $InlineBytes.Length
    }

    It 'writes nothing and asks nothing with -WhatIf' {
        $dir = New-EmptyFolder
        $seq = Last-Seq
        Get-LcArtifact -Session $S -Source manual | Save-LcArtifact -Session $S -Path $dir -WhatIf
        @(Get-ChildItem $dir -Force) | Should -HaveCount 0
        Requests-Since $seq "/v1/insight/$Oid/artifacts/originals/*" | Should -HaveCount 0
    }

    It 'reports an unknown payload id and goes on with the next' {
        $dir = New-EmptyFolder
        $err = $null
        $files = Save-LcArtifact -Session $S -PayloadId 'no-such-artifact', $Inline.payloadId -Path $dir -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        $err[0].TargetObject | Should -Be 'no-such-artifact'
        $files | Should -HaveCount 1
        $files[0].Name | Should -Be $Inline.payloadId
    }

    It 'retries a 503 of the export URL' {
        Invoke-LcEmulator $Url 'files/settings' -Body @{ exportNotReady = 0 } | Out-Null
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; count = 1; pathPrefix = '/_signed/artifacts/'; method = 'GET' } | Out-Null
        $seq = Last-Seq
        $target = Join-Path (New-EmptyFolder) 'core.dmp'
        Save-LcArtifact -Session $S -PayloadId $Large.payloadId -Path $target
        (Get-FileHash $target).Hash | Should -Be $Large.sha256
        (Requests-Since $seq '/_signed/artifacts/*').status | Should -Be @(503, 200)
    }

    It 'deletes the partial file when the download fails' {
        Invoke-LcEmulator $Url 'files/settings' -Body @{ exportNotReady = 0 } | Out-Null
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 500; count = 20; pathPrefix = '/_signed/artifacts/'; method = 'GET' } | Out-Null
        $failing = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $failing.Options.MaxRetryCount = 1
        $failing.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(10)
        try {
            $dir = New-EmptyFolder
            $err = $null
            Save-LcArtifact -Session $failing -PayloadId $Large.payloadId -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ServerError,*'
            "$($err[0])" | Should -Not -Match 'X-Goog-Signature='
            @(Get-ChildItem $dir -Force) | Should -HaveCount 0
        }
        finally {
            Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
        }
    }
}
