using VlSearch.Training.Matching;

namespace VlSearch.Training.Tests;

public class MatcherDebugTests
{
    [Fact]
    public void Debug_learning()
    {
        var trainer = new MatcherTrainer(new MatcherOptions { Steps = 1, ScenesPerStep = 16, EvaluationScenes = 0, CompositionalPairs = 0, VocabularyCorpus = 2000 }, TestPaths.ShippedModel);
        trainer.Train();
        var net = trainer.Network;
        var gen = new SceneGenerator(1);
        var scenes = gen.GenerateSplit(SceneSplit.Validation, 8).ToList();
        var dual = trainer.DualEncoder;
        var a = new MatcherActivations(net.Shape);
        var ia = new ImageActivations(dual.Network.Shape);
        var pooled = new float[NetworkShape.PooledLength];
        var lines = new List<string>();
        var feats = scenes.Select(s => { var f = new float[dual.FeatureTokens * dual.FeatureWidth]; dual.Image(s.Image, ia, pooled, new float[64], f); return f; }).ToList();
        lines.Add("feature stats: " + string.Join(", ", feats.Select(f => $"{f.Average():F3}/{f.Max():F3}")));
        var grad = new float[net.Count];
        for (var i = 0; i < 8; i++)
        {
            for (var j = 0; j < 8; j++)
            {
                net.Forward(trainer.Tokenize(scenes[i].Caption), feats[j], a);
                lines.Add($"{i},{j}: logits {a.Logits[0]:F3} {a.Logits[1]:F3} lse[0..3] {a.Lse[0]:F2} {a.Lse[1]:F2} {a.Lse[2]:F2} pooled {a.Pooled.Average():F3} nonzero {a.Pooled.Count(x => x > 0)}");
                net.Backward(a, i == j, 1, grad);
            }
        }

        foreach (var slice in net.Slices)
        {
            lines.Add($"{slice.Name}: |w| {Math.Sqrt(slice.Of(net.Values).ToArray().Sum(x => (double)x * x)):F3} |g| {Math.Sqrt(slice.Of(grad).ToArray().Sum(x => (double)x * x)):F5}");
        }

        File.WriteAllLines("/tmp/itm-debug.txt", lines);
    }
}
