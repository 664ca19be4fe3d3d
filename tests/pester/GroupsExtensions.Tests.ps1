# Groups (user-scoped) and extensions (definitions, subscriptions, requests in the data/gzdata envelope) against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $script:Url = Get-TestEmulatorUrl
    $script:Endpoints = @{ ApiUrl = $Url; JwtUrl = $Url }
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    function script:Last-Seq { [long](Invoke-LcEmulator $Url 'requests' -Method GET | Select-Object -Last 1).seq }
    function script:Requests-Since([long] $Seq, [string] $Like) { @(Invoke-LcEmulator $Url 'requests' -Method GET | Where-Object { $_.seq -gt $Seq -and $_.path -like $Like }) }
    function script:New-Name([string] $Prefix) { "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 8))" }

    # A second org the user owns, and a third where the user lacks user.ctrl (a group cannot take it).
    $script:OrgB = Invoke-LcEmulator $Url 'orgs' -Body @{ name = (New-Name 'org-b') }
    Invoke-LcEmulator $Url "users/$($Tenant.UserId)/orgs" -Body @{ oid = $OrgB.oid; owner = $true } | Out-Null
    $script:OrgC = Invoke-LcEmulator $Url 'orgs' -Body @{ name = (New-Name 'org-c') }
    Invoke-LcEmulator $Url "users/$($Tenant.UserId)/orgs" -Body @{ oid = $OrgC.oid; perms = @('org.get', 'sensor.list') } | Out-Null
    $script:Colleague = Invoke-LcEmulator $Url 'users' -Body @{ email = "$(New-Name 'colleague')@example.test" }
    $script:Analyst = Invoke-LcEmulator $Url 'users' -Body @{ email = "$(New-Name 'analyst')@example.test" }

    $script:User = Connect-LcOrg -UserId $Tenant.UserId -ApiKey $Tenant.UserKey @Endpoints -PassThru
    $script:Org = Connect-LcOrg -OrganizationId $Tenant.OrganizationId -ApiKey $Tenant.OrgKey @Endpoints -PassThru
}

AfterAll { Disconnect-LcOrg }

