using System.Globalization;
using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace VlSearch.Training.Library;

/// <summary>
/// Writes a photo library for evaluating search: synthetic scenes of one coloured shape each, filed in event folders
/// ("2023-07 Lake Tahoe trip", "Birthday Anna 2021"), named as cameras name files (some descriptively, like
/// "anna-cake.jpg"), some with a <c>.txt</c> caption beside them, all JPEG with EXIF camera and date. Each folder
/// holds a few subjects and each subject turns up in several folders, so the keyword side (folder and file names)
/// cannot tell the pictures of a folder apart and the image side cannot tell which folder a picture is in.
/// <c>queries.json</c> holds three kinds of queries: an event or file name (keyword side), a subject ("a big red
/// circle", image side), and both ("big red circle lake tahoe trip"); <c>photos.json</c> lists every photo.
/// Everything is a pure function of the seed and the photo count.
/// </summary>
public static class PhotoLibraryGenerator
{
    /// <summary>Photos per event folder, on average.</summary>
    public const int PhotosPerEvent = 20;

    /// <summary>Subjects filed in each event folder.</summary>
    public const int SubjectsPerEvent = 4;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes <paramref name="photos"/> photos under <paramref name="dir"/> with <c>queries.json</c> and <c>photos.json</c>.</summary>
    /// <param name="dir">The library root (created when missing).</param>
    /// <param name="photos">How many photos, 8 to 100,000.</param>
    /// <param name="seed">Generator seed: the same seed and count write the same files.</param>
    /// <param name="progress">Reports the number of photos written so far.</param>
    /// <param name="cancellationToken">Stops between photos.</param>
    /// <returns>The photos, in the order of <c>photos.json</c>.</returns>
    public static IReadOnlyList<LibraryPhoto> Write(string dir, int photos = 500, int seed = 1, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        ArgumentOutOfRangeException.ThrowIfLessThan(photos, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(photos, 100_000);
        var plan = Plan(photos, seed);
        Directory.CreateDirectory(dir);
        foreach (var folder in plan.Select(p => p.Photo.Event).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(Path.Combine(dir, folder));
        }

        var generator = new SceneGenerator(seed);
        var written = 0;
        var result = new LibraryPhoto[plan.Count];
        Parallel.For(0, plan.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (photo, subject, make, model, _) = plan[i];
            var scene = generator.GenerateSubject(subject.Color, subject.Shape, subject.Large, subject.Tone, subject.Texture, i);
            var path = Path.Combine(dir, photo.File);
            WriteJpeg(path, scene.Image, make, model, photo.TakenAt);
            if (photo.Sidecar is not null)
            {
                File.WriteAllText(Path.ChangeExtension(path, ".txt"), photo.Sidecar + "\n", new UTF8Encoding(false));
            }

            result[i] = photo with { Caption = scene.Caption };
            progress?.Report(Interlocked.Increment(ref written));
        });

        File.WriteAllText(Path.Combine(dir, "photos.json"), JsonSerializer.Serialize(result, Json) + "\n", new UTF8Encoding(false));
        WriteQueries(Path.Combine(dir, "queries.json"), LibraryQueries.Build(result, plan.Select(p => p.Event).Distinct().ToList()));
        return result;
    }

