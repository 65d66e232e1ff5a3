using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx.Tests;

/// <summary>The image processor configs of the non-CLIP families become the pixel pipeline they describe.</summary>
public sealed class PreprocessConfigFamilyTests
{
    [Fact]
    public void An_align_efficientnet_config_rescales_to_minus_one_to_one_after_a_squash_and_crop()
    {
        var json = JsonNode.Parse("""
            {"image_processor_type": "EfficientNetImageProcessor", "do_resize": true, "size": {"height": 346, "width": 346},
             "do_center_crop": true, "crop_size": {"height": 289, "width": 289}, "do_rescale": true,
             "rescale_factor": 0.00784313725490196, "rescale_offset": true, "do_normalize": false, "include_top": false,
             "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225], "resample": 3}
            """)!.AsObject();

        var spec = PreprocessConfig.FromHuggingFace(json);

        Assert.Equal(ResizeMode.Squash, spec.Mode);
        Assert.Equal(346, spec.ResizeTo);
        Assert.True(spec.CenterCrop);
        Assert.Equal((289, 289), (spec.CropHeight, spec.CropWidth));
        // 0 → -1 and 255 → 1.
        Assert.Equal(-1f, (0 * spec.RescaleFactor - spec.Mean[0]) / spec.Std[0], 5);
        Assert.Equal(1f, (255 * spec.RescaleFactor - spec.Mean[2]) / spec.Std[2], 5);
    }

    [Fact]
    public void Include_top_divides_by_the_std_a_second_time()
    {
        var json = JsonNode.Parse("""
            {"image_processor_type": "EfficientNetImageProcessor", "size": {"height": 224, "width": 224},
             "rescale_factor": 0.00392156862745098, "do_normalize": true, "include_top": true,
             "image_mean": [0.5, 0.5, 0.5], "image_std": [0.25, 0.5, 0.5]}
            """)!.AsObject();

        var spec = PreprocessConfig.FromHuggingFace(json);

        Assert.Equal([0.5f, 0.5f, 0.5f], spec.Mean);
        Assert.Equal([0.0625f, 0.25f, 0.25f], spec.Std);
    }

    [Fact]
    public void A_siglip_config_squashes_to_224_with_mean_and_std_one_half()
    {
        var json = JsonNode.Parse("""
            {"image_processor_type": "SiglipImageProcessor", "do_resize": true, "size": {"height": 224, "width": 224},
             "resample": 3, "do_rescale": true, "rescale_factor": 0.00392156862745098, "do_normalize": true,
             "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]}
            """)!.AsObject();

        var spec = PreprocessConfig.FromHuggingFace(json);

        Assert.Equal(ResizeMode.Squash, spec.Mode);
        Assert.Equal((224, 224), (spec.CropHeight, spec.CropWidth));
        Assert.Equal([0.5f, 0.5f, 0.5f], spec.Mean);
        Assert.Equal([0.5f, 0.5f, 0.5f], spec.Std);
    }
}
