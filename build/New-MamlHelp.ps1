<#
.SYNOPSIS
    Turns the platyPS-layout markdown in docs/help into the module's MAML help and about topics, without platyPS.
.DESCRIPTION
    Imports the built module and, for every exported cmdlet, reads docs/help/<Cmdlet>.md (platyPS v1 layout) and
    writes one MAML file, <module dir>/en-US/<RootModule>-Help.xml, shaped like the files platyPS's New-ExternalHelp
    makes. Every about_*.md in the docs folder becomes <module dir>/en-US/about_*.help.txt (plain text, 80 columns).

    What cannot drift comes from the cmdlets themselves (Get-Command metadata): syntax (one item per parameter set),
    parameter types, mandatory, position, pipeline input, aliases, wildcard support, ValidateSet values. What people
    write comes from the markdown: synopsis, description, examples, parameter descriptions and default values
    ("Default value:" of a parameter's yaml block; the rest of that block and the SYNTAX section are ignored), inputs,
    outputs, notes and related links.

    The script fails (exit code 1) and lists every problem when an exported cmdlet has no markdown file, a parameter
    (common parameters excepted; WhatIf and Confirm included, as platyPS documents them) has no "### -Name" section or
    an empty description, the markdown documents a parameter the cmdlet does not have, a cmdlet has no synopsis,
    no description or no example with code, or a markdown file names a cmdlet the module does not export.

    Run it in a fresh pwsh (a binary module cannot be unloaded):
        pwsh -NoProfile -NonInteractive -File build/New-MamlHelp.ps1 -ModulePath out/LimaCharlie/LimaCharlie.psd1 -DocsPath docs/help
#>
[CmdletBinding()]
param(
    # The built module manifest (.psd1).
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # The folder of <Cmdlet>.md and about_*.md files.
    [Parameter(Mandatory)]
    [string] $DocsPath,

    # The culture folder written under the module folder.
    [string] $Culture = 'en-US'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$NsMSHelp = 'http://msdn.microsoft.com/mshelp'
$Excluded = [System.Collections.Generic.HashSet[string]]::new([string[]](@([System.Management.Automation.PSCmdlet]::CommonParameters) + 'UseTransaction'), [StringComparer]::OrdinalIgnoreCase)
$KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$Problems = [System.Collections.Generic.List[string]]::new()

function Add-Problem([string] $Text) { $Problems.Add($Text) }

#region Markdown reading

# Splits a markdown file into front matter, title and sections (## headings) with their ### subsections.
# Headings inside fenced code blocks are text, not headings.
function Read-MarkdownDocument([string] $Path) {
    $lines = [System.IO.File]::ReadAllLines($Path)
    $doc = [ordered]@{ Path = $Path; FrontMatter = @{}; Title = $null; Sections = [System.Collections.Generic.List[object]]::new() }
    $i = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $lines.Count -and $lines[$i].Trim() -ne '---'; $i++) {
            if ($lines[$i] -match '^\s*([^:#]+?)\s*:\s*(.*?)\s*$') { $doc.FrontMatter[$Matches[1]] = $Matches[2].Trim('"', "'") }
        }
        $i++
    }

    $fence = $null
    $section = $null
    $sub = $null
    for (; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($null -eq $fence -and $line -match '^\s*(#{1,3})\s+(.+?)\s*#*\s*$') {
            $level = $Matches[1].Length
            $text = $Matches[2]
            if ($level -eq 1) {
                if ($null -eq $doc.Title) { $doc.Title = $text }
                $section = $null; $sub = $null
                continue
            }
            if ($level -eq 2) {
                $section = [ordered]@{ Title = $text; Lines = [System.Collections.Generic.List[string]]::new(); Subs = [System.Collections.Generic.List[object]]::new() }
                $doc.Sections.Add($section)
                $sub = $null
                continue
            }
            if ($null -ne $section) {
                $sub = [ordered]@{ Title = $text; Lines = [System.Collections.Generic.List[string]]::new() }
                $section.Subs.Add($sub)
                continue
            }
        }
        if ($line -match '^\s*(```+|~~~+)') {
            $marker = $Matches[1]
            if ($null -eq $fence) { $fence = $marker } elseif ($marker.StartsWith($fence)) { $fence = $null }
        }
        if ($null -ne $sub) { $sub.Lines.Add($line) } elseif ($null -ne $section) { $section.Lines.Add($line) }
    }
    [pscustomobject]$doc
}

