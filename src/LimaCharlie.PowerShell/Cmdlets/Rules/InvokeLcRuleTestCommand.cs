using System;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>
    /// Runs the tests of D&amp;R rule files through the organization's replay service (nothing is deployed): each rule's
    /// own <c>tests</c> section (match, non_match) and the sample events in the folder named after the rule beside its
    /// file (<c>&lt;rule&gt;/match/*</c>, <c>&lt;rule&gt;/nomatch/*</c>). One pass/fail object per case; when any case
    /// fails, one non-terminating <c>LimaCharlie.RuleTestFailed</c> error at the end, so <c>$?</c> is false and
    /// <c>-ErrorAction Stop</c> fails a CI job. -WhatIf reads and checks the files and lists the cases without running them.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LcRuleTest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RuleTestResult))]
    public sealed class InvokeLcRuleTestCommand : LcOrganizationCmdlet
    {
        /// <summary>Rule files (wildcards allowed) or folders of them (*.yaml, *.yml, *.json).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        private int _cases;
        private readonly System.Collections.Generic.List<string> _failed = new();

        protected override object? ErrorTarget => string.Join(", ", Path);

        protected override void OnProcess()
        {
            var oid = Organization;
            foreach (var test in RuleTests.Load(RuleFiles.Resolve(this, Path), Warn))
            {
                if (test.Cases.Count == 0)
                {
                    Warn($"The rule '{test.Rule.Name}' in '{test.Path}' has no test cases: add a 'tests' section (match, non_match) or sample events in '{test.Rule.Name}/match' and '{test.Rule.Name}/nomatch' beside it.");
                    continue;
                }
                foreach (var testCase in test.Cases)
                {
                    if (!ShouldProcess(InTargetOrganization($"rule '{test.Rule.Name}', case {testCase.Name}"), "Run the test case through the replay service")) continue;
                    ForEachItem($"{test.Rule.Name} {testCase.Name}", () =>
                    {
                        var result = InOrganization(oid, (org, ct) => RuleTests.RunAsync(org, test, testCase, ct));
                        _cases++;
                        if (!result.Passed) _failed.Add($"{result.RuleName} {result.Case}" + (result.Error is null ? string.Empty : $" ({result.Error})"));
                        WriteObject(result);
                    });
                }
            }
        }

        protected override void OnEnd()
        {
            if (_failed.Count == 0) return;
            var shown = string.Join("; ", _failed.Take(10)) + (_failed.Count > 10 ? $"; and {_failed.Count - 10} more" : string.Empty);
            WriteError(ErrorRecords.FromConfiguration(
                new LcConfigurationException($"{_failed.Count} of {_cases} rule test cases failed: {shown}.", ErrorIds.RuleTestFailed),
                string.Join(", ", Path)));
        }
    }
}
