using System.Text.Json.Nodes;

namespace VlSearch.Deploy.Tests;

/// <summary>
/// The Kubernetes manifests (deploy/k8s) rendered by kustomize, validated against the API schemas offline, and held
/// to the invariants the capacity plan relies on.
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Every_object_of_every_overlay_is_valid_against_the_kubernetes_schemas(string overlay)
    {
        Skip.If(DeployTools.KubernetesSkipReason is not null, DeployTools.KubernetesSkipReason);

        var (code, objects, problems) = DeployTools.Validate(DeployTools.Render(overlay));

        Assert.True(code == 0, problems);
        Assert.Contains(objects, o => Kind(o) == "StatefulSet" && Name(o) == "qdrant");
    }

    [SkippableFact]
    public void The_validator_refuses_an_object_that_breaks_its_schema()
    {
        Skip.If(DeployTools.KubernetesSkipReason is not null, DeployTools.KubernetesSkipReason);
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec:
              replicas: three
              selector: { matchLabels: { a: b } }
              template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: i }] } }
            """;

        var (code, _, problems) = DeployTools.Validate(broken);

        Assert.Equal(1, code);
        Assert.Contains("replicas", problems, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Qdrant_runs_three_peers_in_distributed_mode_one_per_node_each_with_its_own_volume(string overlay)
    {
        var qdrant = Object(Objects(overlay), "StatefulSet", "qdrant");
        var pod = qdrant["spec"]!["template"]!["spec"]!;

        Assert.Equal(3, qdrant["spec"]!["replicas"]!.GetValue<int>());
        Assert.Contains(Env(pod["containers"]![0]!), e => e.Name == "QDRANT__CLUSTER__ENABLED" && e.Value == "true");
        var antiAffinity = pod["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!.AsArray();
        Assert.Contains(antiAffinity, term => term!["topologyKey"]!.GetValue<string>() == "kubernetes.io/hostname");
        Assert.Single(qdrant["spec"]!["volumeClaimTemplates"]!.AsArray());
        Assert.Equal(1, Object(Objects(overlay), "PodDisruptionBudget", "qdrant")["spec"]!["maxUnavailable"]!.GetValue<int>());
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Collections_are_kept_on_two_peers_with_shards_spread_over_all_three(string overlay)
    {
        var config = Object(Objects(overlay), "ConfigMap", "vlsearch-config")["data"]!;

        Assert.Equal("2", config["VLSEARCH_Qdrant__ReplicationFactor"]!.GetValue<string>());
        var shards = int.Parse(config["VLSEARCH_Qdrant__ShardNumber"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(shards >= 3 && shards % 3 == 0, $"{shards} shards do not spread evenly over 3 peers");
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void No_container_runs_as_root_and_every_container_states_requests_and_limits(string overlay)
    {
        foreach (var workload in Workloads(Objects(overlay)))
        {
            var pod = workload["spec"]!["template"]!["spec"]!;
            Assert.True(pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() == true, $"{Name(workload)} may run as root");
            Assert.NotEqual(0, pod["securityContext"]!["runAsUser"]!.GetValue<int>());
            foreach (var container in pod["containers"]!.AsArray())
            {
                var resources = container!["resources"];
                Assert.True(resources?["requests"]?["cpu"] is not null && resources["requests"]!["memory"] is not null, $"{Name(workload)}: requests missing");
                Assert.True(resources?["limits"]?["cpu"] is not null && resources["limits"]!["memory"] is not null, $"{Name(workload)}: limits missing");
                Assert.False(container["securityContext"]?["allowPrivilegeEscalation"]?.GetValue<bool>() ?? true, $"{Name(workload)} allows privilege escalation");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void The_web_app_and_the_workers_are_probed_on_their_health_endpoints(string overlay)
    {
        foreach (var name in new[] { "web", "indexer" })
        {
            var container = Object(Objects(overlay), "Deployment", name)["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.Equal("/health/live", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/health/ready", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        }

        foreach (var workload in Workloads(Objects(overlay)))
        {
            var container = workload["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.True(container["livenessProbe"] is not null && container["readinessProbe"] is not null, $"{Name(workload)} is not probed");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Passwords_and_keys_come_from_secrets_and_never_appear_in_the_manifests(string overlay)
    {
        var objects = Objects(overlay);
        Assert.DoesNotContain(objects, o => Kind(o) == "Secret");
        var web = Env(Object(objects, "Deployment", "web")["spec"]!["template"]!["spec"]!["containers"]![0]!);
        Assert.Contains(web, e => e.Name == "VLSEARCH_Web__AdminKey" && e.Secret == "admin-key");
        foreach (var workload in Workloads(objects))
        {
            foreach (var variable in Env(workload["spec"]!["template"]!["spec"]!["containers"]![0]!))
            {
                Assert.False(
                    variable.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && variable.Secret is null,
                    $"{Name(workload)}: {variable.Name} is not read from a secret");
                Assert.DoesNotMatch(@"Password=(?!\$\(POSTGRES_PASSWORD\))", variable.Value ?? "");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void The_web_app_scales_on_cpu_behind_an_ingress_and_keeps_a_replica_through_disruptions(string overlay)
    {
        var objects = Objects(overlay);
        var autoscaler = Object(objects, "HorizontalPodAutoscaler", "web")["spec"]!;
        Assert.Equal("web", autoscaler["scaleTargetRef"]!["name"]!.GetValue<string>());
        Assert.True(autoscaler["minReplicas"]!.GetValue<int>() >= 2);
        Assert.True(Object(objects, "PodDisruptionBudget", "web")["spec"]!["minAvailable"]!.GetValue<int>() >= 1);
        var backend = Object(objects, "Ingress", "web")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal("web", backend["name"]!.GetValue<string>());
    }

    [SkippableFact]
    public void The_gpu_overlay_puts_each_worker_on_a_gpu_node_with_one_gpu_and_the_cuda_image()
    {
        var pod = Object(Objects("gpu"), "Deployment", "indexer")["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;

        Assert.Equal("true", pod["nodeSelector"]!["nvidia.com/gpu.present"]!.GetValue<string>());
        Assert.Equal("1", container["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Contains("gpu", container["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(Env(container), e => e.Name == "VLSEARCH_Inference__Device" && e.Value == "cuda");
        Assert.Null(Object(Objects("cpu"), "Deployment", "indexer")["spec"]!["template"]!["spec"]!["nodeSelector"]);
    }

    // Rendering and validating takes seconds; every invariant test of an overlay reads the same objects.
    private static readonly Dictionary<string, JsonArray> Rendered = [];

    private static JsonArray Objects(string overlay)
    {
        Skip.If(DeployTools.KubernetesSkipReason is not null, DeployTools.KubernetesSkipReason);
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(overlay, out var objects))
            {
                var (code, validated, problems) = DeployTools.Validate(DeployTools.Render(overlay));
                Assert.True(code == 0, problems);
                Rendered[overlay] = objects = validated;
            }

            return objects;
        }
    }

    private static JsonNode Object(JsonArray objects, string kind, string name) =>
        objects.SingleOrDefault(o => Kind(o) == kind && Name(o) == name) ?? throw new Xunit.Sdk.XunitException($"no {kind} {name}");

    private static IEnumerable<JsonNode> Workloads(JsonArray objects) =>
        objects.Where(o => Kind(o) is "Deployment" or "StatefulSet").Select(o => o!);

    private static string Kind(JsonNode? o) => o!["kind"]!.GetValue<string>();

    private static string Name(JsonNode? o) => o!["metadata"]!["name"]!.GetValue<string>();

    private static List<(string Name, string? Value, string? Secret)> Env(JsonNode container) =>
        [.. (container["env"]?.AsArray() ?? []).Select(e => (
            e!["name"]!.GetValue<string>(),
            e["value"]?.GetValue<string>(),
            e["valueFrom"]?["secretKeyRef"]?["key"]?.GetValue<string>()))];
}
