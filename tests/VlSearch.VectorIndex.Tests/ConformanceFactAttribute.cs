using Xunit.Sdk;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// A fact that is reported as skipped when its test class carries <see cref="RequiresEnvironmentAttribute"/> and
/// the variable is unset; lets an inherited conformance suite run against optional external servers.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("VlSearch.VectorIndex.Tests.ConformanceFactDiscoverer", "VlSearch.VectorIndex.Tests")]
public sealed class ConformanceFactAttribute : FactAttribute;
