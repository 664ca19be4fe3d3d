# Invoke-LcApi against the organization's other service hosts (the emulator's services listener): replay and cases
# from the org's map, a CSV export and an installer written byte for byte, an endless NDJSON stream stopped by the
# pipeline or by Ctrl+C, and foreign hosts refused.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Services = (Invoke-LcEmulator $Url 'urls' -Method GET).services
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -NoWelcome -PassThru `
        -ServiceUrl @{ stream = $Services; downloads = $Services }
    $S.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
    $script:Sids = @((Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ count = 2 }).sids)
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) "lc-services-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Dir | Out-Null

    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object seq -GT $Seq) }
}

AfterAll {
    Remove-Item $Dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-LcApi -Service' {
    It 'round-trips a case on the cases host the organization announces' {
        $seq = Last-Seq
        $made = Invoke-LcApi -Session $S POST 'api/v1/cases' -Service cases -Query @{ oid = '{oid}' } -Json @{ summary = 'Beaconing from ws-042'; severity = 'high' }
        $number = $made.case.case_number
        $number | Should -BeGreaterThan 0
        Invoke-LcApi -Session $S PATCH "api/v1/cases/$number" -Service cases -Query @{ oid = '{oid}' } -Json @{ status = 'in_progress'; tags = @('ir-4412') } | Out-Null
        $note = Invoke-LcApi -Session $S POST "api/v1/cases/$number/notes" -Service cases -Query @{ oid = '{oid}' } -Body '{"content":"isolated the host"}'
        $note.content | Should -Be 'isolated the host'

        $listed = Invoke-LcApi -Session $S 'api/v1/cases' -Service cases -Query @{ oids = '{oid}'; status = 'in_progress' }
        $listed.cases.case_number | Should -Be @($number)
        $got = Invoke-LcApi -Session $S "api/v1/cases/$number" -Service cases -Query @{ oid = '{oid}' }
        $got.case.summary | Should -Be 'Beaconing from ws-042'
        $got.case.tags | Should -Be @('ir-4412')
        $got.events.content | Should -Be @('isolated the host')

        $sent = Requests-Since $seq
        $onCases = @($sent | Where-Object path -Like '/api/v1/cases*')
        $onCases | Should -HaveCount 5
        $onCases | ForEach-Object { $_.hasAuth | Should -BeTrue; $_.status | Should -Be 200 }
        @($sent | Where-Object path -EQ "/v1/orgs/$Oid/url") | Should -HaveCount 1 -Because 'the map is read once per organization'
    }

    It 'sends a replay request to the root of the replay host and reads its answer' {
        $events = @(
            @{ routing = @{ event_type = 'NEW_PROCESS' }; event = @{ FILE_PATH = 'C:\Windows\System32\certutil.exe' } }
            @{ routing = @{ event_type = 'NEW_PROCESS' }; event = @{ FILE_PATH = 'C:\Windows\notepad.exe' } })
        $request = @{
            oid          = "$Oid"
            rule_source  = @{ rule = @{ detect = @{ event = 'NEW_PROCESS'; op = 'ends with'; path = 'event/FILE_PATH'; value = 'certutil.exe' }
                                        respond = @(@{ action = 'report'; name = 'certutil' }) } }
            event_source = @{ stream = 'event'; events = $events }
        }
        $seq = Last-Seq
        $result = Invoke-LcApi -Session $S POST -Service replay -Json $request
        $result.num_events | Should -Be 2
        @($result.responses) | Should -HaveCount 1
        $result.responses[0].name | Should -Be 'certutil'
        $sent = @(Requests-Since $seq | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/' })
        $sent | Should -HaveCount 1
        $sent[0].hasAuth | Should -BeTrue
    }

    It 'names the services the organization has when asked for one it lacks' {
        $err = $null
        Invoke-LcApi -Session $S 'x' -Service 'nosuch' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ServiceUnavailable,*'
        "$($err[0])" | Should -Match 'replay'
        "$($err[0])" | Should -Match 'cases'
    }

    It 'shows the service hosts given to Connect-LcOrg in the session''s list view, and no such line without them' {
        $text = $S | Format-List | Out-String -Width 120
        $text | Should -Match ([regex]::Escape("ServiceUrls      : downloads=$($Services.TrimEnd("/"))/, stream=$($Services.TrimEnd("/"))/"))
        $plain = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -NoWelcome -PassThru
        ($plain | Format-List | Out-String -Width 120) | Should -Not -Match 'ServiceUrls'
    }

    It 'completes the service names of the organization' {
        $line = "Invoke-LcApi -Session `$S -Service ca"
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'cases'
        $line = "Invoke-LcApi -Session `$S -Service "
        $all = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        foreach ($name in 'api', 'replay', 'search', 'stream', 'downloads') { $all | Should -Contain $name }
    }
}

