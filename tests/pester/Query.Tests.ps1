# LCQL search (Invoke-LcQuery) against the emulator's regional search host, over its generated telemetry.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:T = New-LcEmulatorTenant -Url $Url
    $script:Oid = $T.OrganizationId
    $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    $S.Options.RetryBaseDelay = [TimeSpan]::FromMilliseconds(20)
    $sensors = (Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(
                @{ hostname = 'ws-query-01'; plat = 'windows' }
                @{ hostname = 'ws-query-02'; plat = 'windows' }
                @{ hostname = 'srv-query-01'; plat = 'linux' }) }).sids
    $script:Sids = @($sensors | ForEach-Object { [guid]$_ })
    $script:Now = [DateTimeOffset]::UtcNow
    $script:From = $Now.AddHours(-2).ToUnixTimeSeconds()
    $script:To = $Now.AddMinutes(-1).ToUnixTimeSeconds()
    $script:Start = [DateTimeOffset]::FromUnixTimeSeconds($From)
    $script:End = $Now
    foreach ($sid in $Sids) {
        Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$sid"; count = 300; start = $From; end = $To } | Out-Null
    }
    Invoke-LcEmulator $Url "orgs/$Oid/detections" -Body @{ count = 120; start = $From; end = $To; categories = @('evil-process', 'dns-exfil') } | Out-Null
    Invoke-LcEmulator $Url 'settings' -Body @{ searchResultsPerPage = 1000; searchPendingPolls = 1; searchPollIntervalMs = 10 } | Out-Null

    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like '/v1/search*' }) }
    function script:Set-Search([hashtable] $Settings) { Invoke-LcEmulator $Url 'settings' -Body $Settings | Out-Null }
    # Every event of the window, by Get-LcEvent (the Insight API), to compare the search with.
    $script:AllEvents = @($Sids | Get-LcEvent -Session $S -Start $Start -End $End)
}

AfterAll {
    Invoke-LcEmulator $Url 'settings' -Body @{ searchResultsPerPage = 1000; searchPendingPolls = 1; searchPollIntervalMs = 100 } | Out-Null
    Invoke-LcEmulator $Url 'faults' -Method DELETE | Out-Null
}

