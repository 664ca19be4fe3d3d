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
    no description or fewer than two examples, an example has no code block, a markdown file names a cmdlet the module
    does not export, or a file's "online version" names another page than its own.

    Get-Help -Online: each cmdlet's first related link is <ProjectUri>/blob/main/docs/help/<Cmdlet>.md, built from the
    manifest's PrivateData.PSData.ProjectUri (the one place the address is kept); the markdown files leave
    "online version:" empty.
    It warns (and goes on) when a parameter's yaml block contradicts the cmdlet (type, position, aliases, pipeline
    input, parameter sets), when an [OutputType] is not listed under OUTPUTS, and when an about topic has a code or
    table line wider than 80 columns.

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

# The markdown is read with regular expressions over whole texts rather than line by line: a script statement per line
# is what makes PowerShell slow (the first version, line by line, took three times as long).
$RxFence = [regex]::new('(?m)^[ \t]{0,3}(?<f>`{3,}|~{3,})[ \t]*(?<lang>[^\s`]*)[^\n]*\n(?<code>(?s:.*?))(?:^[ \t]{0,3}\k<f>[ \t]*(?:\n|\z)|\z)')
$RxHeading = [regex]::new('(?m)^[ ]{0,3}(?<h>#{1,3})[ \t]+(?<t>[^\n]*?)(?:[ \t]+#+)?[ \t]*$')
$RxBlankLine = [regex]::new('\n[ \t]*\n')
$RxItemStart = [regex]::new('\n(?=[ \t]*(?:[-*+]|\d+[.)])[ \t]+)')
$RxSoftBreak = [regex]::new('[ \t]*\n[ \t]*')

# Splits a markdown file into front matter, title (# heading) and sections (## headings) with their ### subsections,
# each with the text under it. Headings inside fenced code blocks are code, not headings.
function Read-MarkdownDocument([string] $Path) {
    $text = [System.IO.File]::ReadAllText($Path).Replace("`r`n", "`n").Replace("`r", "`n")
    $front = @{}
    if ($text -match '\A---[ \t]*\n(?<fm>(?s:.*?))\n---[ \t]*(?:\n|\z)') {
        foreach ($line in $Matches['fm'].Split("`n")) {
            if ($line -match '^\s*([^:#]+?)\s*:\s*(.*?)\s*$') { $front[$Matches[1]] = $Matches[2].Trim('"', "'") }
        }
        $text = $text.Substring($Matches[0].Length)
    }

    $fences = $RxFence.Matches($text)
    $headings = [System.Collections.Generic.List[System.Text.RegularExpressions.Match]]::new()
    $f = 0
    foreach ($h in $RxHeading.Matches($text)) {
        while ($f -lt $fences.Count -and $fences[$f].Index + $fences[$f].Length -le $h.Index) { $f++ }
        if ($f -lt $fences.Count -and $fences[$f].Index -le $h.Index) { continue }
        $headings.Add($h)
    }

    $doc = [pscustomobject]@{ Path = $Path; FrontMatter = $front; Title = $null; Sections = [System.Collections.Generic.List[object]]::new() }
    $section = $null
    for ($i = 0; $i -lt $headings.Count; $i++) {
        $h = $headings[$i]
        $start = $h.Index + $h.Length
        $end = if ($i + 1 -lt $headings.Count) { $headings[$i + 1].Index } else { $text.Length }
        $body = $text.Substring($start, $end - $start).Trim("`n")
        $title = $h.Groups['t'].Value
        switch ($h.Groups['h'].Length) {
            1 { if ($null -eq $doc.Title) { $doc.Title = $title }; $section = $null }
            2 {
                $section = [pscustomobject]@{ Title = $title; Text = $body; Subs = [System.Collections.Generic.List[object]]::new() }
                $doc.Sections.Add($section)
            }
            3 { if ($null -ne $section) { $section.Subs.Add([pscustomobject]@{ Title = $title; Text = $body }) } }
        }
    }
    $doc
}

