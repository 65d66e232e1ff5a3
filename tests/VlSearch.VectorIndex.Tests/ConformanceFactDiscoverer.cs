using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Discovers <see cref="ConformanceFactAttribute"/> tests, turning them into skips when a required variable is missing.</summary>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var requirement = testMethod.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<RequiresEnvironmentAttribute>();
        if (requirement is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(requirement.Variable)))
        {
            yield return new XunitSkippedDataRowTestCase(
                diagnosticMessageSink, display, displayOptions, testMethod, $"{requirement.Variable} is not set", []);
            yield break;
        }

        yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
    }
}
