<#
.SYNOPSIS
    Benchmark 1 (issue 9): the cost of Import-Module LimaCharlie in a fresh pwsh, against a bare pwsh start measured in
    the same run. For scale, the same run also measures the import of a module that ships with PowerShell
    (Microsoft.PowerShell.Utility) and of an empty manifest module (what any module costs in this pwsh: its module
    machinery is compiled on first use). Writes one result object.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')
$ModulePath = (Resolve-Path $ModulePath).Path
$pwsh = Join-Path $PSHOME 'pwsh'

function Measure-Start([string] $Command) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $pwsh -NoProfile -NonInteractive -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' exited with $LASTEXITCODE" }
    $clock.Elapsed.TotalMilliseconds
}

Measure-Start 'exit' | Out-Null   # warm the disk cache for both
$bare = [Collections.Generic.List[double]]::new()
$import = [Collections.Generic.List[double]]::new()
$reference = [Collections.Generic.List[double]]::new()
$empty = [Collections.Generic.List[double]]::new()
$emptyDir = Join-Path ([IO.Path]::GetTempPath()) "lc-bench-empty-$PID"
New-Item -ItemType Directory $emptyDir -Force | Out-Null
Set-Content (Join-Path $emptyDir 'Empty.psm1') ''
New-ModuleManifest (Join-Path $emptyDir 'Empty.psd1') -RootModule 'Empty.psm1' -FunctionsToExport @() -CmdletsToExport @() -AliasesToExport @() -VariablesToExport @()
for ($i = 0; $i -lt $Runs; $i++) {
    # Interleaved, so machine noise falls on all alike; a failed import fails the run.
    $bare.Add((Measure-Start 'exit'))
    $import.Add((Measure-Start "Import-Module '$ModulePath' -ErrorAction Stop; exit"))
    $reference.Add((Measure-Start "Import-Module Microsoft.PowerShell.Utility -ErrorAction Stop; exit"))
    $empty.Add((Measure-Start "Import-Module '$(Join-Path $emptyDir 'Empty.psd1')' -ErrorAction Stop; exit"))
}
Remove-Item $emptyDir -Recurse -Force
$bareMedian = Get-Median $bare
$importMedian = Get-Median $import
$referenceMedian = Get-Median $reference
$emptyMedian = Get-Median $empty
[pscustomobject]@{
    Benchmark    = 'Import'
    Runs         = $Runs
    BaselineMs   = [math]::Round($bareMedian)
    MeasuredMs   = [math]::Round($importMedian)
    CostMs       = [math]::Round($importMedian - $bareMedian)
    UtilityCostMs = [math]::Round($referenceMedian - $bareMedian)
    EmptyModuleCostMs = [math]::Round($emptyMedian - $bareMedian)
    Ratio        = [math]::Round($importMedian / $bareMedian, 2)
    Target       = 'import cost <= 150 ms'
    Met          = ($importMedian - $bareMedian) -le 150
} | ConvertTo-Json -Compress
