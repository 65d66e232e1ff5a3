using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// Creates every inference session (CLIP towers and the ResNet18 graphs) for the configured device, falling back to
/// the CPU when CUDA is unavailable.
/// </summary>
internal static class SessionFactory
{
    /// <param name="path">The ONNX file.</param>
    /// <param name="options">Device and spinning.</param>
    /// <param name="threads">Intra-op threads; 0 lets the runtime choose.</param>
    /// <param name="warn">Receives the CUDA fallback warning.</param>
    /// <param name="device">Where the session runs: CUDA only when it was asked for and could start.</param>
    public static InferenceSession Create(string path, InferenceOptions options, int threads, Action<string> warn, out ExecutionDevice device)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"Missing model file: {path}");
        }

        var sessionOptions = CreateOptions(options, threads, warn, out var usingCuda);
        try
        {
            var session = new InferenceSession(path, sessionOptions);
            device = usingCuda ? ExecutionDevice.Cuda : ExecutionDevice.Cpu;
            return session;
        }
        catch (OnnxRuntimeException e) when (usingCuda)
        {
            // The provider registered but could not initialize (no driver, no device): retry on the CPU.
            warn($"CUDA could not run {Path.GetFileName(path)} ({FirstLine(e.Message)}); using the CPU.");
            sessionOptions.Dispose();
            return Create(path, new InferenceOptions { Device = ExecutionDevice.Cpu, AllowSpinning = options.AllowSpinning }, threads, warn, out device);
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            throw new ModelLoadException($"ONNX Runtime could not load {path}: {FirstLine(e.Message)}", e);
        }
    }

    private static SessionOptions CreateOptions(InferenceOptions options, int threads, Action<string> warn, out bool usingCuda)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (threads > 0)
        {
            sessionOptions.IntraOpNumThreads = threads;
        }

        // Idle inference threads spin by default; while indexing, the decoders need those cores.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");

        usingCuda = false;
        if (options.Device == ExecutionDevice.Cuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(0);
                usingCuda = true;
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                // The CPU package has no CUDA provider; that is expected on machines without the GPU build.
                warn($"CUDA is not available ({FirstLine(e.Message)}); running on the CPU.");
            }
        }

        return sessionOptions;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd();
    }
}