# Text and fenced code blocks of a run of markdown lines, in order.
function Split-Blocks([string[]] $Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $text = [System.Collections.Generic.List[string]]::new()
    $code = $null
    foreach ($line in $Lines) {
        if ($null -eq $code) {
            if ($line -match '^\s*(```+|~~~+)\s*([^\s`]*)') {
                if ($text.Count) { $blocks.Add([pscustomobject]@{ Kind = 'Text'; Language = ''; Lines = $text.ToArray() }); $text.Clear() }
                $code = [pscustomobject]@{ Kind = 'Code'; Language = $Matches[2].ToLowerInvariant(); Fence = $Matches[1]; Lines = [System.Collections.Generic.List[string]]::new() }
            }
            else { $text.Add($line) }
        }
        elseif ($line.Trim().StartsWith($code.Fence) -and $line.Trim().Trim($code.Fence[0]).Length -eq 0) {
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Language = $code.Language; Lines = $code.Lines.ToArray() })
            $code = $null
        }
        else { $code.Lines.Add($line) }
    }
    if ($null -ne $code) { $blocks.Add([pscustomobject]@{ Kind = 'Code'; Language = $code.Language; Lines = $code.Lines.ToArray() }) }
    if ($text.Count) { $blocks.Add([pscustomobject]@{ Kind = 'Text'; Language = ''; Lines = $text.ToArray() }) }
    $blocks
}

# Paragraphs of markdown text as MAML paras: soft line breaks become spaces, each list item is its own para,
# tables keep their lines.
function ConvertTo-Paragraphs([string[]] $Lines) {
    $paras = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $kind = $null
    $flush = {
        if ($current.Count) {
            $paras.Add($(if ($kind -eq 'table') { $current -join "`n" } else { ($current -join ' ').Trim() }))
            $current.Clear()
        }
    }
    foreach ($raw in $Lines) {
        $line = $raw.TrimEnd()
        if ($line.Trim().Length -eq 0) { & $flush; $kind = $null; continue }
        $trimmed = $line.TrimStart()
        if ($trimmed.StartsWith('|')) {
            if ($kind -ne 'table') { & $flush; $kind = 'table' }
            $current.Add($trimmed)
        }
        elseif ($trimmed -match '^([-*+]|\d+[.)])\s+') {
            & $flush; $kind = 'item'
            $current.Add($trimmed)
        }
        else {
            if ($kind -eq 'table') { & $flush; $kind = 'text' }
            $current.Add($trimmed)
        }
    }
    & $flush
    , $paras.ToArray()
}

function Get-Paragraphs([string[]] $Lines) {
    $paras = [System.Collections.Generic.List[string]]::new()
    foreach ($block in Split-Blocks $Lines) {
        if ($block.Kind -eq 'Code') { $paras.Add((($block.Lines | ForEach-Object { "    $_" }) -join "`n")) }
        else { foreach ($p in ConvertTo-Paragraphs $block.Lines) { $paras.Add($p) } }
    }
    , $paras.ToArray()
}

function Find-Section($Doc, [string] $Title) {
    foreach ($s in $Doc.Sections) { if ($s.Title -eq $Title) { return $s } }
    $null
}

