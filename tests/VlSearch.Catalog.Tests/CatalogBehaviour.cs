using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace VlSearch.Catalog.Tests;

/// <summary>
/// What the catalog must do on every provider. Each test gets a fresh, empty database from the derived class and
/// drops it afterwards.
/// </summary>
public abstract partial class CatalogBehaviour : IAsyncLifetime
{
    private IDbContextFactory<CatalogDbContext>? factory;

    /// <summary>Why the provider cannot be tested here, or <see langword="null"/> when it can.</summary>
    protected abstract string? SkipReason { get; }

    /// <summary>The catalog's database for the current test; skips the test when the provider is unavailable.</summary>
    protected IDbContextFactory<CatalogDbContext> Factory
    {
        get
        {
            Skip.If(factory is null, SkipReason ?? "no database");
            return factory!;
        }
    }

    public async Task InitializeAsync()
    {
        if (SkipReason is null)
        {
            factory = await CreateEmptyDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await DropDatabaseAsync();
        }
    }

    /// <summary>Creates a database nobody else uses, with no tables.</summary>
    protected abstract Task<IDbContextFactory<CatalogDbContext>> CreateEmptyDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    /// <summary>The engine's query plan for <paramref name="query"/>, as text, on the context's open connection.</summary>
    protected abstract Task<string> ExplainAsync(CatalogDbContext db, DbCommand query);

    protected async Task<IDbContextFactory<CatalogDbContext>> MigratedAsync()
    {
        await CatalogDatabase.MigrateAsync(Factory);
        return Factory;
    }

