using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// Replays the files the coverage-guided fuzz run (tools/fuzz.sh) kept as findings in tests/fuzz-corpus/regressions:
/// each must come back decoded or as a typed failure with a one-line reason.
/// </summary>
[Collection(HostileImageSuiteCollection.Name)]
public sealed class FuzzRegressionTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;

    public FuzzRegressionTests(TempFolder dir) => _dir = dir;

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("tests", "fuzz-corpus", "regressions")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void A_fuzz_finding_is_decoded_or_rejected_with_a_reason(string name)
    {
        var path = _dir.File(name);
        File.Copy(RepositoryPaths.Combine("tests", "fuzz-corpus", "regressions", name), path, overwrite: true);
        var decoder = new PhotoDecoder(new DecoderOptions { Timeout = TimeSpan.FromSeconds(2) });

        try
        {
            var photo = decoder.Decode(path, 224);
            Assert.Equal(photo.Image.Width * photo.Image.Height * 3, photo.Image.Pixels.Length);
        }
        catch (PhotoDecodeException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void The_fuzz_corpus_holds_a_seed_in_every_supported_format()
    {
        var extensions = Directory.GetFiles(RepositoryPaths.Combine("tests", "fuzz-corpus", "corpus"))
            .Select(f => Path.GetExtension(f).ToLowerInvariant())
            .ToHashSet();

        Assert.Superset(new HashSet<string> { ".jpg", ".png", ".gif", ".webp", ".bmp", ".tiff" }, extensions);
    }
}
