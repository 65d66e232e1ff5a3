namespace VlSearch.Imaging.Tests;

/// <summary>Runs alone: the suite measures the process's peak memory, which other tests running beside it would move.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileImageSuiteCollection
{
    public const string Name = "hostile images";
}
