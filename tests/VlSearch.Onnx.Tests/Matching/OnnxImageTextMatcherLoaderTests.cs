using VlSearch.Core;
using VlSearch.Onnx.Matching;

namespace VlSearch.Onnx.Tests.Matching;

public sealed class OnnxImageTextMatcherLoaderTests
{
    [Fact]
    public void A_folder_in_the_layout_is_a_matcher_folder()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir);

        Assert.True(OnnxImageTextMatcherLoader.IsMatcherFolder(temp.Dir));
    }

    [Fact]
    public void Folders_without_a_blip_config_or_the_text_matcher_are_not_matcher_folders()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir);
        File.Delete(Path.Combine(temp.Dir, OnnxImageTextMatcherLoader.TextMatcherFile));
        using var clip = new TempDirectory();
        HandItm.Write(clip.Dir);
        File.WriteAllText(Path.Combine(clip.Dir, "config.json"), """{"model_type": "clip"}""");
        using var broken = new TempDirectory();
        HandItm.Write(broken.Dir);
        File.WriteAllText(Path.Combine(broken.Dir, "config.json"), "{ not json");

        Assert.False(OnnxImageTextMatcherLoader.IsMatcherFolder(temp.Dir));
        Assert.False(OnnxImageTextMatcherLoader.IsMatcherFolder(clip.Dir));
        Assert.False(OnnxImageTextMatcherLoader.IsMatcherFolder(broken.Dir));
        Assert.False(OnnxImageTextMatcherLoader.IsMatcherFolder(Path.Combine(temp.Root, "nowhere")));
    }

    [Theory]
    [InlineData("no config", "config.json")]
    [InlineData("no vision graph", "vision_model.onnx")]
    [InlineData("no text matcher", "text_matcher.onnx")]
    [InlineData("no vocabulary", "vocab.txt")]
    [InlineData("no preprocessor config", "preprocessor_config.json")]
    [InlineData("corrupt text matcher", "could not load")]
    [InlineData("config not json", "not valid JSON")]
    [InlineData("not blip", "model_type 'clip'")]
    [InlineData("text length not a number", "max_text_length must be an integer")]
    [InlineData("enc token outside the vocabulary", "enc_token_id 99")]
    [InlineData("vocabulary without cls", "no [CLS] token")]
    [InlineData("vocabulary larger than the config says", "text_config.vocab_size is 10")]
    [InlineData("wrong input name", "needs exactly input_ids, attention_mask, image_embeds, image_attention_mask")]
    [InlineData("wrong output name", "no output itm_logits")]
    [InlineData("feature widths disagree", "The graphs disagree")]
    [InlineData("pixel size disagrees", "takes 8x8 images but preprocessor_config.json produces 4x4")]
    [InlineData("image size disagrees with config", "vision_config.image_size is 5")]
    public void A_broken_model_fails_to_load_with_a_message_naming_the_problem(string problem, string message)
    {
        using var temp = new TempDirectory();
        var dir = temp.Dir;
        HandItm.Write(dir);
        var config = HandItm.Config(HandItm.Id("[ENC]"));
        switch (problem)
        {
            case "no config": File.Delete(Path.Combine(dir, "config.json")); break;
            case "no vision graph": File.Delete(Path.Combine(dir, OnnxImageTextMatcherLoader.VisionFile)); break;
            case "no text matcher": File.Delete(Path.Combine(dir, OnnxImageTextMatcherLoader.TextMatcherFile)); break;
            case "no vocabulary": File.Delete(Path.Combine(dir, "vocab.txt")); break;
            case "no preprocessor config": File.Delete(Path.Combine(dir, "preprocessor_config.json")); break;
            case "corrupt text matcher": File.WriteAllBytes(Path.Combine(dir, OnnxImageTextMatcherLoader.TextMatcherFile), [1, 2, 3, 4, 5, 6, 7, 8]); break;
            case "config not json": File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"model_type\": "); break;
            case "not blip":
                config["model_type"] = "clip";
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                break;
            case "text length not a number":
                config["max_text_length"] = "long";
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                break;
            case "enc token outside the vocabulary":
                config["enc_token_id"] = 99;
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                break;
            case "vocabulary without cls": File.WriteAllLines(Path.Combine(dir, "vocab.txt"), HandItm.Vocabulary.Where(t => t != "[CLS]")); break;
            case "vocabulary larger than the config says":
                config["text_config"]!["vocab_size"] = 10;
                config["enc_token_id"] = null;
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                break;
            case "wrong input name": HandItm.Write(dir, idsName: "token_ids"); break;
            case "wrong output name": HandItm.Write(dir, logitsName: "logits"); break;
            case "feature widths disagree": HandItm.Write(dir, textWidth: 16); break;
            case "pixel size disagrees": HandItm.Write(dir, visionSize: 8); break;
            case "image size disagrees with config":
                config["vision_config"]!["image_size"] = 5;
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
                break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }

        var error = Assert.Throws<ModelLoadException>(() => OnnxImageTextMatcherLoader.Load(dir).Dispose());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