Describe 'Invoke-LcApi answers that are not JSON' {
    BeforeAll {
        Invoke-LcEmulator $Url "orgs/$Oid/findings" -Body @{ count = 250 } | Out-Null
        # The exact bytes the export sends, fetched around the module.
        $script:CsvFile = Join-Path $Dir 'reference.csv'
        $jwt = Get-LcJwt -Session $S -AsPlainText
        Invoke-WebRequest -Uri "$Url/v1/cloudsec/$Oid/findings?format=csv" -Headers @{ Authorization = "Bearer $jwt" } -OutFile $CsvFile
    }

    It 'writes a CSV export to -OutFile byte for byte' {
        $out = Join-Path $Dir 'findings.csv'
        Invoke-LcApi -Session $S 'cloudsec/{oid}/findings' -Query @{ format = 'csv' } -OutFile $out | Should -BeNullOrEmpty
        (Get-FileHash $out).Hash | Should -Be (Get-FileHash $CsvFile).Hash
        (Get-Item $out).Length | Should -Be (Get-Item $CsvFile).Length
        @(Get-ChildItem $Dir -Force -Filter '*.partial') | Should -HaveCount 0
    }

    It 'returns a CSV export as text with -Raw' {
        $text = Invoke-LcApi -Session $S 'cloudsec/{oid}/findings' -Query @{ format = 'csv' } -Raw
        $text | Should -BeOfType [string]
        $text | Should -BeExactly ([IO.File]::ReadAllText($CsvFile, [Text.Encoding]::UTF8))
        $rows = $text | ConvertFrom-Csv
        $rows | Should -HaveCount 250
        $rows[3].title | Should -BeExactly 'Bucket "logs-4" is public, naïvely'
    }

    It 'says how to read an answer that is not JSON' {
        $err = $null
        Invoke-LcApi -Session $S 'cloudsec/{oid}/findings' -Query @{ format = 'csv' } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidResponse,*'
        "$($err[0])" | Should -Match 'not JSON \(text/csv\)'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-Raw'
    }

    It 'downloads an installer without a token and writes it byte for byte' {
        $expected = Invoke-LcEmulator $Url 'downloads/sensor/windows/msi64' -Method GET
        $out = Join-Path $Dir 'installer.msi'
        Set-Content -Path $out -Value 'an older file'
        $seq = Last-Seq
        Invoke-LcApi -Session $S -Service downloads 'sensor/windows/msi64' -OutFile $out
        (Get-Item $out).Length | Should -Be $expected.length
        (Get-FileHash $out -Algorithm SHA256).Hash | Should -Be $expected.sha256.ToUpperInvariant()
        $sent = @(Requests-Since $seq | Where-Object path -EQ '/sensor/windows/msi64')
        $sent | Should -HaveCount 1
        $sent[0].hasAuth | Should -BeFalse -Because 'the downloads host is public; a token must not travel there'
    }

    It 'starts a download again when it breaks off, and the file is still exact' {
        $expected = Invoke-LcEmulator $Url 'downloads/sensor/linux/64' -Method GET
        Invoke-LcEmulator $Url 'faults' -Body @{ cutBody = $true; pathPrefix = '/sensor/linux/64'; count = 1 } | Out-Null
        try {
            $out = Join-Path $Dir 'sensor.bin'
            $seq = Last-Seq
            Invoke-LcApi -Session $S -Service downloads 'sensor/linux/64' -OutFile $out
            (Get-FileHash $out -Algorithm SHA256).Hash | Should -Be $expected.sha256.ToUpperInvariant()
            @(Requests-Since $seq | Where-Object path -EQ '/sensor/linux/64') | Should -HaveCount 2 -Because 'the first answer was cut mid-body' 
        }
        finally { Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null }
    }
}