# The text and fenced code blocks of a markdown text, in order.
function Split-Blocks([string] $Text) {
    $at = 0
    foreach ($m in $RxFence.Matches($Text)) {
        if ($m.Index -gt $at) { [pscustomobject]@{ Kind = 'Text'; Language = ''; Text = $Text.Substring($at, $m.Index - $at) } }
        [pscustomobject]@{ Kind = 'Code'; Language = $m.Groups['lang'].Value.ToLowerInvariant(); Text = $m.Groups['code'].Value.TrimEnd("`n") }
        $at = $m.Index + $m.Length
    }
    if ($at -lt $Text.Length) { [pscustomobject]@{ Kind = 'Text'; Language = ''; Text = $Text.Substring($at) } }
}

# The paragraphs of markdown text (no code blocks): soft line breaks become spaces, each list item is a paragraph of
# its own, and a table keeps its lines.
function ConvertTo-Paragraphs([string] $Text) {
    foreach ($chunk in $RxBlankLine.Split($Text.Trim())) {
        $chunk = $chunk.Trim()
        if ($chunk.Length -eq 0) { continue }
        if ($chunk[0] -eq '|') { $chunk -replace '(?m)^[ \t]+', ''; continue }
        foreach ($item in $RxItemStart.Split($chunk)) { $RxSoftBreak.Replace($item.Trim(), ' ') }
    }
}

# The paragraphs of markdown text with code blocks, which become paragraphs indented by four spaces.
function Get-Paragraphs([string] $Text) {
    foreach ($block in Split-Blocks $Text) {
        if ($block.Kind -eq 'Code') { $block.Text -replace '(?m)^', '    ' }
        else { ConvertTo-Paragraphs $block.Text }
    }
}

# A section's own text followed by its ### subsections (each heading a paragraph of its own).
function Get-SectionText($Section) {
    $all = [System.Text.StringBuilder]::new($Section.Text)
    foreach ($sub in $Section.Subs) { $null = $all.Append("`n`n").Append($sub.Title).Append("`n`n").Append($sub.Text) }
    $all.ToString()
}

function Find-Section($Doc, [string] $Title) {
    foreach ($s in $Doc.Sections) { if ($s.Title -eq $Title) { return $s } }
    $null
}

