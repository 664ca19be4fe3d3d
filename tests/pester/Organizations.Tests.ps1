# New-LcOrganization, Get-LcOrganization, Get-LcIdentity, Get-LcJwt and Invoke-LcApi against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:New-Name([string] $Prefix = 'org') { "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 8))" }
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq }) }
    $script:User = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
    $script:Org = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
}

AfterAll { Disconnect-LcOrg }

Describe 'New-LcOrganization' {
    It 'creates an organization with a user key and returns it typed' {
        $name = New-Name
        $new = New-LcOrganization -Session $User -Name $name -Location europe
        $new | Should -BeOfType ([LimaCharlie.Organization])
        $new.Name | Should -Be $name
        $new.OrganizationId | Should -Not -Be ([guid]::Empty)
        $new.Region | Should -Be 'europe'
        (Get-LcOrganization -Session $User -OrganizationId $new.OrganizationId).Name | Should -Be $name
    }

    It 'sends name and loc form-encoded with an oid=- user token' {
        $inOrg = Connect-LcOrg -UserId $Tenant.UserId -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.UserKey @Endpoints -PassThru
        $seq = Last-Seq
        New-LcOrganization -Session $inOrg -Name (New-Name) -Location uk | Out-Null
        $requests = Requests-Since $seq
        $create = $requests | Where-Object { $_.path -eq '/v1/orgs/new' -and $_.method -eq 'POST' }
        $create.form.loc | Should -Be 'uk'
        $mint = $requests | Where-Object { $_.path -eq '/' } | Select-Object -First 1
        $mint.form.oid | Should -Be '-'
    }

    It 'sends nothing with -WhatIf' {
        $seq = Last-Seq
        New-LcOrganization -Session $User -Name (New-Name) -WhatIf
        Requests-Since $seq | Where-Object { $_.path -eq '/v1/orgs/new' } | Should -BeNullOrEmpty
    }

    It 'accepts a template as text or as a file, and refuses broken YAML before sending' {
        $yaml = "version: 3`nresources:`n  api:`n    - insight"
        (New-LcOrganization -Session $User -Name (New-Name) -Template $yaml).Name | Should -Not -BeNullOrEmpty
        $file = Join-Path $TestDrive 'template.yaml'
        Set-Content $file $yaml
        $seq = Last-Seq
        New-LcOrganization -Session $User -Name (New-Name) -Template $file | Out-Null
        ((Requests-Since $seq) | Where-Object { $_.path -eq '/v1/orgs/new' }).form.template | Should -Match 'insight'
        $err = $null
        New-LcOrganization -Session $User -Name (New-Name) -Template "version: [3" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.InvalidTemplate,*'
        $err = $null
        New-LcOrganization -Session $User -Name (New-Name) -Template (Join-Path $TestDrive 'nope.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.TemplateNotFound,*'
    }

    It 'explains that an organization key cannot create organizations' {
        { New-LcOrganization -Session $Org -Name (New-Name) } |
            Should -Throw -ErrorId 'LimaCharlie.UserKeyRequired,*' -ExpectedMessage '*user API key*'
    }

    It 'rejects an unknown location with the list of valid ones' {
        { New-LcOrganization -Session $User -Name (New-Name) -Location mars } | Should -Throw -ExpectedMessage '*usa*europe*'
    }

    It 'reports a taken name as a non-terminating conflict' {
        $name = New-Name
        New-LcOrganization -Session $User -Name $name | Out-Null
        $err = $null
        New-LcOrganization -Session $User -Name $name -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Conflict,*'
        $err[0].TargetObject | Should -Be $name
    }
}

Describe 'Get-LcOrganization' {
    It 'gets the session organization by default' {
        $o = Get-LcOrganization -Session $Org
        $o.OrganizationId | Should -Be $Tenant.OrganizationId
        $o.Name | Should -Be $Tenant.Name
    }

    Context 'a user with many organizations' {
        BeforeAll {
            $script:Many = New-LcEmulatorTenant -Url $Url -Name (New-Name 'many')
            $script:Tag = [guid]::NewGuid().ToString('n').Substring(0, 6)
            1..120 | ForEach-Object {
                $o = Invoke-LcEmulator $Url 'orgs' -Body @{ name = "fleet-$Tag-$($_.ToString('000'))" }
                Invoke-LcEmulator $Url "users/$($Many.UserId)/orgs" -Body @{ oid = $o.oid } | Out-Null
            }
            $script:ManySession = Connect-LcOrg -UserId $Many.UserId -ApiKey $Many.UserKey @Endpoints -PassThru
        }

        It 'streams every organization across pages' {
            $seq = Last-Seq
            $all = Get-LcOrganization -Session $ManySession -All -PageSize 50
            $all | Should -HaveCount 121
            ($all.OrganizationId | Select-Object -Unique) | Should -HaveCount 121
            (Requests-Since $seq | Where-Object { $_.path -eq '/v1/user/orgs' }) | Should -HaveCount 3
        }

        It 'stops paging when the pipeline has enough' {
            $seq = Last-Seq
            $first = Get-LcOrganization -Session $ManySession -All -PageSize 50 | Select-Object -First 3
            $first | Should -HaveCount 3
            (Requests-Since $seq | Where-Object { $_.path -eq '/v1/user/orgs' }) | Should -HaveCount 1
        }

        It 'filters on the server' {
            (Get-LcOrganization -Session $ManySession -All -Filter "fleet-$Tag-11") | Should -HaveCount 10
        }

        It 'feeds Get-LcIdentity and Get-LcJwt by property name' {
            $one = Get-LcOrganization -Session $ManySession -All -Filter "fleet-$Tag-007"
            $jwt = $one | Get-LcJwt -Session $ManySession
            $jwt.OrganizationId | Should -Be $one.OrganizationId
            $jwt.Scope | Should -Be 'UserOrganization'
        }
    }
}

Describe 'Get-LcIdentity' {
    It 'lists the permissions of an organization key' {
        $id = Get-LcIdentity -Session $Org
        $id.Kind | Should -Be 'Organization'
        $id.Organizations.OrganizationId | Should -Be $Tenant.OrganizationId
        $id.HasPermission($Tenant.OrganizationId, 'org.get') | Should -BeTrue
    }

    It 'lists the permissions of a user key per organization, without an all-organizations token' {
        $seq = Last-Seq
        $fresh = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
        $id = Get-LcIdentity -Session $fresh
        $mints = @(Requests-Since $seq | Where-Object { $_.path -eq '/' })
        $mints.Count | Should -BeGreaterThan 0
        @($mints | Where-Object { -not $_.form.oid }).Count | Should -Be 0
        $id.Kind | Should -Be 'User'
        $id.Ident | Should -Be $Tenant.UserEmail
        $id.Organizations.OrganizationId | Should -Contain $Tenant.OrganizationId
    }
}

Describe 'Get-LcJwt' {
    It 'returns the cached token of the session without minting again' {
        $before = (Invoke-LcEmulator $Url 'counters' -Method GET).mints.($Tenant.OrgKeyId)
        $a = Get-LcJwt -Session $Org
        $b = Get-LcJwt -Session $Org
        $a.ExpiresAt | Should -Be $b.ExpiresAt
        (Invoke-LcEmulator $Url 'counters' -Method GET).mints.($Tenant.OrgKeyId) | Should -Be $before
    }

    It 'mints a longer-lived token with -Expiry' {
        $jwt = Get-LcJwt -Session $Org -Expiry (New-TimeSpan -Hours 4)
        $jwt.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(3.9))
        $jwt.Scope | Should -Be 'Organization'
    }

    It 'works standalone from credentials' {
        $jwt = Get-LcJwt -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey -JwtUrl $Url
        $jwt.OrganizationId | Should -Be $Tenant.OrganizationId
        $jwt.Length | Should -BeGreaterThan 20
    }

    It 'gives a user-only token with -NoOrganization' {
        $jwt = Get-LcJwt -Session $User -NoOrganization
        $jwt.Scope | Should -Be 'UserOnly'
        $jwt.OrganizationId | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-LcApi' {
    It 'calls any path, fills in {oid} and returns objects' {
        $r = Invoke-LcApi -Session $Org GET 'v1/orgs/{oid}'
        $r.oid | Should -Be "$($Tenant.OrganizationId)"
        $r | Should -BeOfType ([pscustomobject])
    }

    It 'takes the path alone for a GET, or the method first' {
        (Invoke-LcApi -Session $Org 'v1/who').ident | Should -Be "$($Tenant.Name)-key"
        (Invoke-LcApi -Session $Org GET 'v1/who').ident | Should -Be "$($Tenant.Name)-key"
        (Invoke-LcApi -Session $Org -Path 'v1/who' -Method get).ident | Should -Be "$($Tenant.Name)-key"
    }

    It 'says what is wrong with a call without a path or with an unknown method' {
        { Invoke-LcApi -Session $Org POST } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument,*' -ExpectedMessage '*path*'
        { Invoke-LcApi -Session $Org FETCH 'v1/who' } | Should -Throw -ErrorId 'LimaCharlie.InvalidArgument,*' -ExpectedMessage "*'FETCH'*"
    }

    It 'sends times as Unix seconds' {
        $seq = Last-Seq
        $when = [DateTimeOffset]::FromUnixTimeSeconds(1700000000)
        Invoke-LcApi -Session $Org 'v1/orgs/{oid}/nothing' -Query ([ordered]@{ start = $when; end = $when.UtcDateTime }) -ErrorAction SilentlyContinue
        (Requests-Since $seq | Where-Object { $_.path -like '*/nothing' }).query | Should -Be 'start=1700000000&end=1700000000'
    }

    It 'adds v1/ when left out and returns raw JSON with -Raw' {
        $raw = Invoke-LcApi -Session $Org GET 'who' -Raw
        $raw | Should -BeOfType ([string])
        ($raw | ConvertFrom-Json).ident | Should -Be "$($Tenant.Name)-key"
    }

    It 'sends arrays as repeated form keys and nested objects as a JSON string' {
        $seq = Last-Seq
        Invoke-LcApi -Session $Org POST 'v1/orgs/{oid}/echo' -Form @{ tags = @('a', 'b'); data = @{ x = 1 } } -Confirm:$false -ErrorAction SilentlyContinue
        $sent = Requests-Since $seq | Where-Object { $_.path -like '*/echo' }
        $sent.form.tags | Should -Be @('a', 'b')
        ($sent.form.data | ConvertFrom-Json).x | Should -Be 1
    }

    It 'sends nothing with -WhatIf for a change' {
        $seq = Last-Seq
        Invoke-LcApi -Session $Org DELETE 'v1/orgs/{oid}/whatever' -WhatIf
        Requests-Since $seq | Where-Object { $_.path -like '*/whatever' } | Should -BeNullOrEmpty
    }

    It 'reports API errors with their status' {
        $err = $null
        Invoke-LcApi -Session $Org GET 'v1/orgs/{oid}/no-such-thing' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