# Reads one cmdlet's markdown into what the MAML needs, noting problems of its own shape.
function Read-CmdletHelp([string] $Path, [string] $Name) {
    $doc = Read-MarkdownDocument $Path
    $file = Split-Path $Path -Leaf
    if ($doc.Title -ne $Name) { Add-Problem "$($file): the title (# heading) is '$($doc.Title)', expected '$Name'." }
    foreach ($s in $doc.Sections) {
        if ($s.Title -notin $KnownSections) { Write-Warning "$($file): unknown section '## $($s.Title)' is ignored." }
    }

    $synopsis = @()
    if ($s = Find-Section $doc 'SYNOPSIS') { $synopsis = Get-Paragraphs $s.Lines }
    $description = @()
    if ($s = Find-Section $doc 'DESCRIPTION') { $description = Get-Paragraphs ($s.Lines + @($s.Subs | ForEach-Object { ''; "$($_.Title)"; ''; $_.Lines })) }

    $examples = [System.Collections.Generic.List[object]]::new()
    if ($s = Find-Section $doc 'EXAMPLES') {
        foreach ($sub in $s.Subs) {
            $code = [System.Collections.Generic.List[string]]::new()
            $remarks = [System.Collections.Generic.List[string]]::new()
            foreach ($block in Split-Blocks $sub.Lines) {
                if ($block.Kind -eq 'Code') { $code.Add(($block.Lines -join "`n").Trim("`n")) }
                else { foreach ($p in ConvertTo-Paragraphs $block.Lines) { $remarks.Add($p) } }
            }
            if ($code.Count -eq 0) { Add-Problem "$($file): example '$($sub.Title)' has no code block." }
            $examples.Add([pscustomobject]@{ Title = $sub.Title; Code = $code -join "`n`n"; Remarks = $remarks.ToArray() })
        }
    }

    $parameters = [ordered]@{}
    if ($s = Find-Section $doc 'PARAMETERS') {
        foreach ($sub in $s.Subs) {
            if ($sub.Title -notmatch '^-(\S+)$') { continue }   # ### CommonParameters and the like
            $pname = $Matches[1]
            $text = [System.Collections.Generic.List[string]]::new()
            $default = $null
            foreach ($block in Split-Blocks $sub.Lines) {
                if ($block.Kind -eq 'Code' -and $block.Language -eq 'yaml') {
                    foreach ($y in $block.Lines) { if ($y -match '^\s*Default value\s*:\s*(.*?)\s*$') { $default = $Matches[1] } }
                }
                elseif ($block.Kind -eq 'Code') { $text.Add((($block.Lines | ForEach-Object { "    $_" }) -join "`n")) }
                else { foreach ($p in ConvertTo-Paragraphs $block.Lines) { $text.Add($p) } }
            }
            if ($parameters.Contains($pname)) { Add-Problem "$($file): parameter -$pname is documented twice."; continue }
            $parameters[$pname] = [pscustomobject]@{ Name = $pname; Description = $text.ToArray(); Default = $default }
        }
    }

    $typed = {
        param($section)
        $items = [System.Collections.Generic.List[object]]::new()
        if ($section) {
            foreach ($sub in $section.Subs) { $items.Add([pscustomobject]@{ Type = $sub.Title; Description = Get-Paragraphs $sub.Lines }) }
        }
        , $items.ToArray()
    }
    $inputs = & $typed (Find-Section $doc 'INPUTS')
    $outputs = & $typed (Find-Section $doc 'OUTPUTS')

    $notes = @()
    if ($s = Find-Section $doc 'NOTES') { $notes = Get-Paragraphs ($s.Lines + @($s.Subs | ForEach-Object { ''; $_.Title; ''; $_.Lines })) }

    $links = [System.Collections.Generic.List[object]]::new()
    $online = if ($doc.FrontMatter.ContainsKey('online version')) { $doc.FrontMatter['online version'] } else { '' }
    if ($online) { $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $online }) }
    if ($s = Find-Section $doc 'RELATED LINKS') {
        foreach ($line in $s.Lines) {
            foreach ($m in [regex]::Matches($line, '\[([^\]]+)\]\(([^)]*)\)')) {
                $links.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value })
            }
        }
    }

    [pscustomobject]@{
        Synopsis = $synopsis; Description = $description; Examples = $examples.ToArray(); Parameters = $parameters
        Inputs = $inputs; Outputs = $outputs; Notes = $notes; Links = $links.ToArray()
    }
}

#endregion

#region Metadata

function Get-TypeName([type] $Type) {
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { $Type = $Type.GetGenericArguments()[0] }
    if ($Type.IsArray) { return (Get-TypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        return $Type.Name.Split('`')[0] + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-TypeName $_ }) -join ', ') + ']'
    }
    $Type.Name
}

