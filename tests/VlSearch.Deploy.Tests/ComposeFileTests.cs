using System.Text.Json.Nodes;

namespace VlSearch.Deploy.Tests;

/// <summary>docker-compose.yml as docker-compose reads it (client only: no engine is needed to check the file).</summary>
public sealed class ComposeFileTests
{
    [SkippableFact]
    public void The_compose_file_is_valid_with_and_without_the_gpu_profile()
    {
        Skip.If(DeployTools.ComposeSkipReason is not null, DeployTools.ComposeSkipReason);
        foreach (var arguments in new[] { new[] { "-f", "docker-compose.yml", "config", "-q" }, ["-f", "docker-compose.yml", "--profile", "gpu", "config", "-q"] })
        {
            var (code, _, error) = DeployTools.Run("docker-compose", arguments);
            Assert.True(code == 0, error);
        }
    }

    [SkippableFact]
    public void The_web_app_and_both_workers_are_health_checked_on_their_ready_endpoints()
    {
        var services = Services();

        Assert.Contains("127.0.0.1/8080", Probe(services, "web"), StringComparison.Ordinal);
        foreach (var worker in new[] { "indexer", "indexer-gpu" })
        {
            Assert.Contains("127.0.0.1/8081", Probe(services, worker), StringComparison.Ordinal);
            Assert.Equal("http://127.0.0.1:8081/", services[worker]!["environment"]!["VLSEARCH_Health__Url"]!.GetValue<string>());
        }
    }

    [SkippableFact]
    public void The_gpu_worker_is_in_its_own_profile_and_reserves_an_nvidia_gpu()
    {
        var gpu = Services()["indexer-gpu"]!;

        Assert.Equal("gpu", gpu["profiles"]![0]!.GetValue<string>());
        Assert.Equal("true", gpu["build"]!["args"]!["GPU"]!.GetValue<string>());
        Assert.Equal("indexer-gpu", gpu["build"]!["target"]!.GetValue<string>());
        var device = gpu["deploy"]!["resources"]!["reservations"]!["devices"]![0]!;
        Assert.Equal("nvidia", device["driver"]!.GetValue<string>());
        Assert.Contains("gpu", device["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    private static string Probe(JsonObject services, string name)
    {
        var test = services[name]!["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var command = string.Join(' ', test);
        Assert.Contains("/health/ready", command, StringComparison.Ordinal);
        Assert.Contains(" 200 ", command, StringComparison.Ordinal);
        return command;
    }

    private static JsonObject Services()
    {
        Skip.If(DeployTools.ComposeSkipReason is not null, DeployTools.ComposeSkipReason);
        // docker-compose prints the resolved file as YAML; the validator's YAML reader turns it into JSON.
        Skip.If(DeployTools.KubernetesSkipReason is not null, DeployTools.KubernetesSkipReason);
        var (code, yaml, error) = DeployTools.Run("docker-compose", ["-f", "docker-compose.yml", "--profile", "gpu", "config"]);
        Assert.True(code == 0, error);
        var (_, json, _) = DeployTools.Run("node", ["-e", YamlToJson, DeployTools.ValidatorPackages], yaml);
        return JsonNode.Parse(json)!["services"]!.AsObject();
    }

    private const string YamlToJson =
        "const p=require('path');const y=require(p.join(process.argv[1],'node_modules','yaml'));" +
        "process.stdout.write(JSON.stringify(y.parse(require('fs').readFileSync(0,'utf8'))))";
}
