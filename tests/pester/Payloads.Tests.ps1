# Payloads: upload, list, download and delete through the emulator's signed URLs; no JWT and no signature leaks.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $S.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "lc-payloads-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Folder | Out-Null
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
    function script:New-EmptyFolder { $f = Join-Path $Folder ([guid]::NewGuid().ToString('n')); New-Item -ItemType Directory -Path $f | Out-Null; $f }
    function script:New-RandomFile([string] $Name, [int] $Size, [int] $Seed = 1) {
        $bytes = [byte[]]::new($Size)
        [Random]::new($Seed).NextBytes($bytes)
        $path = Join-Path $Folder $Name
        [IO.File]::WriteAllBytes($path, $bytes)
        Get-Item $path
    }
}

AfterAll {
    Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
    Remove-Item $Folder -Recurse -Force -ErrorAction SilentlyContinue
    Disconnect-LcOrg
}

Describe 'A payload round trip' {
    It 'sends, lists, saves byte for byte and removes a 20 MB file' {
        $source = New-RandomFile 'big-tool.bin' 20MB 42
        $seq = Last-Seq
        $sent = Send-LcPayload -Session $S -Path $source.FullName -PassThru
        $sent | Should -BeOfType ([LimaCharlie.Payload])
        $sent.Name | Should -Be 'big-tool.bin'
        $sent.Size | Should -Be 20MB
        $sent.CreatedBy | Should -Be "$($T.Name)-key"
        $sent.Created | Should -BeOfType ([DateTimeOffset])
        $put = Requests-Since $seq '/_signed/payloads/*'
        $put | Should -HaveCount 1
        $put[0].method | Should -Be 'PUT'
        $put[0].status | Should -Be 200
        (Invoke-LcEmulator $Url "orgs/$Oid/payloads" -Method GET | Where-Object name -eq 'big-tool.bin').sha256 | Should -Be (Get-FileHash $source.FullName).Hash

        $listed = Get-LcPayload -Session $S -Name 'big-*'
        $listed.Name | Should -Be 'big-tool.bin'
        $target = Join-Path (New-EmptyFolder) 'copy.bin'
        $file = $listed | Save-LcPayload -Session $S -Path $target -PassThru
        $file.FullName | Should -Be $target
        (Get-FileHash $target).Hash | Should -Be (Get-FileHash $source.FullName).Hash

        Remove-LcPayload -Session $S -Name 'big-tool.bin' -Force
        Get-LcPayload -Session $S -Name 'big-tool.bin' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'saves every payload of the pipeline into a folder under its name' {
        'a.ps1', 'b.ps1', 'c d.exe' | ForEach-Object -Begin { $i = 0 } -Process { New-RandomFile $_ (1000 + $i) $i; $i++ } | Send-LcPayload -Session $S -Force
        $dir = New-EmptyFolder
        Get-LcPayload -Session $S | Save-LcPayload -Session $S -Path $dir
        (Get-ChildItem $dir).Name | Sort-Object | Should -Be @('a.ps1', 'b.ps1', 'c d.exe')
        foreach ($name in 'a.ps1', 'b.ps1', 'c d.exe') {
            (Get-FileHash (Join-Path $dir $name)).Hash | Should -Be (Get-FileHash (Join-Path $Folder $name)).Hash
        }
    }

    It 'reports an unknown name and goes on with the rest' {
        $dir = New-EmptyFolder
        $err = $null
        $files = Save-LcPayload -Session $S -Name 'a.ps1', 'no-such-payload', 'b.ps1' -Path $dir -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $files | Should -HaveCount 2
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        $err[0].TargetObject | Should -Be 'no-such-payload'
        Get-LcPayload -Session $S -Name 'no-such-payload' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
    }
}

Describe 'Payload safeguards' {
    It 'refuses to replace a payload without -Force' {
        $file = New-RandomFile 'guarded.bin' 500 5
        Send-LcPayload -Session $S -Path $file.FullName
        $newer = New-RandomFile 'guarded-v2.bin' 600 6
        $err = $null
        Send-LcPayload -Session $S -Path $newer.FullName -Name 'guarded.bin' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.PayloadExists,*'
        (Get-LcPayload -Session $S -Name 'guarded.bin').Size | Should -Be 500
        (Send-LcPayload -Session $S -Path $newer.FullName -Name 'guarded.bin' -Force -PassThru).Size | Should -Be 600
    }

    It 'reports a path that matches no file and sends the others' {
        $file = New-RandomFile 'exists.bin' 10 14
        $err = $null
        $sent = Send-LcPayload -Session $S -Path (Join-Path $Folder 'missing-*.bin'), $file.FullName -Force -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.FileNotFound,*'
        $sent.Name | Should -Be 'exists.bin'
    }

    It 'leaves an existing local file alone without -Force' {
        $target = Join-Path $Folder 'local-existing.bin'
        Set-Content -Path $target -Value 'keep' -NoNewline
        $err = $null
        Save-LcPayload -Session $S -Name 'guarded.bin' -Path $target -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.FileExists,*'
        Get-Content -Raw $target | Should -Be 'keep'
    }

    It 'sends, saves and removes nothing with -WhatIf' {
        $file = New-RandomFile 'whatif.bin' 100 9
        $dir = New-EmptyFolder
        $seq = Last-Seq
        Send-LcPayload -Session $S -Path $file.FullName -WhatIf
        Save-LcPayload -Session $S -Name 'guarded.bin' -Path $dir -WhatIf
        Remove-LcPayload -Session $S -Name 'guarded.bin' -WhatIf
        Requests-Since $seq '/_signed/*' | Should -HaveCount 0
        Requests-Since $seq "/v1/payload/$Oid/*" | Should -HaveCount 0
        @(Get-ChildItem $dir -Force) | Should -HaveCount 0
        Get-LcPayload -Session $S -Name 'guarded.bin' | Should -Not -BeNullOrEmpty
    }
}

Describe 'Signed URLs' {
    It 'never carry the LimaCharlie token (the emulator answers 400 to one that does)' {
        $seq = Last-Seq
        $file = New-RandomFile 'no-jwt.bin' 2048 11
        Send-LcPayload -Session $S -Path $file.FullName -Force
        Save-LcPayload -Session $S -Name 'no-jwt.bin' -Path (New-EmptyFolder)
        $signed = Requests-Since $seq '/_signed/*'
        $signed | Should -HaveCount 2
        $signed.hasAuth | Select-Object -Unique | Should -BeFalse
        $signed.status | Select-Object -Unique | Should -Be 200
        (Requests-Since $seq "/v1/payload/$Oid/*").hasAuth | Select-Object -Unique | Should -BeTrue
    }

    It 'never show their signature in -Verbose or -Debug output' {
        $seq = Last-Seq
        $file = New-RandomFile 'quiet.bin' 4096 12
        $dir = New-EmptyFolder
        $output = & {
            Send-LcPayload -Session $S -Path $file.FullName -Force -PassThru -Verbose -Debug
            Save-LcPayload -Session $S -Name 'quiet.bin' -Path $dir -Verbose -Debug
        } *>&1 | Out-String
        $signatures = Requests-Since $seq '/_signed/*' | ForEach-Object { if ($_.query -match 'X-Goog-Signature=([0-9a-f]+)') { $Matches[1] } }
        $signatures | Should -HaveCount 2
        foreach ($signature in $signatures) { $output | Should -Not -BeLike "*$signature*" }
        $output | Should -BeLike '*X-Goog-Signature=`*`*`**' -Because 'the debug output shows the API answer with the signature masked'
        $output | Should -BeLike '*/_signed/payloads/*?`*`*`* -> 200*' -Because 'the verbose line of the transfer masks the query'
    }

    It 'retry a 503 of the download and of the upload (the file is read again)' {
        $file = New-RandomFile 'retried.bin' 300000 13
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; count = 1; pathPrefix = '/_signed/payloads/'; method = 'PUT' } | Out-Null
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; count = 1; pathPrefix = '/_signed/payloads/'; method = 'GET' } | Out-Null
        $seq = Last-Seq
        Send-LcPayload -Session $S -Path $file.FullName -Force
        $target = Join-Path (New-EmptyFolder) 'retried.bin'
        Save-LcPayload -Session $S -Name 'retried.bin' -Path $target
        (Get-FileHash $target).Hash | Should -Be (Get-FileHash $file.FullName).Hash
        (Invoke-LcEmulator $Url "orgs/$Oid/payloads" -Method GET | Where-Object name -eq 'retried.bin').sha256 | Should -Be (Get-FileHash $file.FullName).Hash
        $signed = Requests-Since $seq '/_signed/*'
        ($signed | ForEach-Object { "$($_.method) $($_.status)" }) | Should -Be @('PUT 503', 'PUT 200', 'GET 503', 'GET 200')
    }
}
