<#
.SYNOPSIS
    Offboards: removes a leaver from every organization the session can reach, or tears a customer organization down.
.DESCRIPTION
    Needs a session connected with a user API key. With -Leaver, the address is removed from each organization it
    belongs to (organizations where it is not a member are skipped). With -OrganizationId, the organization's
    integration keys and extension subscriptions are removed, then the organization itself (irreversible).
    Both honour -WhatIf; without -Force each removal asks for confirmation.
.EXAMPLE
    ./Offboard-LcCustomer.ps1 -Leaver analyst@acme.example -WhatIf
.EXAMPLE
    ./Offboard-LcCustomer.ps1 -OrganizationId 7e9d1a52-3c4b-4f6e-9a8d-1b2c3d4e5f60 -Force
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High', DefaultParameterSetName = 'Leaver')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Leaver')] [string] $Leaver,
    [Parameter(Mandatory, ParameterSetName = 'Organization')] [guid] $OrganizationId,
    [switch] $Force
)
$ErrorActionPreference = 'Stop'
$common = @{ Force = $Force }

if ($PSCmdlet.ParameterSetName -eq 'Leaver') {
    Get-LcOrganization -All |
        Where-Object { Get-LcUser -OrganizationId $_.OrganizationId -Email $Leaver } |
        Remove-LcUser -Email $Leaver @common
    return
}

Get-LcApiKey -OrganizationId $OrganizationId | Remove-LcApiKey @common
$subscribed = (Get-LcExtension -OrganizationId $OrganizationId -Subscribed).Name
if ($subscribed) { Remove-LcExtensionSubscription -OrganizationId $OrganizationId -Name $subscribed @common }
Remove-LcOrganization -OrganizationId $OrganizationId @common
