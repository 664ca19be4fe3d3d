# The template of the module manifest. The build (build/BuildTools.psm1) stamps ModuleVersion from
# Directory.Build.props, ReleaseNotes from CHANGELOG.md, CmdletsToExport from the [Cmdlet] classes of the built
# LimaCharlie.PowerShell.dll and FileList from the built module folder.
@{
    RootModule             = 'LimaCharlie.PowerShell.dll'
    ModuleVersion          = '0.0.0'
    CompatiblePSEditions   = @('Core')
    GUID                   = '5f0a4c1e-7d3b-4a8e-9c61-2b7e4f9d8a13'
    Author                 = 'LimaCharlie PowerShell contributors'
    CompanyName            = 'Community'
    Copyright              = '(c) LimaCharlie PowerShell contributors. Apache-2.0.'
    Description            = 'Drive the LimaCharlie SecOps cloud from PowerShell: sessions that renew their own tokens, typed objects, -WhatIf, tab completion and help, over the LimaCharlie REST API.'
    PowerShellVersion      = '7.6'
    FormatsToProcess       = @('LimaCharlie.format.ps1xml')
    CmdletsToExport        = @()
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    FileList               = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('LimaCharlie', 'EDR', 'SecOps', 'Security', 'SIEM', 'XDR', 'ThreatHunting', 'IncidentResponse',
                'DetectionEngineering', 'REST', 'API', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/limacharlie-powershell/LimaCharlie'
            LicenseUri   = 'https://github.com/limacharlie-powershell/LimaCharlie/blob/main/LICENSE'
            ReleaseNotes = ''
        }
    }
}