Describe 'Group lifecycle with a user key' {
    BeforeAll {
        $script:Group = New-LcGroup -Session $User -Name (New-Name 'soc-team')
    }

    It 'creates a group owned by the caller and returns it typed' {
        $Group | Should -BeOfType ([LimaCharlie.Group])
        $Group.GroupId | Should -Not -Be ([guid]::Empty)
        $Group.Owners | Should -Be @($Tenant.UserEmail)
        @(Get-LcGroup -Session $User).GroupId | Should -Contain $Group.GroupId
        (Get-LcGroup -Session $User -Name 'soc-team-*').GroupId | Should -Contain $Group.GroupId
    }

    It 'adds an owner and members, from parameters and from the pipeline' {
        $seq = Last-Seq
        $Group | Add-LcGroupMember -Session $User -Email $Colleague.email -Owner
        [pscustomobject]@{ Email = $Analyst.email; GroupId = $Group.GroupId } | Add-LcGroupMember -Session $User
        $sent = Requests-Since $seq "/v1/groups/$($Group.GroupId)/*"
        ($sent | Where-Object path -like '*/owners').form.member_email | Should -Be $Colleague.email
        ($sent | Where-Object path -like '*/users').form.member_email | Should -Be $Analyst.email
        $read = Get-LcGroup -Session $User -GroupId $Group.GroupId
        $read.Owners | Should -Be @($Tenant.UserEmail, $Colleague.email)
        $read.Members | Should -Be @($Analyst.email)
    }

    It 'reports an unknown address as a non-terminating error unless -Invite asks to invite it' {
        $stranger = "$(New-Name 'new-hire')@example.test"
        $err = $null
        $out = Add-LcGroupMember -Session $User -GroupId $Group.GroupId -Email $stranger, $Analyst.email -ErrorVariable err -ErrorAction SilentlyContinue -PassThru
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
        $err[0].TargetObject | Should -Be $stranger
        $out.Members | Should -Not -Contain $stranger
        $seq = Last-Seq
        $out = Add-LcGroupMember -Session $User -GroupId $Group.GroupId -Email $stranger -Invite -PassThru
        (Requests-Since $seq '*/users').form.invite_missing | Should -Be 'true'
        $out.Members | Should -Contain $stranger
    }

    It 'adds organizations from Get-LcOrganization -All, reporting the one where the user lacks user.ctrl and going on' {
        $err = $null
        $orgs = @(Get-LcOrganization -Session $User -All)
        $orgs.Count | Should -BeGreaterOrEqual 3
        $orgs | Add-LcGroupOrganization -Session $User -GroupId $Group.GroupId -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.Unauthorized,*'
        $err[0].Exception.Message | Should -BeLike '*user.ctrl*'
        $err[0].TargetObject | Should -Be ([guid]$OrgC.oid)
        $read = Get-LcGroup -Session $User -GroupId $Group.GroupId
        $read.Organizations.OrganizationId | Should -Contain $Tenant.OrganizationId
        $read.Organizations.OrganizationId | Should -Contain ([guid]$OrgB.oid)
        $read.Organizations.OrganizationId | Should -Not -Contain ([guid]$OrgC.oid)
        ($read.Organizations | Where-Object OrganizationId -eq $Tenant.OrganizationId).Name | Should -Be $Tenant.Name
    }

    It 'replaces the permission set, sending one perm field per permission' {
        $seq = Last-Seq
        $out = Set-LcGroupPermission -Session $User -GroupId $Group.GroupId -Permission sensor.list, sensor.get, dr.list -PassThru
        (Requests-Since $seq '*/permissions').form.perm | Should -Be @('sensor.list', 'sensor.get', 'dr.list')
        $out.Permissions | Should -Be @('sensor.list', 'sensor.get', 'dr.list')
        $out = $Group | Set-LcGroupPermission -Session $User -Permission insight.evt.get -PassThru
        $out.Permissions | Should -Be @('insight.evt.get')
    }

    It 'refuses a malformed permission name before sending, and reports one the API does not know' {
        $seq = Last-Seq
        { Set-LcGroupPermission -Session $User -GroupId $Group.GroupId -Permission 'sensor list' } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidArgument,*'
        Requests-Since $seq '*/permissions' | Should -BeNullOrEmpty
        $err = $null
        Set-LcGroupPermission -Session $User -GroupId $Group.GroupId -Permission 'sensor.fly' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.BadRequest,*'
        (Get-LcGroup -Session $User -GroupId $Group.GroupId).Permissions | Should -Be @('insight.evt.get')
    }

    It 'completes permission names' {
        $line = "Set-LcGroupPermission -GroupId $($Group.GroupId) -Permission sensor.t"
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'sensor.task'
        $names | Should -Contain 'sensor.tag'
        $names | Should -Not -Contain 'sensor.list'
    }

    It 'removes a member and an organization taken from the group itself' {
        Remove-LcGroupMember -Session $User -GroupId $Group.GroupId -Email $Analyst.email
        $read = Get-LcGroup -Session $User -GroupId $Group.GroupId
        $read.Members | Should -Not -Contain $Analyst.email
        $read.Organizations | Where-Object OrganizationId -eq ([guid]$OrgB.oid) | Remove-LcGroupOrganization -Session $User
        $read = Get-LcGroup -Session $User -GroupId $Group.GroupId
        $read.Organizations.OrganizationId | Should -Be @($Tenant.OrganizationId)
    }

    It 'keeps the last owner' {
        $solo = New-LcGroup -Session $User -Name (New-Name 'solo')
        $err = $null
        Remove-LcGroupMember -Session $User -GroupId $solo.GroupId -Email $Tenant.UserEmail -Owner -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike '*at least one owner*'
        $solo | Remove-LcGroup -Session $User -Force
    }

    It 'sends nothing with -WhatIf, and deletes with -Force' {
        $seq = Last-Seq
        Remove-LcGroup -Session $User -GroupId $Group.GroupId -WhatIf
        Add-LcGroupMember -Session $User -GroupId $Group.GroupId -Email $Analyst.email -WhatIf
        Requests-Since $seq '/v1/groups*' | Where-Object method -ne 'GET' | Should -BeNullOrEmpty
        Get-LcGroup -Session $User -GroupId $Group.GroupId | Remove-LcGroup -Session $User -Force
        @(Get-LcGroup -Session $User).GroupId | Should -Not -Contain $Group.GroupId
        $err = $null
        Get-LcGroup -Session $User -GroupId $Group.GroupId -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.NotFound,*'
    }

    It 'explains that an organization key cannot manage groups' {
        { Get-LcGroup -Session $Org } | Should -Throw -ErrorId 'LimaCharlie.UserKeyRequired,*' -ExpectedMessage '*user API key*'
        { New-LcGroup -Session $Org -Name 'x' } | Should -Throw -ErrorId 'LimaCharlie.UserKeyRequired,*'
        { Add-LcGroupOrganization -Session $Org -GroupId ([guid]::NewGuid()) -OrganizationId $Tenant.OrganizationId } |
            Should -Throw -ErrorId 'LimaCharlie.UserKeyRequired,*'
    }
}

