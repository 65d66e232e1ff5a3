using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using VlSearch.Testing;
using VlSearch.Training.Library;

namespace VlSearch.Training.Tests;

public sealed class PhotoLibraryGeneratorTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void The_same_seed_writes_the_same_files_byte_for_byte_and_another_seed_does_not()
    {
        var a = temp.Sub("a");
        var b = temp.Sub("b");
        var c = temp.Sub("c");

        PhotoLibraryGenerator.Write(a, 60, seed: 7);
        PhotoLibraryGenerator.Write(b, 60, seed: 7);
        PhotoLibraryGenerator.Write(c, 60, seed: 8);

        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(Fingerprint(a), Fingerprint(c));
    }

    [Fact]
    public void Photos_are_filed_in_named_event_folders_with_camera_or_descriptive_names_and_some_sidecars()
    {
        var photos = PhotoLibraryGenerator.Write(temp.Path, 200, seed: 3);

        Assert.Equal(200, photos.Count);
        Assert.Equal(10, photos.Select(p => p.Event).Distinct().Count());
        Assert.All(photos, p => Assert.StartsWith(p.Event + "/", p.File, StringComparison.Ordinal));
        Assert.All(photos, p => Assert.True(File.Exists(Path.Combine(temp.Path, p.File)), p.File));
        Assert.All(photos.Select(p => p.Event), e => Assert.Matches(@"^(\d{4}-\d{2} .+ (trip|vacation|weekend|holiday)|Birthday \w+ \d{4})$", e));
        Assert.Contains(photos, p => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(p.File), @"^(IMG_|DSC_|DSCF|DSC0|PXL_)\d{4}\.jpg$"));
        Assert.Contains(photos, p => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(p.File), @"^[a-z-]+-[a-z]+(-\d+)?\.jpg$"));

        var withSidecar = photos.Where(p => p.Sidecar is not null).ToList();
        Assert.InRange(withSidecar.Count, 10, 60);
        Assert.All(withSidecar, p => Assert.Equal(p.Sidecar, File.ReadAllText(Path.Combine(temp.Path, Path.ChangeExtension(p.File, ".txt"))).Trim()));
        Assert.All(photos.Where(p => p.Sidecar is null), p => Assert.False(File.Exists(Path.Combine(temp.Path, Path.ChangeExtension(p.File, ".txt")))));

        // Each folder holds several subjects and each subject lies in several folders: neither side alone can answer.
        Assert.All(photos.GroupBy(p => p.Event), g => Assert.Equal(PhotoLibraryGenerator.SubjectsPerEvent, g.Select(p => p.Subject).Distinct().Count()));
        Assert.All(photos.GroupBy(p => p.Subject), g => Assert.True(g.Select(p => p.Event).Distinct().Count() >= 2, g.Key));
    }

    [Fact]
    public void Every_photo_is_a_jpeg_whose_exif_gives_back_its_camera_and_date()
    {
        var photos = PhotoLibraryGenerator.Write(temp.Path, 40, seed: 5);

        foreach (var photo in photos.Take(10))
        {
            var info = Image.Identify(Path.Combine(temp.Path, photo.File), out var format);
            Assert.Equal("JPEG", format.Name);
            var exif = info.Metadata.ExifProfile;
            Assert.NotNull(exif);
            Assert.Equal(photo.Camera, $"{exif.GetValue(ExifTag.Make)?.Value} {exif.GetValue(ExifTag.Model)?.Value}");
            var taken = DateTime.ParseExact(exif.GetValue(ExifTag.DateTimeOriginal)!.Value!, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
            Assert.Equal(photo.TakenAt, taken);
        }

        Assert.All(photos.GroupBy(p => p.Event), g => Assert.Equal(g.Select(p => p.TakenAt).Order(), g.Select(p => p.TakenAt)));
    }

    [Fact]
    public void Queries_reference_existing_photos_and_need_the_keyword_side_the_image_side_or_both()
    {
        var photos = PhotoLibraryGenerator.Write(temp.Path, 200, seed: 11);
        var byFile = photos.ToDictionary(p => p.File);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "queries.json")));
        var queries = json.RootElement.EnumerateObject().ToDictionary(q => q.Name, q => q.Value.EnumerateArray().Select(f => f.GetString()!).ToList());

        Assert.All(queries.Values.SelectMany(f => f), f => Assert.True(byFile.ContainsKey(f) && File.Exists(Path.Combine(temp.Path, f)), f));
        var events = photos.Select(p => p.Event).Distinct().ToList();

        // An event: every photo of its folder, none of another.
        var eventQuery = queries.Single(q => q.Value.Count == photos.Count(p => p.Event == events[0]) && q.Value.All(f => byFile[f].Event == events[0]));
        Assert.DoesNotContain(eventQuery.Key, events[0], StringComparison.Ordinal);

        // A subject: its photos in every folder.
        var subject = photos.Select(p => p.Subject).Distinct().First(s => queries.Keys.Any(k => k.StartsWith(s[2..] + " ", StringComparison.Ordinal)));
        Assert.Equal(photos.Where(p => p.Subject == subject).Select(p => p.File).Order(StringComparer.Ordinal), queries[subject]);
        Assert.True(queries[subject].Select(f => byFile[f].Event).Distinct().Count() >= 2);

        // Both: the subject within one folder, which also holds other subjects.
        var both = queries.Where(q => q.Key.StartsWith(subject[2..] + " ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(both);
        Assert.All(both, q => Assert.Single(q.Value.Select(f => byFile[f].Event).Distinct()));
        Assert.All(both, q => Assert.All(q.Value, f => Assert.Equal(subject, byFile[f].Subject)));

        // File names: a descriptive name is asked for in words.
        Assert.Contains(queries, q => q.Value.All(f => Path.GetFileNameWithoutExtension(f).StartsWith(q.Key.Replace(' ', '-'), StringComparison.Ordinal)));

        // Sidecars: a moment someone wrote down, found in every photo captioned with it.
        var moment = queries.First(q => q.Key.Contains(" with ", StringComparison.Ordinal));
        Assert.Equal(photos.Where(p => string.Equals(p.Sidecar, moment.Key, StringComparison.OrdinalIgnoreCase)).Select(p => p.File).Order(StringComparer.Ordinal), moment.Value);
    }

    [Fact]
    public void Too_few_photos_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PhotoLibraryGenerator.Write(temp.Path, 3));
    }

    private static string Fingerprint(string dir) => string.Join('\n', Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(dir, f) + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
        .Order(StringComparer.Ordinal));

    public void Dispose() => temp.Dispose();
}