    [SkippableFact]
    public async Task Migrations_create_every_table_in_an_empty_database_and_match_the_model()
    {
        await using (var before = await Factory.CreateDbContextAsync())
        {
            Assert.Empty(await before.Database.GetAppliedMigrationsAsync());
        }

        var applied = await CatalogDatabase.MigrateAsync(Factory);

        await using var db = await Factory.CreateDbContextAsync();
        Assert.NotEmpty(applied);
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Equal(applied, await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration covers");
        Assert.Equal(0, await db.Libraries.CountAsync());
        Assert.Equal(0, await db.Photos.CountAsync());
        Assert.Equal(0, await db.Embeddings.CountAsync());
        Assert.Equal(0, await db.FileErrors.CountAsync());
        Assert.Equal(0, await db.Jobs.CountAsync());
        Assert.Empty(await CatalogDatabase.MigrateAsync(Factory));
    }

    [SkippableFact]
    public async Task Every_entity_round_trips_with_its_lists_and_utc_times()
    {
        var factory = await MigratedAsync();
        var modified = new DateTime(2023, 12, 31, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234560);
        var takenWallClock = new DateTime(2023, 7, 14, 18, 30, 5, DateTimeKind.Unspecified);
        var embedded = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(10);
        var vector = Samples.Vector(512, seed: 7);
        long photoId;
        int libraryId;
        long errorId;
        long jobId;

        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = new Library
            {
                Name = "family",
                RootPath = "/srv/photos/family",
                IncludeGlobs = ["**/*.jpg", "**/*.png"],
                ExcludeGlobs = ["**/.thumbnails/**", "tmp/\"quoted\" ,comma"],
                IncludeHidden = true,
                ScanCron = "0 3 * * *",
            };
            var photo = new Photo
            {
                Library = library,
                Path = "/srv/photos/family/2023/été à Nice.jpg",
                Size = 4_567_890_123L,
                ModifiedAt = modified,
                ContentHash = Samples.Hash("photo"),
                Width = 6000,
                Height = 4000,
                Format = "jpeg",
                TakenAt = takenWallClock,
                CameraMake = "FUJIFILM",
                CameraModel = "X-T3",
                Latitude = 43.695_123_456_789,
                Longitude = -7.265_987_654_321,
                Orientation = 6,
                Tags = ["beach", "sunset", "日本語", "with \"quotes\""],
                Caption = "A beach at dusk.",
            };
            photo.Embeddings.Add(new PhotoEmbedding
            {
                ModelId = "clip-vit-b32",
                Dimension = vector.Length,
                Vector = EmbeddingCodec.Encode(vector),
                ContentHash = photo.ContentHash,
                EmbeddedAt = embedded,
            });
            var error = new FileError
            {
                Path = "/srv/photos/family/broken.jpg",
                Stage = FileErrorStages.Decode,
                Reason = "Truncated JPEG",
                Size = 1234,
                ModifiedAt = modified,
            };
            var job = new IndexJob
            {
                Kind = "embed",
                ModelId = "clip-vit-b32",
                State = IndexJobStates.Running,
                Total = 100,
                Done = 42,
                Failed = 1,
                StartedAt = modified,
                HeartbeatAt = embedded,
                Owner = "worker-1@host",
                Message = "embedding",
            };
            db.AddRange(photo, error, job);
            await db.SaveChangesAsync();
            error.LibraryId = library.Id;
            job.LibraryId = library.Id;
            await db.SaveChangesAsync();
            (photoId, libraryId, errorId, jobId) = (photo.Id, library.Id, error.Id, job.Id);
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = await db.Libraries.SingleAsync();
            Assert.Equal(libraryId, library.Id);
            Assert.Equal("family", library.Name);
            Assert.Equal("/srv/photos/family", library.RootPath);
            Assert.Equal(["**/*.jpg", "**/*.png"], library.IncludeGlobs);
            Assert.Equal(["**/.thumbnails/**", "tmp/\"quoted\" ,comma"], library.ExcludeGlobs);
            Assert.True(library.IncludeHidden);
            Assert.Equal("0 3 * * *", library.ScanCron);
            AssertUtc(library.CreatedAt);

            var photo = await db.Photos.Include(p => p.Embeddings).SingleAsync();
            Assert.Equal(photoId, photo.Id);
            Assert.Equal(libraryId, photo.LibraryId);
            Assert.Equal("/srv/photos/family/2023/été à Nice.jpg", photo.Path);
            Assert.Equal(4_567_890_123L, photo.Size);
            Assert.Equal(modified, photo.ModifiedAt);
            AssertUtc(photo.ModifiedAt);
            Assert.Equal(Samples.Hash("photo"), photo.ContentHash);
            Assert.Equal((6000, 4000), (photo.Width, photo.Height));
            Assert.Equal("jpeg", photo.Format);
            Assert.Equal(takenWallClock.Ticks, photo.TakenAt!.Value.Ticks);
            AssertUtc(photo.TakenAt.Value);
            Assert.Equal(("FUJIFILM", "X-T3"), (photo.CameraMake, photo.CameraModel));
            Assert.Equal(43.695_123_456_789, photo.Latitude);
            Assert.Equal(-7.265_987_654_321, photo.Longitude);
            Assert.Equal(6, photo.Orientation);
            Assert.Equal(["beach", "sunset", "日本語", "with \"quotes\""], photo.Tags);
            Assert.Equal("A beach at dusk.", photo.Caption);
            AssertUtc(photo.AddedAt);
            AssertUtc(photo.UpdatedAt);

            var embedding = Assert.Single(photo.Embeddings);
            Assert.Equal(photoId, embedding.PhotoId);
            Assert.Equal("clip-vit-b32", embedding.ModelId);
            Assert.Equal(512, embedding.Dimension);
            Assert.Equal(vector, EmbeddingCodec.Decode(embedding));
            Assert.Equal(photo.ContentHash, embedding.ContentHash);
            Assert.Equal(CatalogTime.Normalize(embedded), embedding.EmbeddedAt);
            AssertUtc(embedding.EmbeddedAt);
            Assert.Null(embedding.IndexedAt);

            var error = await db.FileErrors.SingleAsync();
            Assert.Equal(errorId, error.Id);
            Assert.Equal(libraryId, error.LibraryId);
            Assert.Equal(("/srv/photos/family/broken.jpg", "decode", "Truncated JPEG"), (error.Path, error.Stage, error.Reason));
            Assert.Equal(1234, error.Size);
            Assert.Equal(modified, error.ModifiedAt);
            AssertUtc(error.OccurredAt);

            var job = await db.Jobs.SingleAsync();
            Assert.Equal(jobId, job.Id);
            Assert.Equal(("embed", "clip-vit-b32", libraryId, "running"), (job.Kind, job.ModelId, job.LibraryId, job.State));
            Assert.Equal((100L, 42L, 1L), (job.Total, job.Done, job.Failed));
            Assert.Equal(modified, job.StartedAt);
            Assert.Equal(CatalogTime.Normalize(embedded), job.HeartbeatAt);
            Assert.Null(job.FinishedAt);
            Assert.Equal(("worker-1@host", "embedding"), (job.Owner, job.Message));
            AssertUtc(job.CreatedAt);
        }
    }

    [SkippableFact]
    public async Task Times_are_stored_as_utc_microseconds_whatever_their_kind()
    {
        var factory = await MigratedAsync();
        var utc = new DateTime(2022, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(9_876_543);
        var local = utc.ToLocalTime();
        var expected = new DateTime(utc.Ticks / 10 * 10, DateTimeKind.Utc);

        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("times");
            var fromUtc = Samples.Photo(library, "/a/utc.jpg");
            fromUtc.ModifiedAt = utc;
            var fromLocal = Samples.Photo(library, "/a/local.jpg");
            fromLocal.ModifiedAt = local;
            db.AddRange(fromUtc, fromLocal);
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            foreach (var photo in await db.Photos.ToListAsync())
            {
                Assert.Equal(DateTimeKind.Utc, photo.ModifiedAt.Kind);
                Assert.Equal(expected.Ticks, photo.ModifiedAt.Ticks);
                Assert.Equal(CatalogTime.Normalize(utc), photo.ModifiedAt);
            }

            // Filters go through the same conversion as the stored values.
            Assert.Equal(2, await db.Photos.CountAsync(p => p.ModifiedAt == utc));
            Assert.Equal(2, await db.Photos.CountAsync(p => p.ModifiedAt > utc.AddMilliseconds(-1)));
            Assert.Equal(0, await db.Photos.CountAsync(p => p.ModifiedAt > utc.AddMilliseconds(1)));
        }
    }