Describe 'Invoke-LcApi -Stream' {
    It 'reads an endless stream record by record and stops when the pipeline has enough' {
        $seq = Last-Seq
        $records = @(Invoke-LcApi -Session $S POST '{oid}' -Service stream -Form @{ type = 'event' } -Stream | Select-Object -First 6)
        $records | Should -HaveCount 6
        $records[0].__trace | Should -Be 'connected'
        @($records[1..5].event.n) | Should -Be @(1, 2, 3, 4, 5)
        $records[1].routing.sid | Should -BeIn $Sids
        # The request is recorded when it ends, just after the client went away.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do { $sent = @(Requests-Since $seq | Where-Object path -EQ "/$Oid") } while ($sent.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline -and -not (Start-Sleep -Milliseconds 100))
        $sent | Should -HaveCount 1
        $sent[0].hasAuth | Should -BeFalse -Because 'the stream host reads the token from the form, as the SDK sends it'
        $sent[0].form.jwt | Should -Be '***'
        $sent[0].form.type | Should -Be 'event'
    }

    It 'stops an endless stream on Ctrl+C (StopProcessing)' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument((Get-TestModulePath)).AddStatement()
            $null = $ps.AddCommand('Invoke-LcApi').AddParameter('Session', $S).AddParameter('Method', 'POST').AddParameter('Path', '{oid}').
                AddParameter('Service', 'stream').AddParameter('Form', @{ type = 'event' }).AddParameter('Stream')
            $output = [Management.Automation.PSDataCollection[psobject]]::new()
            $input = [Management.Automation.PSDataCollection[psobject]]::new()
            $input.Complete()
            $running = $ps.BeginInvoke($input, $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($output.Count -lt 4 -and [DateTime]::UtcNow -lt $deadline -and -not $running.IsCompleted) { Start-Sleep -Milliseconds 50 }
            $output.Count | Should -BeGreaterOrEqual 4 -Because 'records arrive one by one while the stream is open'
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10)) | Should -BeTrue -Because 'Ctrl+C ends the stream'
            $running.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $count = $output.Count
            Start-Sleep -Milliseconds 300
            $output.Count | Should -Be $count -Because 'nothing is read after the stop'
        }
        finally { $ps.Dispose() }
    }

    It 'reports a line that is not JSON, quoting it' {
        $err = $null
        $bad = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -NoWelcome -PassThru -ServiceUrl @{ stream = $Services }
        # Another organization's stream refuses this token with the service's plain-text line.
        $other = New-LcEmulatorTenant -Url $Url
        Invoke-LcApi -Session $bad POST "$($other.OrganizationId)" -Service stream -Form @{ type = 'event' } -Stream -ErrorVariable err -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidResponse,*'
        "$($err[0])" | Should -Match 'error: unauthorized'
    }
}

Describe 'Invoke-LcApi -Uri' {
    It 'calls a URL on a host of the session with its token' {
        $answer = Invoke-LcApi -Session $S -Uri "$($Services)api/v1/cases?oids={oid}"
        $answer.PSObject.Properties.Name | Should -Contain 'cases'
    }

    It 'refuses a host that is not one of the session''s services unless -Force' {
        $seq = Last-Seq
        $refused = { Invoke-LcApi -Session $S -Uri 'http://127.0.0.1:9/v1/who' } | Should -Throw -ErrorId 'LimaCharlie.ForeignHost*' -PassThru
        "$refused" | Should -Match '127\.0\.0\.1:9'
        $refused.ErrorDetails.RecommendedAction | Should -Match '-Force'
        $err = $null

        # With -Force it is sent (and fails to connect: nothing listens there).
        Invoke-LcApi -Session $S -Uri 'http://127.0.0.1:9/v1/who' -Force -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ConnectionFailed,*'
        Requests-Since $seq | Where-Object path -EQ '/v1/who' | Should -BeNullOrEmpty
    }

    It 'refuses -Uri with -Service or a path, and two answer modes at once' {
        { Invoke-LcApi -Session $S -Uri "$($Services)x" -Service cases } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument*'
        { Invoke-LcApi -Session $S 'who' -Raw -Stream } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument*'
        { Invoke-LcApi -Session $S POST 'who' -Form @{ a = 1 } -Body @{ b = 2 } } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument*'
    }
}

