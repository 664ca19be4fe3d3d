<#
.SYNOPSIS
    Onboards a customer: a new organization, its team with roles, a scoped API key for an integration, an extension.
.DESCRIPTION
    Needs a session connected with a user API key (Connect-LcOrg -UserId ... -ApiKey ...). Writes one object: the new
    organization's id, its users and the integration key (the secret as a SecureString, shown once: store it now).
.EXAMPLE
    ./Onboard-LcCustomer.ps1 -Name acme-prod -Location usa -Team @{ 'soc-lead@acme.example' = 'Administrator'; 'analyst@acme.example' = 'Operator' }
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Name,
    [string] $Location = 'usa',
    # Email -> role (Owner, Administrator, Operator, Viewer, Basic).
    [Parameter(Mandatory)] [hashtable] $Team,
    [string] $IntegrationKeyName = 'siem-integration',
    [string[]] $IntegrationPermissions = @('sensor.list', 'sensor.get', 'insight.det.get', 'insight.evt.get'),
    [string[]] $Extension = @('ext-reliable-tasking')
)
$ErrorActionPreference = 'Stop'

$org = New-LcOrganization -Name $Name -Location $Location
$oid = $org.OrganizationId
foreach ($email in $Team.Keys) {
    Add-LcUser -OrganizationId $oid -Email $email -Role $Team[$email]
}
$key = New-LcApiKey -OrganizationId $oid -Name $IntegrationKeyName -Permission $IntegrationPermissions
Add-LcExtensionSubscription -OrganizationId $oid -Name $Extension

[pscustomobject]@{
    OrganizationId = $oid
    Name           = $org.Name
    Users          = Get-LcUser -OrganizationId $oid
    IntegrationKey = $key
    Extensions     = (Get-LcExtension -OrganizationId $oid -Subscribed).Name
}