    [SkippableFact]
    public async Task The_start_probes_count_vector_spaces_and_waiting_index_work_with_plain_sql()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Empty(await CatalogProbe.VectorSpacesAsync(db));
            Assert.Equal((0L, 0L, 0L), await CatalogProbe.IndexWorkAsync(db, "m"));

            var library = Samples.Library("probe");
            var photos = Enumerable.Range(0, 3).Select(i => Samples.Photo(library, $"/probe/{i}.jpg", Samples.Hash($"p{i}"))).ToList();
            db.Add(library);
            db.AddRange(photos);
            await db.SaveChangesAsync();
            PhotoEmbedding Vector(Photo photo, string model, int dimension, bool indexed) => new()
            {
                PhotoId = photo.Id, ModelId = model, Dimension = dimension, Vector = EmbeddingCodec.Encode(Samples.Vector(dimension, (int)photo.Id)),
                ContentHash = photo.ContentHash, IndexedAt = indexed ? DateTime.UtcNow : null,
            };
            db.AddRange(Vector(photos[0], "m", 4, indexed: true), Vector(photos[1], "m", 4, indexed: false), Vector(photos[2], "m", 4, indexed: false),
                Vector(photos[0], "other", 8, indexed: true));
            db.Add(new IndexRemoval { ModelId = "other", PhotoId = photos[1].Id });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal([("m", 4), ("other", 8)], (await CatalogProbe.VectorSpacesAsync(db)).Order().ToList());
            Assert.Equal((1L, 3L, 2L), await CatalogProbe.IndexWorkAsync(db, "m"));
            Assert.Equal((1L, 1L, 0L), await CatalogProbe.IndexWorkAsync(db, "other"));
        }
    }

    [SkippableFact]
    public async Task Save_fills_creation_times_and_refreshes_the_photo_update_time()
    {
        var factory = await MigratedAsync();
        var clock = new FixedClock(new DateTime(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc));
        long photoId;

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Clock = clock;
            var library = Samples.Library("stamps");
            var photo = Samples.Photo(library, "/stamps/1.jpg");
            db.AddRange(library, photo, new IndexJob { Kind = "scan", State = IndexJobStates.Queued },
                new FileError { Path = "/stamps/2.jpg", Stage = FileErrorStages.Scan, Reason = "denied" });
            await db.SaveChangesAsync();
            photoId = photo.Id;

            clock.UtcNow = clock.UtcNow.AddHours(1);
            photo.Caption = "changed";
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var first = new DateTime(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc);
            var photo = await db.Photos.SingleAsync(p => p.Id == photoId);
            Assert.Equal(first, photo.AddedAt);
            Assert.Equal(first.AddHours(1), photo.UpdatedAt);
            Assert.Equal(first, (await db.Libraries.SingleAsync()).CreatedAt);
            Assert.Equal(first, (await db.Jobs.SingleAsync()).CreatedAt);
            Assert.Equal(first, (await db.FileErrors.SingleAsync()).OccurredAt);
        }
    }

    [SkippableFact]
    public async Task Lists_edited_in_place_are_saved()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("lists");
            db.Add(Samples.Photo(library, "/lists/1.jpg"));
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var photo = await db.Photos.Include(p => p.Library).SingleAsync();
            photo.Tags.Add("cat");
            photo.Tags.Add("sofa");
            photo.Library!.ExcludeGlobs.Add("**/raw/**");
            Assert.Equal(2, await db.SaveChangesAsync());
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var photo = await db.Photos.Include(p => p.Library).SingleAsync();
            Assert.Equal(["cat", "sofa"], photo.Tags);
            Assert.Equal(["**/raw/**"], photo.Library!.ExcludeGlobs);
            Assert.Empty(photo.Library.IncludeGlobs);
        }
    }

    [SkippableFact]
    public async Task A_second_photo_with_the_same_path_is_rejected_but_the_same_content_is_not()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("unique");
            db.AddRange(
                Samples.Photo(library, "/unique/a.jpg", Samples.Hash("same bytes")),
                Samples.Photo(library, "/unique/copy of a.jpg", Samples.Hash("same bytes")));
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = await db.Libraries.SingleAsync();
            db.Add(Samples.Photo(library, "/unique/a.jpg", Samples.Hash("other bytes")));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.Photos.CountAsync());
        }
    }

    [SkippableFact]
    public async Task Library_names_and_error_paths_are_unique()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Add(Samples.Library("dup"));
            db.Add(new FileError { Path = "/dup/x.jpg", Stage = FileErrorStages.Decode, Reason = "bad" });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Add(new Library { Name = "dup", RootPath = "/elsewhere" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Add(new FileError { Path = "/dup/x.jpg", Stage = FileErrorStages.Embed, Reason = "worse" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [SkippableFact]
    public async Task Deleting_a_photo_in_the_database_deletes_its_embeddings_only()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("cascade");
            var doomed = Samples.Photo(library, "/cascade/doomed.jpg");
            var kept = Samples.Photo(library, "/cascade/kept.jpg");
            foreach (var (photo, model) in new[] { (doomed, "m1"), (doomed, "m2"), (kept, "m1") })
            {
                photo.Embeddings.Add(EmbeddingCodec.CreateEmbedding(0, model, Samples.Vector(8, model.Length), photo.ContentHash));
            }

            db.AddRange(doomed, kept);
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            // A set-based delete runs in the database, so the foreign key does the cascading, not EF.
            Assert.Equal(1, await db.Photos.Where(p => p.Path == "/cascade/doomed.jpg").ExecuteDeleteAsync());
            var left = await db.Embeddings.Include(e => e.Photo).ToListAsync();
            var embedding = Assert.Single(left);
            Assert.Equal(("/cascade/kept.jpg", "m1"), (embedding.Photo!.Path, embedding.ModelId));
        }
    }

    [SkippableFact]
    public async Task Deleting_a_library_removes_its_photos_and_errors_and_keeps_its_jobs()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var gone = Samples.Library("gone");
            var stays = Samples.Library("stays");
            var photo = Samples.Photo(gone, "/gone/1.jpg");
            photo.Embeddings.Add(EmbeddingCodec.CreateEmbedding(0, "m", [1f, 2f], photo.ContentHash));
            db.AddRange(photo, Samples.Photo(stays, "/stays/1.jpg"));
            await db.SaveChangesAsync();
            db.AddRange(
                new FileError { LibraryId = gone.Id, Path = "/gone/2.jpg", Stage = FileErrorStages.Decode, Reason = "bad" },
                new IndexJob { LibraryId = gone.Id, Kind = "scan", State = IndexJobStates.Succeeded });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Libraries.Where(l => l.Name == "gone").ExecuteDeleteAsync();
            Assert.Equal(["/stays/1.jpg"], await db.Photos.Select(p => p.Path).ToListAsync());
            Assert.Equal(0, await db.Embeddings.CountAsync());
            Assert.Equal(0, await db.FileErrors.CountAsync());
            var job = await db.Jobs.SingleAsync();
            Assert.Null(job.LibraryId);
        }
    }

    [SkippableFact]
    public async Task Photos_are_found_by_content_hash_through_its_index()
    {
        var factory = await MigratedAsync();
        var wanted = Samples.Hash("moved file");
        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("hashes");
            for (var i = 0; i < 200; i++)
            {
                db.Add(Samples.Photo(library, $"/hashes/{i:D4}.jpg"));
            }

            db.Add(Samples.Photo(library, "/hashes/old place/moved.jpg", wanted));
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var query = db.Photos.WithContentHash(wanted);
            Assert.Equal(["/hashes/old place/moved.jpg"], await query.Select(p => p.Path).ToListAsync());

            await db.Database.OpenConnectionAsync();
            using var command = query.CreateDbCommand();
            var plan = await ExplainAsync(db, command);
            Assert.Contains("IX_Photos_ContentHash", plan, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Embeddings_waiting_for_the_index_are_listed_per_model()
    {
        var factory = await MigratedAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("pending");
            for (var i = 0; i < 6; i++)
            {
                var photo = Samples.Photo(library, $"/pending/{i}.jpg");
                var embedding = EmbeddingCodec.CreateEmbedding(0, i % 2 == 0 ? "a" : "b", Samples.Vector(4, i), photo.ContentHash);
                embedding.IndexedAt = i < 2 ? DateTime.UtcNow : null;
                photo.Embeddings.Add(embedding);
                db.Add(photo);
            }

            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var pendingA = await db.Embeddings.NotIndexed("a").Select(e => e.Photo!.Path).OrderBy(p => p).ToListAsync();
            Assert.Equal(["/pending/2.jpg", "/pending/4.jpg"], pendingA);
            Assert.Equal(2, await db.Embeddings.NotIndexed("b").CountAsync());
            Assert.Equal(0, await db.Embeddings.NotIndexed("c").CountAsync());
        }
    }

    private static void AssertUtc(DateTime value)
    {
        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.NotEqual(default, value);
    }
}