# Reads one cmdlet's markdown into what the MAML needs, noting problems of its own shape.
function Read-CmdletHelp([string] $Path, [string] $Name) {
    $doc = Read-MarkdownDocument $Path
    $file = [System.IO.Path]::GetFileName($Path)
    if ($doc.Title -ne $Name) { Add-Problem "$($file): the title (# heading) is '$($doc.Title)', expected '$Name'." }
    foreach ($s in $doc.Sections) {
        if ($s.Title -notin $KnownSections) { Write-Warning "$($file): unknown section '## $($s.Title)' is ignored." }
    }

    $synopsis = @()
    if ($s = Find-Section $doc 'SYNOPSIS') { $synopsis = @(Get-Paragraphs (Get-SectionText $s)) }
    $description = @()
    if ($s = Find-Section $doc 'DESCRIPTION') { $description = @(Get-Paragraphs (Get-SectionText $s)) }

    $examples = [System.Collections.Generic.List[object]]::new()
    if ($s = Find-Section $doc 'EXAMPLES') {
        foreach ($sub in $s.Subs) {
            $code = [System.Collections.Generic.List[string]]::new()
            $remarks = [System.Collections.Generic.List[string]]::new()
            foreach ($block in Split-Blocks $sub.Text) {
                if ($block.Kind -eq 'Code') { $code.Add($block.Text.Trim("`n")) }
                else { foreach ($p in ConvertTo-Paragraphs $block.Text) { $remarks.Add($p) } }
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
            $yaml = @{}
            foreach ($block in Split-Blocks $sub.Text) {
                if ($block.Kind -eq 'Code' -and $block.Language -eq 'yaml') {
                    # Only the default value is used; the rest of the block is compared with the cmdlet (drift warning).
                    foreach ($m in [regex]::Matches($block.Text, '(?m)^[ \t]*([A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(.*?)[ \t]*$')) { $yaml[$m.Groups[1].Value] = $m.Groups[2].Value }
                    if ($yaml.ContainsKey('Default value')) { $default = $yaml['Default value'] }
                }
                elseif ($block.Kind -eq 'Code') { $text.Add(($block.Text -replace '(?m)^', '    ')) }
                else { foreach ($p in ConvertTo-Paragraphs $block.Text) { $text.Add($p) } }
            }
            if ($parameters.Contains($pname)) { Add-Problem "$($file): parameter -$pname is documented twice."; continue }
            $parameters[$pname] = [pscustomobject]@{ Name = $pname; Description = $text.ToArray(); Default = $default; Yaml = $yaml }
        }
    }

    $inputs = [System.Collections.Generic.List[object]]::new()
    $outputs = [System.Collections.Generic.List[object]]::new()
    foreach ($pair in @(@('INPUTS', $inputs), @('OUTPUTS', $outputs))) {
        if ($s = Find-Section $doc $pair[0]) {
            foreach ($sub in $s.Subs) { $pair[1].Add([pscustomobject]@{ Type = $sub.Title; Description = @(Get-Paragraphs $sub.Text) }) }
        }
    }

    $notes = @()
    if ($s = Find-Section $doc 'NOTES') { $notes = @(Get-Paragraphs (Get-SectionText $s)) }

    $links = [System.Collections.Generic.List[object]]::new()
    # The online page is the markdown file itself in the project repository; a front matter that names another is stale.
    $online = $OnlineBase + [System.IO.Path]::GetFileName($Path)
    $written = if ($doc.FrontMatter.ContainsKey('online version')) { $doc.FrontMatter['online version'] } else { '' }
    if ($written -and $written -ne $online) { Add-Problem "$($file): 'online version: $written' is not the page of this file, $online (leave it empty: the build fills it in)." }
    $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $online })
    if ($s = Find-Section $doc 'RELATED LINKS') {
        foreach ($m in [regex]::Matches($s.Text, '\[([^\]]+)\]\(([^)]*)\)')) {
            $links.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value })
        }
    }

    [pscustomobject]@{
        Synopsis = $synopsis; Description = $description; Examples = $examples.ToArray(); Parameters = $parameters
        Inputs = $inputs.ToArray(); Outputs = $outputs.ToArray(); Notes = $notes; Links = $links.ToArray()
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
        $required = $p.ParameterSets.Count -gt 0
        $position = 'named'
        $byValue = $false
        $byName = $false
        foreach ($set in $p.ParameterSets.Values) {
            if (-not $set.IsMandatory) { $required = $false }
            if ($set.Position -ge 0 -and $position -eq 'named') { $position = [string]$set.Position }
            if ($set.ValueFromPipeline) { $byValue = $true }
            if ($set.ValueFromPipelineByPropertyName) { $byName = $true }
        }
        [string[]] $validValues = @()
        $globbing = $false
        foreach ($a in $p.Attributes) {
            if ($a -is [System.Management.Automation.ValidateSetAttribute]) { $validValues = $a.ValidValues }
            elseif ($a -is [System.Management.Automation.SupportsWildcardsAttribute]) { $globbing = $true }
        }
        $sets = [string[]]@(foreach ($k in $p.ParameterSets.Keys) { if ($k -eq '__AllParameterSets') { '(All)' } else { $k } })
        [Array]::Sort([Array]$sets, [StringComparer]::OrdinalIgnoreCase)
        $aliases = [string[]]@($p.Aliases)
        [Array]::Sort([Array]$aliases, [StringComparer]::OrdinalIgnoreCase)
        $pipeline = Format-Pipeline $byValue $byName
        $result[$p.Name] = [pscustomobject]@{
            Name         = $p.Name
            Type         = Get-TypeName $p.ParameterType
            IsSwitch     = $p.SwitchParameter
            Required     = $required
            Position     = $position
            Pipeline     = $pipeline
            Aliases      = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }
            Globbing     = $globbing
            ValidValues  = $validValues
            # Canonical forms for comparing with the yaml blocks of the markdown.
            AliasList    = $aliases -join ', '
            SetList      = $sets -join ', '
            PipelineList = ConvertTo-CanonicalList $pipeline
        }
    }
    $result
}

# A comma-separated list in a canonical form (trimmed, sorted, without 'none'); "True (B, A)" as "True (A, B)".
function ConvertTo-CanonicalList([string] $Value) {
    if ($Value -match '^True \((.*)\)$') { return "True ($(ConvertTo-CanonicalList $Matches[1]))" }
    $items = $Value.Split(',', [System.StringSplitOptions]::RemoveEmptyEntries -bor [System.StringSplitOptions]::TrimEntries)
    [Array]::Sort([Array]$items, [StringComparer]::OrdinalIgnoreCase)
    ($items -ne 'none') -join ', '
}

