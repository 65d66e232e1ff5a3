namespace VlSearch.VectorIndex.Tests;

/// <summary>Skips every <see cref="ConformanceFactAttribute"/> test of the class unless the variable is set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}
