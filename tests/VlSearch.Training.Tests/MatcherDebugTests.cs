using VlSearch.Training.Matching;

namespace VlSearch.Training.Tests;

public class MatcherDebugTests
{
    [Fact]
    public void Debug_errors()
    {
        var trainer = new MatcherTrainer(new MatcherOptions { Steps = 1, ScenesPerStep = 16, EvaluationScenes = 0, CompositionalPairs = 0, VocabularyCorpus = 2000 }, TestPaths.ShippedModel);
        trainer.Prepare();
        using var runner = Onnx.Matching.OnnxImageTextMatcherLoader.Load("/tmp/itm-1200");
        var dual = trainer.DualEncoder;
        var scenes = new SceneGenerator(1).GenerateSplit(SceneSplit.Test, 1000).ToList();
        var ia = new ImageActivations(dual.Network.Shape);
        var ta = new TextActivations(dual.Network.Shape);
        var pooled = new float[NetworkShape.PooledLength];
        var emb = new float[scenes.Count][];
        var txt = new float[scenes.Count][];
        var feats = new float[scenes.Count * runner.FeatureLength];
        for (var i = 0; i < scenes.Count; i++)
        {
            emb[i] = new float[64];
            txt[i] = new float[64];
            dual.Image(scenes[i].Image, ia, pooled, emb[i], feats.AsSpan(i * runner.FeatureLength, runner.FeatureLength));
            dual.Network.ForwardText(dual.Tokenize(scenes[i].Caption), ta, txt[i]);
        }

        var lines = new List<string>();
        var probs = new float[scenes.Count];
        for (var q = 0; q < scenes.Count; q++)
        {
            var cos = emb.Select(e => System.Numerics.Tensors.TensorPrimitives.Dot(e, txt[q])).ToArray();
            var top = Enumerable.Range(0, scenes.Count).OrderByDescending(i => cos[i]).Take(50).ToList();
            var f = top.SelectMany(i => feats.AsSpan(i * runner.FeatureLength, runner.FeatureLength).ToArray()).ToArray();
            var p = new float[top.Count];
            runner.Match(scenes[q].Caption, f, top.Count, p);
            var best = top.Select((id, k) => (id, s: cos[id] + p[k], p: p[k])).OrderByDescending(x => x.s).First();
            var truth = top.IndexOf(q);
            if (scenes[best.id].Key != scenes[q].Key)
            {
                lines.Add($"{scenes[q].Caption} | true {scenes[q].Key} p={(truth >= 0 ? p[truth] : -1):F2} cos={cos[q]:F3} | got {scenes[best.id].Key} p={best.p:F2} cos={cos[best.id]:F3}");
            }
        }

        File.WriteAllLines("/tmp/itm-errors.txt", lines);
    }
}
