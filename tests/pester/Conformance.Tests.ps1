# The emulator proven by the client of the real API: the official Python SDK drives every operation both implement
# against it and must parse each answer into what was seeded (tests/conformance). One test per operation.
BeforeDiscovery {
    $runner = Join-Path $PSScriptRoot '../conformance/run.py'
    $python = Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $script:Unavailable = if (-not $python) { 'python3 is not on PATH' }
    else {
        $why = & $python.Source $runner --check 2>&1
        if ($LASTEXITCODE -ne 0) { "$why" }
    }
    $script:Operations = if ($Unavailable) { @() } else {
        @(& $python.Source $runner --list | ConvertFrom-Json | ForEach-Object { @{ Op = $_.op; Area = $_.area; Reads = $_.reads } })
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Runner = Join-Path $PSScriptRoot '../conformance/run.py'
}

Describe 'The official Python SDK against the emulator' {
    It 'can run here (python3 with requests and yaml, and the SDK source)' {
        if ($Unavailable) { Set-ItResult -Skipped -Because "the conformance suite cannot run: $Unavailable" }
        $Operations.Count | Should -BeGreaterThan 0
    }

    Context 'operation' -Skip:([bool]$Unavailable) {
        BeforeAll {
            $url = Get-TestEmulatorUrl
            $out = Join-Path ([IO.Path]::GetTempPath()) "lc-conformance-$([guid]::NewGuid().ToString('n')).jsonl"
            $python = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
            $log = & $python $Runner --emulator $url --out $out 2>&1
            $script:Results = @{}
            if (Test-Path $out) {
                Get-Content $out | ForEach-Object { $r = $_ | ConvertFrom-Json; $Results[$r.op] = $r }
                Remove-Item $out
            }
            $script:RunnerLog = ($log | Out-String).Trim()
        }

        It '<Op>' -ForEach $Operations -AllowNullOrEmptyForEach {
            $result = $Results[$Op]
            if (-not $result) { throw "the runner reported nothing for this operation: $RunnerLog" }
            if ($result.status -ne 'passed') { throw "the SDK ($Reads) does not read what the emulator answers: $($result.detail)" }
        }
    }
}