# What a parameter's yaml block says that the cmdlet's metadata contradicts (the block is only kept so that platyPS
# could read the same files; nothing but its default value is used here).
function Compare-ParameterYaml($Info, [hashtable] $Yaml) {
    if ($Yaml.Count -eq 0) { return }
    $expected = @{ 'Type' = $Info.Type; 'Position' = $Info.Position; 'Aliases' = $Info.AliasList
        'Accept pipeline input' = $Info.PipelineList; 'Parameter Sets' = $Info.SetList }
    foreach ($key in $expected.Keys) {
        if (-not $Yaml.ContainsKey($key)) { continue }
        $actual = if ($key -in 'Type', 'Position') { $Yaml[$key] } else { ConvertTo-CanonicalList $Yaml[$key] }
        if ($actual -ne $expected[$key]) { "$key is '$($Yaml[$key])', the cmdlet says '$($expected[$key])'" }
    }
}

#endregion

#region MAML writing

function Write-Paras([System.Xml.XmlWriter] $W, [string] $Name, [string[]] $Paras) {
    $W.WriteStartElement($Name.Split(':')[0], $Name.Split(':')[1], $(if ($Name.StartsWith('dev:')) { $NsDev } else { $NsMaml }))
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

# One command:parameter with the attributes of the parameters list. $InSyntax: the form syntax items use (switches
# carry no parameterValue; ValidateSet values become a parameterValueGroup, which Get-Help shows as {A | B}).
function Write-Parameter([System.Xml.XmlWriter] $W, $Info, $Doc, [bool] $InSyntax) {
    $W.WriteStartElement('command', 'parameter', $NsCommand)
    $W.WriteAttributeString('required', $Info.Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Info.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $Info.Pipeline)
    $W.WriteAttributeString('position', $Info.Position)
    $W.WriteAttributeString('aliases', $Info.Aliases)
    $W.WriteElementString('maml', 'name', $NsMaml, $Info.Name)
    Write-Paras $W 'maml:description' $Doc.Description
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

# The syntax form of a parameter, written once into a scratch document; each syntax item replays it with the
# attributes of its parameter set (Write-Parameter for every set would cost the script far more).
$Scratch = [System.Xml.XmlDocument]::new()
function New-SyntaxParameter($Info, $Doc) {
    $fragment = $Scratch.CreateDocumentFragment()
    $w = $fragment.CreateNavigator().AppendChild()
    try {
        # A wrapper declares the namespaces once, as command:command does in the help file.
        $w.WriteStartElement('command', 'wrapper', $NsCommand)
        $w.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
        $w.WriteAttributeString('xmlns', 'dev', $null, $NsDev)
        Write-Parameter $w $Info $Doc $true
        $w.WriteEndElement()
    }
    finally { $w.Dispose() }
    [System.Xml.XmlElement]$fragment.FirstChild.FirstChild
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
    Write-Paras $W 'maml:description' @($Help.Synopsis -join ' ')
    $W.WriteEndElement()

    Write-Paras $W 'maml:description' $Help.Description

    $syntaxForms = @{}
    foreach ($name in $Help.Parameters.Keys) { $syntaxForms[$name] = New-SyntaxParameter $ParamInfo[$name] $Help.Parameters[$name] }
    $W.WriteStartElement('command', 'syntax', $NsCommand)
    # The default parameter set first, as Get-Command -Syntax shows them.
    $sets = [System.Collections.Generic.List[object]]::new()
    foreach ($set in $Command.ParameterSets) { if ($set.IsDefault) { $sets.Insert(0, $set) } else { $sets.Add($set) } }
    foreach ($set in $sets) {
        $W.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $W.WriteElementString('maml', 'name', $NsMaml, $Command.Name)
        # Positional parameters by position, then mandatory ones, then the rest, each in declaration order.
        $keys = [System.Collections.Generic.List[long]]::new()
        $items = [System.Collections.Generic.List[object]]::new()
        $index = 0
        foreach ($p in $set.Parameters) {
            if ($Excluded.Contains($p.Name)) { continue }
            $key = if ($p.Position -ge 0) { [long]$p.Position * 1000 } else { 1000000 + $(if ($p.IsMandatory) { 0 } else { 100000 }) }
            $keys.Add($key + $index++)
            $items.Add($p)
        }
        $ordered = $items.ToArray()
        # The non-generic overload sorts these arrays in place (the generic one would sort copies PowerShell makes).
        [Array]::Sort([Array]$keys.ToArray(), [Array]$ordered)
        foreach ($p in $ordered) {
            $element = $syntaxForms[$p.Name]
            $element.SetAttribute('required', $p.IsMandatory.ToString().ToLowerInvariant())
            $element.SetAttribute('position', $(if ($p.Position -ge 0) { [string]$p.Position } else { 'named' }))
            $element.SetAttribute('pipelineInput', (Format-Pipeline $p.ValueFromPipeline $p.ValueFromPipelineByPropertyName))
            $element.WriteTo($W)
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $NsCommand)
    foreach ($name in $Help.Parameters.Keys) { Write-Parameter $W $ParamInfo[$name] $Help.Parameters[$name] $false }
    $W.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Help.Inputs), @('returnValues', 'returnValue', $Help.Outputs))) {
        $W.WriteStartElement('command', $kind[0], $NsCommand)
        foreach ($item in $kind[2]) {
            $W.WriteStartElement('command', $kind[1], $NsCommand)
            Write-Type $W $item.Type
            Write-Paras $W 'maml:description' $item.Description
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }

    $W.WriteStartElement('maml', 'alertSet', $NsMaml)
    Write-Paras $W 'maml:alert' $Help.Notes
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'examples', $NsCommand)
    foreach ($ex in $Help.Examples) {
        $W.WriteStartElement('command', 'example', $NsCommand)
        # Centred in dashes as Get-Help shows titles of the help that ships with PowerShell (64 columns, 2 dashes at least).
        $dashes = '-' * [Math]::Max(2, [int][Math]::Floor((62 - $ex.Title.Length) / 2))
        $W.WriteElementString('maml', 'title', $NsMaml, "$dashes $($ex.Title) $dashes")
        $W.WriteElementString('dev', 'code', $NsDev, $ex.Code)
        Write-Paras $W 'dev:remarks' $ex.Remarks
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $NsCommand)
    foreach ($link in $Help.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $NsMaml)
        $W.WriteElementString('maml', 'linkText', $NsMaml, $link.Text)
        # Links to other markdown files only make sense on a docs site; Get-Help shows absolute URIs only.
        $W.WriteElementString('maml', 'uri', $NsMaml, $(if ($link.Uri -match '^[a-z][a-z0-9+.-]*://') { $link.Uri } else { '' }))
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

#endregion

#region About topics

function Remove-InlineMarkup([string] $Text) {
    $Text -replace '\[([^\]]+)\]\((https?://[^)]*)\)', '$1 ($2)' -replace '\[([^\]]+)\]\([^)]*\)', '$1' `
        -replace '(\*\*|__)(.+?)\1', '$2' -replace '`([^`]+)`', '$1' -replace '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1'
}

# Wraps text into lines of at most $Width characters, prefixed by $First (first line) or $Rest (the others).
function Format-Wrapped([string] $Text, [string] $First, [string] $Rest, [int] $Width = 80) {
    $room = $Width - $Rest.Length
    $wrapped = [regex]::Replace($RxSoftBreak.Replace($Text.Trim(), ' '), "(?:(.{1,$room})(?: +|\z)|(\S{$($room + 1),})(?: +|\z))", "`$1`$2`n")
    $First + ($wrapped.TrimEnd("`n") -replace "`n", "`n$Rest")
}

# An about topic in the classic layout: TOPIC, then ## headings in capitals at column 0, ### headings and text
# at column 4 wrapped at 80 columns, list items with a hanging indent, tables aligned, code at column 8 as it is.
function ConvertTo-AboutText([string] $Path) {
    $doc = Read-MarkdownDocument $Path
    $out = [System.Text.StringBuilder]::new()
    $null = $out.Append("TOPIC`n    $($doc.Title)`n`n")
    $render = {
        param([string] $Text)
        $previousItem = $false
        foreach ($block in Split-Blocks $Text) {
            if ($block.Kind -eq 'Code') {
                $null = $out.Append(($block.Text -replace '(?m)^', '        ')).Append("`n`n")
                $previousItem = $false
                continue
            }
            foreach ($p in ConvertTo-Paragraphs $block.Text) {
                if ($p[0] -ne '-' -and $p[0] -ne '*' -and $p[0] -ne '+' -and -not [char]::IsDigit($p[0])) { $previousItem = $false }
                if ($p[0] -eq '|') {
                    # A table: cells without markup, columns padded to the widest cell, the separator row dropped.
                    $rows = [System.Collections.Generic.List[string[]]]::new()
                    $widths = [int[]]::new(16)
                    foreach ($row in $p.Split("`n")) {
                        if ($row -match '^\|[\s:|-]+\|?$') { continue }
                        [string[]] $cells = (Remove-InlineMarkup $row.Trim().Trim('|')).Split('|').Trim()
                        for ($c = 0; $c -lt $cells.Count; $c++) { $widths[$c] = [Math]::Max($widths[$c], $cells[$c].Length) }
                        $rows.Add($cells)
                    }
                    foreach ($cells in $rows) {
                        $line = '    '
                        for ($c = 0; $c -lt $cells.Count; $c++) { $line += $cells[$c].PadRight($widths[$c] + 2) }
                        $null = $out.Append($line.TrimEnd()).Append("`n")
                    }
                }
                elseif ($p -match '^(?<m>[-*+]|\d+[.)])\s+(?<t>.*)$') {
                    # Items of one list follow each other without a blank line.
                    if ($previousItem) { $out.Length-- }
                    $previousItem = $true
                    $bullet = if ([char]::IsDigit($Matches['m'][0])) { $Matches['m'] } else { '-' }
                    $null = $out.Append((Format-Wrapped (Remove-InlineMarkup $Matches['t']) "    $bullet " (' ' * (5 + $bullet.Length)))).Append("`n`n")
                    continue
                }
                else {
                    $null = $out.Append((Format-Wrapped (Remove-InlineMarkup $p) '    ' '    ')).Append("`n")
                }
                $null = $out.Append("`n")
            }
        }
    }
    foreach ($section in $doc.Sections) {
        $null = $out.Append($section.Title.ToUpperInvariant()).Append("`n")
        & $render $section.Text
        foreach ($sub in $section.Subs) {
            $null = $out.Append("    $(Remove-InlineMarkup $sub.Title)`n`n")
            & $render $sub.Text
        }
    }
    $result = $out.ToString().TrimEnd("`n") + "`n"
    foreach ($m in [regex]::Matches($result, '(?m)^.{81,}$')) {
        Write-Warning "$([System.IO.Path]::GetFileName($Path)): a line of a code block or table is wider than 80 columns: $($m.Value.Trim())"
    }
    $result
}

#endregion

# Only engine cmdlets and .NET calls below: the first use of a cmdlet of Microsoft.PowerShell.Management (Join-Path,
# Test-Path ...) loads that module, which alone costs about 0.3 s. Write-Warning is used only when there is a warning.
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$manifestPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
$docs = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($DocsPath)
if (-not [System.IO.File]::Exists($manifestPath)) { [Console]::Error.WriteLine("New-MamlHelp: the module manifest '$manifestPath' does not exist."); exit 1 }
if (-not [System.IO.Directory]::Exists($docs)) { [Console]::Error.WriteLine("New-MamlHelp: the docs folder '$docs' does not exist."); exit 1 }
$moduleDir = [System.IO.Path]::GetDirectoryName($manifestPath)
$module = @(Import-Module $manifestPath -PassThru -ErrorAction Stop)[0]
$commands = [System.Collections.Generic.List[System.Management.Automation.CommandInfo]]::new()
foreach ($c in $module.ExportedCmdlets.Values) { $commands.Add($c) }
foreach ($c in $module.ExportedFunctions.Values) { $commands.Add($c) }
$commands.Sort([Comparison[System.Management.Automation.CommandInfo]] { param($a, $b) [string]::CompareOrdinal($a.Name, $b.Name) })
if ($commands.Count -eq 0) { Add-Problem "The module $($module.Name) exports no commands." }
# Get-Help -Online opens docs/help/<Cmdlet>.md of the project repository, whose address is the manifest's ProjectUri.
if (-not $module.ProjectUri) { Add-Problem "The manifest of $($module.Name) has no PrivateData.PSData.ProjectUri, the base of the online help pages." }
$OnlineBase = "$($module.ProjectUri)".TrimEnd('/') + '/blob/main/docs/help/'

$entries = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    $file = [System.IO.Path]::Combine($docs, "$($command.Name).md")
    if (-not [System.IO.File]::Exists($file)) {
        Add-Problem "$($command.Name): no help file; write docs/help/$($command.Name).md."
        continue
    }
    $help = Read-CmdletHelp $file $command.Name
    $leaf = [System.IO.Path]::GetFileName($file)
    $paramInfo = Get-ParameterInfo $command
    if (-not ($help.Synopsis -join '').Trim()) { Add-Problem "$($leaf): no synopsis (## SYNOPSIS is missing or empty)." }
    if (-not ($help.Description -join '').Trim()) { Add-Problem "$($leaf): no description (## DESCRIPTION is missing or empty)." }
    if ($help.Examples.Count -lt 2) { Add-Problem "$($leaf): $($help.Examples.Count) example(s); ## EXAMPLES needs at least two ### Example sections, each with a code block." }
    foreach ($name in $paramInfo.Keys) {
        if (-not $help.Parameters.Contains($name)) { Add-Problem "$($leaf): parameter -$name is not documented (### -$name under ## PARAMETERS)." }
        elseif (-not ($help.Parameters[$name].Description -join '').Trim()) { Add-Problem "$($leaf): parameter -$name has an empty description." }
        else {
            foreach ($drift in Compare-ParameterYaml $paramInfo[$name] $help.Parameters[$name].Yaml) {
                Write-Warning "$($leaf): the yaml block of -$($name) is stale: $drift."
            }
        }
    }
    foreach ($name in @($help.Parameters.Keys)) {
        if (-not $paramInfo.Contains($name)) {
            $why = if ($Excluded.Contains($name)) { 'is a common parameter (document it under ### CommonParameters only)' } else { "does not exist on $($command.Name)" }
            Add-Problem "$($leaf): documents parameter -$name, which $why."
        }
    }
    foreach ($type in $command.OutputType) {
        $documented = $false
        foreach ($o in $help.Outputs) { if ($o.Type -eq $type.Name -or ($type.Name -eq 'System.Void' -and $o.Type -eq 'None')) { $documented = $true } }
        if (-not $documented) { Write-Warning "$($leaf): the output type $($type.Name) of $($command.Name) is not listed under ## OUTPUTS." }
    }
    $entries.Add([pscustomobject]@{ Command = $command; Help = $help; Params = $paramInfo })
}

$exported = [System.Collections.Generic.HashSet[string]]::new([string[]]@($commands.Name), [StringComparer]::OrdinalIgnoreCase)
foreach ($md in [System.IO.Directory]::GetFiles($docs, '*.md')) {
    $base = [System.IO.Path]::GetFileNameWithoutExtension($md)
    if ($base -like 'about_*' -or $exported.Contains($base)) { continue }
    Add-Problem "$([System.IO.Path]::GetFileName($md)): documents a command the module does not export (remove the file or export the command)."
}

if ($Problems.Count) {
    [Console]::Error.WriteLine("New-MamlHelp: $($Problems.Count) problem(s) in $docs; no help was written:")
    foreach ($p in $Problems) { [Console]::Error.WriteLine("  - $p") }
    exit 1
}

$outDir = [System.IO.Path]::Combine($moduleDir, $Culture)
$null = [System.IO.Directory]::CreateDirectory($outDir)
$helpFile = [System.IO.Path]::Combine($outDir, "$([System.IO.Path]::GetFileName($module.RootModule))-Help.xml")
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.NewLineChars = "`n"
# Written next to the target and moved into place only when complete, so a failure never leaves half a file.
$partial = "$helpFile.partial"
$writer = [System.Xml.XmlWriter]::Create($partial, $settings)
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
[System.IO.File]::Move($partial, $helpFile, $true)

$abouts = [System.IO.Directory]::GetFiles($docs, 'about_*.md')
foreach ($about in $abouts) {
    $target = [System.IO.Path]::Combine($outDir, [System.IO.Path]::GetFileNameWithoutExtension($about) + '.help.txt')
    [System.IO.File]::WriteAllText($target, (ConvertTo-AboutText $about), [System.Text.UTF8Encoding]::new($false))
}

[Console]::Out.WriteLine("Help: $($entries.Count) cmdlet(s) -> $helpFile; $($abouts.Count) about topic(s); $([int]$clock.Elapsed.TotalMilliseconds) ms.")
