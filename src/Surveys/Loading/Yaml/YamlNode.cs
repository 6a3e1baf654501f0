namespace CoProduction.Surveys.Loading.Yaml;

/// <summary>
/// A minimal YAML tree with 1-based line and column of where each node starts. Built by
/// <see cref="YamlTreeReader"/> from parser events rather than YamlDotNet's representation
/// model, so duplicate keys, aliases and nesting depth are ours to report as plain errors.
/// </summary>
internal abstract record YamlNode(int Line, int Column)
{
    /// <summary>What a survey author would call this kind of value, for error messages.</summary>
    public abstract string Describe();
}

internal sealed record YamlScalar(string Value, bool IsQuoted, int Line, int Column) : YamlNode(Line, Column)
{
    /// <summary>An empty value (<c>text:</c> with nothing after it) or an unquoted null word.</summary>
    public bool IsNull => !IsQuoted && Value.Trim() is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "empty" : $"'{Value}'";
}

internal sealed record YamlList(IReadOnlyList<YamlNode> Items, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Describe() => "a list";
}

internal sealed record YamlEntry(YamlScalar Key, YamlNode Value);

internal sealed record YamlMap(IReadOnlyList<YamlEntry> Entries, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Describe() => "a group of fields";
}