function Format-Pipeline([bool] $ByValue, [bool] $ByName) {
    if ($ByValue -and $ByName) { 'True (ByValue, ByPropertyName)' }
    elseif ($ByValue) { 'True (ByValue)' }
    elseif ($ByName) { 'True (ByPropertyName)' }
    else { 'False' }
}

# The documented (non-common) parameters of a cmdlet with what the help shows about each, from its metadata.
function Get-ParameterInfo([System.Management.Automation.CommandInfo] $Command) {
    $result = [ordered]@{}
    foreach ($p in $Command.Parameters.Values) {
        if ($Excluded.Contains($p.Name)) { continue }
        $sets = @($p.ParameterSets.Values)
        $validate = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1)
        $positions = @($sets | Where-Object { $_.Position -ge 0 } | ForEach-Object Position)
        $result[$p.Name] = [pscustomobject]@{
            Name      = $p.Name
            Type      = Get-TypeName $p.ParameterType
            IsSwitch  = $p.SwitchParameter
            Required  = $sets.Count -gt 0 -and @($sets | Where-Object { -not $_.IsMandatory }).Count -eq 0
            Position  = if ($positions.Count) { [string]$positions[0] } else { 'named' }
            Pipeline  = Format-Pipeline (@($sets | Where-Object ValueFromPipeline).Count -gt 0) (@($sets | Where-Object ValueFromPipelineByPropertyName).Count -gt 0)
            Aliases   = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }
            Globbing  = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            ValidValues = if ($validate.Count) { @($validate[0].ValidValues) } else { @() }
        }
    }
    $result
}

#endregion

#region MAML writing

function Write-Paras([System.Xml.XmlWriter] $W, [string[]] $Paras) {
    $W.WriteStartElement('maml', 'description', $NsMaml)
    if (-not $Paras -or $Paras.Count -eq 0) { $W.WriteElementString('maml', 'para', $NsMaml, '') }
    foreach ($p in $Paras) { $W.WriteElementString('maml', 'para', $NsMaml, $p) }
    $W.WriteEndElement()
}

function Write-Type([System.Xml.XmlWriter] $W, [string] $Name) {
    $W.WriteStartElement('dev', 'type', $NsDev)
    $W.WriteElementString('maml', 'name', $NsMaml, $Name)
    $W.WriteStartElement('maml', 'uri', $NsMaml); $W.WriteEndElement()
    $W.WriteEndElement()
}

# One command:parameter. $InSyntax: the syntax item form (per parameter set; switches carry no parameterValue).
function Write-Parameter([System.Xml.XmlWriter] $W, $Info, $Doc, [bool] $Required, [string] $Position, [string] $Pipeline, [bool] $InSyntax) {
    $W.WriteStartElement('command', 'parameter', $NsCommand)
    $W.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Info.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $Pipeline)
    $W.WriteAttributeString('position', $Position)
    $W.WriteAttributeString('aliases', $Info.Aliases)
    $W.WriteElementString('maml', 'name', $NsMaml, $Info.Name)
    Write-Paras $W $Doc.Description
    if ($InSyntax -and $Info.ValidValues.Count) {
        $W.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($v in $Info.ValidValues) {
            $W.WriteStartElement('command', 'parameterValue', $NsCommand)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $NsCommand, 'false')
            $W.WriteString([string]$v)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $Info.IsSwitch)) {
        $W.WriteStartElement('command', 'parameterValue', $NsCommand)
        $W.WriteAttributeString('required', (-not $Info.IsSwitch).ToString().ToLowerInvariant())
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($Info.Type)
        $W.WriteEndElement()
    }
    Write-Type $W $Info.Type
    $default = if ($Doc.Default) { $Doc.Default } elseif ($Info.IsSwitch) { 'False' } else { 'None' }
    $W.WriteElementString('dev', 'defaultValue', $NsDev, $default)
    $W.WriteEndElement()
}

