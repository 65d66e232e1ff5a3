using System.Diagnostics;
using System.Text.Json.Nodes;
using VlSearch.Testing;

namespace VlSearch.Deploy.Tests;

/// <summary>
/// The client tools the deploy checks run: kubectl (kustomize rendering), node with the offline schema validator
/// (tools/k8s-validate, its packages installed by .ci/setup.sh) and docker-compose. None needs a cluster or an engine.
/// </summary>
public static class DeployTools
{
    /// <summary>Where .ci/setup.sh installs the validator's packages.</summary>
    public static string ValidatorPackages =>
        Environment.GetEnvironmentVariable("VLSEARCH_K8S_TOOLS") is { Length: > 0 } set ? set : "/tmp/vlsearch-k8s-tools";

    /// <summary>Why the Kubernetes checks cannot run here, or null.</summary>
    public static string? KubernetesSkipReason =>
        !OnPath("kubectl") ? "kubectl is not installed (.ci/setup.sh installs it)"
        : !OnPath("node") ? "node is not installed"
        : !Directory.Exists(Path.Combine(ValidatorPackages, "node_modules", "kubernetes-models")) ? $"the schema validator's packages are not in {ValidatorPackages} (.ci/setup.sh installs them)"
        : null;

    /// <summary>Why the compose checks cannot run here, or null.</summary>
    public static string? ComposeSkipReason => OnPath("docker-compose") ? null : "docker-compose is not installed (.ci/setup.sh installs it)";

    /// <summary>Renders an overlay of deploy/k8s with kubectl's built-in kustomize.</summary>
    public static string Render(string overlay)
    {
        var (code, output, error) = Run("kubectl", ["kustomize", RepositoryPaths.Combine("deploy", "k8s", "overlays", overlay)]);
        Assert.True(code == 0, $"kubectl kustomize {overlay} failed: {error}");
        return output;
    }

    /// <summary>Validates rendered manifests against the Kubernetes schemas: the exit code, the objects, the problems.</summary>
    public static (int ExitCode, JsonArray Objects, string Problems) Validate(string manifests)
    {
        var (code, output, error) = Run("node", [RepositoryPaths.Combine("tools", "k8s-validate", "validate.mjs"), "--models", ValidatorPackages], manifests);
        return (code, code == 0 ? JsonNode.Parse(output)!.AsArray() : [], error);
    }

    /// <summary>Runs a tool to its end and returns its exit code and output.</summary>
    public static (int ExitCode, string Output, string Error) Run(string tool, IEnumerable<string> arguments, string? input = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
}
