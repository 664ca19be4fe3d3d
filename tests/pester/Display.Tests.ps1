# Every public type has a format view naming only properties it has; Format-List puts the useful fields first; every
# table view fits a 120-column terminal with its ids whole; times read the same everywhere; objects export readably.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $formatFile = Join-Path (Split-Path (Get-TestModulePath)) 'LimaCharlie.format.ps1xml'
    $viewsFound = @(([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View)
    $tableViews = @($viewsFound | Where-Object { $_.TableControl } | ForEach-Object { @{ Name = $_.Name } })
    $viewedTypes = @($viewsFound.ViewSelectedBy.TypeName | Select-Object -Unique | ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $formatFile = Join-Path (Split-Path (Get-TestModulePath)) 'LimaCharlie.format.ps1xml'
    $script:Views = @(([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View)
    function script:Views-Of([type] $Type) { @($Views | Where-Object { $_.ViewSelectedBy.TypeName -contains $Type.FullName }) }

    # Enums print as their names, exceptions through the error view, a JsonDictionary as the dictionary it is, and static
    # classes (ErrorIds) are never output.
    $models = [LimaCharlie.Sensor].Assembly.GetExportedTypes() |
        Where-Object { -not $_.IsEnum -and -not [Exception].IsAssignableFrom($_) -and -not [Collections.IDictionary].IsAssignableFrom($_) -and -not ($_.IsAbstract -and $_.IsSealed) }
    $outputs = (Get-Command -Module LimaCharlie -CommandType Cmdlet).OutputType.Type | Where-Object { $_ -and $_.Namespace -eq 'LimaCharlie' }
    $script:Types = @(@($models) + @($outputs) | Sort-Object FullName -Unique)
}

Describe 'Format views' {
    It 'covers the public types of the models assembly and the output types of the cmdlets' {
        $Types.Count | Should -BeGreaterThan 30
        $Types.FullName | Should -Contain 'LimaCharlie.Session'
        $Types.FullName | Should -Contain 'LimaCharlie.SessionOptions'
        $missing = @($Types | Where-Object { (Views-Of $_).Count -eq 0 }).FullName
        $missing | Should -BeNullOrEmpty -Because 'each public type needs a view in LimaCharlie.format.ps1xml'
    }

    It 'names only properties the type has' {
        $wrong = foreach ($view in $Views) {
            $type = $Types | Where-Object FullName -eq $view.ViewSelectedBy.TypeName
            $names = $view.SelectNodes('.//PropertyName') | ForEach-Object InnerText
            foreach ($name in $names) { if (-not $type -or -not $type.GetProperty($name)) { "$($view.Name): $name" } }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'has a list view for <Type> that starts with <First>' -ForEach @(
        @{ Type = 'Session'; First = 'Ident' }, @{ Type = 'Jwt'; First = 'Scope' }, @{ Type = 'Organization'; First = 'Name' }
        @{ Type = 'Sensor'; First = 'Hostname' }, @{ Type = 'Detection'; First = 'Category' }, @{ Type = 'Event'; First = 'EventType' }
        @{ Type = 'HiveRecord'; First = 'Hive' }, @{ Type = 'DrRule'; First = 'Name' }, @{ Type = 'FpRule'; First = 'Name' }
        @{ Type = 'Output'; First = 'Name' }, @{ Type = 'ApiKey'; First = 'Name' }, @{ Type = 'NewApiKey'; First = 'Name' }
        @{ Type = 'InstallationKey'; First = 'Description' }, @{ Type = 'IngestionKey'; First = 'Name' }, @{ Type = 'Payload'; First = 'Name' }
        @{ Type = 'Artifact'; First = 'Path' }, @{ Type = 'OrgUser'; First = 'Email' }, @{ Type = 'Group'; First = 'Name' }
        @{ Type = 'Extension'; First = 'Name' }, @{ Type = 'SessionOptions'; First = 'Timeout' }, @{ Type = 'OrgValue'; First = 'Name' }
        @{ Type = 'AuditEntry'; First = 'Time' }; @{ Type = 'ReliableTask'; First = 'Command' }; @{ Type = 'SensorTaskResult'; First = 'Hostname' }
    ) {
        $list = @(Views-Of ([type]"LimaCharlie.$Type") | Where-Object { $_.ListControl })
        $list | Should -HaveCount 1
        $items = @($list[0].ListControl.ListEntries.ListEntry.ListItems.ListItem)
        ($items[0].PropertyName ?? $items[0].Label) | Should -Be $First
    }

    It 'shows a sensor in Format-List with the hostname first and a detection with its category first' {
        $sensor = [LimaCharlie.Sensor]@{ Hostname = 'web-01'; SensorId = [guid]::NewGuid() }
        $lines = @(($sensor | Format-List | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Hostname\s+: web-01$'
        $lines[1] | Should -Match "^SensorId\s+: $($sensor.SensorId)$"
        $detection = [LimaCharlie.Detection]@{ Category = 'evil-process'; DetectionId = 'd-1'; Hostname = 'web-01' }
        ((($detection | Format-List | Out-String) -split "`n" | Where-Object { $_.Trim() }) | Select-Object -First 1) | Should -Match '^Category\s+: evil-process$'
    }

    It 'keeps the table view as the default display' {
        $sensor = [LimaCharlie.Sensor]@{ Hostname = 'web-01'; SensorId = [guid]::NewGuid() }
        ($sensor | Out-String) | Should -Match '(?m)^Hostname\s+'
        ($sensor | Out-String) | Should -Not -Match '(?m)^Hostname\s+: '
    }

    It 'writes every time through the one display format, never a raw DateTimeOffset' {
        $raw = foreach ($view in $Views) {
            $type = [type]$view.ViewSelectedBy.TypeName
            foreach ($name in $view.SelectNodes('.//PropertyName') | ForEach-Object InnerText) {
                $propertyType = $type.GetProperty($name).PropertyType
                if ($propertyType -in [DateTimeOffset], [Nullable[DateTimeOffset]], [DateTime], [Nullable[DateTime]]) { "$($view.Name): $name" }
            }
            foreach ($script in $view.SelectNodes('.//ScriptBlock') | ForEach-Object InnerText) {
                if ($script -match 'LocalDateTime|ToString\(''(g|T|u)''\)|HH:mm') { "$($view.Name): $script" }
            }
        }
        $raw | Should -BeNullOrEmpty -Because 'a time is written by [LimaCharlie.PowerShell.Infrastructure.DisplayText]::Time in every view'
    }
}

Describe 'Views at 120 columns, with realistic data' {
    BeforeAll {
        $script:Url = Get-TestEmulatorUrl
        $script:T = New-LcEmulatorTenant -Url $Url
        $script:Oid = $T.OrganizationId
        $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $seed = Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(
                @{ hostname = 'ws-finance-0042.corp.europe.acme-holdings.example.com'; plat = 'windows'; int_ip = '10.42.17.201'; isolated = $true }
                @{ hostname = 'dc01.emea-frankfurt.corp.europe.acme-holdings.example.com'; plat = 'windows'; int_ip = '10.40.0.10' }
                @{ hostname = 'build-runner-linux-07.ci.eng.us-east.acme-holdings.example.com'; plat = 'linux'; int_ip = '10.80.3.77'; online = $false }
                @{ hostname = 'mac-design-lab-12'; plat = 'macos'; int_ip = '192.168.120.12' }
                @{ hostname = 'web-01'; plat = 'linux'; int_ip = '172.16.0.5' }
            ) }
        $script:Sids = @($seed.sids | ForEach-Object { [guid]$_ })
        $now = [DateTimeOffset]::UtcNow
        $from = $now.AddHours(-2).ToUnixTimeSeconds(); $to = $now.AddMinutes(-1).ToUnixTimeSeconds()
        foreach ($sid in $Sids[0..1]) { Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$sid"; count = 6; start = $from; end = $to } | Out-Null }
        Invoke-LcEmulator $Url "orgs/$Oid/detections" -Body @{ count = 8; start = $from; end = $to; categories = @('lateral-movement-psexec-service-install', 'dns-exfil'); sids = @($Sids | ForEach-Object { "$_" }) } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/audit" -Body @{ count = 5; start = $from; end = $to } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/hive/dr-general/windows-encoded-powershell-download-rare-domain" -Body @{
            data = @{ detect = @{ event = 'NEW_PROCESS'; op = 'contains'; path = 'event/COMMAND_LINE'; value = '-enc' }; respond = @(@{ action = 'report'; name = 'encoded-powershell' }) }
            tags = @('mitre-t1059'); comment = 'Encoded PowerShell' } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/hive/fp/suppress-backup-agent-on-file-servers" -Body @{
            data = @{ op = 'is'; path = 'routing/hostname'; value = 'fs01' }; tags = @('noise') } | Out-Null
        Add-LcSensorTag -SensorId $Sids[0] -Tag 'incident-2026-1142' -Session $S -Confirm:$false
        $newKey = New-LcApiKey -Name 'siem-integration-europe' -Permission sensor.list, insight.det.get -Session $S -WarningAction SilentlyContinue
        $then = [DateTimeOffset]::Now.AddMinutes(-42)
        $longText = 'ws-finance-0042.corp.europe.acme-holdings.example.com'

        # What each type looks like in use: from the emulator where it can produce it, built here where it cannot.
        $script:Samples = @{
            'LimaCharlie.Session'                = { $S }
            'LimaCharlie.Jwt'                    = { Get-LcJwt -Session $S }
            'LimaCharlie.Organization'           = { Get-LcOrganization -Session $S }
            'LimaCharlie.OrgUsage'               = { [LimaCharlie.OrgUsage]@{ OrganizationId = $Oid; Usage = 4812; Quota = 5000; Breakdown = @([LimaCharlie.OrgUsageCategory]@{ Category = 'windows-endpoints'; Count = 4012 }, [LimaCharlie.OrgUsageCategory]@{ Category = 'linux-servers'; Count = 800 }) } }
            'LimaCharlie.OrgUsageCategory'       = { [LimaCharlie.OrgUsageCategory]@{ Category = 'windows-endpoints'; Count = 4012; Usage = 4012 } }
            'LimaCharlie.OrgUsageDay'            = { [LimaCharlie.OrgUsageDay]@{ OrganizationId = $Oid; Date = [datetime]'2026-12-01'; PeakSensors = 4799; SensorEvents = 1234567890; OutputBytes = 98765432109; ReplayEvaluations = 12345 } }
            'LimaCharlie.OrgError'               = { [LimaCharlie.OrgError]@{ OrganizationId = $Oid; Time = $then; Component = 'output/siem-splunk-europe'; Error = 'dial tcp 203.0.113.10:9997: connect: connection refused (retrying every 60 seconds until the destination answers)' } }
            'LimaCharlie.EventSchema'            = { [LimaCharlie.EventSchema]@{ OrganizationId = $Oid; EventType = 'SENSITIVE_PROCESS_ACCESS'; Name = 'evt:SENSITIVE_PROCESS_ACCESS'; Elements = @('s:event/EVENTS/', 'i:event/PROCESS_ID') } }
            'LimaCharlie.EventSchemaElement'     = { [LimaCharlie.EventSchemaElement]@{ Type = 'string'; Path = 'event/PARENT/FILE_PATH' } }
            'LimaCharlie.OrganizationPermission' = { [LimaCharlie.OrganizationPermission]::new($Oid, [string[]]@('sensor.list', 'sensor.get', 'sensor.task', 'insight.det.get', 'insight.evt.get', 'dr.list', 'dr.set', 'output.list', 'org.get')) }
            'LimaCharlie.Sensor'                 = { Get-LcSensor -Session $S }
            'LimaCharlie.SensorReference'        = { Find-LcSensor -Online -Session $S | ForEach-Object { $_.Hostname = (Get-LcSensor -SensorId $_.SensorId -Session $S).Hostname; $_ } }
            'LimaCharlie.SensorTag'              = { Get-LcSensorTag -SensorId $Sids[0] -Session $S }
            'LimaCharlie.ReliableTask'           = { [LimaCharlie.ReliableTask]@{ SensorId = $Sids[0]; OrganizationId = $Oid; TaskId = '5c1e9b7f-3d2a-4e60-9b1c-0000002a77f1'; Command = 'dir_list C:\Users\finance'; InvestigationId = 'ir-2026-1142-finance'; TimeToLive = [timespan]::FromDays(7); CreatedAt = $then; ExpiresAt = $then.AddDays(7) } }
            'LimaCharlie.SensorTaskResult'       = { foreach ($i in 0, 1) { [LimaCharlie.SensorTaskResult]@{ SensorId = $Sids[$i]; OrganizationId = $Oid; Hostname = $longText; Command = ('os_version', 'history_dump')[$i]; InvestigationId = 'ir-2026-1142-finance-5c1e9b7f3d2a4e609b1c0000002a77f1'; EventType = ('OS_VERSION_REP', 'NEW_PROCESS')[$i]; Complete = $i -eq 0; Events = @([LimaCharlie.Event]@{ SensorId = $Sids[$i]; EventType = 'OS_VERSION_REP' }); SentAt = $then; Duration = [timespan]::FromMilliseconds(1830) } } }
            'LimaCharlie.SensorTask'             = { [LimaCharlie.SensorTask]@{ SensorId = $Sids[0]; OrganizationId = $Oid; Commands = @('os_processes', 'netstat'); InvestigationId = 'ir-2026-1142-finance'; SentAt = $then } }
            'LimaCharlie.InstallationKey'        = { New-LcInstallationKey -Description 'Finance workstations, Europe (Frankfurt)' -Tag finance, europe -Session $S -Confirm:$false }
            'LimaCharlie.OrgUser'                = { [LimaCharlie.OrgUser]@{ OrganizationId = $Oid; Email = 'soc-lead.europe@acme-holdings.example.com'; Permissions = @('sensor.list', 'dr.set'); MfaEnabled = $true; DirectAccess = $true; Groups = @('soc-europe', 'incident-response') } }
            'LimaCharlie.ApiKey'                 = { Get-LcApiKey -Session $S }
            'LimaCharlie.NewApiKey'              = { $newKey }
            'LimaCharlie.IngestionKey'           = { New-LcIngestionKey -Name 'syslog-dc1-europe-frankfurt' -Session $S -Confirm:$false }
            'LimaCharlie.HiveRecord'             = { Get-LcHiveRecord -Hive dr-general -Session $S }
            'LimaCharlie.DrRule'                 = { Get-LcDrRule -Session $S }
            'LimaCharlie.FpRule'                 = { Get-LcFpRule -Session $S }
            'LimaCharlie.Output'                 = { $fields = [Collections.Generic.Dictionary[string, string]]::new(); $fields['dest_host'] = 'splunk-hec.siem.europe.acme-holdings.example.com:8088'; $fields['is_tls'] = 'true'
                                                     [LimaCharlie.Output]@{ Name = 'siem-splunk-europe-detections'; OrganizationId = $Oid; Module = 'syslog'; DataType = 'detect'; Fields = $fields } }
            'LimaCharlie.OrgValue'               = { [LimaCharlie.OrgValue]@{ Name = 'virustotal'; OrganizationId = $Oid; Value = (ConvertTo-SecureString 'vt-key' -AsPlainText -Force) } }
            'LimaCharlie.OrgConfigChange'        = { $fieldChanges = [LimaCharlie.OrgConfigFieldChange[]]@([LimaCharlie.OrgConfigFieldChange]::new('detect.event', 'NEW_PROCESS', 'CODE_IDENTITY'), [LimaCharlie.OrgConfigFieldChange]::new('fields.password', '(secret)', '(lost)'))
                                                     [LimaCharlie.OrgConfigChange]::new('dr-general', 'windows-encoded-powershell-download', 'Change', '<>', $fieldChanges, $Oid) }
            'LimaCharlie.OrgConfigFieldChange'   = { [LimaCharlie.OrgConfigFieldChange]::new('respond[0].metadata.description', 'Encoded PowerShell downloading a second stage from a rare external domain', 'Encoded PowerShell download') }
            'LimaCharlie.OrgConfigFile'          = { [LimaCharlie.OrgConfigFile]::new('dr-general', 'windows-encoded-powershell-download-from-rare-domain', '/home/soc/acme-holdings-europe/config/dr-general/windows-encoded-powershell-download-from-rare-domain.yaml') }
            'LimaCharlie.Event'                  = { Get-LcEvent -SensorId $Sids[0] -Session $S; Get-LcEvent -SensorId $Sids[1] -Session $S }
            'LimaCharlie.Detection'              = { Get-LcDetection -Session $S }
            'LimaCharlie.AuditEntry'             = { Get-LcAuditLog -Session $S }
            'LimaCharlie.IocPrevalence'          = { [LimaCharlie.IocPrevalence]@{ OrganizationId = $Oid; Type = 'domain'; Name = 'update-check.cdn-telemetry-services.example.net'; Last1Days = 3; Last7Days = 12; Last30Days = 40; Last365Days = 311 } }
            'LimaCharlie.IocLocation'            = { [LimaCharlie.IocLocation]@{ OrganizationId = $Oid; Type = 'domain'; Name = 'update-check.example.net'; SensorId = $Sids[0]; Hostname = $longText; FirstSeen = $then.AddDays(-3); LastSeen = $then } }
            'LimaCharlie.SensorActivity'         = { [LimaCharlie.SensorActivity]@{ OrganizationId = $Oid; SensorId = $Sids[0]; Time = $then } }
            'LimaCharlie.QueryEstimate'          = { [LimaCharlie.QueryEstimate]@{ OrganizationId = $Oid; Query = "-24h | plat == windows | NEW_PROCESS | event/COMMAND_LINE contains '-enc'"; EventsInScope = 123456789; BytesInScope = 98765432109; BatchesInScope = 4567; Price = 0.42; Currency = 'USD' } }
            'LimaCharlie.DrRuleTest'             = { [LimaCharlie.DrRuleTest]@{ OrganizationId = $Oid; RuleName = 'certutil-download-from-public-internet'; EventSource = 'history'; Matched = $true; EventsScanned = 123456789; EventsProcessed = 123456789; EventsMatched = 4242; Evaluations = 98765432109; Reports = @('certutil-download', 'lolbin-network'); EstimatedPrice = 123.456789; Currency = 'USD' } }
            'LimaCharlie.ReplayAction'           = { [LimaCharlie.ReplayAction]@{ Action = 'isolate network'; Target = 'certutil-download-from-public-internet'; SensorId = $Sids[0]; EventType = 'NETWORK_CONNECTIONS' } }
            'LimaCharlie.RuleTestResult'         = { [LimaCharlie.RuleTestResult]@{ RuleName = 'certutil-download-from-public-internet'; Case = 'nomatch/benign-windows-update.jsonl#12'; ExpectedMatch = $false; Matched = $true; Reports = @('certutil-download', 'lolbin-network') } }
            'LimaCharlie.Group'                  = { [LimaCharlie.Group]@{ GroupId = [guid]::NewGuid(); Name = 'soc-europe-incident-response'; Owners = @('soc-lead.europe@acme-holdings.example.com'); Members = @('a@acme.example', 'b@acme.example'); Organizations = @([LimaCharlie.GroupOrganization]@{ OrganizationId = $Oid }); Permissions = @('sensor.list', 'dr.set') } }
            'LimaCharlie.GroupOrganization'      = { [LimaCharlie.GroupOrganization]@{ GroupId = [guid]::NewGuid(); OrganizationId = $Oid; Name = 'acme-holdings-europe-production' } }
            'LimaCharlie.Extension'              = { Get-LcExtension -Session $S }
            'LimaCharlie.Artifact'               = { [LimaCharlie.Artifact]@{ PayloadId = [guid]::NewGuid().ToString(); OrganizationId = $Oid; SensorId = $Sids[0]; Hostname = $longText; Path = 'C:\Windows\System32\winevt\Logs\Security.evtx'; Source = 'sensor'; Type = 'evtx'; Size = 73400320; Time = $then } }
            'LimaCharlie.Payload'                = { [LimaCharlie.Payload]@{ Name = 'collect-triage-package-windows-2026-11.ps1'; OrganizationId = $Oid; Size = 48213; CreatedBy = 'soc-lead.europe@acme-holdings.example.com'; Created = $then } }
            'LimaCharlie.Identity'               = { [LimaCharlie.Identity]@{ Ident = 'soc-lead.europe@acme-holdings.example.com'; Kind = 'User'; UserId = 'a1b2c3d4e5f6'; Organizations = @([LimaCharlie.OrganizationPermission]::new($Oid, [string[]]@('sensor.list'))) } }
            'LimaCharlie.SessionOptions'         = { [LimaCharlie.SessionOptions]::new() }
            'LimaCharlie.ErrorKind'              = { [LimaCharlie.ErrorIds]::All }
        }
        $script:Cache = @{}
        function script:Sample-Of([string] $TypeName) {
            if (-not $Cache.ContainsKey($TypeName)) { $Cache[$TypeName] = @(& $Samples[$TypeName]) }
            $Cache[$TypeName]
        }
        # Columns that hold what a user copies to act on an object: these are never cut.
        $script:NameIds = @{ 'LimaCharlie.DrRule' = 'Name'; 'LimaCharlie.FpRule' = 'Name'; 'LimaCharlie.HiveRecord' = 'Key'; 'LimaCharlie.Extension' = 'Name'
            'LimaCharlie.Payload' = 'Name'; 'LimaCharlie.IngestionKey' = 'Name'; 'LimaCharlie.Output' = 'Name' }
        function script:Id-Columns($View) {
            $type = [type]$View.ViewSelectedBy.TypeName
            foreach ($name in $View.SelectNodes('.//PropertyName') | ForEach-Object InnerText) {
                $propertyType = $type.GetProperty($name).PropertyType
                if ($propertyType -in [guid], [Nullable[guid]] -or $name -match 'Id$|^KeyHash$' -or $NameIds[$type.FullName] -eq $name) { $name }
            }
        }
        function script:Cell-Texts($View, $Objects) {
            $columns = @($View.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
            for ($i = 0; $i -lt $columns.Count; $i++) {
                $column = $columns[$i]
                $texts = foreach ($o in $Objects) {
                    if ($column.PropertyName) { "$($o.($column.PropertyName))" } else { "$($o | ForEach-Object ([scriptblock]::Create($column.ScriptBlock)))" }
                }
                [pscustomobject]@{ Label = @($View.TableControl.TableHeaders.TableColumnHeader)[$i].Label; Texts = @($texts) }
            }
        }
    }

    It 'has realistic data for every type with a view' {
        $missing = @($Views.ViewSelectedBy.TypeName | Select-Object -Unique | Where-Object { -not $Samples.ContainsKey($_) })
        $missing | Should -BeNullOrEmpty -Because 'a new view needs an example in this test, so that it is rendered at 120 columns'
    }

    It 'table view <Name> fits 120 columns, keeps every column and every id whole, and has no column always empty' -ForEach $tableViews {
        $view = $Views | Where-Object Name -eq $Name
        $objects = @(Sample-Of $view.ViewSelectedBy.TypeName)
        $objects.Count | Should -BeGreaterThan 0
        $text = $objects | Format-Table -View $Name | Out-String -Width 120
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        @($lines | Where-Object { $_.Length -gt 120 }) | Should -BeNullOrEmpty -Because "no line of $Name is wider than 120 columns:`n$text"
        $labels = @($view.TableControl.TableHeaders.TableColumnHeader.Label)
        $lines[0] | Should -Match ('^\s*' + (($labels | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '\s*$') -Because "every column of $Name is shown:`n$text"
        foreach ($id in @(Id-Columns $view)) {
            foreach ($o in $objects) {
                if ("$($o.$id)") { $text.Contains("$($o.$id)") | Should -BeTrue -Because "$id '$($o.$id)' is whole in $($Name):`n$text" }
            }
        }
        $empty = @(Cell-Texts $view $objects | Where-Object { -not ($_.Texts | Where-Object { $_.Trim() }) }).Label
        $empty | Should -BeNullOrEmpty -Because "a column that is empty for realistic data is noise in $($Name):`n$text"
    }

    It 'the default view of <TypeName> fits 120 columns' -ForEach $viewedTypes {
        $text = Sample-Of $TypeName | Out-String -Width 120
        @($text -split "`r?`n" | Where-Object { $_.Length -gt 120 }) | Should -BeNullOrEmpty -Because "the default view of $TypeName fits:`n$text"
    }

    It 'shows sensors with long FQDN hostnames cut with an ellipsis, the SensorId whole' {
        $text = Get-LcSensor -Session $S | Out-String -Width 120
        Write-Host "Get-LcSensor at 120 columns:`n$text"
        $text | Should -Match 'ws-finance-0042\.corp\.europe\.acme-hol…'
        foreach ($sid in $Sids) { $text | Should -Match "$sid" }
        $text | Should -Not -Match '(?m)^.*\bTags\b' -Because 'a listing does not carry tags (Get-LcSensorTag reads them)'
        $text | Should -Match '(?m)^ws-finance-0042\S*\s+Windows\s+yes\s+yes\s' -Because 'the isolated sensor says so'
    }

    It 'shows detections and events at 120 columns with their ids whole' {
        $detections = Get-LcDetection -Session $S | Out-String -Width 120
        $events = Get-LcEvent -SensorId $Sids[0] -Session $S | Out-String -Width 120
        Write-Host "Get-LcDetection at 120 columns:`n$detections`nGet-LcEvent at 120 columns:`n$events"
        foreach ($d in Get-LcDetection -Session $S) { $detections | Should -Match ([regex]::Escape($d.DetectionId)) }
        foreach ($e in Get-LcEvent -SensorId $Sids[0] -Session $S) { $events | Should -Match ([regex]::Escape($e.EventId)) }
    }

    It 'shows the same time text for <Kind> in its table and its list' -ForEach @(
        @{ Kind = 'a sensor'; Get = { Get-LcSensor -SensorId $Sids[0] -Session $S }; Property = 'LastSeen' }
        @{ Kind = 'a detection'; Get = { Get-LcDetection -Session $S | Select-Object -First 1 }; Property = 'Time' }
        @{ Kind = 'an event'; Get = { Get-LcEvent -SensorId $Sids[0] -Session $S | Select-Object -First 1 }; Property = 'EventTime' }
    ) {
        $o = & $Get
        $expected = $o.$Property.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
        ($o | Format-Table | Out-String -Width 120) | Should -Match ([regex]::Escape($expected))
        ($o | Format-List | Out-String -Width 120) | Should -Match ("(?m)^$Property\s+: " + [regex]::Escape($expected) + '\s*$')
    }
}

Describe 'A secret shown once' {
    BeforeAll {
        $script:Url = Get-TestEmulatorUrl
        $script:T = New-LcEmulatorTenant -Url $Url
        $script:S = Connect-LcOrg -OrganizationId $T.OrganizationId -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
    }

    It 'New-LcApiKey warns to store the secret and its default view says where it is and that it is shown once, without printing it' {
        $key = New-LcApiKey -Name 'siem-integration' -Permission sensor.list -Session $S -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'only this once'
        "$warnings" | Should -Match "Set-Secret 'siem-integration' -SecureStringSecret \`$key\.Secret"
        $key.Secret | Should -BeOfType ([securestring])
        $plain = $key.Secret | ConvertFrom-SecureString -AsPlainText
        $text = $key | Out-String -Width 120
        $text | Should -Match '(?m)^Secret\s+: In \.Secret \(a SecureString, not printed\)\. The API shows it ONLY ONCE: store it now'
        $text | Should -Not -Match ([regex]::Escape($plain))
        ($key | Format-Table | Out-String -Width 120) | Should -Match 'in \.Secret: shown only once'
    }

    It 'New-LcApiKey -AsPlainText says the same, without printing the plain text' {
        $key = New-LcApiKey -Name 'ci-pipeline' -Permission dr.list -AsPlainText -Session $S -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match "Set-Secret 'ci-pipeline' -Secret \`$key\.Secret"
        $text = $key | Out-String -Width 120
        $text | Should -Match '(?m)^Secret\s+: In \.Secret \(plain text, not printed\)'
        $text | Should -Not -Match ([regex]::Escape($key.Secret))
    }

    It 'New-LcIngestionKey says where the key is without printing it' {
        $key = New-LcIngestionKey -Name 'syslog-dc1' -Session $S -Confirm:$false
        $plain = $key.Key | ConvertFrom-SecureString -AsPlainText
        $table = $key | Out-String -Width 120
        $table | Should -Match 'in \.Key \(SecureString\)'
        $table | Should -Not -Match ([regex]::Escape($plain))
        ($key | Format-List | Out-String -Width 120) | Should -Match '(?m)^Key\s+: In \.Key \(a SecureString, not printed\)'
    }
}

Describe 'Objects that travel' {
    BeforeAll {
        $script:Url = Get-TestEmulatorUrl
        $script:T = New-LcEmulatorTenant -Url $Url
        $script:Oid = $T.OrganizationId
        $script:S = Connect-LcOrg -OrganizationId $Oid -ApiKey $T.OrgKey -ApiUrl $Url -JwtUrl $Url -PassThru
        $script:Sid = [guid](Invoke-LcEmulator $Url "orgs/$Oid/sensors" -Body @{ sensors = @(@{ hostname = 'ws-finance-0042.corp.europe.acme-holdings.example.com'; plat = 'linux'; arch = 'arm64' }) }).sids[0]
        $now = [DateTimeOffset]::UtcNow
        $from = $now.AddHours(-2).ToUnixTimeSeconds(); $to = $now.AddMinutes(-1).ToUnixTimeSeconds()
        Invoke-LcEmulator $Url "orgs/$Oid/telemetry" -Body @{ sid = "$Sid"; count = 5; start = $from; end = $to } | Out-Null
        Invoke-LcEmulator $Url "orgs/$Oid/detections" -Body @{ count = 5; start = $from; end = $to; sids = @("$Sid") } | Out-Null
        # A cell that is a type name: System.String[], System.Collections.Generic.Dictionary`2[...], LimaCharlie.X.
        function script:Type-Name-Cells($Objects) {
            foreach ($row in $Objects | ConvertTo-Csv | ConvertFrom-Csv) {
                foreach ($p in $row.PSObject.Properties) { if ($p.Value -match '^(System|LimaCharlie)\.[\w.`\[\], =]+$') { "$($p.Name)=$($p.Value)" } }
            }
        }
    }

    It 'ConvertTo-Json writes enum names, and they come back' {
        $json = Get-LcSensor -SensorId $Sid -Session $S | ConvertTo-Json -Depth 3
        $json | Should -Match '"Platform": "Linux"'
        $json | Should -Match '"Architecture": "Arm64"'
        $back = $json | ConvertFrom-Json
        [LimaCharlie.SensorPlatform]$back.Platform | Should -Be ([LimaCharlie.SensorPlatform]::Linux)
        ($S | Select-Object Kind | ConvertTo-Json -Compress) | Should -Be '{"Kind":"Organization"}'
    }

    It 'ConvertTo-Json writes the name of every public enum of the module' {
        $enums = [LimaCharlie.Sensor].Assembly.GetExportedTypes() | Where-Object IsEnum
        $enums.Count | Should -BeGreaterThan 3
        foreach ($enum in $enums) {
            $value = [Enum]::GetValues($enum) | Select-Object -Last 1
            ([pscustomobject]@{ Value = $value } | ConvertTo-Json -Compress) | Should -Be "{`"Value`":`"$value`"}" -Because "$($enum.FullName) is written by name"
        }
    }

    It 'Export-Csv of <Kind> gives readable cells, no type names' -ForEach @(
        @{ Kind = 'sensors'; Get = { Get-LcSensor -Session $S } }
        @{ Kind = 'detections'; Get = { Get-LcDetection -Session $S } }
        @{ Kind = 'events'; Get = { Get-LcEvent -SensorId $Sid -Session $S } }
    ) {
        $objects = @(& $Get)
        $objects.Count | Should -BeGreaterThan 0
        Type-Name-Cells $objects | Should -BeNullOrEmpty
    }

    It 'Export-Csv writes the API data of an event as JSON' {
        $e = Get-LcEvent -SensorId $Sid -Session $S | Select-Object -First 1
        $row = $e | ConvertTo-Csv | ConvertFrom-Csv
        ($row.Routing | ConvertFrom-Json).sid | Should -Be "$Sid"
        ($row.Data | ConvertFrom-Json -AsHashtable).Keys | Should -Be @($e.Data.Keys)
    }
}