function Write-Command([System.Xml.XmlWriter] $W, [System.Management.Automation.CommandInfo] $Command, $Help, $ParamInfo) {
    $W.WriteStartElement('command', 'command', $NsCommand)
    $W.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
    $W.WriteAttributeString('xmlns', 'command', $null, $NsCommand)
    $W.WriteAttributeString('xmlns', 'dev', $null, $NsDev)
    $W.WriteAttributeString('xmlns', 'MSHelp', $null, $NsMSHelp)

    $W.WriteStartElement('command', 'details', $NsCommand)
    $W.WriteElementString('command', 'name', $NsCommand, $Command.Name)
    $W.WriteElementString('command', 'verb', $NsCommand, $Command.Verb)
    $W.WriteElementString('command', 'noun', $NsCommand, $Command.Noun)
    Write-Paras $W @($Help.Synopsis -join ' ')
    $W.WriteEndElement()

    Write-Paras $W $Help.Description

    $W.WriteStartElement('command', 'syntax', $NsCommand)
    $sets = @($Command.ParameterSets)
    $default = $Command.DefaultParameterSet
    $sets = @($sets | Where-Object Name -eq $default) + @($sets | Where-Object Name -ne $default)
    foreach ($set in $sets) {
        $W.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $W.WriteElementString('maml', 'name', $NsMaml, $Command.Name)
        $index = 0
        $ordered = $set.Parameters | Where-Object { -not $Excluded.Contains($_.Name) } |
            ForEach-Object { [pscustomobject]@{ P = $_; I = $index++ } } |
            Sort-Object @{ Expression = { if ($_.P.Position -ge 0) { 0 } else { 1 } } }, @{ Expression = { $_.P.Position } },
            @{ Expression = { if ($_.P.IsMandatory) { 0 } else { 1 } } }, @{ Expression = { $_.I } }
        foreach ($entry in $ordered) {
            $p = $entry.P
            $position = if ($p.Position -ge 0) { [string]$p.Position } else { 'named' }
            Write-Parameter $W $ParamInfo[$p.Name] $Help.Parameters[$p.Name] $p.IsMandatory $position `
                (Format-Pipeline $p.ValueFromPipeline $p.ValueFromPipelineByPropertyName) $true
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $NsCommand)
    foreach ($name in $Help.Parameters.Keys) {
        $info = $ParamInfo[$name]
        Write-Parameter $W $info $Help.Parameters[$name] $info.Required $info.Position $info.Pipeline $false
    }
    $W.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Help.Inputs), @('returnValues', 'returnValue', $Help.Outputs))) {
        $W.WriteStartElement('command', $kind[0], $NsCommand)
        foreach ($item in $kind[2]) {
            $W.WriteStartElement('command', $kind[1], $NsCommand)
            Write-Type $W $item.Type
            Write-Paras $W $item.Description
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }

    $W.WriteStartElement('maml', 'alertSet', $NsMaml)
    $W.WriteStartElement('maml', 'alert', $NsMaml)
    if (-not $Help.Notes -or $Help.Notes.Count -eq 0) { $W.WriteElementString('maml', 'para', $NsMaml, '') }
    foreach ($p in $Help.Notes) { $W.WriteElementString('maml', 'para', $NsMaml, $p) }
    $W.WriteEndElement()
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'examples', $NsCommand)
    foreach ($ex in $Help.Examples) {
        $W.WriteStartElement('command', 'example', $NsCommand)
        $W.WriteElementString('maml', 'title', $NsMaml, "-------------------------- $($ex.Title) --------------------------")
        $W.WriteElementString('dev', 'code', $NsDev, $ex.Code)
        $W.WriteStartElement('dev', 'remarks', $NsDev)
        if ($ex.Remarks.Count -eq 0) { $W.WriteElementString('maml', 'para', $NsMaml, '') }
        foreach ($p in $ex.Remarks) { $W.WriteElementString('maml', 'para', $NsMaml, $p) }
        $W.WriteEndElement()
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $NsCommand)
    foreach ($link in $Help.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $NsMaml)
        $W.WriteElementString('maml', 'linkText', $NsMaml, $link.Text)
        $W.WriteElementString('maml', 'uri', $NsMaml, $link.Uri)
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

#endregion

#region About topics

function Remove-InlineMarkup([string] $Text) {
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]*)\)', { param($m) if ($m.Groups[2].Value -match '^https?://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    $Text = [regex]::Replace($Text, '(\*\*|__)(.+?)\1', '$2')
    $Text = [regex]::Replace($Text, '`([^`]+)`', '$1')
    $Text -replace '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1'
}

function Format-Wrapped([string] $Text, [int] $Indent, [int] $Hanging, [int] $Width = 80) {
    $words = $Text -split '\s+' | Where-Object { $_ }
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $fresh = $true
    foreach ($word in $words) {
        if (-not $fresh -and $line.Length + 1 + $word.Length -gt $Width) {
            $lines.Add($line.TrimEnd())
            $line = ' ' * $Hanging
            $fresh = $true
        }
        $line = if ($fresh) { $line + $word } else { "$line $word" }
        $fresh = $false
    }
    if (-not $fresh) { $lines.Add($line.TrimEnd()) }
    $lines
}

# An about topic in the classic layout: TOPIC, then ## headings in capitals at column 0, ### headings and text
# at column 4 wrapped at 80 columns, list items with a hanging indent, code and tables at column 8, unwrapped.
function ConvertTo-AboutText([string] $Path) {
    $doc = Read-MarkdownDocument $Path
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC'); $out.Add("    $($doc.Title)"); $out.Add('')
    $render = {
        param([string[]] $Lines)
        foreach ($block in Split-Blocks $Lines) {
            if ($block.Kind -eq 'Code') {
                foreach ($l in $block.Lines) { $out.Add(("        $l").TrimEnd()) }
                $out.Add('')
                continue
            }
            foreach ($p in ConvertTo-Paragraphs $block.Lines) {
                if ($p.StartsWith('|')) {
                    foreach ($row in $p -split "`n") {
                        if ($row -match '^\|[\s:|-]+\|?$') { continue }
                        $cells = ($row.Trim().Trim('|') -split '\|' | ForEach-Object { Remove-InlineMarkup $_.Trim() })
                        $out.Add(("        " + ($cells -join ' | ')).TrimEnd())
                    }
                }
                elseif ($p -match '^([-*+]|\d+[.)])\s+(.*)$') {
                    $bullet = if ($Matches[1] -match '^\d') { $Matches[1] } else { '-' }
                    $indent = 4 + $bullet.Length + 1
                    $first = Format-Wrapped "$bullet $(Remove-InlineMarkup $Matches[2])" 4 $indent
                    foreach ($l in $first) { $out.Add($l) }
                }
                else {
                    foreach ($l in Format-Wrapped (Remove-InlineMarkup $p) 4 4) { $out.Add($l) }
                }
                $out.Add('')
            }
        }
    }
    foreach ($section in $doc.Sections) {
        $out.Add($section.Title.ToUpperInvariant())
        & $render $section.Lines
        foreach ($sub in $section.Subs) {
            $out.Add("    $(Remove-InlineMarkup $sub.Title)")
            $out.Add('')
            & $render $sub.Lines
        }
    }
    while ($out.Count -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    foreach ($l in $out) { if ($l.Length -gt 80) { Write-Warning "$(Split-Path $Path -Leaf): a line of a code block or table is wider than 80 columns: $l" } }
    ($out -join "`n") + "`n"
}

#endregion

$clock = [System.Diagnostics.Stopwatch]::StartNew()
$manifestPath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$docs = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
$moduleDir = Split-Path $manifestPath -Parent
$module = Import-Module $manifestPath -PassThru -ErrorAction Stop | Select-Object -First 1
$commands = @($module.ExportedCmdlets.Values + $module.ExportedFunctions.Values | Sort-Object Name)
if ($commands.Count -eq 0) { Add-Problem "The module $($module.Name) exports no commands." }

$entries = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    $file = Join-Path $docs "$($command.Name).md"
    if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
        Add-Problem "$($command.Name): no help file; write docs/help/$($command.Name).md."
        continue
    }
    $help = Read-CmdletHelp $file $command.Name
    $leaf = Split-Path $file -Leaf
    $paramInfo = Get-ParameterInfo $command
    if (-not ($help.Synopsis -join '').Trim()) { Add-Problem "$($leaf): no synopsis (## SYNOPSIS is missing or empty)." }
    if (-not ($help.Description -join '').Trim()) { Add-Problem "$($leaf): no description (## DESCRIPTION is missing or empty)." }
    if ($help.Examples.Count -eq 0) { Add-Problem "$($leaf): no example (## EXAMPLES needs at least one ### Example with a code block)." }
    foreach ($name in $paramInfo.Keys) {
        if (-not $help.Parameters.Contains($name)) { Add-Problem "$($leaf): parameter -$name is not documented (### -$name under ## PARAMETERS)." }
        elseif (-not ($help.Parameters[$name].Description -join '').Trim()) { Add-Problem "$($leaf): parameter -$name has an empty description." }
    }
    foreach ($name in @($help.Parameters.Keys)) {
        if (-not $paramInfo.Contains($name)) {
            $why = if ($Excluded.Contains($name)) { 'is a common parameter (document it under ### CommonParameters only)' } else { "does not exist on $($command.Name)" }
            Add-Problem "$($leaf): documents parameter -$name, which $why."
        }
        elseif ($name -cne $paramInfo[$name].Name) {
            # Same parameter, other capitalization: show the cmdlet's spelling.
            $help.Parameters[$name] | Add-Member -Force -NotePropertyName Name -NotePropertyValue $paramInfo[$name].Name
        }
    }
    foreach ($type in @($command.OutputType)) {
        $documented = @($help.Outputs | Where-Object { $_.Type -eq $type.Name -or ($type.Name -eq 'System.Void' -and $_.Type -eq 'None') })
        if ($documented.Count -eq 0) { Write-Warning "$($leaf): the output type $($type.Name) of $($command.Name) is not listed under ## OUTPUTS." }
    }
    $entries.Add([pscustomobject]@{ Command = $command; Help = $help; Params = $paramInfo })
}

$exported = [System.Collections.Generic.HashSet[string]]::new([string[]]@($commands.Name), [StringComparer]::OrdinalIgnoreCase)
foreach ($md in Get-ChildItem -LiteralPath $docs -Filter '*.md' -File) {
    if ($md.BaseName -like 'about_*' -or $exported.Contains($md.BaseName)) { continue }
    Add-Problem "$($md.Name): documents a command the module does not export (remove the file or export the command)."
}

if ($Problems.Count) {
    [Console]::Error.WriteLine("New-MamlHelp: $($Problems.Count) problem(s) in $docs; no help was written:")
    foreach ($p in $Problems) { [Console]::Error.WriteLine("  - $p") }
    exit 1
}

$outDir = Join-Path $moduleDir $Culture
New-Item -ItemType Directory -Path $outDir -Force | Out-Null
$helpFile = Join-Path $outDir "$([IO.Path]::GetFileName($manifest.RootModule))-Help.xml"
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.NewLineChars = "`n"
$writer = [System.Xml.XmlWriter]::Create($helpFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($e in $entries) {
        # Name the parameters as the cmdlet spells them.
        $byName = [ordered]@{}
        foreach ($k in $e.Help.Parameters.Keys) { $byName[$e.Params[$k].Name] = $e.Help.Parameters[$k] }
        $e.Help.Parameters = $byName
        Write-Command $writer $e.Command $e.Help $e.Params
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

$abouts = @(Get-ChildItem -LiteralPath $docs -Filter 'about_*.md' -File)
foreach ($about in $abouts) {
    $target = Join-Path $outDir "$($about.BaseName).help.txt"
    [System.IO.File]::WriteAllText($target, (ConvertTo-AboutText $about.FullName), [System.Text.UTF8Encoding]::new($false))
}

Write-Host "Help: $($entries.Count) cmdlet(s) -> $helpFile; $($abouts.Count) about topic(s); $([int]$clock.Elapsed.TotalMilliseconds) ms."
