# Helpers shared by the benchmark scripts of bench/.
Set-StrictMode -Version Latest

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

# Runs $Script with the emulator tenant's organization and key in the variables Connect-LcOrg reads (never on a
# command line, where other processes could read them), plus $Extra; the previous values are restored after.
function Invoke-WithTenantEnvironment($Tenant, [string] $Url, [scriptblock] $Script, [hashtable] $Extra = @{}) {
    $values = @{
        LC_OID     = "$($Tenant.OrganizationId)"
        LC_API_KEY = [pscredential]::new('k', $Tenant.OrgKey).GetNetworkCredential().Password
        LC_UID     = $null
        LC_API_URL = "$Url/"
        LC_JWT_URL = "$Url/"
    }
    foreach ($key in $Extra.Keys) { $values[$key] = $Extra[$key] }
    $saved = @{}
    foreach ($name in $values.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        foreach ($name in $values.Keys) { [Environment]::SetEnvironmentVariable($name, $values[$name]) }
        & $Script
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

Export-ModuleMember -Function Get-Median, Invoke-WithTenantEnvironment
