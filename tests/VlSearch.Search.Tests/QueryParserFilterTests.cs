using VlSearch.Search.Querying;

namespace VlSearch.Search.Tests;

/// <summary>Every filter key, its value forms, repeats and combinations.</summary>
public sealed class QueryParserFilterTests
{
    private const string EndOfTime = "9999-12-31 23:59:59.9999999";

    public static TheoryData<string, string> Filters() => new()
    {
        // Text filters: quoted values keep their spaces; a key given again adds an alternative.
        { "camera:canon", "camera: canon" },
        { "CAMERA:nikon", "camera: nikon" },
        { "camera:canon camera:\"EOS R5\" camera:CANON", "camera: canon | EOS R5" },
        { "lens:50mm lens:\u201CEF 24-70\u201D", "lens: 50mm | EF 24-70" },
        { "folder:/photos/2023 folder:\"Trip to Rome\"", "folder: /photos/2023 | Trip to Rome" },
        { "folder:C:\\photos", "folder: C:\\photos" },
        { "folder:Rome folder:rome", "folder: Rome | rome" },
        { "library:Family", "library: Family" },
        { "tag:beach tag:family tag:Beach", "tag: beach & family" },
        { "camera:\"  padded  \"", "camera: padded" },

        // type: lower case, aliases and a leading dot.
        { "type:JPG type:png type:.tif type:jpeg", "type: jpeg | png | tiff" },
        { "type:jpe type:webp type:gif type:bmp type:TIFF", "type: jpeg | webp | gif | bmp | tiff" },

        // after: from the first instant of its period; before: up to the last instant before its period.
        { "after:2023", "taken: 2023-01-01 00:00:00.0000000 .. any" },
        { "after:2023-07", "taken: 2023-07-01 00:00:00.0000000 .. any" },
        { "after:2023-07-14", "taken: 2023-07-14 00:00:00.0000000 .. any" },
        { "before:2023", "taken: any .. 2022-12-31 23:59:59.9999999" },
        { "before:2023-03", "taken: any .. 2023-02-28 23:59:59.9999999" },
        { "before:2024-03-01", "taken: any .. 2024-02-29 23:59:59.9999999" },
        { "before:0001-01-02", "taken: any .. 0001-01-01 23:59:59.9999999" },

        // on: the whole period; with after:/before: the periods intersect.
        { "on:2023", "taken: 2023-01-01 00:00:00.0000000 .. 2023-12-31 23:59:59.9999999" },
        { "on:2023-07", "taken: 2023-07-01 00:00:00.0000000 .. 2023-07-31 23:59:59.9999999" },
        { "on:2024-02", "taken: 2024-02-01 00:00:00.0000000 .. 2024-02-29 23:59:59.9999999" },
        { "on:2023-07-14", "taken: 2023-07-14 00:00:00.0000000 .. 2023-07-14 23:59:59.9999999" },
        { "after:2023-07 before:2023-08", "taken: 2023-07-01 00:00:00.0000000 .. 2023-07-31 23:59:59.9999999" },
        { "before:2023-08 after:2023-07", "taken: 2023-07-01 00:00:00.0000000 .. 2023-07-31 23:59:59.9999999" },
        { "on:2023 after:2023-06", "taken: 2023-06-01 00:00:00.0000000 .. 2023-12-31 23:59:59.9999999" },
        { "after:2023-07-14 before:2023-07-15", "taken: 2023-07-14 00:00:00.0000000 .. 2023-07-14 23:59:59.9999999" },
        { "on:9999", "taken: 9999-01-01 00:00:00.0000000 .. " + EndOfTime },
        { "on:9999-12", "taken: 9999-12-01 00:00:00.0000000 .. " + EndOfTime },
        { "on:9999-12-31", "taken: 9999-12-31 00:00:00.0000000 .. " + EndOfTime },
        { "on:0001", "taken: 0001-01-01 00:00:00.0000000 .. 0001-12-31 23:59:59.9999999" },

        // near: latitude, longitude and an optional radius (10 km by default).
        { "near:48.8584,2.2945", "near: 48.8584,2.2945 within 10 km" },
        { "near:48.8584,2.2945,5", "near: 48.8584,2.2945 within 5 km" },
        { "near:\"-33.86, 151.2, 0.5\"", "near: -33.86,151.2 within 0.5 km" },
        { "near:90,-180,20000", "near: 90,-180 within 20000 km" },
        { "near:-90,+180,.1", "near: -90,180 within 0.1 km" },

        // orientation: one of three, any case.
        { "orientation:portrait", "orientation: portrait" },
        { "orientation:Landscape", "orientation: landscape" },
        { "orientation:SQUARE", "orientation: square" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Each_filter_is_read_as_documented(string text, string expected)
    {
        var query = QueryParser.Parse(text);

        Assert.Equal(expected, query.Describe());
        Assert.False(query.Filters.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_query_of_only_filters_is_valid_and_has_nothing_to_rank_by(string text, string expected)
    {
        var query = QueryParser.Parse(text);

        Assert.False(query.HasRankingTerms, expected);
        Assert.Empty(query.VectorTerms);
        Assert.Empty(query.KeywordWords);
    }

    [Fact]
    public void Filters_and_terms_combine_in_one_query()
    {
        var query = QueryParser.Parse("beach camera:canon -people on:2023-07 tag:family near:1,2 orientation:portrait like:5");

        Assert.Equal(
            "vector: beach ×1, people ×-0.5, like:5 ×1 · keywords: beach · excluded: people · camera: canon · tag: family · " +
            "taken: 2023-07-01 00:00:00.0000000 .. 2023-07-31 23:59:59.9999999 · near: 1,2 within 10 km · orientation: portrait",
            query.Describe());
    }

    [Fact]
    public void Dates_are_camera_wall_clock_instants_marked_utc()
    {
        var filters = QueryParser.Parse("after:2023-07 before:2024").Filters;

        Assert.Equal(new DateTime(2023, 7, 1, 0, 0, 0, DateTimeKind.Utc), filters.TakenFrom);
        Assert.Equal(DateTimeKind.Utc, filters.TakenFrom!.Value.Kind);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1), filters.TakenTo);
        Assert.Equal(DateTimeKind.Utc, filters.TakenTo!.Value.Kind);
    }

    [Fact]
    public void Near_without_a_radius_takes_the_default_radius()
    {
        Assert.Equal(new GeoRadius(48.8584, 2.2945, QueryParser.DefaultNearKilometres), QueryParser.Parse("near:48.8584,2.2945").Filters.Near);
        Assert.Equal(10, QueryParser.DefaultNearKilometres);
    }

    [Fact]
    public void A_filter_left_out_stays_null()
    {
        var filters = QueryParser.Parse("camera:canon").Filters;

        Assert.Equal(["canon"], filters.Cameras!);
        Assert.Null(filters.Lenses);
        Assert.Null(filters.FileTypes);
        Assert.Null(filters.Folders);
        Assert.Null(filters.Libraries);
        Assert.Null(filters.Tags);
        Assert.Null(filters.TakenFrom);
        Assert.Null(filters.TakenTo);
        Assert.Null(filters.Near);
        Assert.Null(filters.Orientation);
    }

    [Fact]
    public void Every_listed_key_is_accepted_and_none_other()
    {
        Assert.Equal(
            ["camera", "lens", "type", "folder", "library", "tag", "after", "before", "on", "near", "orientation"],
            QueryParser.Keys);
        var examples = new Dictionary<string, string>
        {
            ["camera"] = "x", ["lens"] = "x", ["type"] = "png", ["folder"] = "x", ["library"] = "x", ["tag"] = "x",
            ["after"] = "2020", ["before"] = "2020", ["on"] = "2020", ["near"] = "1,2", ["orientation"] = "square",
        };

        foreach (var key in QueryParser.Keys)
        {
            Assert.False(QueryParser.Parse($"{key}:{examples[key]}").Filters.IsEmpty, key);
        }
    }
}