Describe 'Invoke-LcQuery' {
    It 'returns exactly the events the selector, types and filter select' {
        $AllEvents | Should -HaveCount 900
        $windows = @($Sids[0], $Sids[1])
        $expected = @($AllEvents | Where-Object { $_.SensorId -in $windows -and $_.EventType -eq 'NEW_PROCESS' -and $_.Data['FILE_PATH'] -like '*cmd*' })
        $expected.Count | Should -BeGreaterThan 0
        $rows = @(Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | plat == windows | NEW_PROCESS | event/FILE_PATH contains "cmd"')
        $rows[0] | Should -BeOfType ([LimaCharlie.Event])
        @($rows.EventId | Sort-Object) | Should -Be @($expected.EventId | Sort-Object)
    }

    It 'filters on routing with and/or' {
        $pick = $AllEvents | Where-Object { $_.Hostname -eq 'srv-query-01' -and $_.EventType -eq 'NEW_PROCESS' } | Select-Object -First 1
        $processId = $pick.Data['PROCESS_ID']
        $expected = @($AllEvents | Where-Object { $_.Hostname -eq 'srv-query-01' -and ($_.EventType -eq 'DNS_REQUEST' -or $_.Data['PROCESS_ID'] -eq $processId) })
        $expected.EventId | Should -Contain $pick.EventId
        $rows = @(Invoke-LcQuery -Session $S -Start $Start -End $End "-2h | * | * | routing/hostname == 'srv-query-01' and (routing/event_type is DNS_REQUEST or event/PROCESS_ID == $processId)")
        @($rows.EventId | Sort-Object) | Should -Be @($expected.EventId | Sort-Object)
    }

    It 'reads the search host once, then submits, polls every page with its token and deletes the finished query' {
        Set-Search @{ searchResultsPerPage = 100; searchPendingPolls = 2 }
        try {
            $fresh = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
            $seq = Last-Seq
            $rows = @(Invoke-LcQuery -Session $fresh -Start $Start -End $End '-2h | * | * ')
            $rows | Should -HaveCount 900
            ($rows.EventId | Select-Object -Unique) | Should -HaveCount 900
            $rows[0].EventTime | Should -BeLessOrEqual $rows[-1].EventTime
            $all = @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $seq })
            @($all | Where-Object path -EQ "/v1/orgs/$Oid/url") | Should -HaveCount 1
            $search = @($all | Where-Object path -Like '/v1/search*')
            @($search | Where-Object method -EQ 'POST') | Should -HaveCount 1
            $polls = @($search | Where-Object method -EQ 'GET')
            $polls | Should -HaveCount 27   # 9 pages, each polled twice pending and once complete
            @($polls | Where-Object { $_.query -match 'token=' }) | Should -HaveCount 24
            $search | ForEach-Object { $_.hasAuth | Should -BeTrue }
            $delete = @($search | Where-Object method -EQ 'DELETE')
            $delete | Should -HaveCount 1
            $delete[0].seq | Should -BeGreaterThan ($polls[-1].seq)
            $delete[0].status | Should -Be 200
            Invoke-LcQuery -Session $fresh -Start $Start -End $End -Limit 3 '-2h | * | FILE_CREATE' | Should -HaveCount 3
            @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $seq -and $_.path -eq "/v1/orgs/$Oid/url" }) | Should -HaveCount 1
        }
        finally { Set-Search @{ searchResultsPerPage = 1000; searchPendingPolls = 1 } }
    }

    It 'stops at -Limit and cancels the rest on the server' {
        Set-Search @{ searchResultsPerPage = 100 }
        try {
            $seq = Last-Seq
            Invoke-LcQuery -Session $S -Start $Start -End $End -Limit 150 '-2h | * | *' | Should -HaveCount 150
            $search = Requests-Since $seq
            @($search | Where-Object { $_.method -eq 'GET' -and $_.status -eq 200 }) | Should -HaveCount 4   # 2 pages, each once pending
            $search[-1].method | Should -Be 'DELETE'
        }
        finally { Set-Search @{ searchResultsPerPage = 1000 } }
    }

    It 'sends the cancel and polls no more when Select-Object -First stops the pipeline' {
        Set-Search @{ searchResultsPerPage = 5 }
        try {
            $seq = Last-Seq
            Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | *' | Select-Object -First 10 | Should -HaveCount 10
            $search = Requests-Since $seq
            $delete = @($search | Where-Object method -EQ 'DELETE')
            $delete | Should -HaveCount 1
            $queryId = ($delete[0].path -split '/')[-1]
            $delete[0].status | Should -Be 200
            @($search | Where-Object { $_.method -eq 'GET' -and $_.seq -gt $delete[0].seq }) | Should -HaveCount 0
            @($search | Where-Object { $_.method -eq 'GET' -and $_.status -eq 200 }) | Should -HaveCount 4   # pages 1 and 2, each once pending
            (Invoke-LcEmulator $Url 'searches' -Method GET | Where-Object queryId -EQ $queryId).state | Should -Be 'cancelled'
        }
        finally { Set-Search @{ searchResultsPerPage = 1000 } }
    }

    It 'searches detections with -Stream detect' {
        $expected = @(Get-LcDetection -Session $S -Start $Start -End $End -Category 'evil-process')
        $rows = @(Invoke-LcQuery -Session $S -Start $Start -End $End -Stream detect '-2h | * | evil-process')
        $rows[0] | Should -BeOfType ([LimaCharlie.Detection])
        @($rows.DetectionId | Sort-Object) | Should -Be @($expected.DetectionId | Sort-Object)
    }

    It 'validates a query: price and scope, nothing run' {
        $seq = Last-Seq
        $estimate = Invoke-LcQuery -Session $S -Start $Start -End $End -Validate '-2h | plat == windows | NEW_PROCESS'
        $estimate | Should -BeOfType ([LimaCharlie.QueryEstimate])
        $estimate.EventsInScope | Should -Be 600
        $estimate.BytesInScope | Should -BeGreaterThan 0
        $estimate.BatchesInScope | Should -Be 1
        $estimate.Price | Should -BeGreaterThan 0
        $estimate.Currency | Should -Be 'USD'
        $estimate.OrganizationId | Should -Be $Oid
        $search = Requests-Since $seq
        $search | Should -HaveCount 1
        $search[0].path | Should -Be '/v1/search/validate'
    }

    It 'reports invalid LCQL as an InvalidQuery error record, with and without -Validate' {
        $err = $null
        Invoke-LcQuery -Session $S -Last 1:00:00 '-1h | plat = windows | *' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidQuery,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match "compare with '=='"
        $err[0].TargetObject | Should -Be '-1h | plat = windows | *'
        $err = $null
        Invoke-LcQuery -Session $S -Validate '-1h | * | * | event/FILE_PATH contains' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidQuery,*'
        $err[0].Exception.Message | Should -Match 'expected a value'
    }

    It 'reports a query that fails while running, and cancels it' {
        $seq = Last-Seq
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 200; body = '{"completed": true, "error": "out of memory in the query engine"}'; contentType = 'application/json'; pathPrefix = '/v1/search/'; method = 'GET'; count = 1 } | Out-Null
        $err = $null
        Invoke-LcQuery -Session $S -Last 3:00:00 '-2h | * | *' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.QueryFailed,*'
        $err[0].Exception.Message | Should -Match 'out of memory in the query engine'
        (Requests-Since $seq)[-1].method | Should -Be 'DELETE'
    }

    It 'retries the submission refused with 429 (too many concurrent queries)' {
        $seq = Last-Seq
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 429; error = 'too many concurrent queries'; pathPrefix = '/v1/search'; method = 'POST'; count = 2 } | Out-Null
        Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | FILE_CREATE' -Limit 5 | Should -HaveCount 5
        $posts = @(Requests-Since $seq | Where-Object method -EQ 'POST')
        @($posts.status) | Should -Be @(429, 429, 200)
    }

    It 'retries a poll that fails with 503, but not the submission' {
        $seq = Last-Seq
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; pathPrefix = '/v1/search/'; method = 'GET'; count = 1 } | Out-Null
        Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | FILE_CREATE' -Limit 2 | Should -HaveCount 2
        @((Requests-Since $seq | Where-Object method -EQ 'GET').status)[0..1] | Should -Be @(503, 200)

        $seq = Last-Seq
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 503; pathPrefix = '/v1/search'; method = 'POST'; count = 1 } | Out-Null
        $err = $null
        Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | FILE_CREATE' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ServiceUnavailable,*'
        $search = Requests-Since $seq
        $search | Should -HaveCount 1
        $search[0].method | Should -Be 'POST'
    }

    It 'releases the slot of every finished query: 12 queries in a row under a limit of 10 all run' {
        # The service may keep a finished query (and its slot) until it is deleted, as the official SDK always does.
        $seq = Last-Seq
        1..12 | ForEach-Object { Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | FILE_CREATE' | Out-Null }
        $search = Requests-Since $seq
        @($search | Where-Object { $_.method -eq 'POST' -and $_.status -eq 200 }) | Should -HaveCount 12
        @($search | Where-Object { $_.method -eq 'DELETE' -and $_.status -eq 200 }) | Should -HaveCount 12
        $jwt = Get-LcJwt -Session $S -AsPlainText
        $searchUrl = (Invoke-LcEmulator $Url 'urls' -Method GET).search
        (Invoke-RestMethod -Uri "$($searchUrl)v1/search/$Oid/queries" -Headers @{ Authorization = "Bearer $jwt" }).slotsHeld | Should -Be 0
    }

    It 'returns typed audit entries, with their message, from the audit stream' {
        $t2 = New-LcEmulatorTenant -Url $Url
        $s2 = Connect-LcOrg -OrganizationId $t2.OrganizationId -ApiKey $t2.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru -NoWelcome
        Invoke-LcEmulator $Url "orgs/$($t2.OrganizationId)/audit" -Body @{ count = 7; start = $From; end = $To } | Out-Null
        $expected = @(Get-LcAuditLog -Session $s2 -Start $Start -End $End)
        $rows = @(Invoke-LcQuery -Session $s2 -Start $Start -End $End -Stream audit '-2h | * | *')
        $rows | Should -HaveCount 7
        $rows | ForEach-Object { $_ | Should -BeOfType ([LimaCharlie.AuditEntry]) }
        @($rows.Message | Sort-Object) | Should -Be @($expected.Message | Sort-Object)
        $rows | ForEach-Object { $_.Message | Should -Not -BeNullOrEmpty; $_.Time | Should -BeGreaterThan $Start.AddSeconds(-1) }
        ($rows | Out-String -Width 120) | Should -Match ([regex]::Escape($rows[0].Message.Substring(0, [Math]::Min(40, $rows[0].Message.Length))))
    }

    It 'reads a row that comes as the bare record, without mtd and data, as a typed event too' {
        $pick = $AllEvents[0]
        $record = @{ routing = @{ sid = "$($pick.SensorId)"; hostname = $pick.Hostname; event_type = $pick.EventType; event_time = $pick.EventTime.ToUnixTimeMilliseconds(); event_id = $pick.EventId; this = $pick.Atom }; event = @{ FILE_PATH = 'C:\bare.exe' } }
        $body = @{ completed = $true; nextPollInMs = 0; results = @(@{ type = 'events'; rows = @($record) }) } | ConvertTo-Json -Depth 8 -Compress
        Invoke-LcEmulator $Url 'faults' -Body @{ status = 200; body = $body; contentType = 'application/json'; pathPrefix = '/v1/search/'; method = 'GET'; count = 1 } | Out-Null
        $rows = @(Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | *')
        $rows | Should -HaveCount 1
        $rows[0] | Should -BeOfType ([LimaCharlie.Event])
        $rows[0].Hostname | Should -Be $pick.Hostname
        $rows[0].EventId | Should -Be $pick.EventId
        $rows[0].Data['FILE_PATH'] | Should -Be 'C:\bare.exe'
    }

    It 'refuses a query over the concurrency limit with 429, and a cancel frees the slot' {
        $jwt = Get-LcJwt -Session $S -AsPlainText
        $searchUrl = (Invoke-LcEmulator $Url 'urls' -Method GET).search
        $headers = @{ Authorization = "Bearer $jwt" }
        $body = @{ oid = "$Oid"; query = '-1h | * | *'; startTime = "$From"; endTime = "$To"; paginated = $true } | ConvertTo-Json
        $ids = 1..10 | ForEach-Object { (Invoke-RestMethod -Method POST -Uri "$($searchUrl)v1/search" -Headers $headers -Body $body -ContentType 'application/json').queryId }
        try {
            $status = $null
            try { Invoke-RestMethod -Method POST -Uri "$($searchUrl)v1/search" -Headers $headers -Body $body -ContentType 'application/json' | Out-Null }
            catch { $status = [int]$_.Exception.Response.StatusCode }
            $status | Should -Be 429
            (Invoke-RestMethod -Uri "$($searchUrl)v1/search/$Oid/limits" -Headers $headers).concurrency.maxConcurrentQueries | Should -Be 10
            (Invoke-RestMethod -Uri "$($searchUrl)v1/search/$Oid/queries" -Headers $headers).slotsHeld | Should -Be 10
            Invoke-RestMethod -Method DELETE -Uri "$($searchUrl)v1/search/$($ids[0])" -Headers $headers | Out-Null
            (Invoke-RestMethod -Uri "$($searchUrl)v1/search/$Oid/queries" -Headers $headers).slotsHeld | Should -Be 9
            Invoke-LcQuery -Session $S -Start $Start -End $End '-2h | * | FILE_CREATE' -Limit 1 | Should -HaveCount 1
        }
        finally {
            $ids | ForEach-Object { Invoke-RestMethod -Method DELETE -Uri "$($searchUrl)v1/search/$_" -Headers $headers | Out-Null }
        }
    }

    It 'runs nothing with -WhatIf' {
        $seq = Last-Seq
        Invoke-LcQuery -Session $S -WhatIf '-2h | * | *' | Should -BeNullOrEmpty
        Requests-Since $seq | Should -HaveCount 0
    }

    It 'takes its window from the query when neither -Start nor -Last is given' {
        $estimate = Invoke-LcQuery -Session $S -Validate '-30m | * | *'
        ($estimate.End - $estimate.Start) | Should -Be ([TimeSpan]::FromMinutes(30))
        $estimate.EventsInScope | Should -BeLessThan 900
        (Invoke-LcQuery -Session $S -Validate '-6h | * | *').EventsInScope | Should -Be 900
    }
}
