namespace VlSearch.Core;

/// <summary>Where inference runs.</summary>
public enum ExecutionDevice
{
    Cpu,
    Cuda,
}
