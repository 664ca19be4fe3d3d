# ARCHITECTURE.md stays true where a test can tell: every file and folder it names exists, and every folder of src/
# (two levels) and tests/ (one level) is described in it. Needs no built module.

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Text = Get-Content -Raw (Join-Path $Root 'ARCHITECTURE.md')
    # The repository's files as '/'-separated paths relative to the root (build output and tool folders left out).
    $script:Files = @(Get-ChildItem $Root -Recurse -File -Force |
            ForEach-Object { [System.IO.Path]::GetRelativePath($Root, $_.FullName).Replace('\', '/') } |
            Where-Object { $_ -notmatch '(^|/)(\.git|out|bin|obj|TestResults|__pycache__)/' })
    $script:Folders = @($Files | ForEach-Object { $p = $_; while ($p.Contains('/')) { $p = $p.Substring(0, $p.LastIndexOf('/')); $p } } |
            Sort-Object -Unique)
    # Every `code span` of the page.
    $script:Spans = @([regex]::Matches($Text, '`([^`\r\n]+)`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
}

Describe 'ARCHITECTURE.md' {
    It 'names only files that exist' {
        # A span that looks like a path: a known extension or a '/', no placeholder (<Area>, {oid}, *), no URL path.
        $paths = @($Spans | Where-Object {
                $_ -match '^[\w.\-/]+$' -and -not $_.StartsWith('/') -and ($_ -match '\.(cs|ps1|psm1|psd1|md|py|ps1xml|props|proj|csproj)$' -or $_.Contains('/'))
            })
        $paths.Count | Should -BeGreaterThan 40 -Because 'the page names the files of a request''s path and of each concern'
        $missing = foreach ($path in $paths) {
            $clean = $path.TrimEnd('/')
            # A full path from the root, or the tail of one (Auth/OrgPermissions.cs, LcCmdlet.cs).
            $found = $clean -in $Files -or $clean -in $Folders -or
                @($Files + $Folders | Where-Object { $_.EndsWith('/' + $clean) }).Count -gt 0
            if (-not $found) { $path }
        }
        $missing | Should -BeNullOrEmpty -Because 'a file that was moved or renamed must be renamed in ARCHITECTURE.md too'
    }

    It 'describes every folder of src/ and tests/' {
        $expected = @($Folders | Where-Object {
                ($_ -match '^src/[^/]+(/[^/]+)?$' -and $_ -notmatch '^src/[^/]+/Cmdlets/') -or $_ -match '^tests/[^/]+$'
            })
        $expected.Count | Should -BeGreaterThan 15
        $undescribed = $expected | Where-Object { $_ -notin $Spans }
        $undescribed | Should -BeNullOrEmpty -Because 'a newcomer looks for each folder in the Folders table'
    }

    It 'shows every cmdlet base class in its tree, and no other' {
        # Bases live in Infrastructure when several areas use them, next to their cmdlets when one area does.
        $sources = Get-ChildItem (Join-Path $Root 'src/LimaCharlie.PowerShell') -Recurse -Filter '*.cs'
        $bases = @($sources | Select-String -Pattern 'abstract class (Lc\w+Cmdlet)\b' | ForEach-Object { $_.Matches[0].Groups[1].Value })
        $bases.Count | Should -BeGreaterThan 5
        $tree = [regex]::Match($Text, '(?s)## Cmdlet base classes.*?```(.*?)```').Groups[1].Value
        $missing = $bases | Where-Object { $tree -notmatch "\b$_\b" }
        $missing | Should -BeNullOrEmpty -Because 'a newcomer picks a base class from that tree'
        $stale = @([regex]::Matches($tree, '\bLc\w+Cmdlet\b') | ForEach-Object Value | Where-Object { $_ -notin $bases })
        $stale | Should -BeNullOrEmpty -Because 'the tree names only bases that exist'
    }

    It 'names the bases it tells newcomers to derive from, where they are defined' {
        foreach ($class in 'LcCmdlet', 'LcSessionCmdlet', 'LcOrganizationCmdlet', 'RemoteCompleter') {
            $Text | Should -Match "\b$class\b"
            @($Files | Where-Object { $_ -match "/$class\.cs$" }).Count | Should -Be 1 -Because "$class.cs is where it is defined"
        }
    }
}
