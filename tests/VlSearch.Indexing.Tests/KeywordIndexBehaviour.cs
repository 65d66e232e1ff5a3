using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Imaging;
using VlSearch.Search;

namespace VlSearch.Indexing.Tests;

/// <summary>
/// The keyword index through the indexer, on a real catalog: new, moved, renamed, deleted and changed files, sidecar
/// captions, ranking and rebuilding. Each engine runs the same suite (<see cref="SqliteKeywordIndexTests"/>,
/// <see cref="PostgresKeywordIndexTests"/>).
/// </summary>
public abstract class KeywordIndexBehaviour : IAsyncLifetime
{
    private readonly PhotoFolder folder = new();
    private readonly FakeMeanColourModel model = new("fake-mean-colour");
    private IDbContextFactory<CatalogDbContext>? factory;
    private PhotoIndexer indexer = null!;
    private KeywordSearch search = null!;
    private byte nextColour = 10;

    protected abstract string? SkipReason { get; }

    /// <summary>Whether the engine leaves out words held by most photos from any-word queries that have rarer words.</summary>
    protected virtual bool SkipsCommonWords => false;

    private LibraryRequest Library => new(folder.Root) { Name = "Family Archive" };

    private IDbContextFactory<CatalogDbContext> Factory => factory ?? throw new InvalidOperationException("No catalog.");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        factory = await CreateCatalogAsync();
        indexer = new PhotoIndexer(
            factory,
            new InMemoryVectorIndex(),
            new PhotoDecoder(),
            new ImagePreprocessor(),
            new IndexingOptions { BatchSize = 2, DecodeParallelism = 2, EncodeParallelism = 1, FlushEveryBatches = 1 });
        search = new KeywordSearch(factory);
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await DisposeCatalogAsync();
        }

        folder.Dispose();
    }

    /// <summary>An empty, migrated catalog.</summary>
    protected abstract Task<IDbContextFactory<CatalogDbContext>> CreateCatalogAsync();

    protected abstract Task DisposeCatalogAsync();

    [SkippableFact]
    public async Task A_new_photo_is_found_by_its_file_name_folders_library_and_camera()
    {
        Skip.If(SkipReason is not null, SkipReason);
        WriteJpeg("Trips/Paris2023/IMG_2041_BeachTrip.jpg", make: "Canon");
        WriteJpeg("Home/garden.jpg");
        await IndexAsync();

        foreach (var query in new[] { "beach trip", "IMG_2041", "beachtrip", "paris", "2023", "canon", "BeachTrip.JPG" })
        {
            var hit = Assert.Single(await search.SearchTextAsync(query, 10));
            Assert.EndsWith("IMG_2041_BeachTrip.jpg", hit.Path, StringComparison.Ordinal);
            Assert.Equal(1, hit.Rank);
        }

        Assert.Equal(2, (await search.SearchTextAsync("family", 10)).Count);
        Assert.Empty(await search.SearchTextAsync("beach garden", 10));
    }

    [SkippableFact]
    public async Task An_exact_file_name_match_ranks_first()
    {
        Skip.If(SkipReason is not null, SkipReason);
        WriteJpeg("BeachTrip/IMG_2041.jpg");
        var exact = WriteJpeg("IMG_2041_BeachTrip.jpg");
        WriteJpeg("IMG/2041/Beach/Trip/DSC0001.jpg");
        WriteSidecar(WriteJpeg("scan.jpg"), "img 2041 from the beach trip");
        await IndexAsync();

        var hits = await search.SearchTextAsync("IMG_2041_BeachTrip", 10);

        Assert.Equal(4, hits.Count);
        Assert.Equal(exact, hits[0].Path);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal([1, 2, 3, 4], hits.Select(h => h.Rank));
    }

    [SkippableFact]
    public async Task A_moved_and_renamed_photo_is_found_by_its_new_name_and_folders_only()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var from = WriteJpeg("Inbox/sunrise.jpg");
        await IndexAsync();
        var id = Assert.Single(await search.SearchTextAsync("sunrise", 10)).PhotoId;

        var to = folder.PathOf(Path.Combine("Holidays", "Lisbon", "dawn.jpg"));
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to);
        await IndexAsync();

        Assert.Empty(await search.SearchTextAsync("sunrise", 10));
        Assert.Empty(await search.SearchTextAsync("inbox", 10));
        var hit = Assert.Single(await search.SearchTextAsync("lisbon dawn", 10));
        Assert.Equal(id, hit.PhotoId);
        Assert.Equal(to, hit.Path);
        Assert.Equal(1, await CountAsync());
    }

    [SkippableFact]
    public async Task A_deleted_photo_leaves_the_keyword_index()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var doomed = WriteJpeg("doomed.jpg");
        WriteJpeg("kept.jpg");
        await IndexAsync();
        Assert.Single(await search.SearchTextAsync("doomed", 10));

        File.Delete(doomed);
        await IndexAsync();

        Assert.Empty(await search.SearchTextAsync("doomed", 10));
        Assert.Single(await search.SearchTextAsync("kept", 10));
        Assert.Equal(1, await CountAsync());
    }

    [SkippableFact]
    public async Task A_changed_file_is_found_by_its_new_content_and_not_its_old()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var path = WriteJpeg("portrait.jpg", make: "Canon");
        await IndexAsync();
        Assert.Single(await search.SearchTextAsync("canon", 10));

        WriteJpeg("portrait.jpg", make: "Nikon");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        await IndexAsync();

        Assert.Empty(await search.SearchTextAsync("canon", 10));
        Assert.Equal(path, Assert.Single(await search.SearchTextAsync("nikon portrait", 10)).Path);
        Assert.Equal(1, await CountAsync());
    }

    [SkippableFact]
    public async Task A_sidecar_caption_is_searchable()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var photo = WriteJpeg("0001.jpg");
        WriteSidecar(photo, "A red kite over the dunes at sunset");
        WriteJpeg("0002.jpg");
        await IndexAsync();

        Assert.Equal(photo, Assert.Single(await search.SearchTextAsync("kite dunes", 10)).Path);
    }

    [SkippableFact]
    public async Task A_caption_file_added_or_edited_beside_an_unchanged_photo_is_picked_up_by_the_next_scan()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var edited = WriteJpeg("0005.jpg");
        WriteSidecar(edited, "A red kite over the dunes");
        var added = WriteJpeg("0006.jpg");
        await IndexAsync();
        Assert.Empty(await search.SearchTextAsync("balloon", 10));

        // Later in time than the rows just written, whatever the file system's timestamp granularity.
        var later = DateTime.UtcNow.AddMinutes(1);
        WriteSidecar(edited, "A blue balloon above the harbour");
        File.SetLastWriteTimeUtc(Path.ChangeExtension(edited, ".txt"), later);
        WriteSidecar(added, "Grandma's balloon");
        File.SetLastWriteTimeUtc(Path.ChangeExtension(added, ".txt"), later);
        await IndexAsync();

        Assert.Equal(new[] { added, edited }.Order(StringComparer.Ordinal), (await search.SearchTextAsync("balloon", 10)).Select(h => h.Path).Order(StringComparer.Ordinal));
        Assert.Empty(await search.SearchTextAsync("kite", 10));
        Assert.Equal(edited, Assert.Single(await search.SearchTextAsync("harbour", 10)).Path);
    }

    [SkippableFact]
    public async Task Lens_embedded_keywords_and_descriptions_are_searchable()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var photo = WriteJpeg("0003.jpg", annotate: image =>
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.LensModel, "EF 50mm f/1.8 STM");
            var iptc = new IptcProfile();
            iptc.SetValue(IptcTag.Keywords, "Lake Tahoe", strict: false);
            iptc.SetValue(IptcTag.Caption, "Anna paddling a kayak", strict: false);
            image.Metadata.IptcProfile = iptc;
        });
        WriteJpeg("0004.jpg");
        await IndexAsync();

        foreach (var query in new[] { "50mm", "tahoe", "kayak", "lake tahoe anna" })
        {
            Assert.Equal(photo, Assert.Single(await search.SearchTextAsync(query, 10)).Path);
        }
    }

    [SkippableFact]
    public async Task An_any_word_query_ranks_by_its_rare_word_when_another_word_is_in_every_file_name()
    {
        Skip.If(SkipReason is not null, SkipReason);
        foreach (var n in new[] { "0001", "0002", "0003", "0004", "0005" })
        {
            WriteJpeg($"IMG_{n}.jpg");
        }

        await IndexAsync();

        var hits = await search.SearchAsync(KeywordQuery.FromText("IMG 0003", 10, KeywordMatch.Any));

        Assert.EndsWith("IMG_0003.jpg", hits[0].Path, StringComparison.Ordinal);
        Assert.Equal(SkipsCommonWords ? 1 : 5, hits.Count);
    }

    [SkippableFact]
    public async Task Phrases_exclusions_and_any_match_narrow_or_widen_the_query()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var together = WriteJpeg("red_kite.jpg");
        var apart = WriteJpeg("kite/red.jpg");
        var other = WriteJpeg("blue_sky.jpg");
        await IndexAsync();

        var phrase = await search.SearchAsync(new KeywordQuery { Phrases = [["red", "kite"]] });
        Assert.Equal(together, Assert.Single(phrase).Path);

        Assert.Empty(await search.SearchAsync(new KeywordQuery { Terms = ["kite"], Excluded = ["red"] }));
        var withoutKites = await search.SearchAsync(new KeywordQuery { Terms = ["jpg"], Excluded = ["kite"] });
        Assert.Equal(other, Assert.Single(withoutKites).Path);

        var any = await search.SearchAsync(new KeywordQuery { Terms = ["kite", "sky"], Match = KeywordMatch.Any });
        Assert.Equal(new[] { together, apart, other }.Order(StringComparer.Ordinal), any.Select(h => h.Path).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_query_can_match_in_the_tags_only_or_everywhere_but_the_tags_and_exclusions_still_look_everywhere()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var tagged = WriteJpeg("Trips/kite.jpg", annotate: image =>
        {
            var iptc = new IptcProfile();
            iptc.SetValue(IptcTag.Keywords, "red sail beach", strict: false);
            image.Metadata.IptcProfile = iptc;
        });
        var named = WriteJpeg("beach/shell.jpg");
        await IndexAsync();

        async Task<string[]> Paths(KeywordQuery query) => [.. (await search.SearchAsync(query)).Select(h => h.Path).Order(StringComparer.Ordinal)];

        Assert.Equal(new[] { tagged, named }.Order(StringComparer.Ordinal), await Paths(new KeywordQuery { Terms = ["beach"] }));
        Assert.Equal([tagged], await Paths(new KeywordQuery { Terms = ["beach"], Fields = KeywordFields.Tags }));
        Assert.Equal([named], await Paths(new KeywordQuery { Terms = ["beach"], Fields = KeywordFields.WithoutTags }));
        Assert.Equal([tagged], await Paths(new KeywordQuery { Phrases = [["red", "sail"]], Fields = KeywordFields.Tags }));
        Assert.Empty(await Paths(new KeywordQuery { Phrases = [["red", "sail"]], Fields = KeywordFields.WithoutTags }));
        Assert.Equal([tagged], await Paths(new KeywordQuery { Terms = ["kite", "shell"], Match = KeywordMatch.Any, Fields = KeywordFields.WithoutTags, Excluded = ["shell"] }));

        // The excluded word is in the file name, not in the tags the query ranks by: the photo still leaves.
        Assert.Empty(await Paths(new KeywordQuery { Terms = ["beach"], Fields = KeywordFields.Tags, Excluded = ["kite"] }));
    }

    [SkippableFact]
    public async Task Rebuilding_restores_a_dropped_keyword_index()
    {
        Skip.If(SkipReason is not null, SkipReason);
        WriteJpeg("Trips/harbour.jpg");
        WriteJpeg("Trips/market.jpg");
        await IndexAsync();
        await using (var db = await Factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"PhotoKeywords\"");
        }

        var written = await new KeywordIndexer(Factory).RebuildAsync();

        Assert.Equal(2, written);
        Assert.Equal(2, (await search.SearchTextAsync("trips", 10)).Count);
        Assert.Single(await search.SearchTextAsync("harbour", 10));
    }

    [SkippableFact]
    public async Task A_rescan_completes_photos_left_without_keywords()
    {
        Skip.If(SkipReason is not null, SkipReason);
        WriteJpeg("lighthouse.jpg");
        await IndexAsync();
        await using (var db = await Factory.CreateDbContextAsync())
        {
            await db.Keywords.ClearAsync(db);
        }

        Assert.Empty(await search.SearchTextAsync("lighthouse", 10));

        await IndexAsync();

        Assert.Single(await search.SearchTextAsync("lighthouse", 10));
    }

    [SkippableFact]
    public async Task A_query_without_words_or_an_unknown_library_is_refused()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Assert.ThrowsAsync<ArgumentException>(() => search.SearchTextAsync("  ", 10));
        await Assert.ThrowsAsync<ArgumentException>(() => search.SearchTextAsync("--- !!!", 10));
        await Assert.ThrowsAsync<ArgumentException>(() => search.SearchTextAsync("beach", 10, library: "nowhere"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => search.SearchTextAsync("beach", 0));
    }

    private async Task IndexAsync() => await indexer.IndexAsync(Library, model);

    private async Task<long> CountAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.Keywords.CountAsync(db);
    }

    /// <summary>Writes a small JPEG of a colour no other photo of the test has (so no file looks like a move of another).</summary>
    private string WriteJpeg(string relativePath, string? make = null, Action<Image>? annotate = null)
    {
        var path = folder.PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var colour = nextColour;
        nextColour += 23;
        using var image = new Image<Rgb24>(32, 32, new Rgb24(colour, (byte)(255 - colour), (byte)(colour / 2)));
        if (make is not null)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Make, make);
        }

        annotate?.Invoke(image);
        image.SaveAsJpeg(path);
        return path;
    }

    private static void WriteSidecar(string photoPath, string caption) => File.WriteAllText(Path.ChangeExtension(photoPath, ".txt"), caption);
}