    private static List<(LibraryPhoto Photo, LibrarySubject Subject, string Make, string Model, LibraryEvent Event)> Plan(int photos, int seed)
    {
        var rng = new Rng(seed, 202, 0);
        var eventCount = Math.Clamp((int)Math.Round(photos / (double)PhotosPerEvent), 2, LibraryVocabulary.Places.Length + LibraryVocabulary.People.Length);
        var events = Events(ref rng, eventCount);

        // Subjects differ in colour and shape (size alone is too fine a difference to file by), as many as folders.
        var subjectCount = Math.Clamp(eventCount, SubjectsPerEvent, SceneVocabulary.Colors.Length * SceneVocabulary.Shapes.Length);
        var subjects = new List<LibrarySubject>(subjectCount);
        foreach (var cs in Shuffle(ref rng, Enumerable.Range(0, SceneVocabulary.Colors.Length * SceneVocabulary.Shapes.Length).ToList()).Take(subjectCount))
        {
            subjects.Add(new LibrarySubject(
                cs / SceneVocabulary.Shapes.Length, cs % SceneVocabulary.Shapes.Length, rng.Next(2) == 1, rng.Next(SceneVocabulary.Tones.Length), rng.Next(SceneVocabulary.Textures.Length)));
        }

        var plan = new List<(LibraryPhoto, LibrarySubject, string, string, LibraryEvent)>(photos);
        for (var e = 0; e < events.Count; e++)
        {
            var ev = events[e];
            var count = (photos / events.Count) + (e < photos % events.Count ? 1 : 0);
            var slots = Enumerable.Range(0, SubjectsPerEvent).Select(j => subjects[((e * SubjectsPerEvent) + j) % subjects.Count]).Distinct().ToList();
            var order = Shuffle(ref rng, Enumerable.Range(0, count).Select(i => slots[i % slots.Count]).ToList());
            var counter = 1000 + rng.Next(8000);
            var taken = ev.Start;
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < count; i++)
            {
                counter += 1 + rng.Next(3);
                taken = taken.AddMinutes(2 + rng.Next(40)).AddSeconds(rng.Next(60));
                var name = rng.Next(100) < 15
                    ? $"{ev.Keyword}-{rng.Pick(LibraryVocabulary.Activities)}"
                    : $"{ev.Camera.FilePrefix}{counter % 10_000:D4}";
                var unique = name;
                for (var n = 2; !names.Add(unique); n++)
                {
                    unique = $"{name}-{n}";
                }

                var sidecar = rng.Next(100) < 15 ? $"{Capitalize(rng.Pick(LibraryVocabulary.Activities))} with {rng.Pick(LibraryVocabulary.People)}" : null;
                var subject = order[i];
                var photo = new LibraryPhoto($"{ev.Folder}/{unique}.jpg", ev.Folder, subject.Text, "", $"{ev.Camera.Make} {ev.Camera.Model}", taken, sidecar);
                plan.Add((photo, subject, ev.Camera.Make, ev.Camera.Model, ev));
            }
        }

        return plan;
    }

    private static List<LibraryEvent> Events(ref Rng rng, int count)
    {
        var candidates = new List<Func<DateTime, LibraryCamera, LibraryEvent>>();
        foreach (var place in LibraryVocabulary.Places)
        {
            var kind = LibraryVocabulary.PlaceKinds[(int)(Rng.Hash(place) % (ulong)LibraryVocabulary.PlaceKinds.Length)];
            candidates.Add((start, camera) => new LibraryEvent(
                $"{start:yyyy-MM} {place} {kind}", $"{place.ToLowerInvariant()} {kind}", Slug(place), start, camera));
        }

        foreach (var person in LibraryVocabulary.People)
        {
            candidates.Add((start, camera) => new LibraryEvent(
                $"Birthday {person} {start:yyyy}", $"birthday {person.ToLowerInvariant()}", Slug(person), start, camera));
        }

        var chosen = Shuffle(ref rng, candidates).Take(count).ToList();
        var events = new List<LibraryEvent>(chosen.Count);
        foreach (var make in chosen)
        {
            var start = new DateTime(2015 + rng.Next(10), 1 + rng.Next(12), 1 + rng.Next(28), 8 + rng.Next(6), rng.Next(60), 0, DateTimeKind.Unspecified);
            events.Add(make(start, rng.Pick(LibraryVocabulary.Cameras)));
        }

        return events;
    }

    private static List<T> Shuffle<T>(ref Rng rng, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');

    private static void WriteJpeg(string path, Core.RgbImage scene, string make, string model, DateTime takenAt)
    {
        using var image = Image.LoadPixelData<Rgb24>(scene.Pixels, scene.Width, scene.Height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, make);
        exif.SetValue(ExifTag.Model, model);
        var stamp = takenAt.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
        exif.SetValue(ExifTag.DateTimeOriginal, stamp);
        exif.SetValue(ExifTag.DateTime, stamp);
        image.Metadata.ExifProfile = exif;
        image.SaveAsJpeg(path, new JpegEncoder { Quality = 92 });
    }

    private static void WriteQueries(string path, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> queries)
    {
        // Written by hand to keep the query kinds in the order they were built (a dictionary promises no order).
        using var stream = File.Create(path);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (text, files) in queries)
            {
                writer.WriteStartArray(text);
                foreach (var file in files)
                {
                    writer.WriteStringValue(file);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }
}
