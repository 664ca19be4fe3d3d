# Every public type has a format view naming only properties it has; Format-List puts the useful fields first.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestModule
    $formatFile = Join-Path (Split-Path (Get-TestModulePath)) 'LimaCharlie.format.ps1xml'
    $script:Views = @(([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View)
    function script:Views-Of([type] $Type) { @($Views | Where-Object { $_.ViewSelectedBy.TypeName -contains $Type.FullName }) }

    # Enums print as their names and exceptions through the error view: neither needs a view of its own.
    $models = [LimaCharlie.Sensor].Assembly.GetExportedTypes() | Where-Object { -not $_.IsEnum -and -not [Exception].IsAssignableFrom($_) }
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
        @{ Type = 'AuditEntry'; First = 'Time' }
    ) {
        $list = @(Views-Of ([type]"LimaCharlie.$Type") | Where-Object { $_.ListControl })
        $list | Should -HaveCount 1
        $items = @($list[0].ListControl.ListEntries.ListEntry.ListItems.ListItem)
        ($items[0].PropertyName ?? $items[0].Label) | Should -Be $First
    }

    It 'shows a sensor in Format-List with the hostname first and a detection with its category first' {
        $sensor = [LimaCharlie.Sensor]@{ Hostname = 'web-01'; SensorId = [guid]::NewGuid(); Tags = @('vip') }
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
}