Describe 'Extensions' {
    It 'lists the definitions, none subscribed yet, typed' {
        $all = Get-LcExtension -Session $Org
        $all | Should -BeOfType ([LimaCharlie.Extension])
        $all.Name | Should -Contain 'ext-reliable-tasking'
        $all.Name | Should -Contain 'ext-plaso'
        ($all | Where-Object Subscribed).Count | Should -Be 0
        $one = Get-LcExtension -Session $Org -Name 'ext-reliable*'
        $one.Label | Should -Be 'Reliable Tasking'
        $one.Permissions | Should -Contain 'sensor.task'
        $one.Definition['actions'] | Should -Contain 'list_tasks'
    }

    It 'reports a name without a definition' {
        $err = $null
        Get-LcExtension -Session $Org -Name 'ext-nope' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ExtensionNotFound,*'
    }

    It 'subscribes from the pipeline, with a user key and the organization from the pipeline' {
        $org = Get-LcOrganization -Session $User -OrganizationId $Tenant.OrganizationId
        $seq = Last-Seq
        'ext-reliable-tasking', 'ext-cases', 'ext-plaso' | Add-LcExtensionSubscription -Session $User -OrganizationId $Tenant.OrganizationId
        (Requests-Since $seq '*/subscription/extension/*').Count | Should -Be 3
        $subscribed = $org | Get-LcExtension -Session $User -Subscribed
        $subscribed.Name | Should -Be @('ext-cases', 'ext-plaso', 'ext-reliable-tasking')
        $subscribed | ForEach-Object { $_.OrganizationId | Should -Be $Tenant.OrganizationId }
        $subscribed[0].Subscription['subscribed_by'] | Should -Not -BeNullOrEmpty
    }

    It 'sends a request with data as JSON and writes the data of the answer' {
        $seq = Last-Seq
        $task = Invoke-LcExtensionRequest -Session $Org -Name ext-reliable-tasking -Action task -Data @{ task = 'os_version'; selector = 'plat == windows' }
        $task.task_id | Should -Be 'rt-0001'
        $task.task | Should -Be 'os_version'
        $sent = Requests-Since $seq '/v1/extension/request/*'
        $sent.form.action | Should -Be 'task'
        $sent.form.oid | Should -Be "$($Tenant.OrganizationId)"
        ($sent.form.data | ConvertFrom-Json).selector | Should -Be 'plat == windows'
        $seen = @(Invoke-LcEmulator $Url "orgs/$($Tenant.OrganizationId)/extensions/requests" -Method GET)[-1]
        $seen.compressed | Should -BeFalse
        $seen.data.task | Should -Be 'os_version'
    }

    It 'sends the data gzip-compressed as gzdata with -Compress' {
        $seq = Last-Seq
        $json = '{"task": "history_dump", "ttl": 600}'
        $task = Invoke-LcExtensionRequest -Session $Org ext-reliable-tasking task $json -Compress
        $task.ttl | Should -Be 600
        $sent = Requests-Since $seq '/v1/extension/request/*'
        $sent.form.PSObject.Properties.Name | Should -Contain 'gzdata'
        $sent.form.PSObject.Properties.Name | Should -Not -Contain 'data'
        $seen = @(Invoke-LcEmulator $Url "orgs/$($Tenant.OrganizationId)/extensions/requests" -Method GET)[-1]
        $seen.compressed | Should -BeTrue
        $seen.data.task | Should -Be 'history_dump'
        (Invoke-LcExtensionRequest -Session $Org ext-reliable-tasking list_tasks).tasks.task | Should -Be @('os_version', 'history_dump')
    }

    It 'turns the extension''s error (a 400 carrying the envelope) into an error record and writes nothing' {
        $seq = Last-Seq
        $err = $null
        $out = Invoke-LcExtensionRequest -Session $Org -Name ext-cases -Action explode -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        (Requests-Since $seq '/v1/extension/request/*').status | Should -Be 400
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ExtensionError,*'
        $err[0].Exception.Message | Should -BeLike "*unknown action 'explode'*"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject | Should -Be 'ext-cases:explode'
    }

    It 'reports a retry asked for by the extension without sending the request again' {
        $seq = Last-Seq
        $err = $null
        Invoke-LcExtensionRequest -Session $Org -Name ext-plaso -Action run -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ExtensionRetry,*'
        $err[0].Exception.Message | Should -BeLike '*no plaso worker*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*again later*'
        @(Requests-Since $seq '/v1/extension/request/*').status | Should -Be @(500)
    }

    It 'refuses -Data text that is not JSON before sending' {
        $seq = Last-Seq
        { Invoke-LcExtensionRequest -Session $Org -Name ext-cases -Action create_case -Data 'title: x' } |
            Should -Throw -ErrorId 'LimaCharlie.InvalidArgument,*'
        Requests-Since $seq '/v1/extension/request/*' | Should -BeNullOrEmpty
    }

    It 'unsubscribes, then a request to the extension explains that the organization is not subscribed' {
        Remove-LcExtensionSubscription -Session $Org -Name ext-cases -Force
        (Get-LcExtension -Session $Org -Subscribed).Name | Should -Not -Contain 'ext-cases'
        $err = $null
        Invoke-LcExtensionRequest -Session $Org -Name ext-cases -Action list_cases -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimaCharlie.ExtensionNotSubscribed,*'
        $err[0].Exception.Message | Should -BeLike '*not subscribed*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*Add-LcExtensionSubscription -Name ext-cases*'
    }

    It 'reports unsubscribing an extension that is not subscribed, and sends nothing with -WhatIf' {
        $err = $null
        Remove-LcExtensionSubscription -Session $Org -Name ext-cases -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike '*not subscribed*'
        $err[0].TargetObject | Should -Be 'ext-cases'
        $seq = Last-Seq
        Remove-LcExtensionSubscription -Session $Org -Name ext-plaso -WhatIf
        Add-LcExtensionSubscription -Session $Org -Name ext-infrastructure -WhatIf
        Requests-Since $seq '*/subscription/*' | Should -BeNullOrEmpty
    }

    It 'needs ext.request: a key without it gets a clear permission error' {
        $t = New-LcEmulatorTenant -Url $Url -Permissions 'org.get', 'ext.sub'
        $s = Connect-LcOrg -OrganizationId $t.OrganizationId -ApiKey $t.OrgKey @Endpoints -PassThru
        Add-LcExtensionSubscription -Session $s -Name ext-cases
        $err = $null
        Invoke-LcExtensionRequest -Session $s -Name ext-cases -Action list_cases -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike '*ext.request*'
    }
}
