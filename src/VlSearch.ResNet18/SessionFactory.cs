using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.ResNet18;

/// <summary>Session options from <see cref="InferenceOptions"/>, with the CUDA request degrading to CPU.</summary>
internal static class SessionFactory
{
    public static ExecutionDevice Open(string path, InferenceOptions options, Action<string> warn, out InferenceSession session)
    {
        if (options.Device == ExecutionDevice.Cuda)
        {
            try
            {
                using var cudaOptions = Create(options);
                cudaOptions.AppendExecutionProvider_CUDA(0);
                session = new InferenceSession(path, cudaOptions);
                return ExecutionDevice.Cuda;
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                // The CPU build of ONNX Runtime has no CUDA provider, and a machine may lack the driver: run on the CPU.
                warn($"CUDA is not available for {Path.GetFileName(path)} ({FirstLine(e.Message)}); running on the CPU.");
            }
        }

        using var cpuOptions = Create(options);
        session = new InferenceSession(path, cpuOptions);
        return ExecutionDevice.Cpu;
    }

    private static SessionOptions Create(InferenceOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        sessionOptions.IntraOpNumThreads = options.EffectiveImageThreads;

        // Idle inference threads spin by default; while indexing, the decoders need those cores.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");

        return sessionOptions;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd();
    }
}
