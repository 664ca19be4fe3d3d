# The engine and its packages load in a private AssemblyLoadContext, so another module's older copy of one of our
# dependencies does not break us.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Url = Get-TestEmulatorUrl
    $script:Tenant = New-LcEmulatorTenant -Url $Url
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $script:OldDi = Join-Path $packages 'microsoft.extensions.dependencyinjection.abstractions/6.0.0/lib/net6.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll'
    $script:ModuleDir = Split-Path (Get-TestModulePath) -Parent
    function script:Plain([securestring] $s) { [Net.NetworkCredential]::new('', $s).Password }
}

Describe 'Dependency isolation' {
    It 'has the old dependency to provoke the conflict with' {
        $OldDi | Should -Exist
    }

    It 'breaks a plain load of our dependencies after the old one (the conflict is real)' {
        $result = Invoke-ChildPwsh -Script @"
Add-Type -Path '$OldDi'
Add-Type -Path '$ModuleDir/Dependencies/Microsoft.Extensions.Http.dll'
try {
    [Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions]::AddHttpClient([Microsoft.Extensions.DependencyInjection.ServiceCollection]::new()) | Out-Null
    'LOADED'
} catch { 'CONFLICT: ' + `$_.Exception.GetType().Name }
"@
        ($result.Output -join "`n") | Should -Match 'CONFLICT'
    }

    It 'works after another module loaded an older Microsoft.Extensions.DependencyInjection.Abstractions' {
        $result = Invoke-ChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$OldDi'
Import-Module '$(Get-TestModulePath)'
`$key = ConvertTo-SecureString '$(Plain $Tenant.OrgKey)' -AsPlainText -Force
Connect-LcOrg -OrganizationId '$($Tenant.OrganizationId)' -ApiKey `$key -ApiUrl '$Url' -JwtUrl '$Url'
'NAME=' + (Get-LcOrganization).Name
[AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { `$_.GetName().Name -eq 'Microsoft.Extensions.DependencyInjection.Abstractions' } |
    ForEach-Object { 'DI=' + `$_.GetName().Version + '@' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
"@
        $text = $result.Output -join "`n"
        $text | Should -Match "NAME=$($Tenant.Name)"
        $text | Should -Match 'DI=6\.0\.0\.0@Default'
        $text | Should -Match 'DI=8\.\d+\.\d+\.\d+@LimaCharlie\.Engine'
    }

    It 'keeps the public types nameable in scripts' {
        $result = Invoke-ChildPwsh -Script "Import-Module '$(Get-TestModulePath)'; [LimaCharlie.Organization].FullName; [LimaCharlie.LcApiException].FullName"
        $result.Output | Should -Contain 'LimaCharlie.Organization'
        $result.Output | Should -Contain 'LimaCharlie.LcApiException'
    }
}