Describe 'Authentication per host: Basic with an ingestion key' {
    BeforeAll {
        $script:Ingest = New-LcIngestionKey -Session $S -Name "upload-$([guid]::NewGuid().ToString('n').Substring(0, 6))"
        $script:IngestPlain = [Net.NetworkCredential]::new('', $Ingest.Key).Password
        $script:LogFile = Join-Path $Dir 'auth.log'
        [IO.File]::WriteAllText($LogFile, "Dec  5 04:12:01 web-01 sshd[811]: Failed password for root`n")
    }

    It 'uploads a file to the logs host the organization announces, and it reads back as an artifact' {
        $seq = Last-Seq
        $sent = Send-LcArtifact -Session $S -Path $LogFile -IngestionKey $Ingest.Key -Hint txt -Source 'web-01' -PassThru -Confirm:$false
        $sent | Should -BeOfType ([LimaCharlie.Artifact])
        $sent.PayloadId | Should -Not -BeNullOrEmpty

        $ingest = @(Requests-Since $seq | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/ingest' })
        $ingest | Should -HaveCount 1
        $ingest[0].status | Should -Be 200

        $listed = @(Get-LcArtifact -Session $S -Source 'web-01' -Last ([TimeSpan]::FromHours(1)))
        $listed.PayloadId | Should -Contain $sent.PayloadId
        $artifact = $listed | Where-Object PayloadId -EQ $sent.PayloadId
        $artifact.Type | Should -Be 'txt'
        $artifact.Path | Should -Be $LogFile
        $copy = Join-Path $Dir 'auth-copy.log'
        $artifact | Save-LcArtifact -Session $S -Path $copy -Confirm:$false | Out-Null
        (Get-FileHash $copy).Hash | Should -Be (Get-FileHash $LogFile).Hash
    }

    It 'sends a file larger than one part in numbered parts that make one artifact' {
        $big = Join-Path $Dir 'big.bin'
        $bytes = [byte[]]::new(15MB + 1000)  # ArtifactApi.MaxUploadPart + 1000: two parts
        [Random]::new(7).NextBytes($bytes)
        [IO.File]::WriteAllBytes($big, $bytes)
        $seq = Last-Seq
        $sent = Send-LcArtifact -Session $S -Path $big -IngestionKey $Ingest.Key -Hint dmp -PassThru -Confirm:$false
        @(Requests-Since $seq | Where-Object path -EQ '/ingest') | Should -HaveCount 2
        $copy = Join-Path $Dir 'big-copy.bin'
        Save-LcArtifact -Session $S -PayloadId $sent.PayloadId -Path $copy -Confirm:$false | Out-Null
        (Get-FileHash $copy).Hash | Should -Be (Get-FileHash $big).Hash
    }

    It 'refuses a wrong ingestion key with a clear error, before any other file' {
        $wrong = ConvertTo-SecureString ([guid]::NewGuid().ToString()) -AsPlainText -Force
        $err = $null
        try { Send-LcArtifact -Session $S -Path $LogFile, $LogFile -IngestionKey $wrong -Confirm:$false } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.IngestionKeyRefused,*'
        "$err" | Should -Match 'refused the ingestion key'
        "$err" | Should -Match 'The command stopped at the first failure'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Get-LcIngestionKey'
        "$err" | Should -Not -Match ([regex]::Escape($IngestPlain))
    }

    It 'refuses a key that is not a UUID without showing it' {
        $apiKeyLike = ConvertTo-SecureString 'not-an-ingestion-key-s3cr3t' -AsPlainText -Force
        $err = $null
        try { Send-LcArtifact -Session $S -Path $LogFile -IngestionKey $apiKeyLike -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        "$err" | Should -Match 'not a UUID'
        "$err" | Should -Not -Match 's3cr3t'
    }

    It 'never shows the ingestion key in -Verbose or -Debug output' {
        $out = Send-LcArtifact -Session $S -Path $LogFile -IngestionKey $Ingest.Key -Source 'quiet' -Confirm:$false -Verbose -Debug 4>&1 5>&1 | Out-String
        $out | Should -Match '/ingest'
        $out | Should -Match 'Authorization: \*\*\*'
        $out | Should -Not -Match ([regex]::Escape($IngestPlain))
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($Oid):$IngestPlain"))
        $out | Should -Not -Match ([regex]::Escape($basic))
    }

    It 'reaches the logs host through Invoke-LcApi -IngestionKey' {
        $body = [Text.Encoding]::UTF8.GetBytes("one line`n")
        Invoke-LcApi -Session $S POST ingest -Service logs -IngestionKey $Ingest.Key -Body $body -Header @{ 'lc-source' = 'raw-call'; 'lc-hint' = 'txt' } -Confirm:$false | Out-Null
        @(Get-LcArtifact -Session $S -Source 'raw-call' -Last ([TimeSpan]::FromHours(1))) | Should -HaveCount 1
        { Invoke-LcApi -Session $S POST ingest -Service logs -IngestionKey $Ingest.Key -NoOrganization -Confirm:$false } | Should -Throw '*-IngestionKey*'
    }
}

Describe 'Authentication per host: the all-organizations user token' {
    BeforeAll {
        $script:Second = Invoke-LcEmulator $Url 'orgs' -Body @{ name = "fleet-$([guid]::NewGuid().ToString('n').Substring(0, 6))" }
        Invoke-LcEmulator $Url "users/$($T.UserId)/orgs" -Body @{ oid = $Second.oid; owner = $true } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/findings" -Body @{ count = 3 } | Out-Null
        Invoke-LcEmulator $Url "orgs/$($Second.oid)/findings" -Body @{ count = 5 } | Out-Null
        $script:U = Connect-LcOrg -UserId $T.UserId -OrganizationId $Oid -ApiKey $T.UserKey -ApiUrl $Url -JwtUrl $Url -NoWelcome -PassThru
    }

    It 'lists the fleet overview of every organization of the user with -AllOrganizations' {
        $seq = Last-Seq
        $fleet = Invoke-LcApi -Session $U 'v1/cloudsec/fleet/overview' -AllOrganizations
        @($fleet.orgs) | Should -HaveCount 2
        ($fleet.orgs.oid | Sort-Object) | Should -Be (@("$Oid", $Second.oid) | Sort-Object)
        ($fleet.orgs | Where-Object oid -EQ $Second.oid).findings | Should -Be 5
        $fleet.total_orgs | Should -Be 2
        $mint = @(Requests-Since $seq | Where-Object { $_.path -eq '/' -and $_.method -eq 'POST' -and -not $_.hasAuth })
        $mint | Should -HaveCount 1 -Because 'one token for all organizations is minted'
    }

    It 'sees only the session organization with its own token' {
        $one = Invoke-LcApi -Session $U 'v1/cloudsec/fleet/overview'
        @($one.orgs).oid | Should -Be @("$Oid")
    }

    It 'needs a user key' {
        $err = $null
        try { Invoke-LcApi -Session $S 'v1/cloudsec/fleet/overview' -AllOrganizations -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.UserKeyRequired,*'
    }

    It 'refuses -AllOrganizations with -OrganizationId' {
        { Invoke-LcApi -Session $U 'v1/cloudsec/fleet/overview' -AllOrganizations -OrganizationId $Oid -ErrorAction Stop } | Should -Throw '*cannot be used together*'
    }
}
