@{
    RootModule             = 'LimaCharlie.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core')
    GUID                   = '5f0a4c1e-7d3b-4a8e-9c61-2b7e4f9d8a13'
    Author                 = 'LimaCharlie PowerShell contributors'
    CompanyName            = 'Community'
    Copyright              = '(c) LimaCharlie PowerShell contributors. Apache-2.0.'
    Description            = 'Drive the LimaCharlie SecOps cloud from PowerShell: sessions that renew their own tokens, typed objects, -WhatIf, tab completion and help, over the LimaCharlie REST API.'
    PowerShellVersion      = '7.4'
    FormatsToProcess       = @('LimaCharlie.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-LcOrg'
        'Disconnect-LcOrg'
        'Get-LcSession'
        'Get-LcJwt'
        'Get-LcIdentity'
        'Get-LcOrganization'
        'New-LcOrganization'
        'Invoke-LcApi'
        'Invoke-LcQuery'
        'Get-LcSensor'
        'Find-LcSensor'
        'Remove-LcSensor'
        'Get-LcSensorTag'
        'Add-LcSensorTag'
        'Remove-LcSensorTag'
        'Get-LcTag'
        'Enable-LcSensorIsolation'
        'Disable-LcSensorIsolation'
        'Enable-LcSensorSeal'
        'Disable-LcSensorSeal'
        'Invoke-LcSensorTask'
        'Get-LcInstallationKey'
        'New-LcInstallationKey'
        'Remove-LcInstallationKey'
        'Get-LcHiveRecord'
        'Set-LcHiveRecord'
        'Rename-LcHiveRecord'
        'Remove-LcHiveRecord'
        'Get-LcDrRule'
        'Set-LcDrRule'
        'Remove-LcDrRule'
        'Get-LcFpRule'
        'Set-LcFpRule'
        'Remove-LcFpRule'
        'Get-LcOutput'
        'New-LcOutput'
        'Remove-LcOutput'
        'Get-LcOrgValue'
        'Set-LcOrgValue'
        'Export-LcOrgConfig'
        'Import-LcOrgConfig'
        'Compare-LcOrgConfig'
        'Get-LcEvent'
        'Get-LcDetection'
        'Get-LcAuditLog'
        'Get-LcEventOverview'
        'Find-LcIoc'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('LimaCharlie', 'EDR', 'SecOps', 'Security', 'SIEM', 'REST', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/limacharlie-powershell/LimaCharlie'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'Sessions, tokens, organizations, identity, Invoke-LcApi; sensors, tags, isolation, seal, tasking and installation keys; Hive records, D&R and false-positive rules, outputs and org values.'
        }
    }
}
