using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.ResNet18;

/// <summary>Session options from <see cref="InferenceOptions"/>, with the CUDA request degrading to CPU.</summary>
internal static class SessionFactory
{
    public static ExecutionDevice Open(string path, InferenceOptions options, out InferenceSession session)
    {
        var device = options.Device;
        if (device == ExecutionDevice.Cuda)
        {
            try
            {
                using var cudaOptions = Create(options);
                cudaOptions.AppendExecutionProvider_CUDA();
                session = new InferenceSession(path, cudaOptions);
                return ExecutionDevice.Cuda;
            }
            catch (OnnxRuntimeException)
            {
                // The CPU build of ONNX Runtime has no CUDA provider; the contract is to fall back to CPU.
                device = ExecutionDevice.Cpu;
            }
            catch (EntryPointNotFoundException)
            {
                device = ExecutionDevice.Cpu;
            }
        }

        using var cpuOptions = Create(options);
        session = new InferenceSession(path, cpuOptions);
        return device;
    }

    private static SessionOptions Create(InferenceOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.Threads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.Threads;
        }

        return sessionOptions;
    }
}
