using LimaCharlie.Client.Yaml;
using YamlDotNet.RepresentationModel;

namespace LimaCharlie.Client.Api
{
    /// <summary>The YAML template an organization is created from (outputs, rules, extensions ... as the CLI's sync format).</summary>
    public static class OrganizationTemplate
    {
        /// <summary>Checks that the text is YAML with a mapping at the top, so a typo fails here and not half-way through creation.</summary>
        public static string Validate(string text, string origin)
        {
            var stream = YamlText.Parse(text, (why, e) => new LcConfigurationException($"The template ({origin}) is not valid YAML: {why}.",
                ErrorIds.InvalidTemplate, "Fix the YAML, or pass the path of a template file.", e));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode)
                throw new LcConfigurationException($"The template ({origin}) is not a YAML mapping of sections (version, outputs, hives, ...).",
                    ErrorIds.InvalidTemplate);
            return text;
        }
    }
}
